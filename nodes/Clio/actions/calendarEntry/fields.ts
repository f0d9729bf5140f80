import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isTimeZone, parseMoment } from '../../clio/date-time';
import { copyText, linkedRecord } from '../common/input';
import { calendarEntryLocator, calendarLocator, matterLocator } from '../common/locators';
import { recordRequest } from '../common/records';
import { type ExecutionState, memoize } from '../types';

const DAY_MS = 24 * 3600 * 1000;

/** The entry an operation works on. */
export const calendarEntryField = calendarEntryLocator({
	description:
		'The calendar entry: pick it from the list (searched by its summary), or give its ID',
});

const ZONE_HINT =
	'A time written without an offset (as the date picker gives it) is read in the Time Zone field; one with an offset, e.g. 2026-05-04T09:30:00-04:00, is kept as it is.';

export const startField: INodeProperties = {
	displayName: 'Start',
	name: 'startAt',
	type: 'dateTime',
	default: '',
	description: 'When the entry begins. With All Day, only the day counts.',
	hint: ZONE_HINT,
};

export const endField: INodeProperties = {
	displayName: 'End',
	name: 'endAt',
	type: 'dateTime',
	default: '',
	description:
		'When the entry ends; not before Start. With All Day, only the day counts (the last day of the entry); empty: the same day.',
	hint: ZONE_HINT,
};

export const allDayField: INodeProperties = {
	displayName: 'All Day',
	name: 'allDay',
	type: 'boolean',
	default: false,
	description:
		'Whether the entry takes whole days (a deadline, a trial day) rather than a time slot',
};

export const timeZoneField: INodeProperties = {
	displayName: 'Time Zone',
	name: 'timeZone',
	type: 'string',
	default: '',
	placeholder: 'America/New_York',
	description:
		'The time zone in which Start and End are meant when they have no offset, as an IANA name (America/New_York, Europe/London, Australia/Sydney). Empty: the workflow’s time zone (Workflow Settings).',
};

export const calendarField = calendarLocator({
	required: false,
	description:
		'The calendar the entry is on, e.g. a user’s own calendar or the firm’s "Court Dates". Empty: the connected user’s own calendar.',
});

export const entryMatterField = matterLocator({
	required: false,
	description: 'The matter the entry is about, searched by number, description or client name',
});

/** Fields that Create and Update share, inside their Additional / Update Fields collections. */
export const sharedOptions: INodeProperties[] = [
	{
		displayName: 'Attendee Calendar Names or IDs',
		name: 'attendeeCalendars',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getCalendars' },
		default: [],
		description:
			'Calendars to invite: a user’s own calendar invites that user. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	{
		displayName: 'Attendee Contact IDs',
		name: 'attendeeContacts',
		type: 'string',
		default: '',
		placeholder: '12345, 67890',
		description:
			'Contacts to invite (a client, a witness), as Clio contact IDs separated by commas',
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description: 'Details of the entry',
	},
	{
		displayName: 'Location',
		name: 'location',
		type: 'string',
		default: '',
		placeholder: 'County Courthouse, Courtroom 4B',
	},
	{
		displayName: 'Send Email Notification',
		name: 'sendEmailNotification',
		type: 'boolean',
		default: false,
		description: 'Whether Clio emails the attendees about the entry',
	},
];

/** The Time Zone field, else the workflow's, checked. */
export function timeZoneOf(ctx: IExecuteFunctions, value: unknown, itemIndex: number): string {
	const typed = String(value ?? '').trim();
	const zone = typed || ctx.getTimezone();
	if (isTimeZone(zone)) return zone;
	throw new NodeOperationError(ctx.getNode(), `Time Zone: "${zone}" is not a time zone`, {
		itemIndex,
		description:
			'Use an IANA time zone name such as America/New_York, Europe/London or Australia/Sydney, or leave the field empty for the workflow’s time zone. Nothing was sent to Clio.',
	});
}

function asText(value: unknown): string {
	if (value instanceof Date) return value.toISOString();
	const toISO = (value as { toISO?: () => string } | null)?.toISO;
	if (typeof toISO === 'function') return toISO.call(value);
	return value === undefined || value === null ? '' : String(value).trim();
}

export interface Moment {
	ms: number;
	/** ISO 8601 with the offset in force, e.g. `2026-05-04T09:30:00-04:00`. */
	iso: string;
	/** The day in the time zone, e.g. `2026-05-04`. */
	day: string;
}

/** A date-time parameter as a moment, read in `zone` when it has no offset; undefined when empty. */
export function momentOf(
	ctx: IExecuteFunctions,
	value: unknown,
	zone: string,
	itemIndex: number,
	label: string,
): Moment | undefined {
	const text = asText(value);
	if (!text) return undefined;
	const moment = parseMoment(text, zone);
	if (moment.ok) {
		const wallDay = /^\d{4}-\d{2}-\d{2}/.exec(text)?.[0] ?? moment.iso.slice(0, 10);
		return { ms: moment.ms, iso: moment.iso, day: wallDay };
	}
	const problem =
		moment.reason === 'gap'
			? `does not exist in ${zone} (the clocks go forward then)`
			: moment.reason === 'date'
				? 'is not a real date and time'
				: 'is not a date and time';
	throw new NodeOperationError(ctx.getNode(), `${label}: "${text}" ${problem}`, {
		itemIndex,
		description: `Pick a date and time in "${label}", or write it as 2026-05-04T09:30 (read in ${zone}) or with an offset, 2026-05-04T09:30:00-04:00. Nothing was sent to Clio.`,
	});
}

