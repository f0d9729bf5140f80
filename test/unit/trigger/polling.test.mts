import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { IDataObject } from 'n8n-workflow';

import {
	activatePolling,
	apiRequests,
	clio,
	completeUpload,
	matterWithStages,
	otherStages,
	poll,
	pollingParams,
	startUpload,
	triggerBed,
	updateMatter,
	uploadDocument,
} from './bed.mts';

const bed = triggerBed(1000);

const EVENTS = [
	'newDocument',
	'matterStageChanged',
	'matterCreated',
	'matterUpdated',
	'matterStatusChanged',
	'contactCreatedOrUpdated',
	'taskCreatedOrCompleted',
	'billStateChanged',
	'newCommunication',
];

const params = pollingParams;
const activate = (event: string, extra: IDataObject = {}) => activatePolling(bed, event, extra);

function matterFolder(matterId: number): number {
	return bed.sandbox.store.matters.get(matterId)?.folder_id as number;
}

describe('Clio Trigger polling: cost', () => {
	for (const event of EVENTS) {
		it(`${event}: an idle poll over 1,000 matters is exactly one request`, async () => {
			const staticData = await activate(event);
			bed.sandbox.log.clear();
			assert.equal(await poll(bed, params(event), staticData), null);
			const requests = apiRequests(bed);
			assert.equal(requests.length, 1, requests.map((r) => r.path).join(', '));
			assert.ok(
				requests[0].query.updated_since,
				'a global updated_since cursor, not one request per matter',
			);
			assert.equal(requests[0].query.limit, '200');
		});
	}

	it('orders matters and documents by updated_at and pages 200 at a time', async () => {
		const staticData = await activate('matterUpdated');
		const ids = [...bed.sandbox.store.matters.keys()].slice(0, 450) as number[];
		for (const id of ids) await updateMatter(bed, id, { description: `Batch ${id}` });
		bed.sandbox.log.clear();
		const items = (await poll(bed, params('matterUpdated'), staticData)) ?? [];
		assert.deepEqual(items.map((item) => item.id).sort(), [...ids].sort());
		const requests = apiRequests(bed);
		assert.equal(requests.length, 3, '450 changed matters = 3 pages');
		assert.equal(requests[0].query.order, 'updated_at(asc)');
		assert.equal(await poll(bed, params('matterUpdated'), staticData), null, 'reported once');
	});
});

