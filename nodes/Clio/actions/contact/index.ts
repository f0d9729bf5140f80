import type { ClioResourceDefinition } from '../types';
import * as create from './create';
import * as remove from './delete';
import * as findOrCreate from './findOrCreate';
import * as get from './get';
import * as getMany from './getMany';
import * as update from './update';

export const contact: ClioResourceDefinition = {
	value: 'contact',
	name: 'Contact',
	description: 'People and companies: clients, opposing parties, experts and other contacts',
	operations: [
		{
			value: 'create',
			name: 'Create',
			action: 'Create a contact',
			description: 'Add a person or a company, with email addresses, phone numbers and addresses',
			operation: create,
		},
		{
			value: 'delete',
			name: 'Delete',
			action: 'Delete a contact',
			description:
				'Remove a contact from Clio for good; a contact already gone is reported, not an error',
			operation: remove,
		},
		{
			value: 'findOrCreate',
			name: 'Find or Create',
			action: 'Find or create a contact',
			description:
				'Look a contact up by email (or by name when no email is given) and create it only when none exists; the output says which happened',
			operation: findOrCreate,
		},
		{
			value: 'get',
			name: 'Get',
			action: 'Get a contact',
			description: 'Read one contact',
			operation: get,
		},
		{
			value: 'getMany',
			name: 'Get Many',
			action: 'Get many contacts',
			description: 'List contacts, filtered by name, type, client status or date',
			operation: getMany,
		},
		{
			value: 'update',
			name: 'Update',
			action: 'Update a contact',
			description: 'Change a contact’s details or add email addresses, phone numbers and addresses',
			operation: update,
		},
	],
};
