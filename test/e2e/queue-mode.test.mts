// The package in n8n's queue mode, as firms scale n8n: PostgreSQL and Redis, one main (publishing,
// polling, the Clio Trigger's heartbeat), one worker (every execution) and two `n8n webhook`
// processes behind one address that routes each URL path to one process (nginx `hash
// $request_uri consistent`, HAProxy `balance uri`), binary data in the database. Proven there:
// one Clio webhook per published trigger, deliveries answered and signature-checked by the
// webhook processes, bursts with every delivery sent three times give one run per change with exact
// previous stages, renewal while changes flow (the webhook process that answers the new webhook's
// handshake catches up, each change once), the heartbeat and polling once per interval across the
// cluster (nothing twice across restarts of the worker, a webhook process and main), documents
// uploaded and downloaded byte-identical by the worker.
import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import FormData from 'form-data';

import { type Sandbox, startSandbox } from '../sandbox/index.mts';
import { signature } from '../sandbox/webhook-delivery.mts';
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
	CLIO_RETRIES_FOUR_TIMES_FASTER,
	enabledWebhooks,
	moveAll,
	triggerItems,
} from './harness/bursts.mts';
import {
	chain,
	clioNode,
	createSandboxCredential,
	EVERY_TEN_SECONDS,
	type N8n,
	type N8nCluster,
	n8nUnderTest,
	nodeOutput,
	pollUntil,
	type SandboxCredential,
	stageChangeWebhookTrigger,
	startCluster,
	webhookTrigger,
} from './harness/index.mts';

const REPO_ROOT = join(import.meta.dirname, '..', '..');
const TRIGGER = 'Clio Trigger';
const BURST = 200;
const COPIES = 3;

