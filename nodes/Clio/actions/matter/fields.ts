import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { isoDate, linkedRecord } from '../common/input';
import { contactLocator, userLocator } from '../common/locators';

export const statusOptions = [
	{ name: 'Open', value: 'open' },
	{ name: 'Pending', value: 'pending' },
	{ name: 'Closed', value: 'closed' },
];

/** Fields shared by Create and Update, inside their "Additional Fields" / "Update Fields" collections. */
export const matterWritableFields: INodeProperties[] = [
	{
		displayName: 'Billable',
		name: 'billable',
		type: 'boolean',
		default: true,
		description: 'Whether time on this matter can be billed',
	},
	{
		displayName: 'Client Reference',
		name: 'client_reference',
		type: 'string',
		default: '',
		description: 'The client’s own reference for this matter',
	},
	{
		displayName: 'Close Date',
		name: 'close_date',
		type: 'dateTime',
		default: '',
	},
	{
		displayName: 'Location',
		name: 'location',
		type: 'string',
		default: '',
	},
	{
		displayName: 'Matter Stage Name or ID',
		name: 'matter_stage',
		type: 'options',
		typeOptions: {
			loadOptionsMethod: 'getMatterStages',
			loadOptionsDependsOn: ['additionalFields.practice_area', 'updateFields.practice_area'],
		},
		default: '',
		description:
			'Stage within the matter’s practice area; a stage of another practice area is refused. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Open Date',
		name: 'open_date',
		type: 'dateTime',
		default: '',
	},
	{
		displayName: 'Practice Area Name or ID',
		name: 'practice_area',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getPracticeAreas' },
		default: '',
		description:
			'Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
	},
	{
		...userLocator({
			name: 'responsible_attorney',
			displayName: 'Responsible Attorney',
			required: false,
		}),
	},
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		options: statusOptions,
		default: 'open',
	},
];

export const clientLocator = contactLocator({
	name: 'clientId',
	displayName: 'Client',
	description: 'The contact (person or company) the matter is for',
});

/** Turns the collection's values into Clio's matter body (api-facts §5.5); returns the stage/practice area chosen. */
export function matterBody(
	ctx: IExecuteFunctions,
	itemIndex: number,
	collection: string,
	values: IDataObject,
): { body: IDataObject; stageId?: number; practiceAreaId?: number } {
	const body: IDataObject = {};
	for (const key of ['billable', 'client_reference', 'location', 'status'] as const) {
		if (values[key] !== undefined && values[key] !== '') body[key] = values[key];
	}
	// Dates are checked, not cut to ten characters: "March 3, 2026" must not reach Clio as "March 3, 2".
	const openDate = isoDate(ctx, values.open_date, itemIndex, 'Open Date');
	const closeDate = isoDate(ctx, values.close_date, itemIndex, 'Close Date');
	if (openDate) body.open_date = openDate;
	if (closeDate) body.close_date = closeDate;
	// An ID typed or mapped by expression that is not a whole number is refused, never dropped.
	const practiceArea = linkedRecord(
		ctx,
		itemIndex,
		collection,
		values,
		'practice_area',
		'Practice Area',
	);
	const stage = linkedRecord(ctx, itemIndex, collection, values, 'matter_stage', 'Matter Stage');
	const attorney = linkedRecord(
		ctx,
		itemIndex,
		collection,
		values,
		'responsible_attorney',
		'Responsible Attorney',
	);
	if (practiceArea) body.practice_area = practiceArea;
	if (stage) body.matter_stage = stage;
	if (attorney) body.responsible_attorney = attorney;
	return { body, stageId: stage?.id, practiceAreaId: practiceArea?.id };
}
