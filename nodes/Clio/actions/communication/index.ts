import type { ClioResourceDefinition } from '../types';
import * as create from './create';
import * as remove from './delete';
import * as get from './get';
import * as getMany from './getMany';
import * as update from './update';

export const communication: ClioResourceDefinition = {
	value: 'communication',
	name: 'Communication',
	description:
		'Emails and phone calls logged in Clio, usually on a matter, with who they were from and to',
	operations: [
		{
			value: 'create',
			name: 'Create',
			action: 'Log an email or phone call',
			description:
				'Record an email or a phone call, with subject, text, date, matter, and who it was from and to',
			operation: create,
		},
		{
			value: 'delete',
			name: 'Delete',
			action: 'Delete an email or phone call record',
			description: 'Remove a logged email or call; one already gone is reported, not an error',
			operation: remove,
		},
		{
			value: 'get',
			name: 'Get',
			action: 'Get an email or phone call record',
			description: 'Read one logged email or call',
			operation: get,
		},
		{
			value: 'getMany',
			name: 'Get Many',
			action: 'Get many emails and phone calls',
			description:
				'List logged emails and calls, filtered by matter, contact, user, date range or type',
			operation: getMany,
		},
		{
			value: 'update',
			name: 'Update',
			action: 'Update an email or phone call record',
			description: 'Change a logged email or call, or add people to it',
			operation: update,
		},
	],
};
