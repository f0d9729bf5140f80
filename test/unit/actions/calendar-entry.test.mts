// Calendar entries against the sandbox: times with an offset kept, times without one read in the
// chosen time zone, an end before the start refused before anything is sent, the user's own
// calendar as the default, and every request conforming to the spec.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { Clio } from '../../../nodes/Clio/Clio.node.ts';
import { CALENDAR_ENTRY_FIELDS } from '../../../nodes/Clio/clio/fields.ts';
import type { Rec } from '../../sandbox/store.mts';
import { listSearch, loadOptions } from '../support/n8n.mts';
import { apiRequests, byId, clioTestBed, runClio, runItems } from './clio-sandbox.mts';

const bed = clioTestBed(60);
const ENTRIES = '/api/v4/calendar_entries.json';

function calendar(name: string): Rec {
	const found = [...bed.sandbox.store.table('calendars').values()].find((c) => c.name === name);
	assert.ok(found, `the sandbox has the calendar "${name}"`);
	return found;
}

function hearing(parameters: IDataObject = {}): INodeParameters {
	return {
		resource: 'calendarEntry',
		operation: 'create',
		summary: 'Hearing: Motion to Compel',
		startAt: '2031-03-04T09:30:00-05:00',
		endAt: '2031-03-04T10:30:00-05:00',
		allDay: false,
		timeZone: '',
		calendarId: byId(calendar('Court Dates').id),
		matterId: byId(3),
		additionalFields: {},
		...parameters,
	} as INodeParameters;
}

function sent(index = 0): IDataObject {
	return (apiRequests(bed)[index].body as { data: IDataObject }).data;
}

