import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { TASK_FIELDS } from '../../clio/fields';
import { returnAllAndLimit } from '../common/descriptions';
import {
	commonFilterQuery,
	filtersCollection,
	searchFilter,
	updatedSinceFilter,
} from '../common/collections';
import { assertOneOf, dayRange } from '../common/input';
import { listWithLimit } from '../common/list';
import { matterLocator, userLocator } from '../common/locators';
import { optionalRecordId } from '../common/params';
import { priorityOptions, statusOptions } from './fields';

export const description: INodeProperties[] = [
	...returnAllAndLimit,
	filtersCollection([
		userLocator({
			name: 'assigneeId',
			displayName: 'Assignee',
			required: false,
			description: 'Only tasks of this Clio user',
		}),
		{
			displayName: 'Complete',
			name: 'complete',
			type: 'boolean',
			default: false,
			description:
				'Whether to return only completed tasks (on) or only tasks not yet completed (off)',
		},
		{
			displayName: 'Due From',
			name: 'dueFrom',
			type: 'dateTime',
			default: '',
			description: 'Only tasks due on or after this day',
		},
		{
			displayName: 'Due To',
			name: 'dueTo',
			type: 'dateTime',
			default: '',
			description: 'Only tasks due on or before this day',
		},
		matterLocator({ required: false, description: 'Only tasks of this matter' }),
		{
			displayName: 'Priority',
			name: 'priority',
			type: 'options',
			options: priorityOptions.map(({ name, value }) => ({ name, value: value.toLowerCase() })),
			default: 'high',
		},
		searchFilter('Text found in the task’s name or description'),
		{
			displayName: 'Status',
			name: 'status',
			type: 'multiOptions',
			options: statusOptions,
			default: [],
			description: 'Only tasks with one of these statuses',
		},
		updatedSinceFilter('tasks'),
	]),
];

function dueRange(ctx: IExecuteFunctions, filters: IDataObject, itemIndex: number) {
	const { from, to } = dayRange(
		ctx,
		filters,
		itemIndex,
		{ name: 'dueFrom', label: 'Due From' },
		{ name: 'dueTo', label: 'Due To' },
	);
	return { due_at_from: from, due_at_to: to };
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const statuses = ((filters.status as string[] | undefined) ?? []).map((status) =>
		assertOneOf(
			this,
			status,
			statusOptions.map((option) => option.value),
			itemIndex,
			'Status',
		),
	);
	const assigneeId = filters.assigneeId
		? optionalRecordId(this, 'filters.assigneeId', itemIndex, 'Assignee')
		: undefined;
	const priority =
		filters.priority === undefined || filters.priority === ''
			? undefined
			: assertOneOf(this, filters.priority, ['high', 'normal', 'low'], itemIndex, 'Priority');
	return await listWithLimit(this, itemIndex, '/tasks.json', {
		fields: TASK_FIELDS,
		matter_id: filters.matterId
			? optionalRecordId(this, 'filters.matterId', itemIndex, 'Matter')
			: undefined,
		assignee_id: assigneeId,
		assignee_type: assigneeId ? 'user' : undefined,
		'statuses[]': statuses.length ? statuses : undefined,
		priority,
		complete: typeof filters.complete === 'boolean' ? filters.complete : undefined,
		...dueRange(this, filters, itemIndex),
		...commonFilterQuery(this, filters, itemIndex),
	});
}
