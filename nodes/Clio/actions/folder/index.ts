import type { ClioResourceDefinition } from '../types';
import * as create from './create';
import * as remove from './delete';
import * as getMany from './getMany';

export const folder: ClioResourceDefinition = {
	value: 'folder',
	name: 'Folder',
	description: 'Folders that organise a matter’s documents',
	operations: [
		{
			value: 'create',
			name: 'Create',
			action: 'Create a folder',
			description: 'Add a folder to a matter or inside another folder',
			operation: create,
		},
		{
			value: 'delete',
			name: 'Delete',
			action: 'Delete a folder',
			description:
				'Move a folder and everything in it to Clio’s trash; a folder already gone is reported, not an error',
			operation: remove,
		},
		{
			value: 'getMany',
			name: 'Get Many',
			action: 'Get many folders',
			description: 'List the folders of a matter or inside a folder',
			operation: getMany,
		},
	],
};
