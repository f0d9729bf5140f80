// The Clio Trigger's time entry / expense and calendar entry events: one request per idle poll,
// each new or changed record once (also across a restart), the latest record as the test event,
// and webhook deliveries of these records shaped like the polling output.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { IDataObject } from 'n8n-workflow';

import { ACTIVITY_FIELDS, CALENDAR_ENTRY_FIELDS } from '../../../nodes/Clio/clio/fields.ts';
import {
	activatePolling,
	apiRequests,
	clio,
	deliver,
	hook,
	poll,
	pollingParams,
	triggerBed,
} from './bed.mts';

const bed = triggerBed(200);

const params = pollingParams;
const activate = (event: string, extra: IDataObject = {}) => activatePolling(bed, event, extra);

async function logTime(quantity: number, note: string): Promise<IDataObject> {
	const { data } = await clio<{ data: IDataObject }>(bed, 'POST', '/activities.json', {
		type: 'TimeEntry',
		date: '2026-03-02',
		quantity,
		note,
		matter: { id: 5 },
	});
	return data;
}

async function recordExpense(note: string): Promise<IDataObject> {
	const { data } = await clio<{ data: IDataObject }>(bed, 'POST', '/activities.json', {
		type: 'ExpenseEntry',
		date: '2026-03-02',
		price: 12.5,
		quantity: 4,
		note,
		matter: { id: 5 },
	});
	return data;
}

async function bookEntry(summary: string, calendarId = 101): Promise<IDataObject> {
	const { data } = await clio<{ data: IDataObject }>(bed, 'POST', '/calendar_entries.json', {
		summary,
		start_at: '2031-05-04T09:00:00-04:00',
		end_at: '2031-05-04T10:00:00-04:00',
		calendar_owner: { id: calendarId },
	});
	return data;
}

function topLevel(fields: string): string[] {
	return fields.replace(/\{[^}]*\}/g, '').split(',');
}

describe('Clio Trigger polling: cost of the time and calendar events', () => {
	for (const [event, path] of [
		['newActivity', '/api/v4/activities.json'],
		['calendarEntryCreatedOrUpdated', '/api/v4/calendar_entries.json'],
	] as const) {
		it(`${event}: an idle poll is exactly one request`, async () => {
			const staticData = await activate(event);
			bed.sandbox.log.clear();
			assert.equal(await poll(bed, params(event), staticData), null);
			const requests = apiRequests(bed);
			assert.equal(requests.length, 1);
			assert.equal(requests[0].path, path);
			assert.ok(requests[0].query.updated_since, 'one global updated_since cursor');
			assert.equal(requests[0].query.limit, '200');
		});
	}
});

