import type { ClioResourceDefinition } from '../types';
import * as create from './create';
import * as remove from './delete';
import * as getMany from './getMany';
import * as update from './update';

export const task: ClioResourceDefinition = {
	value: 'task',
	name: 'Task',
	description:
		'To-dos for the firm’s users, with due dates, priorities and statuses, often linked to a matter',
	operations: [
		{
			value: 'create',
			name: 'Create',
			action: 'Create a task',
			description: 'Give a user a task, optionally on a matter and with a due date',
			operation: create,
		},
		{
			value: 'delete',
			name: 'Delete',
			action: 'Delete a task',
			description: 'Remove a task; a task already gone is reported, not an error',
			operation: remove,
		},
		{
			value: 'getMany',
			name: 'Get Many',
			action: 'Get many tasks',
			description: 'List tasks, filtered by matter, assignee, status or due date',
			operation: getMany,
		},
		{
			value: 'update',
			name: 'Update',
			action: 'Update a task',
			description: 'Change a task or mark it complete',
			operation: update,
		},
	],
};
