import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { fieldsCollection } from '../common/collections';
import { optionalRecordId } from '../common/params';
import {
	activityBody,
	activityMatterField,
	createActivity,
	dateField,
	entryDate,
	expenseCategoryOption,
	noteField,
	positiveNumber,
	userOption,
} from './fields';

export const description: INodeProperties[] = [
	activityMatterField,
	expenseCategoryOption,
	{
		displayName: 'Price',
		name: 'price',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 2 },
		default: 0,
		description:
			'The amount per unit (the whole expense when Quantity is 1). 0: the expense category’s rate.',
	},
	{
		displayName: 'Quantity',
		name: 'quantity',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 1,
		description: 'How many units, e.g. pages copied or miles driven; the total is Price × Quantity',
	},
	noteField,
	dateField,
	fieldsCollection('additionalFields', [userOption]),
];

// api-facts §9.4: an expense's `quantity` counts units and `price` is the amount per unit.
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const category = this.getNodeParameter('expense_category', itemIndex, '') as string | number;
	const price = this.getNodeParameter('price', itemIndex, 0) as number;
	if (!(price > 0) && (category === '' || category === undefined)) {
		throw new NodeOperationError(
			this.getNode(),
			`Price: ${String(price)} with no expense category`,
			{
				itemIndex,
				description:
					'Give the amount of the expense in "Price", or choose an expense category that has a rate. Nothing was sent to Clio.',
			},
		);
	}
	const quantity = positiveNumber(
		this,
		this.getNodeParameter('quantity', itemIndex, 1),
		itemIndex,
		'Quantity',
		'the number of units (1 for a single expense)',
	);
	const matterId = optionalRecordId(this, 'matterId', itemIndex, 'Matter');
	const values = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const body = activityBody(this, itemIndex, 'additionalFields', {
		...values,
		expense_category: category,
		note: this.getNodeParameter('note', itemIndex, '') as string,
		price: price > 0 ? price : undefined,
	});
	return await createActivity(this, itemIndex, {
		type: 'ExpenseEntry',
		date: entryDate(this, this.getNodeParameter('date', itemIndex, ''), itemIndex),
		quantity,
		...(matterId ? { matter: { id: matterId } } : {}),
		...body,
	});
}
