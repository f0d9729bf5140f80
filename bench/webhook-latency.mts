// 5. A matter stage change in the sandbox → Clio's signed webhook delivery → the Clio Trigger in a
// real n8n 2.41.1 starts an execution. Latency from the delivery's send time to the execution's
// startedAt, against the same POST to n8n's own Webhook node (n8n's floor for any webhook): with
// the default options, with Fetch Full Record on, and with the default options in an n8n running
// its legacy expression engine (which takes no expression isolate for a webhook request).
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import { N8N_VERSION } from '../local-n8n/paths.mjs';

import {
	chain,
	type Execution,
	type N8n,
	nodeOutput,
	pollUntil,
	startN8n,
	createSandboxCredential,
	stageChangeWebhookTrigger,
} from '../test/e2e/harness/index.mts';
import type { NodeSpec } from '../test/e2e/harness/workflows.mts';
import {
	assertConforming,
	type Bench,
	benchSandbox,
	clioFetch,
	met,
	ms,
	percentile,
	ratio,
	type Row,
} from './support.mts';

type Bed = Awaited<ReturnType<typeof benchSandbox>>;

const REPO_ROOT = join(import.meta.dirname, '..');
const EVENTS = 100;
const TRIGGER = 'Clio Trigger';
const SETTLED = new Set(['success', 'error', 'canceled', 'crashed']);
/** Quiet time between events, so each execution starts on an idle n8n. */
const GAP_MS = 150;

const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

async function finishedExecutions(
	n8n: N8n,
	workflowId: string,
	count: number,
	includeData = false,
) {
	return await pollUntil(`${count} executions of ${workflowId}`, 120_000, async () => {
		const list = await n8n.executions(workflowId, { includeData });
		return list.length >= count && list.every((execution) => SETTLED.has(execution.status))
			? list
			: undefined;
	});
}

/** Latencies (ms) of one series: each event's trigger execution and the Webhook node's. */
interface Series {
	trigger: number[];
	webhookNode: number[];
	tookMs: number;
}

/**
 * Publishes a trigger workflow (unpublishing the one before, whose Clio webhook then goes), moves
 * the matter through its stages `EVENTS` times and POSTs each delivered body to the Webhook node.
 */
async function series(
	n8n: N8n,
	bed: Bed,
	trigger: NodeSpec,
	baseline: { id: string; url: string },
): Promise<Series> {
	const { sandbox } = bed;
	const webhookId = randomUUID();
	const triggerId = (
		await n8n.createWorkflow(chain('clio stage changes', [{ ...trigger, webhookId }]))
	).id;
	await n8n.publish(triggerId);
	const webhooks = () => [...sandbox.store.table('webhooks').values()];
	const webhook = await pollUntil('the Clio webhook enabled by its handshake', 30_000, async () =>
		webhooks().find((entry) => entry.status === 'enabled' && String(entry.url).includes(webhookId)),
	).catch(() => undefined);
	if (!webhook) {
		throw new Error(
			`No enabled Clio webhook after publishing: ${JSON.stringify(webhooks().map((entry) => [entry.id, entry.status, entry.url]))}`,
		);
	}

	// A matter whose practice area has stages to move between.
	const { store } = sandbox;
	const stages = [...store.matterStages.values()];
	const matter = [...store.matters.values()].find(
		(entry) =>
			entry.practice_area_id &&
			stages.filter((stage) => stage.practice_area_id === entry.practice_area_id).length >= 3,
	);
	if (!matter) throw new Error('The sandbox has no matter with three stages');
	const cycle = stages
		.filter((stage) => stage.practice_area_id === matter.practice_area_id)
		.map((stage) => stage.id as number);

	const baselineBefore = (await n8n.executions(baseline.id)).length;
	const sentAt: number[] = [];
	const baselineSentAt: number[] = [];
	const expectedStages: number[] = [];
	let current = matter.matter_stage_id as number;
	const started = Date.now();
	for (let event = 0; event < EVENTS; event++) {
		const next = cycle[(cycle.indexOf(current) + 1) % cycle.length];
		const from = sandbox.webhooks.deliveries.length;
		await clioFetch(sandbox, bed.token, 'PATCH', `/matters/${matter.id}.json?fields=id`, {
			data: { matter_stage: { id: next } },
		});
		current = next;
		expectedStages.push(next);
		await sandbox.webhooks.settled();
		const attempts = sandbox.webhooks.deliveries
			.slice(from)
			.filter((attempt) => attempt.kind === 'event');
		if (attempts.length !== 1 || attempts[0].status !== 200) {
			throw new Error(
				`Event ${event + 1}: deliveries ${JSON.stringify(attempts.map((a) => [a.status, a.error]))}`,
			);
		}
		sentAt.push(Date.parse(attempts[0].at));
		await finishedExecutions(n8n, triggerId, event + 1);
		await sleep(GAP_MS);

		baselineSentAt.push(Date.now());
		const response = await fetch(baseline.url, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: attempts[0].body,
		});
		await response.arrayBuffer();
		if (!response.ok) throw new Error(`The plain webhook answered ${response.status}`);
		await finishedExecutions(n8n, baseline.id, baselineBefore + event + 1);
		await sleep(GAP_MS);
	}
	const tookMs = Date.now() - started;
	await n8n.unpublish(triggerId);

	const executions = await finishedExecutions(n8n, triggerId, EVENTS, true);
	// Newest first or oldest first, the executions of this series are the last EVENTS by id.
	const baselineExecutions = (await finishedExecutions(n8n, baseline.id, baselineBefore + EVENTS))
		.sort((a, b) => Number(a.id) - Number(b.id))
		.slice(baselineBefore);
	const check = (list: Execution[], what: string) => {
		if (list.length !== EVENTS || list.some((execution) => execution.status !== 'success')) {
			throw new Error(
				`${what}: ${list.length} executions, statuses ${[...new Set(list.map((e) => e.status))]}`,
			);
		}
	};
	check(executions, 'Clio Trigger');
	check(baselineExecutions, 'Webhook node');
	// Executions in id order are the events in order; each shows the stage it was moved to.
	executions.sort((a, b) => Number(a.id) - Number(b.id));
	executions.forEach((execution, index) => {
		const [item] = nodeOutput(execution, TRIGGER);
		const stage = (item?.matter_stage as { id?: number } | undefined)?.id;
		if (stage !== expectedStages[index]) {
			throw new Error(
				`Execution ${execution.id} shows stage ${stage}, event ${index + 1} moved to ${expectedStages[index]}`,
			);
		}
	});
	return {
		trigger: executions.map((execution, index) => Date.parse(execution.startedAt) - sentAt[index]),
		webhookNode: baselineExecutions.map(
			(execution, index) => Date.parse(execution.startedAt) - baselineSentAt[index],
		),
		tookMs,
	};
}

