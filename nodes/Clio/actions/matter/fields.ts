import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { optionalRecordId } from '../common/params';
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
		typeOptions: { loadOptionsMethod: 'getMatterStages', loadOptionsDependsOn: ['additionalFields.practice_area', 'updateFields.practice_area'] },
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
		...userLocator({ name: 'responsible_attorney', displayName: 'Responsible Attorney', required: false }),
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

function dateOnly(value: unknown): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	return String(value).slice(0, 10);
}

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
	for (const key of ['open_date', 'close_date'] as const) {
		const date = dateOnly(values[key]);
		if (date) body[key] = date;
	}
	const practiceAreaId = values.practice_area ? Number(values.practice_area) : undefined;
	const stageId = values.matter_stage ? Number(values.matter_stage) : undefined;
	if (practiceAreaId) body.practice_area = { id: practiceAreaId };
	if (stageId) body.matter_stage = { id: stageId };
	if (values.responsible_attorney !== undefined) {
		const attorney = optionalRecordId(ctx, `${collection}.responsible_attorney`, itemIndex, 'Responsible Attorney');
		if (attorney) body.responsible_attorney = { id: attorney };
	}
	return { body, stageId, practiceAreaId };
}
