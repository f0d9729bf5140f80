import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { dayIn } from '../../clio/date-time';
import { DURATION_FORMS, durationSeconds } from '../../clio/duration';
import { ACTIVITY_FIELDS } from '../../clio/fields';
import { copyText, isoDate, linkedRecord, optionRecord } from '../common/input';
import { activityLocator, matterLocator, userLocator } from '../common/locators';
import { recordRequest } from '../common/records';

/** Clio's activity types (api-facts §9.4): time entries and the three kinds of expense. */
export const activityTypeOptions = [
	{ name: 'Time Entry', value: 'TimeEntry' },
	{ name: 'Expense', value: 'ExpenseEntry' },
	{ name: 'Hard Cost Expense', value: 'HardCostEntry' },
	{ name: 'Soft Cost Expense', value: 'SoftCostEntry' },
];

/** The record an operation works on. */
export const activityField = activityLocator({
	description:
		'The time entry or expense: pick it from the list (searched by its note), or give its ID',
});

export const durationField: INodeProperties = {
	displayName: 'Duration',
	name: 'duration',
	type: 'string',
	default: '',
	placeholder: '1:30',
	description: `How long the work took, in hours: ${DURATION_FORMS}`,
	hint: 'Clio’s API counts seconds: the node converts, e.g. 1:30 is sent as 5,400 seconds. The output shows both: quantity (seconds) and quantity_in_hours.',
};

export const noteField: INodeProperties = {
	displayName: 'Note',
	name: 'note',
	type: 'string',
	typeOptions: { rows: 3 },
	default: '',
	description: 'What was done or bought; appears on the client’s bill',
};

export const dateField: INodeProperties = {
	displayName: 'Date',
	name: 'date',
	type: 'dateTime',
	default: '',
	description:
		'The day of the work or expense; only the date is kept. Empty: today, in the workflow’s time zone.',
};

export const activityMatterField = matterLocator({
	required: false,
	description:
		'The matter the entry is recorded on, searched by number, description or client name. Empty: an entry on no matter (firm time).',
});

export const activityDescriptionOption: INodeProperties = {
	displayName: 'Activity Description Name or ID',
	name: 'activity_description',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getActivityDescriptions' },
	default: '',
	description:
		'The firm’s billing code for the work; it can set the rate. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const expenseCategoryOption: INodeProperties = {
	displayName: 'Expense Category Name or ID',
	name: 'expense_category',
	type: 'options',
	typeOptions: { loadOptionsMethod: 'getExpenseCategories' },
	default: '',
	description:
		'The firm’s category for the expense; it can set the price per unit. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

export const userOption = userLocator({
	name: 'user',
	required: false,
	description: 'The Clio user who did the work or paid the expense. Empty: the connected user.',
});

export const rateOption: INodeProperties = {
	displayName: 'Rate',
	name: 'price',
	type: 'number',
	typeOptions: { minValue: 0, numberPrecision: 2 },
	default: 0,
	description:
		'Hourly rate, or the amount of a flat-rate entry. Leave this field out to let Clio apply its rate for the activity description, matter or user.',
};

export const nonBillableOption: INodeProperties = {
	displayName: 'Non-Billable',
	name: 'non_billable',
	type: 'boolean',
	default: true,
	description:
		'Whether the time is kept off the client’s bill (only for time entries not yet billed)',
};

/** A duration typed by a person as Clio's seconds, or a clear error naming the field. */
export function durationInSeconds(
	ctx: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
	label = 'Duration',
): number {
	const seconds = durationSeconds(value);
	if (seconds !== undefined) return seconds;
	const shown = value === undefined || value === null ? '' : String(value);
	throw new NodeOperationError(
		ctx.getNode(),
		shown.trim() ? `${label}: "${shown}" is not a duration` : `${label}: this field is empty`,
		{
			itemIndex,
			description: `Write how long the work took, above zero, as ${DURATION_FORMS}. Nothing was sent to Clio.`,
		},
	);
}

/** A positive number of units or amount, or a clear error naming the field. */
export function positiveNumber(
	ctx: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
	label: string,
	what: string,
): number {
	const number = typeof value === 'number' ? value : Number(String(value ?? '').trim() || NaN);
	if (Number.isFinite(number) && number > 0) return number;
	throw new NodeOperationError(
		ctx.getNode(),
		`${label}: "${String(value ?? '')}" is not above zero`,
		{
			itemIndex,
			description: `Give ${what} as a number above zero. Nothing was sent to Clio.`,
		},
	);
}

/** The day of an entry: the one given, else today in the workflow's time zone. */
export function entryDate(ctx: IExecuteFunctions, value: unknown, itemIndex: number): string {
	return isoDate(ctx, value, itemIndex, 'Date') ?? dayIn(ctx.getTimezone(), Date.now());
}

/**
 * The attributes a time entry and an expense share, from a collection's values (Additional or
 * Update Fields) or the node's top-level fields.
 */
export function activityBody(
	ctx: IExecuteFunctions,
	itemIndex: number,
	collection: string,
	values: IDataObject,
): IDataObject {
	const body: IDataObject = {};
	copyText(body, values, { note: 'note' });
	const date = isoDate(ctx, values.date, itemIndex, 'Date');
	if (date) body.date = date;
	const description = optionRecord(
		ctx,
		values.activity_description,
		itemIndex,
		'Activity Description',
	);
	if (description) body.activity_description = description;
	const category = optionRecord(ctx, values.expense_category, itemIndex, 'Expense Category');
	if (category) body.expense_category = category;
	const user = linkedRecord(ctx, itemIndex, collection, values, 'user', 'User');
	if (user) body.user = user;
	const matter = linkedRecord(ctx, itemIndex, collection, values, 'matter', 'Matter');
	if (matter) body.matter = matter;
	if (typeof values.price === 'number') {
		if (!(values.price >= 0)) {
			throw new NodeOperationError(ctx.getNode(), `Rate: ${values.price} is below zero`, {
				itemIndex,
				description: 'A rate or price is zero or more.',
			});
		}
		body.price = values.price;
	}
	if (typeof values.non_billable === 'boolean') body.non_billable = values.non_billable;
	return body;
}

/** Creates an activity and answers it as Clio stored it. */
export async function createActivity(
	ctx: IExecuteFunctions,
	itemIndex: number,
	body: IDataObject,
): Promise<IDataObject> {
	return await recordRequest(ctx, itemIndex, {
		method: 'POST',
		path: '/activities.json',
		fields: ACTIVITY_FIELDS,
		body,
	});
}
