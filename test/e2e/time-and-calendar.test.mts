// Time entries and calendar entries in a real n8n: a workflow logs 1 h 30 min typed as "1:30" on
// a matter and reads it back as Clio's 5,400 seconds and 1.5 hours; another books a hearing at a
// time given in the firm's time zone and finds it again by date range.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import type { Rec } from '../sandbox/store.mts';
import {
	chain,
	executionError,
	manualTrigger,
	n8nUnderTest,
	nodeOutput,
	clioNode as sandboxClioNode,
	sandboxedN8n,
} from './harness/index.mts';

const byId = (value: number | string) => ({ __rl: true, mode: 'id', value: String(value) });

describe(`time entries and calendar entries on ${n8nUnderTest()}`, () => {
	const bed = sandboxedN8n({ matters: 30 });

	function clioNode(name: string, parameters: Record<string, unknown>) {
		return sandboxClioNode(bed.credential, name, parameters);
	}

	function apiCalls(method: string, path: string) {
		return bed.sandbox.log.entries.filter(
			(entry) => entry.kind === 'api' && entry.method === method && entry.path === path,
		);
	}

	test('a workflow logs 1:30 on a matter and reads it back as 5,400 seconds and 1.5 hours', async () => {
		bed.sandbox.log.clear();
		const matter = bed.sandbox.store.matters.get(7) as Rec;
		const workflow = chain('log time', [
			manualTrigger(),
			clioNode('Log Time', {
				resource: 'activity',
				operation: 'createTimeEntry',
				matterId: byId(matter.id),
				duration: '1:30',
				note: 'Prepared the witness for the deposition',
				date: '2026-03-02T00:00:00',
				additionalFields: {},
			}),
			clioNode('Read Back', {
				resource: 'activity',
				operation: 'get',
				activityId: byId('={{ $json.id }}'),
			}),
		]);
		const { id } = await bed.n8n.createWorkflow(workflow);
		const execution = await bed.n8n.runManually(id);
		assert.equal(execution.status, 'success', executionError(execution));

		const [logged] = nodeOutput(execution, 'Log Time');
		assert.equal(logged.quantity, 5400);
		assert.equal(logged.quantity_in_hours, 1.5);
		const [read] = nodeOutput(execution, 'Read Back');
		assert.equal(read.id, logged.id);
		assert.equal(read.quantity, 5400, 'Clio’s seconds');
		assert.equal(read.quantity_in_hours, 1.5, 'the same time in hours');
		assert.equal(read.type, 'TimeEntry');
		assert.deepEqual(read.matter, { id: matter.id, display_number: matter.display_number });

		const [post] = apiCalls('POST', '/api/v4/activities.json');
		assert.equal((post.body as { data: Record<string, unknown> }).data.quantity, 5400);
		assert.equal(post.headers['x-api-version'], '4.0.9');
		assert.equal(bed.sandbox.store.table('activities').get(Number(logged.id))?.quantity, 5400);
		assert.equal(apiCalls('GET', `/api/v4/activities/${String(logged.id)}.json`).length, 1);
		assert.deepEqual(bed.sandbox.log.violations(), []);
	});

	test('a workflow books a hearing in the firm’s time zone and finds it by date range', async () => {
		bed.sandbox.log.clear();
		const court = [...bed.sandbox.store.table('calendars').values()].find(
			(calendar) => calendar.name === 'Court Dates',
		) as Rec;
		const workflow = chain('book a hearing', [
			manualTrigger(),
			clioNode('Book Hearing', {
				resource: 'calendarEntry',
				operation: 'create',
				summary: 'Hearing: Motion to Suppress',
				startAt: '2031-09-15T09:30:00',
				endAt: '2031-09-15T11:00:00',
				allDay: false,
				timeZone: 'America/Chicago',
				calendarId: byId(court.id),
				matterId: byId(9),
				additionalFields: { location: 'District Court, Room 210', attendeeCalendars: [101] },
			}),
			clioNode('Find Hearings', {
				resource: 'calendarEntry',
				operation: 'getMany',
				returnAll: true,
				filters: {
					from: '2031-09-15T00:00:00',
					to: '2031-09-15T23:59:59',
					timeZone: 'America/Chicago',
				},
			}),
		]);
		const { id } = await bed.n8n.createWorkflow(workflow);
		const execution = await bed.n8n.runManually(id);
		assert.equal(execution.status, 'success', executionError(execution));

		const [booked] = nodeOutput(execution, 'Book Hearing');
		assert.equal(booked.start_at, '2031-09-15T14:30:00Z', '9:30 in Chicago (CDT, UTC−5)');
		assert.equal(booked.end_at, '2031-09-15T16:00:00Z');
		assert.deepEqual(booked.calendar_owner, {
			id: court.id,
			name: 'Court Dates',
			type: 'AdhocCalendar',
		});
		const found = nodeOutput(execution, 'Find Hearings');
		assert.deepEqual(
			found.map((entry) => [entry.id, entry.summary]),
			[[booked.id, 'Hearing: Motion to Suppress']],
		);

		const [post] = apiCalls('POST', '/api/v4/calendar_entries.json');
		const data = (post.body as { data: Record<string, unknown> }).data;
		assert.equal(data.start_at, '2031-09-15T09:30:00-05:00');
		assert.deepEqual(data.calendar_owner, { id: court.id });
		const [list] = apiCalls('GET', '/api/v4/calendar_entries.json');
		assert.equal(list.query.from, '2031-09-15T00:00:00-05:00');
		assert.equal(list.query.to, '2031-09-15T23:59:59-05:00');
		assert.deepEqual(bed.sandbox.log.violations(), []);
	});
});
