import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { ACTIVITY_FIELDS } from '../../clio/fields';
import { returnAllAndLimit } from '../common/descriptions';
import {
	commonFilterQuery,
	createdSinceFilter,
	filtersCollection,
	searchFilter,
	updatedSinceFilter,
} from '../common/collections';
import { assertOneOf, dayRange } from '../common/input';
import { listWithLimit } from '../common/list';
import { matterLocator, userLocator } from '../common/locators';
import { filterRecordId } from '../common/params';
import { activityTypeOptions } from './fields';

/** Clio's `status` filter of GET /activities (api-facts §9.4). */
const billingStatusOptions = [
	{ name: 'Billable', value: 'billable', description: 'Not marked non-billable' },
	{ name: 'Billed', value: 'billed', description: 'On a bill awaiting payment or paid' },
	{ name: 'Draft', value: 'draft', description: 'On a draft bill' },
	{ name: 'Non-Billable', value: 'non_billable', description: 'Kept off the client’s bills' },
	{ name: 'Unbilled', value: 'unbilled', description: 'Billable and not on any bill yet' },
	{ name: 'Written Off', value: 'written_off' },
];

export const description: INodeProperties[] = [
	...returnAllAndLimit,
	filtersCollection([
		{
			displayName: 'Billing Status',
			name: 'status',
			type: 'options',
			options: billingStatusOptions,
			default: 'unbilled',
		},
		createdSinceFilter('entries'),
		{
			displayName: 'From Date',
			name: 'startDate',
			type: 'dateTime',
			default: '',
			description: 'Only entries dated on or after this day',
		},
		matterLocator({ required: false, description: 'Only entries on this matter' }),
		searchFilter('Text found in the entry’s note'),
		{
			displayName: 'To Date',
			name: 'endDate',
			type: 'dateTime',
			default: '',
			description: 'Only entries dated on or before this day',
		},
		{
			displayName: 'Type',
			name: 'type',
			type: 'options',
			options: activityTypeOptions,
			default: 'TimeEntry',
		},
		updatedSinceFilter('entries'),
		userLocator({ required: false, description: 'Only entries of this Clio user' }),
	]),
];

function dateRange(ctx: IExecuteFunctions, filters: IDataObject, itemIndex: number) {
	const { from, to } = dayRange(
		ctx,
		filters,
		itemIndex,
		{ name: 'startDate', label: 'From Date' },
		{ name: 'endDate', label: 'To Date' },
	);
	return { start_date: from, end_date: to };
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const pick = (name: string, options: Array<{ value: string }>, label: string) =>
		filters[name] === undefined || filters[name] === ''
			? undefined
			: assertOneOf(
					this,
					filters[name],
					options.map((option) => option.value),
					itemIndex,
					label,
				);
	return await listWithLimit(this, itemIndex, '/activities.json', {
		fields: ACTIVITY_FIELDS,
		matter_id: filterRecordId(this, filters, 'matterId', itemIndex, 'Matter'),
		user_id: filterRecordId(this, filters, 'userId', itemIndex, 'User'),
		type: pick('type', activityTypeOptions, 'Type'),
		status: pick('status', billingStatusOptions, 'Billing Status'),
		...dateRange(this, filters, itemIndex),
		...commonFilterQuery(this, filters, itemIndex),
	});
}
