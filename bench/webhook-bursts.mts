// 7. Bursts of Clio deliveries absorbed by the Clio Trigger (Webhook mode, Only Stage Changes), in
// one n8n process and in queue mode (main, worker, two webhook processes), against n8n's own
// Webhook node taking the same requests on the same n8n: requests per second until every delivery
// was answered and every execution finished, with the runs lost and duplicated counted.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import { N8N_VERSION } from '../local-n8n/paths.mjs';
import { startCluster } from '../local-n8n/cluster.mts';
import {
	burstMatters,
	executionsOnceQuiet,
	moveAll,
	tally,
	triggerItems,
} from '../test/e2e/harness/bursts.mts';
import {
	chain,
	createSandboxCredential,
	type N8n,
	stageChangeWebhookTrigger,
	startN8n,
} from '../test/e2e/harness/index.mts';
import { type Bench, benchSandbox, ms, ratio, type Row } from './support.mts';

const REPO_ROOT = join(import.meta.dirname, '..');
const TRIGGER = 'Clio Trigger';
/** Matters changed at once. */
const CHANGES = 200;
/** Copies of each delivery sent at once (the original and two re-sends). */
const COPIES = 3;
/** Long enough that no request times out: the figure is what n8n absorbs, not Clio's patience. */
const DELIVERY_TIMEOUT_MS = 600_000;

interface Series {
	requests: number;
	tookMs: number;
	runs: number;
	lost: number;
	duplicated: number;
}

/** Waits until the workflow has `count` finished executions and none more for 5 s. */
async function settledCount(n8n: N8n, workflowId: string, count: number): Promise<number> {
	await n8n.waitForExecutions(workflowId, count, 600_000);
	return await executionsOnceQuiet(n8n, workflowId, 5_000, 120_000);
}

