import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { MATTER_FIELDS, withCustomFieldValues } from '../../clio/fields';
import { returnAllAndLimit } from '../common/descriptions';
import { listWithLimit } from '../common/list';
import { isoTimestamp, optionalRecordId } from '../common/params';
import { contactLocator } from '../common/locators';
import { statusOptions } from './fields';
import { shapeMatter } from './get';

export const description: INodeProperties[] = [
	...returnAllAndLimit,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			contactLocator({ name: 'clientId', displayName: 'Client', required: false, description: 'Only matters of this client' }),
			{
				displayName: 'Created Since',
				name: 'createdSince',
				type: 'dateTime',
				default: '',
				description: 'Only matters created after this moment',
			},
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
				typeOptions: { loadOptionsMethod: 'getMatterStages' },
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
			{
				displayName: 'Search',
				name: 'query',
				type: 'string',
				default: '',
				description: 'Text found in the matter number, description or client name',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'multiOptions',
				options: statusOptions,
				default: [],
				description: 'Only matters with one of these statuses',
			},
			{
				displayName: 'Updated Since',
				name: 'updatedSince',
				type: 'dateTime',
				default: '',
				description: 'Only matters changed after this moment',
			},
		],
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const stages = ((filters.stages as Array<string | number>) ?? []).map(Number);
	const statuses = (filters.status as string[]) ?? [];
	const query = {
		fields: filters.includeCustomFields ? withCustomFieldValues(MATTER_FIELDS) : MATTER_FIELDS,
		status: statuses.length ? statuses.join(',') : undefined,
		client_id: filters.clientId ? optionalRecordId(this, 'filters.clientId', itemIndex, 'Client') : undefined,
		practice_area_id: filters.practiceAreaId ? Number(filters.practiceAreaId) : undefined,
		query: filters.query as string | undefined,
		created_since: isoTimestamp(this, filters.createdSince, itemIndex, 'Created Since'),
		updated_since: isoTimestamp(this, filters.updatedSince, itemIndex, 'Updated Since'),
	};
	const inStage = stages.length
		? (matter: IDataObject) => stages.includes(Number((matter.matter_stage as IDataObject | null)?.id))
		: undefined;
	const matters = await listWithLimit(this, itemIndex, '/matters.json', query, inStage);
	return matters.map(shapeMatter);
}