describe('Calendar Entry › Create', () => {
	it('books a hearing on "Court Dates" with attendees, the times as given', async () => {
		const [item] = await runItems(
			bed,
			() =>
				hearing({
					additionalFields: {
						location: 'Courtroom 7',
						description: 'Bring the exhibits',
						attendeeCalendars: [101],
						attendeeContacts: '7, 9',
						sendEmailNotification: false,
					},
				}),
			1,
		);
		const [request] = apiRequests(bed);
		assert.equal(request.method, 'POST');
		assert.equal(request.path, ENTRIES);
		assert.equal(request.query.fields, CALENDAR_ENTRY_FIELDS);
		assert.deepEqual(request.body, {
			data: {
				summary: 'Hearing: Motion to Compel',
				start_at: '2031-03-04T09:30:00-05:00',
				end_at: '2031-03-04T10:30:00-05:00',
				all_day: false,
				calendar_owner: { id: calendar('Court Dates').id },
				matter: { id: 3 },
				description: 'Bring the exhibits',
				location: 'Courtroom 7',
				attendees: [
					{ id: 101, type: 'Calendar' },
					{ id: 7, type: 'Contact' },
					{ id: 9, type: 'Contact' },
				],
				send_email_notification: false,
			},
		});
		assert.deepEqual(item.pairedItem, { item: 0 });
		assert.equal(typeof item.json.id, 'string', 'Clio types calendar entry ids as strings');
		assert.equal(item.json.start_at, '2031-03-04T14:30:00Z');
		assert.deepEqual(item.json.calendar_owner, {
			id: calendar('Court Dates').id,
			name: 'Court Dates',
			type: 'AdhocCalendar',
		});
		assert.deepEqual(
			(item.json.attendees as IDataObject[]).map((a) => [a.type, a.id]),
			[
				['Calendar', 101],
				['Contact', 7],
				['Contact', 9],
			],
		);
		assert.deepEqual(
			Object.keys(item.json).sort(),
			CALENDAR_ENTRY_FIELDS.replace(/\{[^}]*\}/g, '')
				.split(',')
				.sort(),
		);
	});

	it('reads a time without offset in the chosen time zone, else in the workflow’s', async () => {
		await runClio(
			bed,
			hearing({
				startAt: '2031-07-01T09:30:00',
				endAt: '2031-07-01T10:00',
				timeZone: 'Europe/London',
			}),
		);
		assert.equal(sent().start_at, '2031-07-01T09:30:00+01:00');
		assert.equal(sent().end_at, '2031-07-01T10:00:00+01:00');
		bed.sandbox.log.clear();
		await runClio(bed, hearing({ startAt: '2031-01-15T09:30:00', endAt: '2031-01-15T10:00:00' }));
		assert.equal(
			sent().start_at,
			'2031-01-15T09:30:00-05:00',
			'n8n’s default zone, America/New_York',
		);
	});

	it('puts entries without a calendar on the connected user’s own, reading it once per run', async () => {
		const output = await runItems(
			bed,
			(itemIndex) => hearing({ calendarId: byId(''), summary: `Client call ${itemIndex}` }),
			2,
		);
		const requests = apiRequests(bed);
		assert.deepEqual(
			requests.map((request) => `${request.method} ${request.path}`),
			['GET /api/v4/users/who_am_i.json', `POST ${ENTRIES}`, `POST ${ENTRIES}`],
		);
		assert.equal(requests[0].query.fields, 'id,default_calendar_id');
		const own = bed.sandbox.store.users.get(1)?.default_calendar_id;
		assert.deepEqual(
			output.map((item) => [(item.json.calendar_owner as IDataObject).id, item.pairedItem]),
			[
				[own, { item: 0 }],
				[own, { item: 1 }],
			],
		);
	});

	it('books an all-day deadline from midnight of its day to midnight after its last day', async () => {
		const [entry] = await runClio(
			bed,
			hearing({
				summary: 'Filing deadline',
				allDay: true,
				startAt: '2031-05-04T00:00:00',
				endAt: '',
				timeZone: 'America/Chicago',
			}),
		);
		assert.deepEqual(
			[sent().start_at, sent().end_at, sent().all_day],
			['2031-05-04T00:00:00-05:00', '2031-05-05T00:00:00-05:00', true],
		);
		assert.equal(entry.all_day, true);
		bed.sandbox.log.clear();
		await runClio(
			bed,
			hearing({ allDay: true, startAt: '2031-05-04', endAt: '2031-05-06T15:00:00' }),
		);
		assert.equal(sent().end_at, '2031-05-07T00:00:00-04:00', 'three days, to the end of the last');
	});

	it('refuses an end before the start, naming both, and sends nothing', async () => {
		await assert.rejects(
			runClio(bed, hearing({ startAt: '2031-03-04T10:00:00', endAt: '2031-03-04T09:00:00' })),
			(error: Error & { description?: string }) => {
				assert.equal(
					error.message,
					'End: 2031-03-04T09:00:00-05:00 is before Start (2031-03-04T10:00:00-05:00)',
				);
				assert.match(String(error.description), /Nothing was sent to Clio/);
				return true;
			},
		);
		await assert.rejects(
			runClio(bed, hearing({ allDay: true, startAt: '2031-05-04', endAt: '2031-05-02' })),
			/End: 2031-05-02T00:00:00-04:00 is before Start/,
		);
		assert.equal(apiRequests(bed).length, 0);
	});

	it('refuses a bad time zone, a time the clocks skip, an unreadable date and a missing end', async () => {
		await assert.rejects(
			runClio(
				bed,
				hearing({ startAt: '2031-03-04T09:30', timeZone: 'Eastern Time (US & Canada)' }),
			),
			/Time Zone: "Eastern Time \(US & Canada\)" is not a time zone/,
		);
		await assert.rejects(
			runClio(bed, hearing({ startAt: '2031-03-09T02:30:00', endAt: '2031-03-09T03:30:00' })),
			/Start: "2031-03-09T02:30:00" does not exist in America\/New_York/,
		);
		await assert.rejects(
			runClio(bed, hearing({ startAt: 'next Tuesday at 10' })),
			/Start: "next Tuesday at 10" is not a date and time/,
		);
		await assert.rejects(runClio(bed, hearing({ endAt: '' })), /End: this field is empty/);
		await assert.rejects(
			runClio(bed, hearing({ additionalFields: { attendeeContacts: '7, Smith' } })),
			/Attendee Contact IDs: "Smith" is not a Clio ID/,
		);
		assert.equal(apiRequests(bed).length, 0);
	});

	it('reports an unknown calendar and one the user may only view with Clio’s reason', async () => {
		await assert.rejects(
			runClio(bed, hearing({ calendarId: byId(99999) })),
			/Clio rejected the request: Calendar owner must exist/,
		);
		await assert.rejects(
			runClio(bed, hearing({ calendarId: byId(calendar('Firm Holidays').id) })),
			/Clio refused this action \(403 Forbidden\)/,
		);
	});

	it('with Continue On Fail, an entry that ends before it starts fails alone', async () => {
		const output = await runItems(
			bed,
			(itemIndex) =>
				hearing(
					itemIndex === 0
						? { endAt: '2031-03-04T08:00:00-05:00' }
						: { summary: 'Status conference' },
				),
			2,
			true,
		);
		assert.match(String(output[0].json.error), /^End: .* is before Start/);
		assert.deepEqual(output[0].pairedItem, { item: 0 });
		assert.equal(output[1].json.summary, 'Status conference');
		assert.deepEqual(output[1].pairedItem, { item: 1 });
		assert.equal(apiRequests(bed).length, 1);
	});
});

