// The sandbox's time entries, expenses, activity descriptions, expense categories, calendars and
// calendar entries (api-facts §9.3, §9.4) against Clio's rules and traps.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { quantityUnit } from '../sandbox/resources/activities.mts';
import { openSandbox, type Client } from './client.mts';

type Json = Record<string, any>;

const ACTIVITY =
	'id,type,date,quantity,quantity_in_hours,rounded_quantity_in_hours,price,total,note,flat_rate,' +
	'billed,on_bill,non_billable,non_billable_total,matter{id},user{id},activity_description{id,name},expense_category{id,name}';
const ENTRY =
	'id,summary,location,start_at,end_at,all_day,permission,calendar_owner{id,name,type},matter{id},' +
	'attendees{id,type,name},calendars{id}';

describe('sandbox: activity descriptions, expense categories, calendars', () => {
	let c: Client;
	before(async () => {
		c = await openSandbox({ matters: 40 });
	});
	after(() => c.sandbox.close());

	it('seeds the firm’s billing codes with their rates', async () => {
		const all = await c.get(
			'/activity_descriptions.json?fields=id,name,category_type,rate{amount,type}',
		);
		assert.equal(all.status, 200);
		const byName = new Map(all.body.data.map((d: Json) => [d.name, d]));
		assert.deepEqual((byName.get('Court Appearance') as Json).rate, {
			amount: 450,
			type: 'Custom',
		});
		assert.equal((byName.get('Will Package') as Json).category_type, 'flat_rate');
		assert.deepEqual((byName.get('Legal Research') as Json).rate, { amount: null, type: 'User' });
		const flat = await c.get('/activity_descriptions.json?flat_rate=true&fields=name');
		assert.deepEqual(flat.body.data, [{ name: 'Will Package' }]);
	});

	it('seeds expense categories, searchable by name and entry type', async () => {
		const courier = await c.get('/expense_categories.json?query=cour&fields=name,rate,entry_type');
		assert.deepEqual(courier.body.data.map((x: Json) => x.name).sort(), [
			'Courier',
			'Court Filing Fee',
		]);
		const soft = await c.get(
			'/expense_categories.json?entry_type=soft_cost&order=name(asc)&fields=name',
		);
		assert.deepEqual(soft.body.data, [{ name: 'Mileage' }, { name: 'Photocopies' }]);
	});

	it('lists the calendars a user may see, with their permission; who_am_i names the own calendar', async () => {
		const me = await c.get('/users/who_am_i.json?fields=id,default_calendar_id');
		const all = await c.get('/calendars.json?fields=id,name,type,permission,creator{id}');
		const byId = new Map(all.body.data.map((x: Json) => [x.id, x]));
		const own = byId.get(me.body.data.default_calendar_id) as Json;
		assert.equal(own.type, 'UserCalendar');
		assert.equal(own.permission, 'owner');
		assert.equal(own.creator.id, 1);
		assert.equal((all.body.data as Json[]).filter((x) => x.type === 'AccountCalendar').length, 1);
		assert.ok(
			!all.body.data.some((x: Json) => x.name === 'Lucas Fischer'),
			'user 5 shares nothing',
		);
		const writeable = await c.get('/calendars.json?writeable=true&fields=name');
		const names = writeable.body.data.map((x: Json) => x.name);
		assert.ok(names.includes('Court Dates') && names.includes('Alex Morgan'));
		assert.ok(!names.includes('Firm Holidays') && !names.includes('Daniel Okafor'), 'viewer only');
		const mine = await c.get('/calendars.json?owner=true&fields=id');
		assert.deepEqual(
			mine.body.data.map((x: Json) => x.id).sort(),
			[me.body.data.default_calendar_id, (byName(all.body.data, 'Court Dates') as Json).id].sort(),
		);
		assert.equal((await c.get('/calendars/105.json')).status, 404, 'not shared');
		assert.equal(c.sandbox.log.violations().length, 0);
	});
});

function byName(list: Json[], name: string): Json | undefined {
	return list.find((x) => x.name === name);
}

