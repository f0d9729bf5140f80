// Bills and contacts in a real n8n: a published polling trigger on Bill State Changed
// starts a workflow when a bill moves from draft to awaiting payment, with both states; Contact →
// Find or Create run twice with the same email leaves one contact.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
	chain,
	clioNode,
	EVERY_TEN_SECONDS,
	executionError,
	manualTrigger,
	n8nUnderTest,
	nodeOutput,
	pollUntil,
	sandboxedN8n,
} from './harness/index.mts';

const TRIGGER = 'Clio Trigger';

describe(`bills and contacts on ${n8nUnderTest()}`, () => {
	const bed = sandboxedN8n({ matters: 20 });

	/** The trigger's polls so far: each lists the bills changed since its cursor. */
	function polls(): number {
		return bed.sandbox.log.entries.filter(
			(entry) =>
				entry.kind === 'api' &&
				entry.path === '/api/v4/bills.json' &&
				entry.query.updated_since !== undefined &&
				entry.query.state === undefined,
		).length;
	}

	test('a bill moving from draft to awaiting payment starts the polling trigger with both states', async () => {
		const started = Date.now();
		const workflow = chain('bill state changes', [
			clioNode(
				bed.credential,
				TRIGGER,
				{
					pollTimes: EVERY_TEN_SECONDS,
					mode: 'polling',
					event: 'billStateChanged',
					billStates: [],
				},
				'clioTrigger',
			),
		]);
		const { id } = await bed.n8n.createWorkflow(workflow);
		await bed.n8n.publish(id);
		// The activation poll learnt the open bills and emitted nothing.
		assert.ok(
			bed.sandbox.log.entries.some(
				(entry) => entry.path === '/api/v4/bills.json' && entry.query.state === 'draft',
			),
			'the activation poll learnt the bills still open',
		);

		// A bill is drafted in Clio; the trigger sees it as a draft first (no event).
		const bill = bed.sandbox.bills.draftBill(2, 3250);
		const seenAt = polls();
		await pollUntil('a poll after the draft', 60_000, async () =>
			polls() > seenAt ? true : undefined,
		);
		assert.equal((await bed.n8n.executions(id)).length, 0, 'a new draft is no state change');

		bed.sandbox.bills.moveBill(bill.id, 'awaiting_payment');
		const execution = await pollUntil('the state change emitted', 60_000, async () => {
			const [first] = await bed.n8n.executions(id);
			return first && first.status !== 'running' && first.status !== 'new' ? first : undefined;
		});
		assert.equal(execution.status, 'success', executionError(execution));
		const items = nodeOutput(execution, TRIGGER);
		assert.deepEqual(
			items.map((item) => [item.id, item.event, item.previous_state, item.state]),
			[[bill.id, 'billStateChanged', 'draft', 'awaiting_payment']],
		);
		assert.equal(items[0].total, 3250);

		// Two more polls: the change is not emitted again.
		const after = polls();
		await pollUntil('two more polls', 60_000, async () =>
			polls() >= after + 2 ? true : undefined,
		);
		assert.equal((await bed.n8n.executions(id)).length, 1);
		assert.deepEqual(bed.sandbox.log.violations(), []);
		await bed.n8n.unpublish(id);
		console.log(`draft → awaiting payment emitted once in ${Date.now() - started} ms`);
	});

	test('Find or Create run twice with the same email creates one contact', async () => {
		bed.sandbox.log.clear();
		const email = 'new.client@example.com';
		const findOrCreate = (name: string) =>
			clioNode(bed.credential, name, {
				resource: 'contact',
				operation: 'findOrCreate',
				contactType: 'Person',
				email,
				firstName: 'Nina',
				lastName: 'Client',
				additionalFields: {},
			});
		const { id } = await bed.n8n.createWorkflow(
			chain('find or create a contact', [
				manualTrigger(),
				findOrCreate('Find or Create'),
				findOrCreate('Again'),
			]),
		);
		const first = await bed.n8n.runManually(id);
		assert.equal(first.status, 'success', executionError(first));
		const second = await bed.n8n.runManually(id);
		assert.equal(second.status, 'success', executionError(second));

		const outputs = [first, second].flatMap((execution) => [
			...nodeOutput(execution, 'Find or Create'),
			...nodeOutput(execution, 'Again'),
		]);
		assert.deepEqual(
			outputs.map((item) => [item.found, item.created]),
			[
				[false, true],
				[true, false],
				[true, false],
				[true, false],
			],
		);
		assert.equal(new Set(outputs.map((item) => item.id)).size, 1);
		const stored = [...bed.sandbox.store.contacts.values()].filter((contact) =>
			(contact.email_addresses as Array<{ address: string }>).some(
				(entry) => entry.address === email,
			),
		);
		assert.equal(stored.length, 1, 'one contact in Clio');
		assert.equal(bed.sandbox.log.entries.filter((entry) => entry.method === 'POST').length, 1);
		assert.deepEqual(bed.sandbox.log.violations(), []);
	});
});
