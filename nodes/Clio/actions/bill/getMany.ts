import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { BILL_FIELDS } from '../../clio/fields';
import {
	commonFilterQuery,
	createdSinceFilter,
	filtersCollection,
	updatedSinceFilter,
} from '../common/collections';
import { returnAllAndLimit } from '../common/descriptions';
import { assertOneOf, isoDate, linkedRecord } from '../common/input';
import { listWithLimit } from '../common/list';
import { contactLocator, matterLocator } from '../common/locators';
import { billStateOptions } from './fields';

function dayFilter(displayName: string, name: string, description: string): INodeProperties {
	return { displayName, name, type: 'dateTime', default: '', description };
}

export const description: INodeProperties[] = [
	...returnAllAndLimit,
	filtersCollection([
		contactLocator({
			name: 'client',
			displayName: 'Client',
			required: false,
			description: 'Only bills of this client',
		}),
		createdSinceFilter('bills'),
		dayFilter('Due From', 'dueFrom', 'Only bills due on or after this day'),
		dayFilter('Due To', 'dueTo', 'Only bills due on or before this day'),
		{
			displayName: 'Invoice Number',
			name: 'number',
			type: 'string',
			default: '',
			placeholder: '1042',
			description: 'Only bills whose invoice number contains these digits',
		},
		dayFilter('Issued From', 'issuedFrom', 'Only bills issued on or after this day'),
		dayFilter('Issued To', 'issuedTo', 'Only bills issued on or before this day'),
		{
			displayName: 'Kind',
			name: 'kind',
			type: 'options',
			options: [
				{ name: 'Revenue', value: 'revenue', description: 'Bills for fees and expenses' },
				{ name: 'Trust', value: 'trust', description: 'Requests for trust funds' },
			],
			default: 'revenue',
		},
		matterLocator({
			name: 'matter',
			required: false,
			description: 'Only bills that include this matter',
		}),
		{
			displayName: 'Overdue Only',
			name: 'overdueOnly',
			type: 'boolean',
			default: true,
			description: 'Whether to return only bills past their due date and not fully paid',
		},
		{
			displayName: 'State',
			name: 'state',
			type: 'options',
			options: billStateOptions,
			default: 'awaiting_payment',
			description:
				'Only bills in this state. Without it, Clio lists bills in every state but Deleted.',
		},
		updatedSinceFilter('bills'),
	]),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const states = billStateOptions.map((option) => option.value);
	const number = typeof filters.number === 'string' ? filters.number.trim() : '';
	// The spec types the bill search as a whole number (api-facts §9.7).
	if (number && !/^[0-9]+$/.test(number)) {
		throw new NodeOperationError(this.getNode(), `Invoice Number: "${number}" is not a number`, {
			itemIndex,
			description: 'Clio searches bills by the digits of their invoice number, for example 1042.',
		});
	}
	const day = (name: string, label: string) => isoDate(this, filters[name], itemIndex, label);
	return await listWithLimit(this, itemIndex, '/bills.json', {
		// No search text here: a bill's search is its invoice number, set below.
		...commonFilterQuery(this, filters, itemIndex),
		fields: BILL_FIELDS,
		state: filters.state ? assertOneOf(this, filters.state, states, itemIndex, 'State') : undefined,
		client_id: linkedRecord(this, itemIndex, 'filters', filters, 'client', 'Client')?.id,
		matter_id: linkedRecord(this, itemIndex, 'filters', filters, 'matter', 'Matter')?.id,
		issued_after: day('issuedFrom', 'Issued From'),
		issued_before: day('issuedTo', 'Issued To'),
		due_after: day('dueFrom', 'Due From'),
		due_before: day('dueTo', 'Due To'),
		overdue_only: filters.overdueOnly === true ? true : undefined,
		type: filters.kind
			? assertOneOf(this, filters.kind, ['revenue', 'trust'], itemIndex, 'Kind')
			: undefined,
		query: number || undefined,
	});
}