describe('Clio Trigger polling: matters', () => {
	it('the first poll only places the cursor, even when matters exist', async () => {
		const staticData: IDataObject = {};
		assert.equal(await poll(bed, params('matterUpdated'), staticData), null);
		assert.ok((staticData.polling as IDataObject).cursor);
	});

	it('a bulk change of more than a page just before activation is not reported afterwards', async () => {
		const { store } = bed.sandbox;
		for (const matter of [...store.matters.values()].slice(500, 900)) {
			store.update('matters', matter, (m) => (m.location = 'Bulk'));
		}
		const staticData = await activate('matterUpdated');
		assert.equal(await poll(bed, params('matterUpdated'), staticData), null);
	});

	it('reports a created matter once, and a later edit as an update', async () => {
		const created = await activate('matterCreated');
		const updated = await activate('matterUpdated');
		const client = [...bed.sandbox.store.contacts.keys()][0] as number;
		const { data } = await clio<{ data: IDataObject }>(bed, 'POST', '/matters.json', {
			client: { id: client },
			description: 'Brand new matter',
		});
		const first = await poll(bed, params('matterCreated'), created);
		assert.deepEqual(
			first?.map((m) => [m.id, m.event]),
			[[data.id, 'matterCreated']],
		);
		assert.equal(
			await poll(bed, params('matterUpdated'), updated),
			null,
			'a creation is not an update',
		);
		await updateMatter(bed, data.id as number, { description: 'Renamed' });
		assert.equal(await poll(bed, params('matterCreated'), created), null, 'created once only');
		const edits = await poll(bed, params('matterUpdated'), updated);
		assert.deepEqual(
			edits?.map((m) => [m.id, m.description, m.event]),
			[[data.id, 'Renamed', 'matterUpdated']],
		);
	});

	it('reports stage changes with the previous and the new stage, and filters by stage', async () => {
		const matterId = matterWithStages(bed);
		const [first, second] = otherStages(bed, matterId);
		const all = await activate('matterStageChanged');
		const onlySecond = await activate('matterStageChanged', { stages: [second] });

		await updateMatter(bed, matterId, { matter_stage: { id: first } });
		const [move] = (await poll(bed, params('matterStageChanged'), all)) ?? [];
		assert.equal(move.id, matterId);
		assert.deepEqual(move.matter_stage && (move.matter_stage as IDataObject).id, first);
		assert.equal(move.previous_matter_stage, null, 'a matter first seen: previous stage unknown');
		assert.equal(
			await poll(bed, params('matterStageChanged', { stages: [second] }), onlySecond),
			null,
		);

		await updateMatter(bed, matterId, { description: 'Not a stage change' });
		assert.equal(
			await poll(bed, params('matterStageChanged'), all),
			null,
			'other edits are not stage changes',
		);

		await updateMatter(bed, matterId, { matter_stage: { id: second } });
		const [again] = (await poll(bed, params('matterStageChanged'), all)) ?? [];
		assert.equal((again.previous_matter_stage as IDataObject).id, first);
		assert.equal((again.matter_stage as IDataObject).id, second);
		const [filtered] =
			(await poll(bed, params('matterStageChanged', { stages: [second] }), onlySecond)) ?? [];
		assert.equal((filtered.matter_stage as IDataObject).id, second);
		assert.equal((filtered.previous_matter_stage as IDataObject).id, first);
		assert.equal(await poll(bed, params('matterStageChanged'), all), null, 'reported once');
	});

	it('reports status changes with the previous status, filtered by status', async () => {
		const matterId = [...bed.sandbox.store.matters.values()].find((m) => m.status === 'open')
			?.id as number;
		const closedOnly = await activate('matterStatusChanged', { statuses: ['closed'] });
		await updateMatter(bed, matterId, { description: 'Still open' });
		assert.equal(
			await poll(bed, params('matterStatusChanged', { statuses: ['closed'] }), closedOnly),
			null,
		);
		await updateMatter(bed, matterId, { status: 'pending' });
		assert.equal(
			await poll(bed, params('matterStatusChanged', { statuses: ['closed'] }), closedOnly),
			null,
		);
		await updateMatter(bed, matterId, { status: 'closed' });
		const [closed] =
			(await poll(bed, params('matterStatusChanged', { statuses: ['closed'] }), closedOnly)) ?? [];
		assert.equal(closed.id, matterId);
		assert.equal(closed.status, 'Closed');
		assert.equal(closed.previous_status, 'Pending');
	});
});