describe('Clio Trigger polling: New Time Entry or Expense', () => {
	it('reports new time entries and expenses once, with hours next to Clio’s seconds', async () => {
		const staticData = await activate('newActivity');
		const time = await logTime(5400, 'Drafted the motion');
		const expense = await recordExpense('Certified copies');
		const seeded = [...bed.sandbox.store.table('activities').values()][3];
		await clio(bed, 'PATCH', `/activities/${seeded.id}.json`, { note: 'Edited, not new' });
		bed.sandbox.log.clear();
		const items = (await poll(bed, params('newActivity'), staticData)) ?? [];
		assert.deepEqual(
			items.map((item) => [item.id, item.event]),
			[
				[time.id, 'newTimeEntry'],
				[expense.id, 'newExpenseEntry'],
			],
		);
		assert.equal(items[0].quantity, 5400);
		assert.equal(items[0].quantity_in_hours, 1.5);
		assert.equal(items[1].total, 50);
		assert.deepEqual(Object.keys(items[0]).sort(), [...topLevel(ACTIVITY_FIELDS), 'event'].sort());
		const [request] = apiRequests(bed);
		assert.equal(request.query.order, 'updated_at(asc)');
		assert.equal(request.query.fields, ACTIVITY_FIELDS);
		await clio(bed, 'PATCH', `/activities/${String(time.id)}.json`, { note: 'Drafted and filed' });
		assert.equal(await poll(bed, params('newActivity'), staticData), null, 'reported once only');
	});

	it('reports only time entries, or only expenses, when asked', async () => {
		const timeOnly = await activate('newActivity', { entryKind: 'time' });
		const expensesOnly = await activate('newActivity', { entryKind: 'expense' });
		const time = await logTime(1800, 'Call with client');
		const expense = await recordExpense('Courier');
		bed.sandbox.log.clear();
		const times = await poll(bed, params('newActivity', { entryKind: 'time' }), timeOnly);
		assert.deepEqual(
			times?.map((item) => item.id),
			[time.id],
		);
		assert.equal(apiRequests(bed)[0].query.type, 'TimeEntry', 'Clio filters time entries');
		const expenses = await poll(bed, params('newActivity', { entryKind: 'expense' }), expensesOnly);
		assert.deepEqual(
			expenses?.map((item) => [item.id, item.event]),
			[[expense.id, 'newExpenseEntry']],
		);
	});

	it('loses nothing while n8n is stopped and reports nothing twice after a restart', async () => {
		const staticData = await activate('newActivity');
		const before = await logTime(600, 'Before the stop');
		assert.deepEqual(
			(await poll(bed, params('newActivity'), staticData))?.map((item) => item.id),
			[before.id],
		);
		const saved = JSON.parse(JSON.stringify(staticData)) as IDataObject;
		const during = await logTime(900, 'While stopped');
		const restarted = await poll(bed, params('newActivity'), saved, { activation: 'init' });
		assert.deepEqual(
			restarted?.map((item) => item.id),
			[during.id],
		);
		assert.equal(await poll(bed, params('newActivity'), saved, { activation: 'init' }), null);
	});

	it('"Fetch Test Event" returns the newest entry of the chosen kind, leaving the cursor alone', async () => {
		const staticData = await activate('newActivity');
		const savedState = JSON.stringify(staticData);
		const expense = await recordExpense('Newest expense');
		const time = await logTime(3600, 'Newest time');
		const [sample] = (await poll(bed, params('newActivity'), staticData, { mode: 'manual' })) ?? [];
		assert.deepEqual(
			[sample.id, sample.event, sample.quantity_in_hours],
			[time.id, 'newTimeEntry', 1],
		);
		const [expenseSample] =
			(await poll(bed, params('newActivity', { entryKind: 'expense' }), {}, { mode: 'manual' })) ??
			[];
		assert.deepEqual([expenseSample.id, expenseSample.event], [expense.id, 'newExpenseEntry']);
		assert.equal(JSON.stringify(staticData), savedState);
	});
});

