import type { ClioResourceDefinition } from '../types';
import * as generate from './generate';
import * as getMany from './getMany';

export const documentTemplate: ClioResourceDefinition = {
	value: 'documentTemplate',
	name: 'Document Template',
	description: 'Templates Clio fills in with a matter’s details to generate documents',
	operations: [
		{
			value: 'generate',
			name: 'Generate',
			action: 'Generate a document from a template',
			description: 'Fill in a template for a matter and get the generated documents',
			operation: generate,
		},
		{
			value: 'getMany',
			name: 'Get Many',
			action: 'Get many document templates',
			description: 'List the firm’s document templates',
			operation: getMany,
		},
	],
};
