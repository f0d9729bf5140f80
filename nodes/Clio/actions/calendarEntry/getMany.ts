import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CALENDAR_ENTRY_FIELDS } from '../../clio/fields';
import { returnAllAndLimit } from '../common/descriptions';
import {
	commonFilterQuery,
	createdSinceFilter,
	filtersCollection,
	searchFilter,
	updatedSinceFilter,
} from '../common/collections';
import { listWithLimit } from '../common/list';
import { calendarLocator, matterLocator } from '../common/locators';
import { filterRecordId } from '../common/params';
import { momentOf, timeZoneField, timeZoneOf } from './fields';

export const description: INodeProperties[] = [
	...returnAllAndLimit,
	filtersCollection([
		{
			displayName: 'All Day Only',
			name: 'allDay',
			type: 'boolean',
			default: true,
			description: 'Whether to return only all-day entries (on) or only entries with times (off)',
		},
		calendarLocator({
			required: false,
			description: 'Only entries on this calendar, or to which it is invited',
		}),
		createdSinceFilter('entries'),
		{
			displayName: 'From',
			name: 'from',
			type: 'dateTime',
			default: '',
			description:
				'Only entries that end at or after this moment (read in the Time Zone filter when it has no offset)',
		},
		matterLocator({ required: false, description: 'Only entries about this matter' }),
		searchFilter('Text found in the entry’s summary, description or location'),
		{
			...timeZoneField,
			description:
				'The time zone in which From and To are meant when they have no offset. Empty: the workflow’s time zone.',
		},
		{
			displayName: 'To',
			name: 'to',
			type: 'dateTime',
			default: '',
			description:
				'Only entries that start at or before this moment (read in the Time Zone filter when it has no offset)',
		},
		updatedSinceFilter('entries'),
	]),
];

// api-facts §9.3: `from` keeps entries ending on or after it, `to` entries beginning on or before it.
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const zone = timeZoneOf(this, filters.timeZone, itemIndex);
	const from = momentOf(this, filters.from, zone, itemIndex, 'From');
	const to = momentOf(this, filters.to, zone, itemIndex, 'To');
	if (from && to && to.ms < from.ms) {
		throw new NodeOperationError(this.getNode(), `To: ${to.iso} is before From (${from.iso})`, {
			itemIndex,
			description: 'From must be at or before To.',
		});
	}
	return await listWithLimit(this, itemIndex, '/calendar_entries.json', {
		fields: CALENDAR_ENTRY_FIELDS,
		calendar_id: filterRecordId(this, filters, 'calendarId', itemIndex, 'Calendar'),
		matter_id: filterRecordId(this, filters, 'matterId', itemIndex, 'Matter'),
		from: from?.iso,
		to: to?.iso,
		is_all_day: typeof filters.allDay === 'boolean' ? filters.allDay : undefined,
		...commonFilterQuery(this, filters, itemIndex),
	});
}
