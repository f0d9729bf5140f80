import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { MATTER_FIELDS, withCustomFieldValues } from '../../clio/fields';
import {
	commonFilterQuery,
	createdSinceFilter,
	filtersCollection,
	searchFilter,
	updatedSinceFilter,
} from '../common/collections';
import { returnAllAndLimit } from '../common/descriptions';
import { assertOneOf } from '../common/input';
import { listWithLimit } from '../common/list';
import { contactLocator } from '../common/locators';
import { optionalRecordId } from '../common/params';
import type { ExecutionState } from '../types';
import { statusOptions } from './fields';
import { shapeMatters } from './get';

export const description: INodeProperties[] = [
	...returnAllAndLimit,
	filtersCollection([
		contactLocator({
			name: 'clientId',
			displayName: 'Client',
			required: false,
			description: 'Only matters of this client',
		}),
		createdSinceFilter('matters'),
		{
			displayName: 'Include Custom Fields',
			name: 'includeCustomFields',
			type: 'boolean',
			default: false,
			description: 'Whether to add each matter’s custom fields (larger responses)',
		},
		{
			displayName: 'Matter Stage Names or IDs',
			name: 'stages',
			type: 'multiOptions',
			typeOptions: {
				loadOptionsMethod: 'getMatterStages',
				loadOptionsDependsOn: ['filters.practiceAreaId'],
			},
			default: [],
			description:
				'Only matters in one of these stages. Clio cannot filter by stage, so matters are read page by page and filtered here. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		{
			displayName: 'Practice Area Name or ID',
			name: 'practiceAreaId',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getPracticeAreas' },
			default: '',
			description:
				'Only matters of this practice area. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		searchFilter('Text found in the matter number, description or client name'),
		{
			displayName: 'Status',
			name: 'status',
			type: 'multiOptions',
			options: statusOptions,
			default: [],
			description: 'Only matters with one of these statuses',
		},
		updatedSinceFilter('matters'),
	]),
];

const STATUSES = statusOptions.map((option) => option.value);

/** A multi-option value, also when an expression gave a single value or a comma list. */
function listValue(value: unknown): unknown[] {
	if (Array.isArray(value)) return value;
	if (value === undefined || value === null || value === '') return [];
	return String(value).split(',');
}

/** The chosen stage IDs; anything but whole numbers is refused rather than matching nothing. */
function stageIds(ctx: IExecuteFunctions, value: unknown, itemIndex: number): number[] {
	return listValue(value).map((entry) => {
		const text = String(entry).trim();
		if (/^[1-9][0-9]*$/.test(text)) return Number(text);
		throw new NodeOperationError(
			ctx.getNode(),
			`Matter Stage Names or IDs: "${text}" is not a stage ID`,
			{
				itemIndex,
				description: 'Choose stages from the list, or give their numeric IDs, for example 12.',
			},
		);
	});
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const stages = stageIds(this, filters.stages, itemIndex);
	const statuses = listValue(filters.status).map((status) =>
		assertOneOf(this, String(status).trim().toLowerCase(), STATUSES, itemIndex, 'Status'),
	);
	const query = {
		fields: filters.includeCustomFields ? withCustomFieldValues(MATTER_FIELDS) : MATTER_FIELDS,
		// api-facts §5.3: the filter takes lowercase statuses, several as a comma list.
		status: statuses.length ? statuses.join(',') : undefined,
		client_id: filters.clientId
			? optionalRecordId(this, 'filters.clientId', itemIndex, 'Client')
			: undefined,
		practice_area_id: filters.practiceAreaId
			? optionalRecordId(this, 'filters.practiceAreaId', itemIndex, 'Practice Area')
			: undefined,
		...commonFilterQuery(this, filters, itemIndex),
	};
	// api-facts §5.4: Clio has no stage filter, so stages are matched here, page by page.
	const inStage = stages.length
		? (matter: IDataObject) =>
				stages.includes(Number((matter.matter_stage as IDataObject | null)?.id))
		: undefined;
	const matters = await listWithLimit(this, itemIndex, '/matters.json', query, inStage);
	return await shapeMatters(this, state, matters);
}