describe('Clio Trigger polling: Calendar Entry Created or Updated', () => {
	it('reports a booked entry as created and a changed one as updated, each once', async () => {
		const staticData = await activate('calendarEntryCreatedOrUpdated');
		const booked = await bookEntry('Hearing: Motion in Limine');
		const seeded = [...bed.sandbox.store.table('calendar_entries').values()][10];
		await clio(bed, 'PATCH', `/calendar_entries/${seeded.id}.json`, { location: 'Courtroom 12' });
		const items = (await poll(bed, params('calendarEntryCreatedOrUpdated'), staticData)) ?? [];
		assert.deepEqual(
			items.map((item) => [item.id, item.event]),
			[
				[String(seeded.id), 'calendarEntryUpdated'],
				[booked.id, 'calendarEntryCreated'],
			],
		);
		assert.equal(items[0].location, 'Courtroom 12');
		assert.deepEqual(
			Object.keys(items[1]).sort(),
			[...topLevel(CALENDAR_ENTRY_FIELDS), 'event'].sort(),
		);
		assert.equal(await poll(bed, params('calendarEntryCreatedOrUpdated'), staticData), null);
		await clio(bed, 'PATCH', `/calendar_entries/${String(booked.id)}.json`, {
			summary: 'Hearing moved',
		});
		const moved = await poll(bed, params('calendarEntryCreatedOrUpdated'), staticData);
		assert.deepEqual(
			moved?.map((item) => [item.id, item.event, item.summary]),
			[[booked.id, 'calendarEntryUpdated', 'Hearing moved']],
		);
	});

	it('watches one calendar when one is chosen', async () => {
		const court = [...bed.sandbox.store.table('calendars').values()].find(
			(c) => c.name === 'Court Dates',
		);
		assert.ok(court);
		const chosen = { calendarId: { __rl: true, mode: 'id', value: String(court.id) } };
		const staticData = await activate('calendarEntryCreatedOrUpdated', chosen);
		await bookEntry('Client meeting', 101);
		const hearing = await bookEntry('Hearing: Status Conference', court.id as number);
		bed.sandbox.log.clear();
		const items =
			(await poll(bed, params('calendarEntryCreatedOrUpdated', chosen), staticData)) ?? [];
		const ids = items.map((item) => item.id);
		assert.ok(ids.includes(hearing.id), 'the hearing on Court Dates');
		assert.ok(
			items.every((item) => (item.calendar_owner as IDataObject).id === court.id),
			'nothing from other calendars',
		);
		assert.equal(apiRequests(bed)[0].query.calendar_id, String(court.id));
		await assert.rejects(
			poll(
				bed,
				params('calendarEntryCreatedOrUpdated', {
					calendarId: { __rl: true, mode: 'id', value: 'court' },
				}),
				{},
			),
			/Calendar: "court" is not a Clio ID/,
		);
	});

	it('a poll out of budget stops after a page and the next poll carries on, each change once', async () => {
		const staticData = await activate('calendarEntryCreatedOrUpdated');
		const calendars = bed.sandbox.store.table('calendars');
		const writable = (calendarId: number) => {
			const calendar = calendars.get(calendarId);
			return calendar?.owner_id === 1 || calendar?.shares['1'] === 'editor';
		};
		const ids = [...bed.sandbox.store.table('calendar_entries').values()]
			.filter((entry) => writable(entry.calendar_id))
			.slice(0, 150)
			.map((entry) => entry.id as number);
		assert.equal(ids.length, 150);
		for (const id of ids) {
			await clio(bed, 'PATCH', `/calendar_entries/${id}.json`, { description: `Batch ${id}` });
		}
		const booked: string[] = [];
		for (let i = 0; i < 80; i++) booked.push(String((await bookEntry(`Batch booking ${i}`)).id));
		const { PollContext } = await import('n8n-core');
		Object.defineProperty(PollContext.prototype, 'getPollBudgetMs', {
			configurable: true,
			get: () => () => 0,
			set: () => {},
		});
		const seen: string[] = [];
		try {
			for (let tick = 0; tick < 4; tick++) {
				const items = (await poll(bed, params('calendarEntryCreatedOrUpdated'), staticData)) ?? [];
				if (tick === 0) assert.equal(items.length, 200, 'one page per poll');
				seen.push(...items.map((item) => String(item.id)));
			}
		} finally {
			delete (PollContext.prototype as unknown as Record<string, unknown>).getPollBudgetMs;
		}
		assert.equal(new Set(seen).size, seen.length, 'no change reported twice');
		assert.ok(
			ids.every((id) => seen.includes(String(id))),
			'every changed entry',
		);
		assert.ok(
			booked.every((id) => seen.includes(id)),
			'every booked entry',
		);
	});

	it('"Fetch Test Event" returns the latest changed entry, leaving the cursor alone', async () => {
		const staticData = await activate('calendarEntryCreatedOrUpdated');
		const savedState = JSON.stringify(staticData);
		const booked = await bookEntry('Newest booking');
		const [sample] =
			(await poll(bed, params('calendarEntryCreatedOrUpdated'), staticData, { mode: 'manual' })) ??
			[];
		assert.deepEqual([sample.id, sample.event], [booked.id, 'calendarEntryCreated']);
		assert.equal(JSON.stringify(staticData), savedState);
	});
});

describe('Clio Trigger webhook: time entries and calendar entries shaped like polling', () => {
	for (const [model, fields, create] of [
		['activity', ACTIVITY_FIELDS, () => logTime(5400, 'Webhook time')],
		['calendar_entry', CALENDAR_ENTRY_FIELDS, () => bookEntry('Webhook hearing')],
	] as const) {
		it(`${model}: a delivery carries the polling event’s fields`, async () => {
			const parameters = {
				mode: 'webhook',
				model,
				events: ['created', 'updated'],
				watchedFieldList: [],
				webhookOptions: {},
			};
			const staticData: IDataObject = {};
			await hook(bed, 'create', parameters, staticData);
			const webhookId = Number((staticData.webhook as IDataObject).webhookId);
			assert.equal(bed.sandbox.store.table('webhooks').get(webhookId)?.fields, fields);
			bed.sandbox.webhooks.activate(webhookId);
			const from = bed.sandbox.webhooks.deliveries.length;
			const record = await create();
			await bed.sandbox.webhooks.settled();
			const sent = bed.sandbox.webhooks.deliveries
				.slice(from)
				.find((attempt) => attempt.kind === 'event');
			assert.ok(sent, 'Clio sent the event');
			const run = await deliver(bed, parameters, staticData, sent);
			const item = run.result.workflowData?.[0][0].json as IDataObject;
			assert.equal(item.id, record.id);
			assert.equal(item.event, 'created');
			assert.deepEqual(
				Object.keys(item)
					.filter((key) => !['event', 'model', 'webhook_id'].includes(key))
					.sort(),
				topLevel(fields).sort(),
			);
			if (model === 'activity') assert.equal(item.quantity_in_hours, 1.5);
			await hook(bed, 'delete', parameters, staticData);
		});
	}
});
