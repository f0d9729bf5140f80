import type { ClioResourceDefinition } from '../types';
import * as get from './get';
import * as getMany from './getMany';

// api-facts §9.7: Clio's API has no bill create, and amounts are not edited from here.
export const bill: ClioResourceDefinition = {
	value: 'bill',
	name: 'Bill',
	description:
		'Invoices sent to clients, with their state (draft, awaiting payment, paid…), totals and balance. Read only.',
	operations: [
		{
			value: 'get',
			name: 'Get',
			action: 'Get a bill',
			description: 'Read one bill with its state, totals, balance and due date',
			operation: get,
		},
		{
			value: 'getMany',
			name: 'Get Many',
			action: 'Get many bills',
			description:
				'List bills, filtered by state, matter, client, issue or due date, or overdue only',
			operation: getMany,
		},
	],
	defaultOperation: 'getMany',
};