/** Midnight at the start of a day in the zone, as a moment. */
function startOfDay(
	ctx: IExecuteFunctions,
	day: string,
	zone: string,
	itemIndex: number,
	label: string,
) {
	return momentOf(ctx, day, zone, itemIndex, label) as Moment;
}

/** The day after a `YYYY-MM-DD` day. */
function nextDay(day: string): string {
	return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** Refuses an end before the start, before anything is sent. */
export function assertEndNotBeforeStart(
	ctx: IExecuteFunctions,
	itemIndex: number,
	start: { ms: number; iso: string },
	end: { ms: number; iso: string },
): void {
	if (end.ms >= start.ms) return;
	throw new NodeOperationError(ctx.getNode(), `End: ${end.iso} is before Start (${start.iso})`, {
		itemIndex,
		description:
			'An entry cannot end before it starts. Check the two dates and their time zone. Nothing was sent to Clio.',
	});
}

/**
 * Clio's `start_at`/`end_at` for the Start and End given (either may be absent on an update). An
 * all-day entry runs from midnight of its first day to midnight after its last day, in the zone;
 * with `endFromStart`, an all-day entry without an End lasts its Start's day.
 */
export function entryTimes(
	ctx: IExecuteFunctions,
	itemIndex: number,
	options: { start?: Moment; end?: Moment; allDay: boolean; zone: string; endFromStart?: boolean },
): IDataObject {
	let { start, end } = options;
	if (options.allDay) {
		const lastDay = end?.day ?? (options.endFromStart ? start?.day : undefined);
		start = start && startOfDay(ctx, start.day, options.zone, itemIndex, 'Start');
		end = lastDay ? startOfDay(ctx, nextDay(lastDay), options.zone, itemIndex, 'End') : undefined;
	}
	if (start && end)
		assertEndNotBeforeStart(ctx, itemIndex, options.start ?? start, options.end ?? end);
	const times: IDataObject = {};
	if (start) times.start_at = start.iso;
	if (end) times.end_at = end.iso;
	return times;
}

/** Contact IDs typed with commas (or given as a list by an expression). */
function contactIds(ctx: IExecuteFunctions, value: unknown, itemIndex: number): number[] {
	const parts = Array.isArray(value) ? value.map(String) : String(value ?? '').split(',');
	return parts
		.map((part) => part.trim())
		.filter((part) => part !== '')
		.map((part) => {
			if (/^[1-9][0-9]*$/.test(part)) return Number(part);
			throw new NodeOperationError(
				ctx.getNode(),
				`Attendee Contact IDs: "${part}" is not a Clio ID`,
				{
					itemIndex,
					description:
						'List the numeric IDs of Clio contacts, separated by commas, e.g. 12345, 67890.',
				},
			);
		});
}

/** Location, description, attendees and the links of an entry, from a collection's values. */
export function entryBody(
	ctx: IExecuteFunctions,
	itemIndex: number,
	collection: string,
	values: IDataObject,
): IDataObject {
	const body: IDataObject = {};
	copyText(body, values, { summary: 'summary', description: 'description', location: 'location' });
	const calendars = ((values.attendeeCalendars as Array<string | number> | undefined) ?? []).map(
		(id) => ({ id: Number(id), type: 'Calendar' }),
	);
	const contacts = contactIds(ctx, values.attendeeContacts, itemIndex).map((id) => ({
		id,
		type: 'Contact',
	}));
	if (calendars.length + contacts.length > 0) body.attendees = [...calendars, ...contacts];
	if (typeof values.sendEmailNotification === 'boolean') {
		body.send_email_notification = values.sendEmailNotification;
	}
	const calendar = linkedRecord(ctx, itemIndex, collection, values, 'calendar', 'Calendar');
	if (calendar) body.calendar_owner = calendar;
	const matter = linkedRecord(ctx, itemIndex, collection, values, 'matter', 'Matter');
	if (matter) body.matter = matter;
	return body;
}

/** api-facts §9.3: the connected user's own calendar, read once per execution. */
export async function ownCalendarId(
	ctx: IExecuteFunctions,
	state: ExecutionState,
	itemIndex: number,
): Promise<number> {
	return await memoize(state, 'calendarEntry.ownCalendar', async () => {
		const user = await recordRequest(ctx, itemIndex, {
			method: 'GET',
			path: '/users/who_am_i.json',
			fields: 'id,default_calendar_id',
		});
		return Number(user.default_calendar_id);
	});
}
