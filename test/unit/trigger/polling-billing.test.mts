import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { IDataObject } from 'n8n-workflow';

import { BILL_FIELDS, COMMUNICATION_FIELDS } from '../../../nodes/Clio/clio/fields.ts';
import { webhookModel } from '../../../nodes/Clio/trigger/webhook/models.ts';
import { activatePoll, apiRequests, clio, poll, triggerBed } from './bed.mts';

const bed = triggerBed(60);

const params = (event: string, extra: IDataObject = {}) => ({ mode: 'polling', event, ...extra });

const activate = (event: string, extra: IDataObject = {}) =>
	activatePoll(bed, params(event, extra));

/**
 * Waits past Clio's one-second timestamps, so each change lies after the last poll's cursor. Real
 * time, not the sandbox clock: these endpoints' cursors start from the trigger's own clock.
 */
async function tick(): Promise<void> {
	await new Promise((resolve) => setTimeout(resolve, 1100));
}

describe('Clio Trigger polling: Bill State Changed', () => {
	it('an idle poll is one request; activation learns the open bills once', async () => {
		const staticData: IDataObject = {};
		await poll(bed, params('billStateChanged'), staticData);
		const seeding = apiRequests(bed);
		assert.ok(seeding.some((request) => request.query.state === 'awaiting_payment'));
		bed.sandbox.log.clear();
		assert.equal(await poll(bed, params('billStateChanged'), staticData), null);
		const requests = apiRequests(bed);
		assert.equal(requests.length, 1);
		assert.equal(requests[0].path, '/api/v4/bills.json');
		assert.ok(requests[0].query.updated_since);
		assert.equal(requests[0].query.fields, BILL_FIELDS);
	});

	it('reports draft → awaiting payment → paid with the previous state, each once, also across a restart', async () => {
		const staticData = await activate('billStateChanged');
		await tick();
		const bill = bed.sandbox.bills.draftBill(5, 2400);
		assert.equal(
			await poll(bed, params('billStateChanged'), staticData),
			null,
			'a new draft is no state change',
		);

		await tick();
		bed.sandbox.bills.moveBill(bill.id, 'awaiting_payment');
		const saved = structuredClone(staticData);
		const sent = (await poll(bed, params('billStateChanged'), staticData)) ?? [];
		assert.deepEqual(
			sent.map((item) => [item.id, item.previous_state, item.state, item.event]),
			[[bill.id, 'draft', 'awaiting_payment', 'billStateChanged']],
		);
		assert.equal(await poll(bed, params('billStateChanged'), staticData), null, 'reported once');

		// n8n restarted from the data saved before that poll: the same change once more, not twice.
		const again =
			(await poll(bed, params('billStateChanged'), saved, { activation: 'init' })) ?? [];
		assert.deepEqual(
			again.map((item) => item.id),
			[bill.id],
		);

		await tick();
		bed.sandbox.bills.moveBill(bill.id, 'paid');
		const paid = (await poll(bed, params('billStateChanged'), staticData)) ?? [];
		assert.deepEqual(
			paid.map((item) => [item.previous_state, item.state, item.balance]),
			[['awaiting_payment', 'paid', 0]],
		);
	});

	it('a seeded bill already awaiting payment is known: paying it reports the previous state', async () => {
		const staticData = await activate('billStateChanged');
		const open = [...bed.sandbox.store.table('bills').values()].find(
			(b) => b.state === 'awaiting_payment',
		) as IDataObject;
		await tick();
		bed.sandbox.bills.moveBill(open.id as number, 'paid');
		const items = (await poll(bed, params('billStateChanged'), staticData)) ?? [];
		assert.deepEqual(
			items.map((item) => [item.id, item.previous_state]),
			[[open.id, 'awaiting_payment']],
		);
	});

	it('"Only Into States" skips other moves but still remembers them', async () => {
		const only = { billStates: ['paid'] };
		const staticData = await activate('billStateChanged', only);
		await tick();
		const bill = bed.sandbox.bills.draftBill(6, 900);
		await poll(bed, params('billStateChanged', only), staticData);
		await tick();
		bed.sandbox.bills.moveBill(bill.id, 'awaiting_payment');
		assert.equal(await poll(bed, params('billStateChanged', only), staticData), null);
		await tick();
		bed.sandbox.bills.moveBill(bill.id, 'paid');
		const items = (await poll(bed, params('billStateChanged', only), staticData)) ?? [];
		assert.deepEqual(
			items.map((item) => [item.id, item.previous_state, item.state]),
			[[bill.id, 'awaiting_payment', 'paid']],
		);
	});

	it('"Fetch Test Event" returns the latest bill and leaves the cursor alone', async () => {
		const staticData = await activate('billStateChanged');
		const before = structuredClone(staticData);
		const sample =
			(await poll(bed, params('billStateChanged'), staticData, { mode: 'manual' })) ?? [];
		assert.equal(sample.length, 1);
		assert.equal(sample[0].id, Math.max(...bed.sandbox.store.table('bills').keys()));
		assert.equal(sample[0].event, 'billStateChanged');
		assert.deepEqual(staticData, before);
	});
});

describe('Clio Trigger polling: New Communication', () => {
	const logCall = (subject: string) =>
		clio<{ data: IDataObject }>(bed, 'POST', '/communications.json', {
			type: 'PhoneCommunication',
			subject,
			body: 'Notes of the call.',
			received_at: bed.sandbox.clock.now().toISOString(),
			matter: { id: 3 },
		});

	it('emits each new email or call once, not edits of older ones, also across a restart', async () => {
		const staticData = await activate('newCommunication');
		bed.sandbox.log.clear();
		assert.equal(await poll(bed, params('newCommunication'), staticData), null);
		assert.equal(apiRequests(bed).length, 1, 'an idle poll is one request');

		await tick();
		const older = [...bed.sandbox.store.table('communications').keys()][0];
		await clio(bed, 'PATCH', `/communications/${older}.json`, { subject: 'Edited later' });
		const { data: call } = await logCall('Call with the court clerk');
		const saved = structuredClone(staticData);
		const items = (await poll(bed, params('newCommunication'), staticData)) ?? [];
		assert.deepEqual(
			items.map((item) => [item.id, item.event]),
			[[call.id, 'newCommunication']],
		);
		assert.deepEqual(
			Object.keys(items[0])
				.filter((key) => key !== 'event')
				.sort(),
			COMMUNICATION_FIELDS.replace(/\{[^}]*\}/g, '')
				.split(',')
				.sort(),
		);
		assert.equal(await poll(bed, params('newCommunication'), staticData), null, 'reported once');
		const restarted =
			(await poll(bed, params('newCommunication'), saved, { activation: 'init' })) ?? [];
		assert.deepEqual(
			restarted.map((item) => item.id),
			[call.id],
			'a poll not saved is repeated, once',
		);
	});

	it('"Fetch Test Event" returns the latest communication', async () => {
		const sample = (await poll(bed, params('newCommunication'), {}, { mode: 'manual' })) ?? [];
		assert.equal(sample[0].id, Math.max(...bed.sandbox.store.table('communications').keys()));
	});
});

describe('Clio Trigger webhook mode for bills and communications', () => {
	it('delivers and fetches the same fields as polling, so both modes give items of one shape', () => {
		for (const [model, fields] of [
			['bill', BILL_FIELDS],
			['communication', COMMUNICATION_FIELDS],
		]) {
			assert.equal(webhookModel(model)?.recordFields, fields, model);
			assert.equal(webhookModel(model)?.defaultFields, fields, model);
		}
	});
});
