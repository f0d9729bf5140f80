import type { ClioResourceDefinition } from '../types';
import * as create from './create';
import * as deleteEntry from './delete';
import * as get from './get';
import * as getMany from './getMany';
import * as update from './update';

export const calendarEntry: ClioResourceDefinition = {
	value: 'calendarEntry',
	name: 'Calendar Entry',
	description: 'Hearings, deadlines, meetings and other appointments on the firm’s Clio calendars',
	operations: [
		{
			value: 'create',
			name: 'Create',
			action: 'Book a calendar entry',
			description:
				'Put a hearing, meeting or deadline on a calendar, optionally on a matter and with attendees',
			operation: create,
		},
		{
			value: 'delete',
			name: 'Delete',
			action: 'Delete a calendar entry',
			description: 'Remove an entry from its calendar; one already gone reports deleted: false',
			operation: deleteEntry,
		},
		{
			value: 'get',
			name: 'Get',
			action: 'Get a calendar entry',
			description: 'Read one calendar entry with its times, calendar, matter and attendees',
			operation: get,
		},
		{
			value: 'getMany',
			name: 'Get Many',
			action: 'Get many calendar entries',
			description:
				'List calendar entries in a date range, filtered by calendar, matter or text (e.g. hearings next week)',
			operation: getMany,
		},
		{
			value: 'update',
			name: 'Update',
			action: 'Update a calendar entry',
			description:
				'Reschedule an entry, move it to another calendar, change its details or invite more people',
			operation: update,
		},
	],
};