/** An n8n with the package, a sandbox credential and a published Webhook-node workflow. */
async function n8nWithBaseline(bed: Bed, env?: Record<string, string>) {
	const n8n = await startN8n({ packageDir: REPO_ROOT, env });
	const credential = await createSandboxCredential(n8n, bed.sandbox);
	const path = `bench-baseline-${randomUUID().slice(0, 8)}`;
	const baselineWorkflow = chain('plain webhook', [
		{
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			webhookId: randomUUID(),
			parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
		},
	]);
	const id = (await n8n.createWorkflow(baselineWorkflow)).id;
	await n8n.publish(id);
	return { n8n, credential, baseline: { id, url: `${n8n.webhookBaseUrl}/${path}` } };
}

export const webhookLatency: Bench = {
	id: 5,
	title: 'Webhook event → n8n execution started',
	method: `A real n8n ${N8N_VERSION} (local-n8n, the built package installed as a community package, SQLite, n8n's default settings) runs a published workflow whose only node is the Clio Trigger in webhook mode (model Matter, Only Stage Changes). Publishing registers the Clio webhook and answers the sandbox's handshake. ${EVENTS} times, one after the other, the bench moves a matter to another stage through the sandbox API (\`PATCH /matters/{id}.json\`), waits until the sandbox's signed delivery has been answered and the execution has finished, and rests ${GAP_MS} ms. Latency = execution \`startedAt\` (n8n's public executions API) − the time the sandbox sent the delivery. Baseline: after each event, the same body POSTed to a second workflow whose only node is n8n's own Webhook node (response "Immediately", like the trigger): n8n's floor for receiving any webhook. Three series of ${EVENTS} events, each with its own baseline POSTs: default options (Fetch Full Record off); Fetch Full Record on (one \`GET /matters/{id}.json\` to the sandbox before the run starts); default options in a second n8n started with \`N8N_EXPRESSION_ENGINE=legacy\` — n8n's default engine (\`vm\`, a pool of one V8 isolate) takes an isolate for the webhook request of every node except its own Webhook node and begins building the pool's replacement at once, while the execution is being started; the legacy engine takes none, which shows what that costs. Percentiles are nearest-rank over the ${EVENTS} events; n8n's start-up is not counted.`,
	async run(ctx) {
		const bed = await benchSandbox({ matters: 50 });
		let n8n: N8n | undefined;
		const results: Record<'off' | 'on' | 'legacy', Series> = {} as never;
		try {
			const first = await n8nWithBaseline(bed);
			n8n = first.n8n;
			ctx.log(`  n8n ready in ${ms(n8n.startupMs)}`);
			const trigger = stageChangeWebhookTrigger(first.credential, TRIGGER);
			results.off = await series(n8n, bed, trigger, first.baseline);
			ctx.log(`  ${EVENTS} events, Fetch Full Record off`);
			const fetching = {
				...trigger,
				parameters: { ...trigger.parameters, webhookOptions: { fetchRecord: true } },
			};
			results.on = await series(n8n, bed, fetching, first.baseline);
			ctx.log(`  ${EVENTS} events, Fetch Full Record on`);
			await n8n.stop();
			n8n = undefined;

			const legacy = await n8nWithBaseline(bed, { N8N_EXPRESSION_ENGINE: 'legacy' });
			n8n = legacy.n8n;
			results.legacy = await series(
				n8n,
				bed,
				stageChangeWebhookTrigger(legacy.credential, TRIGGER),
				legacy.baseline,
			);
			ctx.log(`  ${EVENTS} events, n8n's legacy expression engine`);
			assertConforming(bed.sandbox, 'Clio Trigger in n8n');
		} finally {
			await n8n?.stop();
			await bed.sandbox.close();
		}

		const p = (series: Series) => ({
			p50: percentile(series.trigger, 50),
			p95: percentile(series.trigger, 95),
			b50: percentile(series.webhookNode, 50),
			b95: percentile(series.webhookNode, 95),
		});
		const off = p(results.off);
		const on = p(results.on);
		const legacy = p(results.legacy);
		for (const [name, series] of Object.entries(results)) {
			ctx.log(
				`  ${name}: trigger min ${Math.min(...series.trigger)} / max ${Math.max(...series.trigger)} ms; webhook node min ${Math.min(...series.webhookNode)} / max ${Math.max(...series.webhookNode)} ms`,
			);
		}
		const took = Object.values(results).reduce((sum, series) => sum + series.tookMs, 0);
		ctx.note(`3 × ${EVENTS} events + baseline POSTs took ${ms(took)}.`);
		const okOff = off.p50 <= 2 * off.b50;
		if (!okOff) {
			const isolate = off.p50 - legacy.p50;
			ctx.note(
				`p50 above 2× the Webhook node: ${ms(off.p50)} against ${ms(off.b50)}. With n8n's legacy expression engine (no isolate taken for the request, none rebuilt meanwhile), in the same bench: ${ms(legacy.p50)} against ${ms(legacy.b50)} (${ratio(legacy.p50 / legacy.b50)}), ${isolate > 0 ? `so the default engine's isolate costs the trigger ${ms(isolate)} of its median` : 'no faster in this run'}. n8n ${N8N_VERSION} exempts only its own Webhook node from taking an isolate for the request (LiveWebhooks.webhookPhaseNeedsIsolate checks the node type), so no community trigger avoids it. What remains includes the trigger's static data (every handled delivery is kept there, so a restart or another n8n process still recognises its re-attempts), which n8n writes to the database while it creates the execution.`,
			);
		}
		const row = (
			what: string,
			value: number,
			base: number,
			target: string,
			ok: string,
			baselineName = 'n8n Webhook node',
		): Row => ({
			measurement: '5. Webhook → execution started',
			case: what,
			package: ms(value),
			baseline: `${ms(base)} (${baselineName})`,
			ratio: ratio(value / base),
			target,
			met: ok,
			runs: EVENTS,
		});
		const limit = `no (n8n's expression isolate: ${ms(legacy.p50)}, ${ratio(legacy.p50 / legacy.b50)}, with the legacy engine)`;
		return [
			row(
				`p50 of ${EVENTS} events`,
				off.p50,
				off.b50,
				'≤ 2× n8n Webhook node',
				okOff ? 'yes' : limit,
			),
			row(`p95 of ${EVENTS} events`, off.p95, off.b95, '–', '–'),
			row(`Fetch Full Record on: p50 of ${EVENTS} events`, on.p50, on.b50, '–', '–'),
			row(`Fetch Full Record on: p95 of ${EVENTS} events`, on.p95, on.b95, '–', '–'),
			row(
				`n8n with N8N_EXPRESSION_ENGINE=legacy: p50 of ${EVENTS} events`,
				legacy.p50,
				legacy.b50,
				'≤ 2× n8n Webhook node',
				met(legacy.p50 <= 2 * legacy.b50),
				'n8n Webhook node, same n8n',
			),
			row(
				`n8n with N8N_EXPRESSION_ENGINE=legacy: p95 of ${EVENTS} events`,
				legacy.p95,
				legacy.b95,
				'–',
				'–',
				'n8n Webhook node, same n8n',
			),
		];
	},
};
