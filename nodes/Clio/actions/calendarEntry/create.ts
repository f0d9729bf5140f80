import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CALENDAR_ENTRY_FIELDS } from '../../clio/fields';
import { fieldsCollection } from '../common/collections';
import { requiredText } from '../common/input';
import { recordRequest } from '../common/records';
import { optionalRecordId } from '../common/params';
import type { ExecutionState } from '../types';
import {
	allDayField,
	calendarField,
	endField,
	entryBody,
	entryMatterField,
	entryTimes,
	momentOf,
	ownCalendarId,
	sharedOptions,
	startField,
	timeZoneField,
	timeZoneOf,
} from './fields';

export const description: INodeProperties[] = [
	{
		displayName: 'Summary',
		name: 'summary',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Hearing: Motion to Dismiss',
		description: 'The title shown in the calendar',
	},
	{ ...startField, required: true },
	endField,
	allDayField,
	timeZoneField,
	calendarField,
	entryMatterField,
	fieldsCollection('additionalFields', sharedOptions),
];

// api-facts §9.3: `calendar_owner{id}` is a Calendar id; the user's own is `default_calendar_id`.
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
): Promise<IDataObject> {
	const summary = requiredText(
		this,
		'summary',
		itemIndex,
		'Summary',
		'Clio needs a summary for every calendar entry.',
	);
	const allDay = this.getNodeParameter('allDay', itemIndex, false) as boolean;
	const zone = timeZoneOf(this, this.getNodeParameter('timeZone', itemIndex, ''), itemIndex);
	const start = momentOf(
		this,
		this.getNodeParameter('startAt', itemIndex, ''),
		zone,
		itemIndex,
		'Start',
	);
	const end = momentOf(this, this.getNodeParameter('endAt', itemIndex, ''), zone, itemIndex, 'End');
	if (!start || (!end && !allDay)) {
		throw new NodeOperationError(
			this.getNode(),
			`${start ? 'End' : 'Start'}: this field is empty`,
			{
				itemIndex,
				description:
					'Give when the entry starts and ends, or turn on All Day for whole days. Nothing was sent to Clio.',
			},
		);
	}
	const times = entryTimes(this, itemIndex, { start, end, allDay, zone, endFromStart: true });
	const values = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const body = entryBody(this, itemIndex, 'additionalFields', values);
	const matterId = optionalRecordId(this, 'matterId', itemIndex, 'Matter');
	const calendarId =
		optionalRecordId(this, 'calendarId', itemIndex, 'Calendar') ??
		(await ownCalendarId(this, state, itemIndex));
	return await recordRequest(this, itemIndex, {
		method: 'POST',
		path: '/calendar_entries.json',
		fields: CALENDAR_ENTRY_FIELDS,
		body: {
			summary,
			...times,
			all_day: allDay,
			calendar_owner: { id: calendarId },
			...(matterId ? { matter: { id: matterId } } : {}),
			...body,
		},
	});
}
