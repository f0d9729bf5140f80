// The Clio Trigger's webhook mode in a real n8n (2.41.1, or 1.123.x with CLIO_N8N_LINE=1): publishing registers one Clio webhook at
// n8n's production address and the handshake enables it; matter stage changes start executions
// carrying the change and the previous stage (kept with the workflow, also over a restart); forged
// deliveries are refused and repeated ones run nothing; a restart keeps the one webhook;
// unpublishing deletes it.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import type { IDataObject } from 'n8n-workflow';

import { type Sandbox, startSandbox } from '../sandbox/index.mts';
import { signature } from '../sandbox/webhook-delivery.mts';
import {
	clio,
	matterWithStages,
	otherStages,
	type TriggerBed,
	updateMatter,
} from '../unit/trigger/bed.mts';
import {
	chain,
	stageChangeWebhookTrigger,
	createSandboxCredential,
	executionError,
	type Execution,
	type N8n,
	nodeOutput,
	pollUntil,
	type SandboxCredential,
	startN8n,
	n8nUnderTest,
} from './harness/index.mts';

const REPO_ROOT = join(import.meta.dirname, '..', '..');
const TRIGGER = 'Clio Trigger';

describe(`Clio Trigger webhook mode on ${n8nUnderTest()}`, () => {
	let sandbox: Sandbox;
	let n8n: N8n;
	let bed: TriggerBed;
	let credential: SandboxCredential;
	let workflowId: string;
	let hookUrl: string;
	let webhookId: number;
	let matterId: number;
	let stages: number[];

	before(async () => {
		sandbox = await startSandbox({ matters: 20, quiet: true });
		n8n = await startN8n({ packageDir: REPO_ROOT });
		console.log(`n8n ready in ${n8n.startupMs} ms`);
		credential = await createSandboxCredential(n8n, sandbox);
		// The bed's Clio helpers need only the sandbox and a token.
		bed = { sandbox, token: credential.tokens.access_token } as TriggerBed;
		matterId = matterWithStages(bed);
		stages = otherStages(bed, matterId);
	});

	after(async () => {
		await n8n?.stop();
		await sandbox?.close();
	});

	/** The webhooks Clio has, as its API lists them. */
	async function clioWebhooks(): Promise<IDataObject[]> {
		const listed = await clio<{ data: IDataObject[] }>(
			bed,
			'GET',
			'/webhooks.json',
			undefined,
			'?fields=id,url,model,events,status,expires_at',
		);
		return listed.data;
	}

	async function assertOneEnabledWebhook(): Promise<IDataObject> {
		const webhooks = await clioWebhooks();
		assert.equal(webhooks.length, 1, JSON.stringify(webhooks));
		const [webhook] = webhooks;
		assert.equal(webhook.url, hookUrl);
		assert.equal(webhook.status, 'enabled');
		assert.equal(webhook.model, 'matter');
		assert.deepEqual(webhook.events, ['updated']);
		return webhook;
	}

	/** Moves the matter into a stage; resolves once Clio's delivery has been answered. */
	async function moveMatter(stageId: number): Promise<void> {
		await updateMatter(bed, matterId, { matter_stage: { id: stageId } });
		await sandbox.webhooks.settled();
	}

	async function executions(count: number): Promise<Execution[]> {
		const list = await n8n.waitForExecutions(workflowId, count);
		for (const execution of list) {
			assert.equal(execution.status, 'success', executionError(execution));
			assert.equal(execution.mode, 'webhook');
		}
		return list;
	}

	/** The item the trigger output in an execution (exactly one). */
	function itemOf(execution: Execution): Record<string, unknown> {
		const items = nodeOutput(execution, TRIGGER);
		assert.equal(items.length, 1);
		return items[0];
	}

	function stageName(id: number): unknown {
		return sandbox.store.matterStages.get(id)?.name;
	}

	test('publishing leaves one Clio webhook at n8n’s address, enabled by the handshake', async () => {
		const started = Date.now();
		const nodeWebhookId = randomUUID();
		hookUrl = `${n8n.webhookBaseUrl}/${nodeWebhookId}/webhook`;
		const trigger = stageChangeWebhookTrigger(credential, TRIGGER);
		const workflow = chain('clio matter stages', [{ ...trigger, webhookId: nodeWebhookId }]);
		workflowId = (await n8n.createWorkflow(workflow)).id;
		await n8n.publish(workflowId);
		await sandbox.webhooks.settled();

		const webhook = await assertOneEnabledWebhook();
		webhookId = Number(webhook.id);
		const secret = sandbox.store.table('webhooks').get(webhookId)?.shared_secret;
		const handshakes = sandbox.webhooks.deliveries.filter((d) => d.kind === 'handshake');
		assert.equal(handshakes.length, 1);
		assert.equal(handshakes[0].url, hookUrl);
		assert.equal(handshakes[0].status, 200);
		assert.equal(handshakes[0].responseHeaders['x-hook-secret'], secret);
		assert.equal((await n8n.executions(workflowId)).length, 0, 'the handshake ran nothing');
		assert.deepEqual(sandbox.log.violations(), []);
		console.log(`published and enabled in ${Date.now() - started} ms`);
	});

	test('a matter’s stage changes start one execution each, with the previous stage', async () => {
		const [first, second] = stages;
		await moveMatter(first);
		const [firstRun] = await executions(1);
		const moved = itemOf(firstRun);
		assert.equal(moved.id, matterId);
		assert.equal(moved.event, 'updated');
		assert.equal(moved.model, 'matter');
		assert.equal(moved.webhook_id, webhookId);
		assert.deepEqual(moved.matter_stage, { id: first, name: stageName(first) });
		assert.equal(moved.previous_matter_stage, null, 'the first change seen of this matter');

		// Not a stage change: Clio may deliver it, the workflow does not run.
		await updateMatter(bed, matterId, { description: 'Client called about the schedule' });
		await sandbox.webhooks.settled();
		await moveMatter(second);
		const runs = await executions(2);
		assert.equal(runs.length, 2);
		const movedAgain = itemOf(runs[1]);
		assert.deepEqual(movedAgain.matter_stage, { id: second, name: stageName(second) });
		assert.deepEqual(movedAgain.previous_matter_stage, { id: first, name: stageName(first) });
		const events = sandbox.webhooks.deliveries.filter((d) => d.kind === 'event');
		assert.ok(events.length >= 2);
		assert.ok(events.every((d) => d.status === 200));
		assert.deepEqual(sandbox.log.violations(), []);
	});

	test('a delivery with a bad X-Hook-Signature gets 401, a repeated one 200, neither runs', async () => {
		const before = (await n8n.executions(workflowId)).length;
		const genuine = sandbox.webhooks.deliveries.filter((d) => d.kind === 'event').at(-1);
		assert.ok(genuine);
		const body = genuine.body.replace(/"id":\d+/, `"id":${matterId},"forged":true`);
		const attempts: Array<Record<string, string>> = [
			{ 'Content-Type': 'application/json', 'X-Hook-Signature': signature('guessed', body) },
			{ 'Content-Type': 'application/json' },
			// The genuine signature over other bytes.
			{
				'Content-Type': 'application/json',
				'X-Hook-Signature': genuine.headers['X-Hook-Signature'],
			},
		];
		for (const headers of attempts) {
			const response = await fetch(hookUrl, { method: 'POST', headers, body });
			assert.equal(response.status, 401, await response.text());
		}
		// Clio sending a delivery again (api-facts §8.8) is answered and starts nothing either.
		const again = await sandbox.webhooks.redeliver(genuine.delivery);
		assert.equal(again?.status, 200);
		// A genuine change afterwards is the only new execution.
		await moveMatter(stages[0]);
		const runs = await executions(before + 1);
		assert.equal(runs.length, before + 1);
		assert.equal(itemOf(runs[before]).forged, undefined);
		assert.match(n8n.logs(), /refused a request without a valid X-Hook-Signature/);
	});

	test('a restart of n8n keeps exactly one webhook, and deliveries still run', async () => {
		const before = (await n8n.executions(workflowId)).length;
		const heartbeats = () =>
			sandbox.log.entries.filter(
				(e) => e.method === 'GET' && e.path === `/api/v4/webhooks/${webhookId}.json`,
			).length;
		const heartbeatsBefore = heartbeats();
		await n8n.restart();
		console.log(`n8n restarted in ${n8n.startupMs} ms`);
		// The poll re-armed at start-up is the heartbeat: it reads the webhook from Clio.
		await pollUntil('the heartbeat after the restart', 30_000, async () =>
			heartbeats() > heartbeatsBefore ? true : undefined,
		);
		await sandbox.webhooks.settled();
		const webhook = await assertOneEnabledWebhook();
		assert.equal(webhook.id, webhookId, 'the same webhook, not a new one');

		await moveMatter(stages[1]);
		const runs = await executions(before + 1);
		assert.equal(runs.length, before + 1);
		const moved = itemOf(runs[before]);
		assert.deepEqual(moved.matter_stage, { id: stages[1], name: stageName(stages[1]) });
		// The stage delivered before the restart was saved with the workflow.
		assert.deepEqual(moved.previous_matter_stage, { id: stages[0], name: stageName(stages[0]) });
		assert.deepEqual(sandbox.log.violations(), []);
	});

	test('unpublishing deletes the Clio webhook', async () => {
		const before = (await n8n.executions(workflowId)).length;
		await n8n.unpublish(workflowId);
		const deletes = sandbox.log.entries.filter(
			(e) => e.method === 'DELETE' && e.path === `/api/v4/webhooks/${webhookId}.json`,
		);
		assert.equal(deletes.length, 1);
		assert.equal(deletes[0].status, 204);
		assert.deepEqual(await clioWebhooks(), []);

		const sent = sandbox.webhooks.deliveries.length;
		await moveMatter(stages[0]);
		assert.equal(sandbox.webhooks.deliveries.length, sent, 'Clio has nowhere to deliver');
		assert.equal((await n8n.executions(workflowId)).length, before);
		assert.deepEqual(sandbox.log.violations(), []);
	});
});