async function measure(mode: 'one process' | 'queue mode', runs: number): Promise<Row[]> {
	const bed = await benchSandbox({ matters: 400, webhookTimeoutMs: DELIVERY_TIMEOUT_MS });
	const { sandbox } = bed;
	const cluster =
		mode === 'queue mode'
			? await startCluster({ packageDir: REPO_ROOT, webhookProcesses: 2 })
			: undefined;
	const n8n = cluster?.main ?? (await startN8n({ packageDir: REPO_ROOT }));
	const webhookBase = cluster?.webhookBaseUrl ?? n8n.webhookBaseUrl;
	const trigger: Series[] = [];
	const baseline: Series[] = [];
	try {
		const credential = await createSandboxCredential(n8n, sandbox);
		const token = credential.tokens.access_token;
		const matters = burstMatters(sandbox, CHANGES);
		sandbox.webhooks.sendCopies(COPIES);
		for (let run = 0; run < runs; run++) {
			// A fresh workflow each run, so every matter's previous stage is known from the run before.
			const node = stageChangeWebhookTrigger(credential, TRIGGER);
			const { id } = await n8n.createWorkflow(
				chain('stage changes', [{ ...node, webhookId: randomUUID() }]),
			);
			await n8n.publish(id);
			await sandbox.webhooks.settled();
			const from = sandbox.webhooks.deliveries.length;
			const started = Date.now();
			await moveAll(sandbox, token, matters, (run % 2) as 0 | 1);
			await sandbox.webhooks.settled();
			await n8n.waitForExecutions(id, CHANGES, 600_000);
			const tookMs = Date.now() - started;
			const count = await settledCount(n8n, id, CHANGES);
			const all = await n8n.waitForExecutions(id, count, 600_000);
			const counts = tally(triggerItems(all, TRIGGER).map((item) => Number(item.id)));
			const attempts = sandbox.webhooks.deliveries
				.slice(from)
				.filter((attempt) => attempt.kind === 'event');
			trigger.push({
				requests: attempts.length,
				tookMs,
				runs: count,
				lost: matters.filter((matter) => !counts.has(matter.id)).length,
				duplicated: [...counts.values()].reduce((sum, n) => sum + n - 1, 0),
			});
			await n8n.unpublish(id);

			// The same requests, byte for byte, to n8n's Webhook node, all at once.
			const path = `bench-burst-${randomUUID().slice(0, 8)}`;
			const plain = await n8n.createWorkflow(
				chain('plain webhook', [
					{
						name: 'Webhook',
						type: 'n8n-nodes-base.webhook',
						typeVersion: 2,
						webhookId: randomUUID(),
						parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
					},
				]),
			);
			await n8n.publish(plain.id);
			const baselineStarted = Date.now();
			const answers = await Promise.all(
				attempts.map(async (attempt) => {
					const response = await fetch(`${webhookBase}/${path}`, {
						method: 'POST',
						headers: attempt.headers,
						body: attempt.body,
						signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
					});
					await response.arrayBuffer();
					return response.status;
				}),
			);
			await n8n.waitForExecutions(plain.id, attempts.length, 600_000);
			const baselineMs = Date.now() - baselineStarted;
			const baselineRuns = await settledCount(n8n, plain.id, attempts.length);
			baseline.push({
				requests: attempts.length,
				tookMs: baselineMs,
				runs: baselineRuns,
				lost: answers.filter((status) => status !== 200).length,
				duplicated: 0,
			});
			await n8n.unpublish(plain.id);
		}
	} finally {
		await (cluster ? cluster.stop() : n8n.stop());
		await sandbox.close();
	}
	const middle = (list: Series[]) =>
		[...list].sort((a, b) => a.requests / a.tookMs - b.requests / b.tookMs)[
			Math.floor(list.length / 2)
		];
	const t = middle(trigger);
	const b = middle(baseline);
	const perSecond = (series: Series) => (series.requests / series.tookMs) * 1000;
	const worst = (key: 'lost' | 'duplicated') => Math.max(...trigger.map((series) => series[key]));
	const label = `${mode}: ${CHANGES} changes × ${COPIES} copies at once`;
	return [
		{
			measurement: '7. Deliveries absorbed',
			case: label,
			package: `${perSecond(t).toFixed(0)} req/s (${t.requests} req in ${ms(t.tookMs)}, ${t.runs} runs)`,
			baseline: `${perSecond(b).toFixed(0)} req/s (${b.requests} req in ${ms(b.tookMs)}, ${b.runs} runs; n8n Webhook node)`,
			ratio: ratio(perSecond(t) / perSecond(b)),
			target: '–',
			met: '–',
			runs: trigger.length,
		},
		{
			measurement: '7. Deliveries absorbed',
			case: `${label}: runs lost / duplicated (most in a run)`,
			package: `${worst('lost')} / ${worst('duplicated')}`,
			baseline: `${COPIES} runs per change (the Webhook node runs every copy)`,
			ratio: '–',
			target: '0 / 0',
			met: worst('lost') === 0 && worst('duplicated') === 0 ? 'yes' : 'no',
			runs: trigger.length,
		},
	];
}

export const webhookBursts: Bench = {
	id: 7,
	title: 'Bursts of webhook deliveries absorbed',
	method: `A real n8n ${N8N_VERSION}, first as one process (SQLite), then in queue mode (PostgreSQL, Redis, one main, one worker, two \`n8n webhook\` processes behind one address routing by path, binary data in the database). Each run publishes a fresh workflow whose only node is the Clio Trigger (Webhook mode, Only Stage Changes), moves ${CHANGES} matters to another stage at once through the sandbox API, and the sandbox sends every signed delivery ${COPIES} times at once (no request times out, so nothing is re-sent later). Time from the first change to every delivery answered and ${CHANGES} executions finished; then 5 s more to count late duplicates. Baseline: the same requests, byte for byte, POSTed all at once to a workflow whose only node is n8n's Webhook node (response "Immediately") on the same n8n, until every request was answered and one execution per request finished. Rate = requests ÷ that time; the median run is shown.`,
	async run(ctx) {
		const rows: Row[] = [];
		const runs = Math.min(ctx.runs, 3);
		for (const mode of ['one process', 'queue mode'] as const) {
			const started = Date.now();
			rows.push(...(await measure(mode, runs)));
			ctx.note(
				`7. ${mode}: ${runs} runs of the trigger and the Webhook node took ${ms(Date.now() - started)}.`,
			);
		}
		return rows;
	},
};