describe('Calendar Entry › Get, Get Many', () => {
	it('books a hearing and finds it by date range, and by calendar, matter and text', async () => {
		const [booked] = await runClio(
			bed,
			hearing({
				summary: 'Hearing: Summary Judgment',
				startAt: '2032-06-10T14:00:00',
				endAt: '2032-06-10T15:30:00',
			}),
		);
		bed.sandbox.log.clear();
		const found = await runClio(bed, {
			resource: 'calendarEntry',
			operation: 'getMany',
			returnAll: true,
			filters: { from: '2032-06-10T00:00:00', to: '2032-06-10T23:59:59' },
		});
		assert.deepEqual(
			found.map((entry) => entry.id),
			[booked.id],
		);
		const [request] = apiRequests(bed);
		assert.deepEqual(request.query, {
			fields: CALENDAR_ENTRY_FIELDS,
			from: '2032-06-10T00:00:00-04:00',
			to: '2032-06-10T23:59:59-04:00',
			limit: '200',
		});
		const narrowed = await runClio(bed, {
			resource: 'calendarEntry',
			operation: 'getMany',
			returnAll: true,
			filters: {
				calendarId: byId(calendar('Court Dates').id),
				matterId: byId(3),
				query: 'summary judgment',
				from: '2032-01-01T00:00:00Z',
				allDay: false,
			},
		});
		assert.deepEqual(
			narrowed.map((entry) => entry.id),
			[booked.id],
		);
		const [get] = await runClio(bed, {
			resource: 'calendarEntry',
			operation: 'get',
			calendarEntryId: byId(String(booked.id)),
		});
		assert.equal(get.summary, 'Hearing: Summary Judgment');
		assert.equal(apiRequests(bed).at(-1)?.query.fields, CALENDAR_ENTRY_FIELDS);
	});

	it('Return All follows every page; Limit asks for just enough', async () => {
		const visible = bed.sandbox.store.table('calendar_entries').size;
		const all = await runClio(bed, {
			resource: 'calendarEntry',
			operation: 'getMany',
			returnAll: true,
			filters: {},
		});
		assert.equal(all.length, visible, 'the connected user sees every seeded calendar’s entries');
		bed.sandbox.log.clear();
		const three = await runClio(bed, {
			resource: 'calendarEntry',
			operation: 'getMany',
			returnAll: false,
			limit: 3,
			filters: { allDay: true },
		});
		assert.equal(three.length, 3);
		assert.ok(three.every((entry) => entry.all_day === true));
		const [request] = apiRequests(bed);
		assert.equal(request.query.limit, '3');
		assert.equal(request.query.is_all_day, 'true');
	});

	it('refuses a range that ends before it starts, and reports a missing entry as not found', async () => {
		await assert.rejects(
			runClio(bed, {
				resource: 'calendarEntry',
				operation: 'getMany',
				returnAll: true,
				filters: { from: '2032-02-01T00:00:00Z', to: '2032-01-01T00:00:00Z' },
			}),
			/To: 2032-01-01T00:00:00\+00:00 is before From \(2032-02-01T00:00:00\+00:00\)/,
		);
		assert.equal(apiRequests(bed).length, 0);
		await assert.rejects(
			runClio(bed, { resource: 'calendarEntry', operation: 'get', calendarEntryId: byId(777777) }),
			/Not found in Clio \(GET \/calendar_entries\/777777\.json\)/,
		);
	});
});

