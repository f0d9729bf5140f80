import type { ClioResourceDefinition } from '../types';
import * as createExpenseEntry from './createExpenseEntry';
import * as createTimeEntry from './createTimeEntry';
import * as deleteActivity from './delete';
import * as get from './get';
import * as getMany from './getMany';
import * as update from './update';

export const activity: ClioResourceDefinition = {
	value: 'activity',
	name: 'Activity (Time or Expense)',
	description:
		'Time entries (work done, in hours) and expenses (costs paid for a client) recorded on matters for billing',
	operations: [
		{
			value: 'createExpenseEntry',
			name: 'Create Expense Entry',
			action: 'Record an expense on a matter',
			description: 'Record a cost paid for a client (filing fee, copies, mileage) on a matter',
			operation: createExpenseEntry,
		},
		{
			value: 'createTimeEntry',
			name: 'Create Time Entry',
			action: 'Log time on a matter',
			description:
				'Record time worked, typed in hours (1.5, 1:30, 90m), on a matter, with a note and billing code',
			operation: createTimeEntry,
		},
		{
			value: 'delete',
			name: 'Delete',
			action: 'Delete a time entry or expense',
			description: 'Delete a time entry or expense; one already gone reports deleted: false',
			operation: deleteActivity,
		},
		{
			value: 'get',
			name: 'Get',
			action: 'Get a time entry or expense',
			description: 'Read one time entry or expense, with its hours, rate and billing state',
			operation: get,
		},
		{
			value: 'getMany',
			name: 'Get Many',
			action: 'Get many time entries and expenses',
			description:
				'List time entries and expenses, filtered by matter, user, dates, type or billing status (e.g. unbilled)',
			operation: getMany,
		},
		{
			value: 'update',
			name: 'Update',
			action: 'Update a time entry or expense',
			description: 'Change the hours, date, note, rate, billing code or matter of an entry',
			operation: update,
		},
	],
	defaultOperation: 'createTimeEntry',
};
