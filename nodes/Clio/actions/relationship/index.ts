import type { ClioResourceDefinition } from '../types';
import * as create from './create';
import * as remove from './delete';
import * as getMany from './getMany';

// api-facts §9.9: a contact's role on a matter ("Opposing counsel", "Expert witness"…).
export const relationship: ClioResourceDefinition = {
	value: 'relationship',
	name: 'Relationship',
	description:
		'A contact’s role on a matter other than client, such as opposing counsel, expert witness or spouse',
	operations: [
		{
			value: 'create',
			name: 'Create',
			action: 'Add a contact to a matter with a role',
			description: 'Link a contact to a matter with their role, for example Opposing counsel',
			operation: create,
		},
		{
			value: 'delete',
			name: 'Delete',
			action: 'Remove a contact’s role from a matter',
			description:
				'Unlink a contact from a matter; the contact and the matter stay. One already gone is reported, not an error.',
			operation: remove,
		},
		{
			value: 'getMany',
			name: 'Get Many',
			action: 'Get the related contacts of a matter or the matters of a contact',
			description:
				'List the contacts with a role on a matter, or the matters a contact has a role on',
			operation: getMany,
		},
	],
};