describe('sandbox: calendar entries', () => {
	let c: Client;
	let courtDates: number;
	before(async () => {
		c = await openSandbox({ matters: 40 });
		const calendars = await c.get('/calendars.json?fields=id,name');
		courtDates = (byName(calendars.body.data, 'Court Dates') as Json).id;
	});
	after(() => c.sandbox.close());

	it('seeds hearings, meetings, deadlines and mediations around today', async () => {
		const hearings = await c.get(
			`/calendar_entries.json?calendar_id=${courtDates}&query=Hearing&fields=summary,location,calendar_owner{id}`,
		);
		assert.ok(hearings.body.data.length >= 20);
		assert.ok(hearings.body.data.every((e: Json) => /Hearing/.test(e.summary)));
		const allDay = await c.get('/calendar_entries.json?is_all_day=true&fields=summary,all_day');
		assert.ok(allDay.body.data.length > 0);
		assert.ok(allDay.body.data.every((e: Json) => /^Filing deadline/.test(e.summary)));
		const now = new Date().toISOString();
		const upcoming = await c.get(`/calendar_entries.json?from=${now}&fields=end_at`);
		const past = await c.get(`/calendar_entries.json?to=${now}&fields=start_at`);
		assert.ok(upcoming.body.meta.records > 0 && past.body.meta.records > 0);
	});

	it('creates a hearing on a calendar, with string ids, and finds it by date range, matter and search', async () => {
		const created = await c.post(`/calendar_entries.json?fields=${ENTRY}`, {
			data: {
				summary: 'Hearing: Motion to Compel',
				start_at: '2031-03-04T09:30:00-05:00',
				end_at: '2031-03-04T10:30:00-05:00',
				location: 'Courtroom 7',
				calendar_owner: { id: courtDates },
				matter: { id: 3 },
				attendees: [
					{ id: 101, type: 'Calendar' },
					{ id: 7, type: 'Contact' },
				],
			},
		});
		assert.equal(created.status, 201, JSON.stringify(created.body));
		const entry = created.body.data;
		assert.equal(typeof entry.id, 'string');
		assert.equal(entry.start_at, '2031-03-04T14:30:00Z');
		assert.equal(entry.calendar_owner.id, courtDates);
		assert.deepEqual(
			entry.attendees.map((a: Json) => [a.type, a.id]),
			[
				['Calendar', 101],
				['Contact', 7],
			],
		);
		assert.deepEqual(entry.calendars.map((x: Json) => x.id).sort(), [101, courtDates].sort());
		const inRange = await c.get(
			'/calendar_entries.json?from=2031-03-04T00:00:00Z&to=2031-03-04T23:59:59Z&fields=id',
		);
		assert.deepEqual(inRange.body.data, [{ id: entry.id }]);
		const outside = await c.get(
			'/calendar_entries.json?from=2031-03-05T00:00:00Z&to=2031-03-06T00:00:00Z&fields=id',
		);
		assert.deepEqual(outside.body.data, []);
		const byAttendee = await c.get('/calendar_entries.json?calendar_id=101&query=Compel&fields=id');
		assert.deepEqual(byAttendee.body.data, [{ id: entry.id }]);
		const byMatter = await c.get('/calendar_entries.json?matter_id=3&query=compel&fields=id');
		assert.deepEqual(byMatter.body.data, [{ id: entry.id }]);
		const shown = await c.get(`/calendar_entries/${entry.id}.json?fields=summary`);
		assert.equal(shown.body.data.summary, 'Hearing: Motion to Compel');
		assert.equal(c.sandbox.log.violations().length, 0);
	});

	it('refuses an end before the start, an unknown calendar and a calendar the user only views', async () => {
		const base = { summary: 'x', start_at: '2031-01-01T10:00:00Z', end_at: '2031-01-01T11:00:00Z' };
		const backwards = await c.post('/calendar_entries.json', {
			data: { ...base, end_at: '2031-01-01T09:00:00Z', calendar_owner: { id: courtDates } },
		});
		assert.equal(backwards.status, 422);
		assert.match(backwards.body.error.message, /End at must be after start at/);
		const unknown = await c.post('/calendar_entries.json', {
			data: { ...base, calendar_owner: { id: 9999 } },
		});
		assert.equal(unknown.status, 422);
		assert.match(unknown.body.error.message, /Calendar owner must exist/);
		const viewer = await c.post('/calendar_entries.json', {
			data: { ...base, calendar_owner: { id: 103 } },
		});
		assert.equal(viewer.status, 403);
		const noCalendar = await c.post('/calendar_entries.json', { data: base });
		assert.equal(noCalendar.status, 422, 'calendar_owner is required by the spec');
		assert.equal(c.sandbox.log.violations().length, 1, 'only the body without calendar_owner');
	});

	it('moves a date before 1900 to 1900, updates and deletes; a deleted entry is 404', async () => {
		const old = await c.post('/calendar_entries.json?fields=id,start_at,end_at', {
			data: {
				summary: 'Archive date',
				start_at: '1850-06-01T12:00:00Z',
				end_at: '1850-06-01T13:00:00Z',
				calendar_owner: { id: 101 },
			},
		});
		assert.equal(old.body.data.start_at, '1900-06-01T12:00:00Z');
		const id = old.body.data.id as string;
		const moved = await c.patch(
			`/calendar_entries/${id}.json?fields=summary,end_at,attendees{id}`,
			{
				data: {
					summary: 'Renamed',
					end_at: '1900-06-01T15:00:00Z',
					attendees: [{ id: 7, type: 'Contact' }],
				},
			},
		);
		assert.equal(moved.status, 200);
		assert.equal(moved.body.data.end_at, '1900-06-01T15:00:00Z');
		assert.deepEqual(moved.body.data.attendees, [{ id: 7 }]);
		const backwards = await c.patch(`/calendar_entries/${id}.json`, {
			data: { end_at: '1900-06-01T11:00:00Z' },
		});
		assert.equal(backwards.status, 422, 'checked against the stored start');
		assert.equal((await c.del(`/calendar_entries/${id}.json`)).status, 204);
		assert.equal((await c.get(`/calendar_entries/${id}.json`)).status, 404);
		assert.equal((await c.del(`/calendar_entries/${id}.json`)).status, 404);
	});
});

