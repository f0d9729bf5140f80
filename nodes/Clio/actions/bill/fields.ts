import type { INodeProperties } from 'n8n-workflow';

/** api-facts §9.7: a bill's states, as Clio writes them. */
export const billStateOptions = [
	{ name: 'Awaiting Approval', value: 'awaiting_approval' },
	{
		name: 'Awaiting Payment',
		value: 'awaiting_payment',
		description: 'Issued to the client and not yet paid',
	},
	{ name: 'Deleted', value: 'deleted' },
	{ name: 'Draft', value: 'draft' },
	{ name: 'Paid', value: 'paid' },
	{ name: 'Void', value: 'void' },
];

export const billIdField: INodeProperties = {
	displayName: 'Bill ID',
	name: 'billId',
	type: 'number',
	required: true,
	default: 0,
	description:
		'The number Clio gives the bill record (not the invoice number), for example from the output of Get Many',
};