describe('Calendar Entry › Update, Delete', () => {
	async function book(parameters: IDataObject = {}): Promise<string> {
		const [entry] = await runClio(bed, hearing(parameters));
		bed.sandbox.log.clear();
		return String(entry.id);
	}

	it('changes details in one PATCH and adds an attendee', async () => {
		const id = await book();
		const [entry] = await runClio(bed, {
			resource: 'calendarEntry',
			operation: 'update',
			calendarEntryId: byId(id),
			updateFields: { summary: 'Hearing moved', location: 'Courtroom 9', attendeeContacts: '11' },
		});
		const [request] = apiRequests(bed);
		assert.equal(request.method, 'PATCH');
		assert.equal(request.query.fields, CALENDAR_ENTRY_FIELDS);
		assert.deepEqual(request.body, {
			data: {
				summary: 'Hearing moved',
				location: 'Courtroom 9',
				attendees: [{ id: 11, type: 'Contact' }],
			},
		});
		assert.equal(entry.location, 'Courtroom 9');
		assert.deepEqual(
			(entry.attendees as IDataObject[]).map((a) => a.id),
			[11],
		);
	});

	it('moves the end alone after checking it against the stored start', async () => {
		const id = await book();
		const [entry] = await runClio(bed, {
			resource: 'calendarEntry',
			operation: 'update',
			calendarEntryId: byId(id),
			updateFields: { endAt: '2031-03-04T12:00:00', timeZone: 'America/New_York' },
		});
		const [read, patch] = apiRequests(bed);
		assert.equal(read.query.fields, 'id,start_at,end_at,all_day');
		assert.deepEqual(patch.body, { data: { end_at: '2031-03-04T12:00:00-05:00' } });
		assert.equal(entry.end_at, '2031-03-04T17:00:00Z');
		bed.sandbox.log.clear();
		await assert.rejects(
			runClio(bed, {
				resource: 'calendarEntry',
				operation: 'update',
				calendarEntryId: byId(id),
				updateFields: { endAt: '2031-03-04T08:00:00-05:00' },
			}),
			/End: 2031-03-04T08:00:00-05:00 is before Start \(2031-03-04T14:30:00Z\)/,
		);
		assert.deepEqual(
			apiRequests(bed).map((request) => request.method),
			['GET'],
			'nothing was changed',
		);
	});

	it('refuses an update with nothing to change', async () => {
		await assert.rejects(
			runClio(bed, {
				resource: 'calendarEntry',
				operation: 'update',
				calendarEntryId: byId(1),
				updateFields: {},
			}),
			/Update Fields: nothing to update/,
		);
		assert.equal(apiRequests(bed).length, 0);
	});

	it('deletes an entry once; a second delete reports it already gone', async () => {
		const id = await book();
		const [deleted] = await runClio(bed, {
			resource: 'calendarEntry',
			operation: 'delete',
			calendarEntryId: byId(id),
		});
		assert.deepEqual(deleted, { id: Number(id), deleted: true });
		const [again] = await runClio(bed, {
			resource: 'calendarEntry',
			operation: 'delete',
			calendarEntryId: byId(id),
		});
		assert.equal(again.deleted, false);
		assert.match(String(again.reason), new RegExp(`No calendar entry with ID ${id} was found`));
		assert.deepEqual(
			apiRequests(bed).map((request) => request.status),
			[204, 404],
		);
	});
});

describe('Calendar Entry › editor lists', () => {
	const parameters: INodeParameters = { resource: 'calendarEntry', operation: 'create' };

	it('lists the calendars the user sees, saying whose they are and which are view only', async () => {
		const { results } = await listSearch(new Clio(), 'searchCalendars', {
			credential: bed.credential,
			parameters,
			filter: '',
		});
		const names = results.map((result) => result.name);
		assert.ok(names.includes('Alex Morgan (your calendar)'));
		assert.ok(names.includes('Firm Calendar (firm calendar)'));
		assert.ok(names.includes('Daniel Okafor (a user’s calendar, view only)'));
		assert.ok(names.includes('Firm Holidays (view only)'));
		assert.ok(!names.some((name) => name.startsWith('Lucas Fischer')), 'not shared with the user');
		const court = await listSearch(new Clio(), 'searchCalendars', {
			credential: bed.credential,
			parameters,
			filter: 'court',
		});
		assert.deepEqual(court.results, [
			{ name: 'Court Dates', value: String(calendar('Court Dates').id) },
		]);
		const options = await loadOptions(new Clio(), 'getCalendars', {
			credential: bed.credential,
			parameters,
		});
		assert.equal(options.length, results.length);
		assert.equal(
			options.find((option) => option.name === 'Court Dates')?.value,
			calendar('Court Dates').id,
		);
	});

	it('searches entries by their summary', async () => {
		const { results } = await listSearch(new Clio(), 'searchCalendarEntries', {
			credential: bed.credential,
			parameters,
			filter: 'Mediation',
		});
		assert.ok(results.length > 0);
		assert.ok(results.every((result) => /Mediation/.test(result.name)));
		assert.match(results[0].name, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2} · Mediation/);
	});
});