describe('sandbox: time entries and expenses', () => {
	let c: Client;
	before(async () => {
		c = await openSandbox({ matters: 40 });
	});
	after(() => c.sandbox.close());

	async function description(name: string): Promise<number> {
		const all = await c.get('/activity_descriptions.json?fields=id,name');
		return (byName(all.body.data, name) as Json).id;
	}

	it('counts a time entry’s quantity in seconds from API version 4.0.4; older versions are gone', async () => {
		assert.equal(quantityUnit('4.0.3'), 'hours');
		assert.equal(quantityUnit('4.0.4'), 'seconds');
		assert.equal(quantityUnit('4.0.10'), 'seconds');
		assert.equal(quantityUnit(undefined), 'seconds');
		const body = {
			data: { type: 'TimeEntry', date: '2026-03-02', quantity: 5400, matter: { id: 2 } },
		};
		const gone = await c.call('POST', '/activities.json', body, { 'X-API-VERSION': '4.0.3' });
		assert.equal(gone.status, 410);
		for (const version of ['4.0.4', '4.0.9']) {
			const res = await c.call('POST', `/activities.json?fields=${ACTIVITY}`, body, {
				'X-API-VERSION': version,
			});
			assert.equal(res.status, 201);
			assert.equal(res.body.data.quantity, 5400);
			assert.equal(res.body.data.quantity_in_hours, 1.5);
		}
		// The trap: hours sent as if they were still hours are taken as seconds.
		const mistaken = await c.post(`/activities.json?fields=${ACTIVITY}`, {
			data: { type: 'TimeEntry', date: '2026-03-02', quantity: 1.5, matter: { id: 2 } },
		});
		assert.equal(mistaken.body.data.quantity, 1.5);
		assert.equal(mistaken.body.data.quantity_in_hours, 1.5 / 3600);
		assert.equal(mistaken.body.data.rounded_quantity_in_hours, 0.1, 'billed as one increment');
	});

	it('prices time from the billing code or the user, rounds to the increment, flat rates fixed', async () => {
		const user = await c.post(`/activities.json?fields=${ACTIVITY}`, {
			data: {
				type: 'TimeEntry',
				date: '2026-03-02',
				quantity: 1000,
				user: { id: 2 },
				note: 'Call',
			},
		});
		assert.equal(user.body.data.price, 325, 'user 2’s rate');
		assert.equal(user.body.data.rounded_quantity_in_hours, 0.3);
		assert.equal(user.body.data.total, 97.5);
		const court = await c.post(`/activities.json?fields=${ACTIVITY}`, {
			data: {
				type: 'TimeEntry',
				date: '2026-03-02',
				quantity: 7200,
				activity_description: { id: await description('Court Appearance') },
			},
		});
		assert.equal(court.body.data.price, 450);
		assert.equal(court.body.data.total, 900);
		assert.equal(court.body.data.user.id, 1, 'the requesting user by default');
		const flat = await c.post(`/activities.json?fields=${ACTIVITY}`, {
			data: {
				type: 'TimeEntry',
				date: '2026-03-02',
				quantity: 9000,
				activity_description: { id: await description('Will Package') },
			},
		});
		assert.equal(flat.body.data.flat_rate, true);
		assert.equal(flat.body.data.total, 1200);
		const custom = await c.post(`/activities.json?fields=${ACTIVITY}`, {
			data: {
				type: 'TimeEntry',
				date: '2026-03-02',
				quantity: 3600,
				price: 200,
				non_billable: true,
			},
		});
		assert.equal(custom.body.data.total, 0);
		assert.equal(custom.body.data.non_billable_total, 200);
	});

	it('prices expenses per unit, from the category when not given; refuses one without any price', async () => {
		const categories = await c.get('/expense_categories.json?fields=id,name');
		const courier = (byName(categories.body.data, 'Courier') as Json).id;
		const filing = (byName(categories.body.data, 'Court Filing Fee') as Json).id;
		const fromCategory = await c.post(`/activities.json?fields=${ACTIVITY}`, {
			data: {
				type: 'ExpenseEntry',
				date: '2026-03-02',
				quantity: 2,
				expense_category: { id: courier },
			},
		});
		assert.equal(fromCategory.status, 201);
		assert.equal(fromCategory.body.data.price, 45);
		assert.equal(fromCategory.body.data.total, 90);
		assert.equal(fromCategory.body.data.quantity_in_hours, null);
		const typed = await c.post(`/activities.json?fields=${ACTIVITY}`, {
			data: {
				type: 'ExpenseEntry',
				date: '2026-03-02',
				quantity: 1,
				price: 350.5,
				expense_category: { id: filing },
			},
		});
		assert.equal(typed.body.data.total, 350.5);
		const none = await c.post('/activities.json', {
			data: { type: 'ExpenseEntry', date: '2026-03-02', expense_category: { id: filing } },
		});
		assert.equal(none.status, 422);
		assert.match(none.body.error.message, /Price can't be blank/);
		const nonBillable = await c.post('/activities.json', {
			data: { type: 'ExpenseEntry', date: '2026-03-02', price: 5, non_billable: true },
		});
		assert.equal(nonBillable.status, 422, 'non_billable is for time entries');
	});

	it('filters by matter, user, type, day range, search and billing status', async () => {
		const seeded = [...c.sandbox.store.table('activities').values()];
		const matterId = seeded[0].matter_id as number;
		const res = await c.get(
			`/activities.json?matter_id=${matterId}&type=TimeEntry&fields=type,matter{id}`,
		);
		assert.ok(res.body.data.length > 0);
		assert.ok(res.body.data.every((a: Json) => a.type === 'TimeEntry' && a.matter.id === matterId));
		const days = await c.get(
			'/activities.json?start_date=2026-01-01&end_date=2026-01-31&user_id=2&fields=date,user{id}',
		);
		assert.ok(days.body.data.every((a: Json) => a.date >= '2026-01-01' && a.date <= '2026-01-31'));
		assert.ok(days.body.data.every((a: Json) => a.user.id === 2));
		const expected: Record<string, (a: Json) => boolean> = {
			billed: (a) => ['awaiting_payment', 'paid'].includes(a.bill_state),
			draft: (a) => a.bill_state === 'draft',
			unbilled: (a) => a.bill_state === null && !a.non_billable && !a.written_off,
			non_billable: (a) => a.non_billable,
			written_off: (a) => a.written_off,
		};
		for (const [status, matches] of Object.entries(expected)) {
			const listed = await c.get(`/activities.json?status=${status}&limit=200&fields=id`);
			assert.equal(listed.body.meta.records, seeded.filter(matches).length, status);
			assert.ok(listed.body.meta.records > 0, `the seed has ${status} activities`);
		}
		const billed = await c.get('/activities.json?status=billed&limit=5&fields=billed,on_bill');
		assert.ok(billed.body.data.every((a: Json) => a.billed && a.on_bill));
		const search = await c.get('/activities.json?query=hearing&fields=note');
		assert.ok(
			search.body.data.length > 0 && search.body.data.every((a: Json) => /hearing/i.test(a.note)),
		);
		const wrong = await c.get('/activities.json?status=paid');
		assert.equal(wrong.status, 400, 'outside the spec’s enum');
	});

	it('updates, recalculates the rate on a new billing code, refuses non_billable once billed, deletes', async () => {
		const created = await c.post('/activities.json?fields=id,price', {
			data: { type: 'TimeEntry', date: '2026-03-02', quantity: 1800, user: { id: 3 } },
		});
		const id = created.body.data.id as number;
		assert.equal(created.body.data.price, 300);
		const moved = await c.patch(`/activities/${id}.json?fields=price,quantity,note`, {
			data: {
				activity_description: { id: await description('Travel') },
				quantity: 2700,
				note: 'Drive',
			},
		});
		assert.deepEqual(moved.body.data, { price: 150, quantity: 2700, note: 'Drive' });
		const billed = [...c.sandbox.store.table('activities').values()].find(
			(a) => a.bill_state === 'paid' && a.type === 'TimeEntry',
		) as Json;
		const locked = await c.patch(`/activities/${billed.id}.json`, { data: { non_billable: true } });
		assert.equal(locked.status, 422);
		assert.equal((await c.del(`/activities/${id}.json`)).status, 204);
		assert.equal((await c.get(`/activities/${id}.json`)).status, 404);
		assert.equal((await c.del(`/activities/${id}.json`)).status, 404);
		const unknownMatter = await c.post('/activities.json', {
			data: { type: 'TimeEntry', date: '2026-03-02', matter: { id: 999999 } },
		});
		assert.equal(unknownMatter.status, 422);
		assert.deepEqual(
			c.sandbox.log
				.violations()
				.map((entry) => entry.status)
				.sort(),
			[400, 410],
			'only the request with version 4.0.3 and the one with a status outside the enum',
		);
	});
});
