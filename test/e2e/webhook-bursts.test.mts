// The Clio Trigger's Webhook mode under bursts in one real n8n process (regular mode): Clio
// delivers many changes at once (a bulk edit) and sends every delivery three times at once (its
// re-sends after a slow answer), and each change still starts exactly one execution, with the
// exact previous stage; the same for created, updated and deleted records of another type, and
// while the heartbeat replaces the webhook (new id and secret) with deliveries under way.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { type Sandbox, startSandbox } from '../sandbox/index.mts';
import {
	allRuns,
	assertBurst,
	assertNoneRefused,
	assertEachOnce,
	assertRenewalRuns,
	type BurstMatter,
	burstMatters,
	changesAcrossRenewal,
	clioAs,
	emittedItems,
	eventAttempts,
	CLIO_RETRIES_FOUR_TIMES_FASTER,
	moveAll,
	triggerItems,
} from './harness/bursts.mts';
import {
	chain,
	clioNode,
	createSandboxCredential,
	defaultLine,
	EVERY_TEN_SECONDS,
	type N8n,
	n8nUnderTest,
	type SandboxCredential,
	stageChangeWebhookTrigger,
	startN8n,
} from './harness/index.mts';

const REPO_ROOT = join(import.meta.dirname, '..', '..');
const TRIGGER = 'Clio Trigger';
/** Matters changed at once in each burst (a firm's bulk edit). */
const BURST = 200;
/** Copies of every delivery sent at once (the original and two re-sends). */
const COPIES = 3;

describe(`Clio Trigger webhooks under bursts on ${n8nUnderTest()} (one process)`, () => {
	let sandbox: Sandbox;
	let n8n: N8n;
	let credential: SandboxCredential;
	let token: string;
	let matters: BurstMatter[];

	before(async () => {
		sandbox = await startSandbox({
			matters: 400,
			quiet: true,
			webhookRetryDelaysMs: CLIO_RETRIES_FOUR_TIMES_FASTER,
		});
		// n8n 1.x opens SQLite without write-ahead logging unless DB_SQLITE_POOL_SIZE is set (2.x
		// does by default, with 3): under a burst many executions then fail to start ("There was a
		// problem executing the workflow"). The README asks 1.x users on SQLite to set it.
		const env: Record<string, string> = defaultLine() === '1' ? { DB_SQLITE_POOL_SIZE: '3' } : {};
		n8n = await startN8n({ packageDir: REPO_ROOT, env });
		credential = await createSandboxCredential(n8n, sandbox);
		token = credential.tokens.access_token;
		matters = burstMatters(sandbox, BURST + 41);
		sandbox.webhooks.sendCopies(COPIES);
	});

	after(async () => {
		await n8n?.stop();
		await sandbox?.close();
	});

	async function publish(name: string, trigger: ReturnType<typeof clioNode>): Promise<string> {
		const { id } = await n8n.createWorkflow(chain(name, [{ ...trigger, webhookId: randomUUID() }]));
		await n8n.publish(id);
		await sandbox.webhooks.settled();
		return id;
	}

	test(`${BURST} matters change stage at once, each delivery ${COPIES} times, twice: one run per change, exact previous stages`, async () => {
		const workflowId = await publish(
			'stage changes in bursts',
			stageChangeWebhookTrigger(credential, TRIGGER),
		);
		const burst = matters.slice(0, BURST);
		const fromAttempt = sandbox.webhooks.deliveries.length;

		await moveAll(sandbox, token, burst, 0);
		const first = await allRuns(n8n, sandbox, workflowId, BURST, { fromAttempt });
		assertBurst(sandbox, triggerItems(first, TRIGGER), burst, 0);

		const secondFrom = sandbox.webhooks.deliveries.length;
		await moveAll(sandbox, token, burst, 1);
		const both = await allRuns(n8n, sandbox, workflowId, 2 * BURST, {
			fromAttempt: secondFrom,
		});
		const second = both.filter((run) => !first.some((earlier) => earlier.id === run.id));
		assertBurst(sandbox, triggerItems(second, TRIGGER), burst, 1);

		const { deliveries, late } = assertNoneRefused(sandbox, fromAttempt);
		assert.equal(deliveries, 2 * BURST, 'one delivery per change');
		const copies = eventAttempts(sandbox, fromAttempt).length;
		assert.ok(copies >= COPIES * 2 * BURST, `${copies} requests for ${2 * BURST} deliveries`);
		console.log(
			`${copies} delivery requests for ${2 * BURST} changes → ${both.length} runs; ${late} deliveries answered only after Clio's last re-attempt`,
		);
		await n8n.unpublish(workflowId);
	});

	test('contacts created, updated and deleted at once: one run per record and event', async () => {
		const workflowId = await publish(
			'contact changes in bursts',
			clioNode(
				credential,
				TRIGGER,
				{
					pollTimes: { item: [{ mode: 'everyX', value: 6, unit: 'hours' }] },
					mode: 'webhook',
					model: 'contact',
					events: ['created', 'deleted', 'updated'],
					webhookOptions: {},
				},
				'clioTrigger',
			),
		);
		const count = 40;
		const created = await Promise.all(
			Array.from({ length: count }, async (_, index) => {
				const answer = await clioAs<{ data: { id: number } }>(
					sandbox,
					token,
					'POST',
					'/contacts.json',
					{
						type: 'Company',
						name: `Burst Holdings ${index + 1}`,
					},
				);
				return answer.data.id;
			}),
		);
		await sandbox.webhooks.settled();
		await Promise.all(
			created.map(
				async (id) =>
					await clioAs(sandbox, token, 'PATCH', `/contacts/${id}.json`, {
						name: `Burst Holdings ${id} LLP`,
					}),
			),
		);
		await sandbox.webhooks.settled();
		await Promise.all(
			created.map(async (id) => await clioAs(sandbox, token, 'DELETE', `/contacts/${id}.json`)),
		);
		const runs = await allRuns(n8n, sandbox, workflowId, 3 * count);
		const items = triggerItems(runs, TRIGGER);
		assertEachOnce(
			items.map((item) => `${String(item.id)} ${String(item.event)}`),
			created.flatMap((id) => [`${id} created`, `${id} updated`, `${id} deleted`]),
			'runs per contact and event',
		);
		await n8n.unpublish(workflowId);
	});

	test('the heartbeat replaces an expired webhook while changes flow: every change runs once, no delivery refused for good', async () => {
		const trigger = stageChangeWebhookTrigger(credential, TRIGGER);
		trigger.parameters = { ...trigger.parameters, pollTimes: EVERY_TEN_SECONDS };
		const workflowId = await publish('stage changes across a renewal', trigger);
		const fromAttempt = sandbox.webhooks.deliveries.length;
		const flow = await changesAcrossRenewal(sandbox, token, matters.slice(BURST, BURST + 41));
		const items = await emittedItems(n8n, sandbox, workflowId, TRIGGER, flow.changed);
		assertRenewalRuns(sandbox, items, flow, fromAttempt);
		await n8n.unpublish(workflowId);
	});
});