interface Routed {
	workflowId: string;
	path: string;
	url: string;
	/** The webhook process the address sends its deliveries to. */
	backend: number;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe(`queue mode on ${n8nUnderTest()}: main, worker, two webhook processes`, () => {
	let sandbox: Sandbox;
	let cluster: N8nCluster;
	let main: N8n;
	let credential: SandboxCredential;
	let token: string;
	let matters: BurstMatter[];
	/** Two triggers, each delivered to by a different webhook process. */
	let stages: Routed;
	let contacts: Routed;

	before(async () => {
		sandbox = await startSandbox({
			matters: 400,
			quiet: true,
			webhookRetryDelaysMs: CLIO_RETRIES_FOUR_TIMES_FASTER,
		});
		cluster = await startCluster({ packageDir: REPO_ROOT, webhookProcesses: 2 });
		main = cluster.main;
		credential = await createSandboxCredential(main, sandbox);
		token = credential.tokens.access_token;
		matters = burstMatters(sandbox, BURST + 41);
	});

	after(async () => {
		await cluster?.stop();
		await sandbox?.close();
	});

	/** Runs a check; on failure, the message carries every process's log tail. */
	async function withLogs<T>(check: () => Promise<T>): Promise<T> {
		try {
			return await check();
		} catch (error) {
			(error as Error).message += `\n${cluster.logs()}`;
			throw error;
		}
	}

	/** A trigger's webhook id (part of its URL path) that the address routes to `backend`. */
	function webhookIdFor(backend: number): string {
		for (;;) {
			const id = randomUUID();
			if (cluster.proxy.backendFor(`/webhook/${id}/webhook`) === backend) return id;
		}
	}

	/** Publishes a trigger whose deliveries the address sends to webhook process `backend`. */
	async function publishRouted(
		backend: number,
		name: string,
		trigger: ReturnType<typeof clioNode>,
	): Promise<Routed> {
		const webhookId = webhookIdFor(backend);
		const { id } = await main.createWorkflow(chain(name, [{ ...trigger, webhookId }]));
		await main.publish(id);
		const path = `/webhook/${webhookId}/webhook`;
		return { workflowId: id, path, url: `${cluster.proxy.url}${path}`, backend };
	}

	function requestsTo(path: string) {
		return cluster.proxy.requests.filter((request) => request.path === path);
	}

	/** Every request for the trigger went to its webhook process and was answered 200 there. */
	function assertServedBy(trigger: Routed): void {
		const requests = requestsTo(trigger.path);
		assert.ok(requests.length > 0);
		assert.ok(requests.every((request) => request.backend === trigger.backend));
		const failed = requests.filter((request) => request.status !== 200);
		assert.ok(
			requests.some((request) => request.status === 200),
			`no request answered 200: ${JSON.stringify(failed.slice(0, 5))}`,
		);
	}

	test('publishing creates one Clio webhook per trigger, its handshake answered by a webhook process', async () => {
		await withLogs(async () => {
			stages = await publishRouted(
				0,
				'stage changes via webhook process 0',
				stageChangeWebhookTrigger(credential, TRIGGER),
			);
			contacts = await publishRouted(
				1,
				'new contacts via webhook process 1',
				clioNode(
					credential,
					TRIGGER,
					{
						pollTimes: { item: [{ mode: 'everyX', value: 6, unit: 'hours' }] },
						mode: 'webhook',
						model: 'contact',
						events: ['created'],
						webhookOptions: {},
					},
					'clioTrigger',
				),
			);
			await sandbox.webhooks.settled();
			const webhooks = [...sandbox.store.table('webhooks').values()];
			assert.deepEqual(
				webhooks.map((w) => [w.url, w.status]).sort(),
				[stages, contacts].map((r) => [r.url, 'enabled']).sort(),
				'one enabled webhook per published trigger',
			);
			for (const trigger of [stages, contacts]) {
				const requests = requestsTo(trigger.path);
				assert.equal(requests.length, 1, 'the handshake');
				assert.equal(requests[0].backend, trigger.backend);
				assert.equal(requests[0].status, 200);
			}
		});
	});

	test(`${BURST} matters change stage at once, each delivery ${COPIES} times, twice: one run per change, exact previous stages`, async () => {
		await withLogs(async () => {
			sandbox.webhooks.sendCopies(COPIES);
			const burst = matters.slice(0, BURST);
			const fromAttempt = sandbox.webhooks.deliveries.length;
			await moveAll(sandbox, token, burst, 0);
			const first = await allRuns(main, sandbox, stages.workflowId, BURST, { fromAttempt });
			assertBurst(sandbox, triggerItems(first, TRIGGER), burst, 0);
			const secondFrom = sandbox.webhooks.deliveries.length;
			await moveAll(sandbox, token, burst, 1);
			const both = await allRuns(main, sandbox, stages.workflowId, 2 * BURST, {
				fromAttempt: secondFrom,
			});
			const second = both.filter((run) => !first.some((earlier) => earlier.id === run.id));
			assertBurst(sandbox, triggerItems(second, TRIGGER), burst, 1);
			const { deliveries, late } = assertNoneRefused(sandbox, fromAttempt);
			assert.equal(deliveries, 2 * BURST);
			console.log(`${late} deliveries answered only after Clio's last re-attempt`);
			assertServedBy(stages);
			const requests = requestsTo(stages.path).length;
			assert.ok(requests >= 1 + COPIES * 2 * BURST, `${requests} requests`);
		});
	});

	test('contacts created at once, each delivery three times, on the other webhook process: one run each', async () => {
		await withLogs(async () => {
			const count = 40;
			const created = await Promise.all(
				Array.from({ length: count }, async (_, index) => {
					const answer = await clioAs<{ data: { id: number } }>(
						sandbox,
						token,
						'POST',
						'/contacts.json',
						{ type: 'Company', name: `Queue Holdings ${index + 1}` },
					);
					return answer.data.id;
				}),
			);
			const runs = await allRuns(main, sandbox, contacts.workflowId, count);
			assertEachOnce(
				triggerItems(runs, TRIGGER).map((item) => Number(item.id)),
				created,
				'runs per new contact',
			);
			assertServedBy(contacts);
			sandbox.webhooks.sendCopies(1);
		});
	});

	test('a delivery with a bad signature is refused by the webhook process and runs nothing', async () => {
		await withLogs(async () => {
			const { workflowId, url } = stages;
			const before = (await main.executions(workflowId, { includeData: false })).length;
			const body = JSON.stringify({
				data: { id: matters[0].id, etag: '"forged"', matter_stage: { id: 1 } },
				meta: { event: 'updated', webhook_id: enabledWebhooks(sandbox)[0].id },
			});
			const answer = await fetch(url, {
				method: 'POST',
				headers: {
					'Content-Type': 'application/json',
					'X-Hook-Signature': signature('guess', body),
				},
				body,
			});
			assert.equal(answer.status, 401, await answer.text());
			await new Promise((resolve) => setTimeout(resolve, 2_000));
			assert.equal((await main.executions(workflowId, { includeData: false })).length, before);
			for (const trigger of [stages, contacts]) await main.unpublish(trigger.workflowId);
		});
	});

	/** Requests in the sandbox's log matching `path` from `fromIndex` on. */
	function apiCalls(fromIndex: number, method: string, path: RegExp): number {
		return sandbox.log.entries
			.slice(fromIndex)
			.filter((entry) => entry.kind === 'api' && entry.method === method && path.test(entry.path))
			.length;
	}

	/** At most one per 10-s interval over `ms` (one more for an interval cut in two). */
	const perInterval = (ms: number) => Math.ceil(ms / 10_000) + 1;

	test('the heartbeat runs once per interval cluster-wide and replaces a lapsed webhook while changes flow', async () => {
		await withLogs(async () => {
			const trigger = stageChangeWebhookTrigger(credential, TRIGGER);
			trigger.parameters = { ...trigger.parameters, pollTimes: EVERY_TEN_SECONDS };
			const { id: workflowId } = await main.createWorkflow(
				chain('stage changes across a renewal', [{ ...trigger, webhookId: randomUUID() }]),
			);
			const fromLog = sandbox.log.entries.length;
			const fromAttempt = sandbox.webhooks.deliveries.length;
			const started = Date.now();
			await main.publish(workflowId);
			await sandbox.webhooks.settled();
			// Heartbeats while nothing else happens: 35 s.
			await new Promise((resolve) => setTimeout(resolve, 35_000));
			const heartbeats = apiCalls(fromLog, 'GET', /^\/api\/v4\/webhooks\/\d+\.json$/);
			const limit = perInterval(Date.now() - started);
			assert.ok(
				heartbeats >= 2 && heartbeats <= limit,
				`${heartbeats} heartbeats, at most ${limit}`,
			);

			const flow = await changesAcrossRenewal(sandbox, token, matters.slice(BURST, BURST + 41));
			const items = await emittedItems(main, sandbox, workflowId, TRIGGER, flow.changed);
			assertRenewalRuns(sandbox, items, flow, fromAttempt);
			await main.unpublish(workflowId);
		});
	});

	test('polling runs once per interval on main, and nothing twice across restarts of the worker, a webhook process and main', async () => {
		await withLogs(async () => {
			const { id: workflowId } = await main.createWorkflow(
				chain('new matters', [
					clioNode(
						credential,
						TRIGGER,
						{ pollTimes: EVERY_TEN_SECONDS, mode: 'polling', event: 'matterCreated' },
						'clioTrigger',
					),
				]),
			);
			const fromLog = sandbox.log.entries.length;
			const started = Date.now();
			await main.publish(workflowId);
			const created: number[] = [];
			const client = [...sandbox.store.contacts.values()][0];
			const createMatters = async (count: number) => {
				for (let index = 0; index < count; index++) {
					const answer = await clioAs<{ data: { id: number } }>(
						sandbox,
						token,
						'POST',
						'/matters.json',
						{
							description: `Queue-mode matter ${created.length + 1}`,
							client: { id: client.id },
						},
					);
					created.push(answer.data.id);
				}
				await pollUntil(`matters ${created.join(', ')} emitted`, 90_000, async () => {
					const runs = await main.executions(workflowId, { includeData: true });
					const emitted = new Set(
						runs.flatMap((run) => nodeOutput(run, TRIGGER)).map((item) => item.id),
					);
					return created.every((id) => emitted.has(id)) ? true : undefined;
				});
			};
			await createMatters(2);
			await cluster.restart('worker');
			await createMatters(2);
			await cluster.restart('webhook0');
			await createMatters(2);
			await cluster.restart('main');
			await createMatters(2);
			// Two more intervals: a repeat would have shown by then.
			await new Promise((resolve) => setTimeout(resolve, 21_000));
			const runs = await main.executions(workflowId, { includeData: true });
			assertEachOnce(
				runs.flatMap((run) => nodeOutput(run, TRIGGER)).map((item) => Number(item.id)),
				created,
				'emitted matters',
			);
			const polls = apiCalls(fromLog, 'GET', /^\/api\/v4\/matters\.json$/);
			// One more poll at publishing, and one where main activated the workflow again.
			const limit = perInterval(Date.now() - started) + 2;
			assert.ok(polls <= limit, `${polls} polls, at most ${limit}`);
			await main.unpublish(workflowId);
		});
	});

	test('a document uploaded (in parts) and downloaded by the worker is byte-identical', async () => {
		await withLogs(async () => {
			const workflow = chain('document round trip in the worker', [
				webhookTrigger('clio-queue-round-trip'),
				clioNode(credential, 'Upload', {
					resource: 'document',
					operation: 'upload',
					binaryPropertyName: 'file',
					uploadTo: 'matter',
					matterId: { __rl: true, mode: 'id', value: '={{ $json.body.matterId }}' },
					additionalFields: {},
					options: { multipartThresholdMb: 5 },
				}),
				clioNode(credential, 'Download', {
					resource: 'document',
					operation: 'download',
					documentId: '={{ $json.id }}',
					binaryPropertyName: 'data',
					options: {},
				}),
				{
					name: 'Hash',
					type: 'n8n-nodes-base.crypto',
					typeVersion: 2,
					parameters: {
						action: 'hash',
						binaryData: true,
						binaryPropertyName: 'data',
						type: 'SHA256',
						dataPropertyName: 'sha256',
						encoding: 'hex',
					},
				},
			]);
			const { id: workflowId } = await main.createWorkflow(workflow);
			await main.publish(workflowId);
			const content = randomBytes(12 * 1024 * 1024);
			const form = new FormData();
			form.append('matterId', String(matters[0].id));
			form.append('file', content, { filename: 'Bundle.zip', contentType: 'application/zip' });
			const response = await new Promise<IncomingMessage>((resolve, reject) =>
				form.submit(`${cluster.webhookBaseUrl}/clio-queue-round-trip`, (error, answer) =>
					error ? reject(error) : resolve(answer),
				),
			);
			const chunks: Buffer[] = [];
			for await (const chunk of response) chunks.push(chunk as Buffer);
			const body = Buffer.concat(chunks).toString('utf8');
			assert.equal(response.statusCode, 200, body);
			assert.equal(JSON.parse(body).sha256, sha256(content), 'the downloaded bytes');

			const [execution] = await main.waitForExecutions(workflowId, 1, 60_000);
			const [uploaded] = nodeOutput(execution, 'Upload');
			const versions = [...sandbox.store.table('document_versions').values()].filter(
				(version) => version.document_id === Number(uploaded.id),
			);
			assert.equal(versions.length, 1);
			assert.equal(versions[0].fully_uploaded, true);
			assert.equal(versions[0].size, content.length);
			const parts = sandbox.log.entries.filter(
				(entry) => entry.kind === 'storage' && entry.method === 'PUT' && entry.query.partNumber,
			);
			assert.equal(parts.length, 3, 'uploaded in three 5 MiB parts');
			assert.match(cluster.worker().logs(), new RegExp(`execution ${execution.id}\\b`));
		});
	});
});