describe('Clio Trigger polling: documents', () => {
	it('reports each new document once, including an upload finished after the cursor passed it', async () => {
		const staticData = await activate('newDocument');
		const folder = matterFolder(3);
		const early = await uploadDocument(bed, folder, 'Engagement letter.pdf');
		const late = await startUpload(bed, folder, 'Large scan.pdf');
		const first = await poll(bed, params('newDocument'), staticData);
		assert.deepEqual(
			first?.map((d) => [d.id, d.event]),
			[[early, 'newDocument']],
		);
		assert.equal(
			await poll(bed, params('newDocument'), staticData),
			null,
			'hidden while uploading',
		);

		await completeUpload(bed, late);
		const second = await poll(bed, params('newDocument'), staticData);
		assert.deepEqual(
			second?.map((d) => d.id),
			[late.id],
			'emitted once its upload completed',
		);

		await clio(bed, 'PATCH', `/documents/${early}.json`, {
			name: 'Engagement letter (signed).pdf',
		});
		assert.equal(
			await poll(bed, params('newDocument'), staticData),
			null,
			'a renamed document is not new',
		);
	});

	it('watches one matter or one folder', async () => {
		const matterOnly = await activate('newDocument', {
			documentScope: 'matter',
			matterId: { __rl: true, mode: 'id', value: '4' },
		});
		const folderOnly = await activate('newDocument', {
			documentScope: 'folder',
			folderId: String(matterFolder(5)),
		});
		const mine = await uploadDocument(bed, matterFolder(4), 'Matter 4.pdf');
		const other = await uploadDocument(bed, matterFolder(5), 'Matter 5.pdf');
		const forMatter = await poll(
			bed,
			params('newDocument', {
				documentScope: 'matter',
				matterId: { __rl: true, mode: 'id', value: '4' },
			}),
			matterOnly,
		);
		assert.deepEqual(
			forMatter?.map((d) => d.id),
			[mine],
		);
		const forFolder = await poll(
			bed,
			params('newDocument', { documentScope: 'folder', folderId: String(matterFolder(5)) }),
			folderOnly,
		);
		assert.deepEqual(
			forFolder?.map((d) => d.id),
			[other],
		);
		const requests = apiRequests(bed);
		assert.ok(requests.some((r) => r.query.matter_id === '4'));
		assert.ok(
			requests.some(
				(r) => r.query.parent_id === String(matterFolder(5)) && r.query.scope === 'descendants',
			),
		);
	});

	it('refuses a folder ID that is not a number, naming the field', async () => {
		await assert.rejects(
			poll(bed, params('newDocument', { documentScope: 'folder', folderId: 'abc' }), {}),
			/Folder ID: "abc" is not a Clio ID/,
		);
	});
});

describe('Clio Trigger polling: contacts and tasks', () => {
	it('reports contacts created or updated', async () => {
		const staticData = await activate('contactCreatedOrUpdated');
		const { data } = await clio<{ data: IDataObject }>(bed, 'POST', '/contacts.json', {
			type: 'Person',
			first_name: 'Ada',
			last_name: 'Byron',
		});
		const existing = [...bed.sandbox.store.contacts.keys()][2] as number;
		await clio(bed, 'PATCH', `/contacts/${existing}.json`, { title: 'Partner' });
		const items = (await poll(bed, params('contactCreatedOrUpdated'), staticData)) ?? [];
		assert.deepEqual(
			items.map((c) => [c.id, c.event]).sort(),
			[
				[data.id, 'contactCreated'],
				[existing, 'contactUpdated'],
			].sort(),
		);
		assert.equal(await poll(bed, params('contactCreatedOrUpdated'), staticData), null);
	});

	it('reports tasks created or completed, not other task edits', async () => {
		const staticData = await activate('taskCreatedOrCompleted');
		const open = [...bed.sandbox.store.table('tasks').values()].filter(
			(t) => t.status !== 'complete',
		);
		await clio(bed, 'PATCH', `/tasks/${open[0].id}.json`, { status: 'complete' });
		await clio(bed, 'PATCH', `/tasks/${open[1].id}.json`, { name: 'Renamed task' });
		const items = (await poll(bed, params('taskCreatedOrCompleted'), staticData)) ?? [];
		assert.deepEqual(
			items.map((t) => [t.id, t.event]),
			[[open[0].id, 'taskCompleted']],
		);
	});
});

