// 5. A matter stage change in the sandbox → Clio's signed webhook delivery → the Clio Trigger in a
// real n8n 2.41.1 starts an execution. Latency from the delivery's send time to the execution's
// startedAt, against the same POST to n8n's own Webhook node (n8n's floor for any webhook).
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

const REPO_ROOT = join(import.meta.dirname, '..');
const EVENTS = 100;
const TRIGGER = 'Clio Trigger';
const SETTLED = new Set(['success', 'error', 'canceled', 'crashed']);
/** Quiet time between events, so each execution starts on an idle n8n. */
const GAP_MS = 150;

const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

async function finishedExecutions(n8n: N8n, workflowId: string, count: number) {
	return await pollUntil(`${count} executions of ${workflowId}`, 120_000, async () => {
		const list = await n8n.executions(workflowId, { includeData: true });
		return list.length >= count && list.every((execution) => SETTLED.has(execution.status))
			? list
			: undefined;
	});
}

export const webhookLatency: Bench = {
	id: 5,
	title: 'Webhook event → n8n execution started',
	method: `A real n8n ${N8N_VERSION} (local-n8n, the built package installed as a community package, SQLite) runs a published workflow whose only node is the Clio Trigger in webhook mode (model Matter, Only Stage Changes). Publishing registers the Clio webhook and answers the sandbox's handshake. ${EVENTS} times, one after the other, the bench moves a matter to another stage through the sandbox API (\`PATCH /matters/{id}.json\`), waits until the sandbox's signed delivery has been answered and the execution has finished, and rests ${GAP_MS} ms. Latency = execution \`startedAt\` (n8n's public executions API) − the time the sandbox sent the delivery. Baseline: after each event, the same body POSTed to a second workflow whose only node is n8n's own Webhook node (response "Immediately", like the trigger): n8n's floor for receiving any webhook. Percentiles are nearest-rank over the ${EVENTS} events; n8n's start-up is not counted.`,
	async run(ctx) {
		const bed = await benchSandbox({ matters: 50 });
		const { sandbox } = bed;
		let n8n: N8n | undefined;
		try {
			n8n = await startN8n({ packageDir: REPO_ROOT });
			ctx.log(`  n8n ready in ${ms(n8n.startupMs)}`);
			const credential = await createSandboxCredential(n8n, sandbox);
			const trigger = stageChangeWebhookTrigger(credential, TRIGGER);
			const triggerWorkflow = chain('clio stage changes', [
				{ ...trigger, webhookId: randomUUID() },
			]);
			const baselinePath = `bench-baseline-${randomUUID().slice(0, 8)}`;
			const baselineWorkflow = chain('plain webhook', [
				{
					name: 'Webhook',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2,
					webhookId: randomUUID(),
					parameters: {
						httpMethod: 'POST',
						path: baselinePath,
						responseMode: 'onReceived',
						options: {},
					},
				},
			]);
			const triggerId = (await n8n.createWorkflow(triggerWorkflow)).id;
			const baselineId = (await n8n.createWorkflow(baselineWorkflow)).id;
			await n8n.publish(triggerId);
			await n8n.publish(baselineId);

			const webhooks = () => [...sandbox.store.table('webhooks').values()];
			const webhook = await pollUntil(
				'the Clio webhook enabled by its handshake',
				30_000,
				async () => webhooks().find((entry) => entry.status === 'enabled'),
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

			const baselineUrl = `${n8n.webhookBaseUrl}/${baselinePath}`;
			const sentAt: number[] = [];
			const baselineSentAt: number[] = [];
			const expectedStages: number[] = [];
			let current = matter.matter_stage_id as number;
			sandbox.log.clear();
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

				const body = attempts[0].body;
				baselineSentAt.push(Date.now());
				const response = await fetch(baselineUrl, {
					method: 'POST',
					headers: { 'Content-Type': 'application/json' },
					body,
				});
				await response.arrayBuffer();
				if (!response.ok) throw new Error(`The plain webhook answered ${response.status}`);
				await finishedExecutions(n8n, baselineId, event + 1);
				await sleep(GAP_MS);
				if ((event + 1) % 25 === 0) ctx.log(`  ${event + 1} events`);
			}
			ctx.note(`${EVENTS} events + baseline POSTs took ${ms(Date.now() - started)}.`);
			assertConforming(sandbox, 'Clio Trigger in n8n');

			const executions = await finishedExecutions(n8n, triggerId, EVENTS);
			const baselineExecutions = await finishedExecutions(n8n, baselineId, EVENTS);
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
			executions.forEach((execution, index) => {
				const [item] = nodeOutput(execution, TRIGGER);
				const stage = (item?.matter_stage as { id?: number } | undefined)?.id;
				if (stage !== expectedStages[index]) {
					throw new Error(
						`Execution ${execution.id} shows stage ${stage}, event ${index + 1} moved to ${expectedStages[index]}`,
					);
				}
			});
			const latency = executions.map(
				(execution, index) => Date.parse(execution.startedAt) - sentAt[index],
			);
			const baselineLatency = baselineExecutions.map(
				(execution, index) => Date.parse(execution.startedAt) - baselineSentAt[index],
			);
			const p50 = percentile(latency, 50);
			const p95 = percentile(latency, 95);
			const b50 = percentile(baselineLatency, 50);
			const b95 = percentile(baselineLatency, 95);
			ctx.log(
				`  trigger min ${Math.min(...latency)} / max ${Math.max(...latency)} ms; webhook node min ${Math.min(...baselineLatency)} / max ${Math.max(...baselineLatency)} ms`,
			);
			const row = (what: string, value: number, base: number, target: string, ok: string): Row => ({
				measurement: '5. Webhook → execution started',
				case: what,
				package: ms(value),
				baseline: `${ms(base)} (n8n Webhook node)`,
				ratio: ratio(value / base),
				target,
				met: ok,
				runs: EVENTS,
			});
			return [
				row(`p50 of ${EVENTS} events`, p50, b50, '< 250 ms', met(p50 < 250)),
				row(`p95 of ${EVENTS} events`, p95, b95, '–', '–'),
			];
		} finally {
			await n8n?.stop();
			await sandbox.close();
		}
	},
};
