import type { ClioResourceDefinition } from '../types';
import * as create from './create';
import * as remove from './delete';
import * as getMany from './getMany';

export const note: ClioResourceDefinition = {
	value: 'note',
	name: 'Note',
	description: 'Notes written on a matter or a contact',
	operations: [
		{
			value: 'create',
			name: 'Create',
			action: 'Create a note',
			description: 'Add a note to a matter or a contact',
			operation: create,
		},
		{
			value: 'delete',
			name: 'Delete',
			action: 'Delete a note',
			description:
				'Remove a note from its matter or contact; a note already gone is reported, not an error',
			operation: remove,
		},
		{
			value: 'getMany',
			name: 'Get Many',
			action: 'Get many notes',
			description: 'List the notes of a matter or a contact',
			operation: getMany,
		},
	],
};
