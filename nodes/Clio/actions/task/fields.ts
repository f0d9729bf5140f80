import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { assertOneOf, copyText, isoDate, linkedRecord, optionRecord } from '../common/input';
import { matterLocator, userLocator } from '../common/locators';

/** Task statuses, the same in requests, responses and the list filter (api-facts §9.2). */
export const statusOptions = [
	{ name: 'Pending', value: 'pending' },
	{ name: 'In Progress', value: 'in_progress' },
	{ name: 'In Review', value: 'in_review' },
	{ name: 'Complete', value: 'complete' },
];

/** Priorities as Clio writes them on a task; the list filter wants them in lower case. */
export const priorityOptions = [
	{ name: 'High', value: 'High' },
	{ name: 'Normal', value: 'Normal' },
	{ name: 'Low', value: 'Low' },
];

const STATUSES = statusOptions.map((option) => option.value);
const PRIORITIES = priorityOptions.map((option) => option.value);

/** The task an Update or Delete works on, by the number Clio gives it. */
export const taskIdField: INodeProperties = {
	displayName: 'Task ID',
	name: 'taskId',
	type: 'number',
	required: true,
	default: 0,
	description: 'The number Clio gives the task, for example from the output of Get Many',
};

const assigneeField = userLocator({
	name: 'assignee',
	displayName: 'Assignee',
	required: false,
	description: 'The Clio user who should do the task',
});

/** Fields shared by Create and Update, inside their "Additional Fields" / "Update Fields" collections. */
const sharedFields: INodeProperties[] = [
	{
		displayName: 'Due Date',
		name: 'due_at',
		type: 'dateTime',
		default: '',
		description: 'The day the task is due; only the date is kept',
	},
	matterLocator({ name: 'matter', required: false, description: 'The matter the task belongs to' }),
	{
		displayName: 'Priority',
		name: 'priority',
		type: 'options',
		options: priorityOptions,
		default: 'Normal',
	},
	{
		displayName: 'Private',
		name: 'private',
		type: 'boolean',
		default: false,
		description: 'Whether only the assignee (and whoever created it) can see the task',
	},
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		options: statusOptions,
		default: 'pending',
		description:
			'Where the task stands. Firms without advanced tasks only use Pending and Complete.',
	},
	{
		displayName: 'Task Type Name or ID',
		name: 'task_type',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getTaskTypes' },
		default: '',
		description:
			'The firm’s own category for the task. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
];

export const createFields: INodeProperties[] = sharedFields;

export const updateFields: INodeProperties[] = [
	assigneeField,
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
	},
	...sharedFields.slice(0, 1),
	{
		displayName: 'Mark Complete',
		name: 'markComplete',
		type: 'boolean',
		default: true,
		description: 'Whether to set the task’s status to Complete',
	},
	...sharedFields.slice(1, -1),
	{
		displayName: 'Task Name',
		name: 'name',
		type: 'string',
		default: '',
	},
	...sharedFields.slice(-1),
];

/** Turns a collection's values into Clio's task body (api-facts §9.2). */
export function taskBody(
	ctx: IExecuteFunctions,
	itemIndex: number,
	collection: string,
	values: IDataObject,
): IDataObject {
	const body: IDataObject = {};
	copyText(body, values, { name: 'name', description: 'description' });
	const due = isoDate(ctx, values.due_at, itemIndex, 'Due Date');
	if (due) body.due_at = due;
	if (values.priority !== undefined)
		body.priority = assertOneOf(ctx, values.priority, PRIORITIES, itemIndex, 'Priority');
	if (values.status !== undefined)
		body.status = assertOneOf(ctx, values.status, STATUSES, itemIndex, 'Status');
	if (values.markComplete === true) {
		if (body.status !== undefined && body.status !== 'complete') {
			throw new NodeOperationError(
				ctx.getNode(),
				`Mark Complete: conflicts with Status "${String(body.status)}"`,
				{
					itemIndex,
					description: 'Either turn on Mark Complete or choose a Status, not both.',
				},
			);
		}
		body.status = 'complete';
	}
	if (values.private !== undefined)
		body.permission = values.private === true ? 'private' : 'public';
	const taskType = optionRecord(ctx, values.task_type, itemIndex, 'Task Type');
	if (taskType) body.task_type = taskType;
	const matter = linkedRecord(ctx, itemIndex, collection, values, 'matter', 'Matter');
	if (matter) body.matter = matter;
	const assignee = linkedRecord(ctx, itemIndex, collection, values, 'assignee', 'Assignee');
	if (assignee) body.assignee = { ...assignee, type: 'User' };
	return body;
}