describe('Clio Trigger polling: restarts and test events', () => {
	it('loses nothing while n8n is stopped and emits nothing twice after a restart', async () => {
		const staticData = await activate('matterUpdated');
		await updateMatter(bed, 10, { description: 'Before the stop' });
		assert.deepEqual(
			(await poll(bed, params('matterUpdated'), staticData))?.map((m) => m.id),
			[10],
		);
		// n8n stops; the saved static data survives; Clio changes meanwhile.
		const saved = JSON.parse(JSON.stringify(staticData)) as IDataObject;
		await updateMatter(bed, 11, { description: 'While stopped' });
		const restarted = await poll(bed, params('matterUpdated'), saved, { activation: 'init' });
		assert.deepEqual(
			restarted?.map((m) => m.id),
			[11],
		);
		assert.equal(await poll(bed, params('matterUpdated'), saved, { activation: 'init' }), null);
	});

	it('a poll that emitted nothing and was not saved changes nothing after a restart', async () => {
		const staticData = await activate('matterStageChanged');
		const matterId = matterWithStages(bed, [matterWithStages(bed)]);
		await updateMatter(bed, matterId, { description: 'Unrelated edit' });
		const lastSaved = JSON.parse(JSON.stringify(staticData)) as IDataObject;
		assert.equal(await poll(bed, params('matterStageChanged'), staticData), null);
		// n8n 2.41 may not save static data after a poll that returned nothing: restart from lastSaved.
		assert.equal(
			await poll(bed, params('matterStageChanged'), lastSaved, { activation: 'init' }),
			null,
		);
	});

	it('"Fetch Test Event" returns the latest matching record and leaves the cursor alone', async () => {
		const staticData = await activate('matterStageChanged');
		const before = JSON.stringify(staticData);
		const sample = await poll(bed, params('matterStageChanged'), staticData, { mode: 'manual' });
		assert.equal(sample?.length, 1);
		assert.equal(sample?.[0].event, 'matterStageChanged');
		assert.ok('previous_matter_stage' in (sample?.[0] ?? {}));
		assert.ok(sample?.[0].display_number);
		assert.equal(JSON.stringify(staticData), before);
		const documentSample = await poll(bed, params('newDocument'), {}, { mode: 'manual' });
		assert.equal(documentSample?.[0].event, 'newDocument');
	});
});

describe('Clio Trigger polling: poll budget', () => {
	// n8n-core's PollContext assigns getPollBudgetMs in its constructor; an accessor on the
	// prototype lets the test hand every poll a budget that is already spent.
	async function withSpentBudget<T>(work: () => Promise<T>): Promise<T> {
		const { PollContext } = await import('n8n-core');
		Object.defineProperty(PollContext.prototype, 'getPollBudgetMs', {
			configurable: true,
			get: () => () => 0,
			set: () => {},
		});
		try {
			return await work();
		} finally {
			delete (PollContext.prototype as unknown as Record<string, unknown>).getPollBudgetMs;
		}
	}

	for (const [event, table, change] of [
		['matterUpdated', 'matters', { description: 'Budget' }],
		['contactCreatedOrUpdated', 'contacts', { title: 'Budget' }],
	] as const) {
		it(`${event}: a poll out of budget stops after a page and the next poll carries on`, async () => {
			const staticData = await activate(event);
			const ids = ([...bed.sandbox.store.table(table).keys()] as number[]).slice(20, 250);
			for (const id of ids) await clio(bed, 'PATCH', `/${table}/${id}.json`, change);
			const seen: number[] = [];
			await withSpentBudget(async () => {
				for (let tick = 0; tick < 4; tick++) {
					const items = (await poll(bed, params(event), staticData)) ?? [];
					if (tick === 0) assert.ok(items.length > 0 && items.length <= 200, 'one page per poll');
					seen.push(...items.map((item) => item.id as number));
				}
			});
			// Earlier tests of this file change other records of the same table; any that count as
			// changed after this activation's cursor are reported as well, once.
			const others = seen.filter((id) => !ids.includes(id));
			assert.deepEqual(
				seen.filter((id) => ids.includes(id)).sort(),
				[...ids].sort(),
				'every change reported exactly once',
			);
			assert.equal(new Set(others).size, others.length, 'other changes reported once');
		});
	}
});
