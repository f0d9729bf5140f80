import type { ClioResourceDefinition } from '../types';
import * as getCurrent from './getCurrent';
import * as getMany from './getMany';

export const user: ClioResourceDefinition = {
	value: 'user',
	name: 'User',
	description: 'People who sign in to your firm’s Clio account',
	operations: [
		{
			value: 'getCurrent',
			name: 'Get Current',
			action: 'Get the connected user',
			description: 'Get the Clio user whose account the credential is connected with',
			operation: getCurrent,
		},
		{
			value: 'getMany',
			name: 'Get Many',
			action: 'Get many users',
			description: 'List the firm’s Clio users',
			operation: getMany,
		},
	],
};
