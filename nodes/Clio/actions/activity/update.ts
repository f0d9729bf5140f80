import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { ACTIVITY_FIELDS } from '../../clio/fields';
import { fieldsCollection, sortedByDisplayName } from '../common/collections';
import { assertSomethingToUpdate } from '../common/input';
import { matterLocator } from '../common/locators';
import { recordId } from '../common/params';
import { recordRequest } from '../common/records';
import {
	activityBody,
	activityDescriptionOption,
	activityField,
	dateField,
	durationField,
	durationInSeconds,
	expenseCategoryOption,
	nonBillableOption,
	noteField,
	positiveNumber,
	rateOption,
	userOption,
} from './fields';

export const description: INodeProperties[] = [
	activityField,
	fieldsCollection(
		'updateFields',
		sortedByDisplayName([
			activityDescriptionOption,
			{ ...dateField, description: 'The day of the work or expense; only the date is kept' },
			{ ...durationField, displayName: 'Duration (Time Entries)' },
			expenseCategoryOption,
			matterLocator({
				name: 'matter',
				required: false,
				description: 'Move the entry to this matter',
			}),
			nonBillableOption,
			noteField,
			{
				displayName: 'Quantity (Expenses)',
				name: 'quantity',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 1,
				description: 'How many units the expense is for',
			},
			{
				...rateOption,
				displayName: 'Rate or Price',
				description: 'A time entry’s hourly rate (or flat amount), or an expense’s price per unit',
			},
			userOption,
		]),
	),
];

/** The kind of entry, read only when a duration or quantity is changed (one more request). */
async function activityType(
	ctx: IExecuteFunctions,
	itemIndex: number,
	activityId: number,
): Promise<string> {
	const activity = await recordRequest(ctx, itemIndex, {
		method: 'GET',
		path: `/activities/${activityId}.json`,
		fields: 'id,type',
	});
	return String(activity.type);
}

// api-facts §9.4: `quantity` means seconds on a time entry and units on an expense, so a changed
// quantity is only sent once the entry's type is known.
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const activityId = recordId(this, 'activityId', itemIndex, 'Time Entry or Expense');
	const values = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const body = activityBody(this, itemIndex, 'updateFields', values);
	const seconds =
		values.duration === undefined
			? undefined
			: durationInSeconds(this, values.duration, itemIndex, 'Duration (Time Entries)');
	const units =
		values.quantity === undefined
			? undefined
			: positiveNumber(
					this,
					values.quantity,
					itemIndex,
					'Quantity (Expenses)',
					'the number of units',
				);
	if (seconds !== undefined || units !== undefined) {
		if (seconds !== undefined && units !== undefined) {
			throw new NodeOperationError(
				this.getNode(),
				'Duration (Time Entries) and Quantity (Expenses) are both set',
				{
					itemIndex,
					description:
						'An entry is either a time entry (change its Duration) or an expense (change its Quantity).',
				},
			);
		}
		const type = await activityType(this, itemIndex, activityId);
		const isTime = type === 'TimeEntry';
		if (isTime !== (seconds !== undefined)) {
			throw new NodeOperationError(
				this.getNode(),
				isTime
					? `Quantity (Expenses): entry ${activityId} is a time entry`
					: `Duration (Time Entries): entry ${activityId} is an expense (${type})`,
				{
					itemIndex,
					description: isTime
						? 'Change a time entry’s length with "Duration (Time Entries)", in hours. Nothing was changed.'
						: 'Change an expense’s number of units with "Quantity (Expenses)". Nothing was changed.',
				},
			);
		}
		body.quantity = seconds ?? units;
	}
	assertSomethingToUpdate(this, body, itemIndex);
	return await recordRequest(this, itemIndex, {
		method: 'PATCH',
		path: `/activities/${activityId}.json`,
		fields: ACTIVITY_FIELDS,
		body,
	});
}
