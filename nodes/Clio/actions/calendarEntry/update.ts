import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { CALENDAR_ENTRY_FIELDS } from '../../clio/fields';
import { fieldsCollection, sortedByDisplayName } from '../common/collections';
import { assertSomethingToUpdate } from '../common/input';
import { recordId } from '../common/params';
import { recordRequest } from '../common/records';
import {
	allDayField,
	assertEndNotBeforeStart,
	calendarEntryField,
	calendarField,
	endField,
	entryBody,
	entryMatterField,
	entryTimes,
	momentOf,
	sharedOptions,
	startField,
	timeZoneField,
	timeZoneOf,
} from './fields';

export const description: INodeProperties[] = [
	calendarEntryField,
	fieldsCollection(
		'updateFields',
		sortedByDisplayName([
			allDayField,
			...sharedOptions.map((option) =>
				option.name.startsWith('attendee')
					? {
							...option,
							description: `${String(option.description)} Added to those already invited.`,
						}
					: option,
			),
			{ ...calendarField, name: 'calendar', description: 'Move the entry to this calendar' },
			endField,
			{ ...entryMatterField, name: 'matter' },
			startField,
			{
				displayName: 'Summary',
				name: 'summary',
				type: 'string',
				default: '',
			},
			timeZoneField,
		]),
	),
];

async function storedEntry(ctx: IExecuteFunctions, itemIndex: number, entryId: number) {
	return await recordRequest(ctx, itemIndex, {
		method: 'GET',
		path: `/calendar_entries/${entryId}.json`,
		fields: 'id,start_at,end_at,all_day',
	});
}

// A new start or end alone is compared with the other one, read from Clio (one more request).
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const entryId = recordId(this, 'calendarEntryId', itemIndex, 'Calendar Entry');
	const values = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const body = entryBody(this, itemIndex, 'updateFields', values);
	const zone = timeZoneOf(this, values.timeZone, itemIndex);
	const start = momentOf(this, values.startAt, zone, itemIndex, 'Start');
	const end = momentOf(this, values.endAt, zone, itemIndex, 'End');
	let allDay = typeof values.allDay === 'boolean' ? values.allDay : undefined;
	if (allDay !== undefined) body.all_day = allDay;
	if ((start === undefined) !== (end === undefined)) {
		const stored = await storedEntry(this, itemIndex, entryId);
		allDay ??= stored.all_day === true;
		const times = entryTimes(this, itemIndex, { start, end, allDay, zone });
		const other = String(start ? stored.end_at : stored.start_at);
		const otherSide = { ms: Date.parse(other), iso: other };
		const changed = String(times.start_at ?? times.end_at);
		const changedSide = { ms: Date.parse(changed), iso: changed };
		if (start) assertEndNotBeforeStart(this, itemIndex, changedSide, otherSide);
		else assertEndNotBeforeStart(this, itemIndex, otherSide, changedSide);
		Object.assign(body, times);
	} else if (start && end) {
		Object.assign(body, entryTimes(this, itemIndex, { start, end, allDay: allDay ?? false, zone }));
	}
	assertSomethingToUpdate(this, body, itemIndex);
	return await recordRequest(this, itemIndex, {
		method: 'PATCH',
		path: `/calendar_entries/${entryId}.json`,
		fields: CALENDAR_ENTRY_FIELDS,
		body,
	});
}
