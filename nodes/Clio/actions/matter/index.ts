import type { ClioResourceDefinition } from '../types';
import * as create from './create';
import * as find from './find';
import * as get from './get';
import * as getMany from './getMany';
import * as update from './update';

export const matter: ClioResourceDefinition = {
	value: 'matter',
	name: 'Matter',
	description:
		'A case or file of the firm, with its client, practice area, stage and custom fields',
	operations: [
		{
			value: 'create',
			name: 'Create',
			action: 'Create a matter',
			description: 'Open a new matter for a client',
			operation: create,
		},
		{
			value: 'find',
			name: 'Find',
			action: 'Find a matter by number or client reference',
			description:
				'Look up the one matter with exactly this matter number or client reference; fails clearly when several match',
			operation: find,
		},
		{
			value: 'get',
			name: 'Get',
			action: 'Get a matter',
			description: 'Read one matter, with its custom fields',
			operation: get,
		},
		{
			value: 'getMany',
			name: 'Get Many',
			action: 'Get many matters',
			description: 'List matters, filtered by status, client, practice area, stage or date',
			operation: getMany,
		},
		{
			value: 'update',
			name: 'Update',
			action: 'Update a matter',
			description: 'Change a matter’s description, status, practice area, stage and more',
			operation: update,
		},
	],
};
