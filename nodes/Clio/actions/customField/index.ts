import type { ClioResourceDefinition } from '../types';
import * as getDefinitions from './getDefinitions';
import * as getValues from './getValues';
import * as setValues from './setValues';

export const customField: ClioResourceDefinition = {
	value: 'customField',
	name: 'Custom Field',
	description: 'The firm’s own fields on matters and contacts',
	operations: [
		{
			value: 'getDefinitions',
			name: 'Get Definitions',
			action: 'Get custom field definitions',
			description: 'List the custom fields defined for matters or contacts, with picklist options',
			operation: getDefinitions,
		},
		{
			value: 'getValues',
			name: 'Get Values',
			action: 'Get custom field values',
			description: 'Read a record’s custom fields, by field name and typed',
			operation: getValues,
		},
		{
			value: 'setValues',
			name: 'Set Values',
			action: 'Set custom field values',
			description:
				'Write custom fields of a record by name, checked by type first, all in one request',
			operation: setValues,
		},
	],
};
