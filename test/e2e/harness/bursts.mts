// Bursts of Clio changes as firms make them (a bulk edit of many matters at once) and the checks
// that each change started exactly one execution: shared by the regular-mode and queue-mode tests.
import assert from 'node:assert/strict';

import { type Execution, type N8n, pollUntil } from '../../../local-n8n/index.mts';
import type { IDataObject } from 'n8n-workflow';

import type { Sandbox } from '../../sandbox/index.mts';
import type { DeliveryAttempt } from '../../sandbox/webhook-delivery.mts';
import { clio, type TriggerBed } from '../../unit/trigger/bed.mts';
import { executionError, nodeOutput } from './workflows.mts';

/**
 * api-facts §8.8: Clio re-attempts a delivery it got no 2xx for (or no answer within 5 s) 5 times,
 * 2 minutes apart and doubling (about an hour). Four times faster (about 15 minutes), so a test
 * sees every re-attempt: a delivery n8n could not take while a burst swamped it comes again once
 * n8n has caught up, as it does from Clio. Not faster: n8n keeps working on requests whose sender
 * gave up, so re-attempts that came back within seconds would land on a process still busy with
 * the burst and pile onto it, which Clio's two minutes never do (20 times faster, the 600 requests
 * of a 200-matter burst once kept an n8n 1.x webhook process busy past the last re-attempt).
 */
export const CLIO_RETRIES_FOUR_TIMES_FASTER = [30_000, 60_000, 120_000, 240_000, 480_000];

/** A request to the sandbox's Clio API as another Clio user would make it (a person in Clio). */
export async function clioAs<T = Record<string, unknown>>(
	sandbox: Sandbox,
	token: string,
	method: string,
	path: string,
	body?: Record<string, unknown>,
): Promise<T> {
	return await clio<T>({ sandbox, token } as TriggerBed, method, path, body as IDataObject);
}

/** Stages of a matter's practice area, in id order, other than the matter's current one. */
function otherStagesOf(sandbox: Sandbox, matterId: number): number[] {
	const matter = sandbox.store.matters.get(matterId) as Record<string, unknown>;
	return [...sandbox.store.matterStages.values()]
		.filter(
			(stage) =>
				stage.practice_area_id === matter.practice_area_id && stage.id !== matter.matter_stage_id,
		)
		.map((stage) => Number(stage.id))
		.sort((a, b) => a - b);
}

/** A matter of the burst and the two stages it is moved into, one per burst. */
export interface BurstMatter {
	id: number;
	stages: [number, number];
}

/** `count` matters whose practice area has at least two other stages to move them into. */
export function burstMatters(sandbox: Sandbox, count: number): BurstMatter[] {
	const found: BurstMatter[] = [];
	for (const matter of sandbox.store.matters.values()) {
		if (!matter.practice_area_id) continue;
		const stages = otherStagesOf(sandbox, Number(matter.id));
		if (stages.length >= 2) found.push({ id: Number(matter.id), stages: [stages[0], stages[1]] });
		if (found.length === count) return found;
	}
	throw new Error(`the sandbox has ${found.length} matters with stages, ${count} wanted`);
}

/** Moves every matter into its stage of this burst, all at once; resolves when Clio answered all. */
export async function moveAll(
	sandbox: Sandbox,
	token: string,
	matters: BurstMatter[],
	burst: 0 | 1,
): Promise<void> {
	await Promise.all(
		matters.map(
			async (matter) =>
				await clioAs(sandbox, token, 'PATCH', `/matters/${matter.id}.json`, {
					matter_stage: { id: matter.stages[burst] },
				}),
		),
	);
}

/** How many executions the workflow has once none new has started for `quietMs`. */
export async function executionsOnceQuiet(
	n8n: N8n,
	workflowId: string,
	quietMs: number,
	timeoutMs: number,
): Promise<number> {
	let last = -1;
	let stableSince = Date.now();
	return await pollUntil(
		`no new execution of ${workflowId} for ${quietMs} ms`,
		timeoutMs,
		async () => {
			const count = (await n8n.executions(workflowId, { includeData: false })).length;
			if (count !== last) {
				last = count;
				stableSince = Date.now();
				return undefined;
			}
			return Date.now() - stableSince >= quietMs ? count : undefined;
		},
	);
}

/**
 * Every execution of the workflow once Clio has nothing left to deliver or re-attempt and n8n has
 * started nothing new for `quietMs`: a duplicate that would come late is counted too.
 */
export async function allRuns(
	n8n: N8n,
	sandbox: Sandbox,
	workflowId: string,
	expected: number,
	{ timeoutMs = 300_000, quietMs = 4_000, fromAttempt = undefined as number | undefined } = {},
): Promise<Execution[]> {
	const started = Date.now();
	await sandbox.webhooks.settled();
	const delivered = Date.now();
	await n8n.waitForExecutions(workflowId, expected, timeoutMs);
	console.log(
		`${expected} executions of ${workflowId}: deliveries answered after ${delivered - started} ms, executions finished after ${Date.now() - started} ms`,
	);
	if (fromAttempt !== undefined) console.log(attemptsByRound(sandbox, fromAttempt));
	const last = await executionsOnceQuiet(n8n, workflowId, quietMs, timeoutMs);
	return await n8n.waitForExecutions(workflowId, last, timeoutMs);
}

/** Clio's event requests since `fromAttempt`: every copy and re-attempt of every delivery. */
export function eventAttempts(sandbox: Sandbox, fromAttempt: number): DeliveryAttempt[] {
	return sandbox.webhooks.deliveries
		.slice(fromAttempt)
		.filter((attempt) => attempt.kind === 'event');
}

const answered2xx = (attempt: DeliveryAttempt) => attempt.status >= 200 && attempt.status < 300;

/** The event requests since `fromAttempt` by delivery, and the deliveries none was answered 2xx. */
function deliveriesSince(sandbox: Sandbox, fromAttempt: number) {
	const byDelivery = new Map<number, DeliveryAttempt[]>();
	for (const attempt of eventAttempts(sandbox, fromAttempt)) {
		byDelivery.set(attempt.delivery, [...(byDelivery.get(attempt.delivery) ?? []), attempt]);
	}
	const unanswered = [...byDelivery].filter(([, tries]) => !tries.some(answered2xx));
	return { count: byDelivery.size, unanswered };
}

/**
 * How many requests each round of Clio's re-attempts sent and how many of them n8n answered 2xx in
 * time: how close a burst came to the last re-attempt.
 */
export function attemptsByRound(sandbox: Sandbox, fromAttempt: number): string {
	const rounds = new Map<number, { sent: number; answered: number }>();
	for (const attempt of eventAttempts(sandbox, fromAttempt)) {
		const round = rounds.get(attempt.attempt) ?? { sent: 0, answered: 0 };
		round.sent++;
		if (answered2xx(attempt)) round.answered++;
		rounds.set(attempt.attempt, round);
	}
	const summary = [...rounds]
		.sort(([a], [b]) => a - b)
		.map(([attempt, { sent, answered }]) => `attempt ${attempt}: ${answered} of ${sent}`);
	return `answered 2xx in time: ${summary.join('; ')}`;
}

/** The one item each execution's trigger emitted; every execution succeeded with one item. */
export function triggerItems(runs: Execution[], trigger: string): Array<Record<string, unknown>> {
	return runs.map((run) => {
		assert.equal(run.status, 'success', executionError(run));
		const items = nodeOutput(run, trigger);
		assert.equal(items.length, 1, `execution ${run.id} emitted ${items.length} items`);
		return items[0];
	});
}

/** How many times each key occurs, for messages that name what ran twice or not at all. */
export function tally<T>(keys: T[]): Map<T, number> {
	const counts = new Map<T, number>();
	for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
	return counts;
}

/** Asserts that `keys` holds each of `expected` exactly once, naming the misses and repeats. */
export function assertEachOnce<T>(keys: T[], expected: T[], what: string): void {
	const counts = tally(keys);
	const twice = [...counts].filter(([, n]) => n > 1).map(([key]) => key);
	const missing = expected.filter((key) => !counts.has(key));
	const unexpected = [...counts.keys()].filter((key) => !expected.includes(key));
	assert.deepEqual(
		{ twice, missing, unexpected, runs: keys.length },
		{ twice: [], missing: [], unexpected: [], runs: expected.length },
		`${what}: each exactly once`,
	);
}

/** The stage a matter was moved into in a burst, as the trigger reports it. */
export function stageOf(sandbox: Sandbox, id: number): { id: number; name: unknown } {
	return { id, name: sandbox.store.matterStages.get(id)?.name };
}

/**
 * Checks a burst: one run per matter, each carrying the stage it was moved into and, from the
 * second burst on, the stage of the burst before as `previous_matter_stage`.
 */
export function assertBurst(
	sandbox: Sandbox,
	items: Array<Record<string, unknown>>,
	matters: BurstMatter[],
	burst: 0 | 1,
): void {
	assertEachOnce(
		items.map((item) => Number(item.id)),
		matters.map((matter) => matter.id),
		`burst ${burst + 1}: runs per matter`,
	);
	const wrong: string[] = [];
	for (const item of items) {
		const matter = matters.find((entry) => entry.id === Number(item.id));
		if (!matter) continue;
		const stage = stageOf(sandbox, matter.stages[burst]);
		const previous = burst === 0 ? null : stageOf(sandbox, matter.stages[0]);
		try {
			assert.deepEqual(item.matter_stage, stage);
			assert.deepEqual(item.previous_matter_stage, previous);
		} catch {
			wrong.push(
				`matter ${matter.id}: stage ${JSON.stringify(item.matter_stage)}, previous ${JSON.stringify(item.previous_matter_stage)}`,
			);
		}
	}
	assert.deepEqual(wrong, [], `burst ${burst + 1}: stages and previous stages`);
}

/**
 * Every delivery was answered 2xx in the end (by one of its copies or re-attempts): none refused
 * for good. Returns how many deliveries were checked.
 */
export function assertAllDelivered(sandbox: Sandbox, fromAttempt = 0): number {
	const { count, unanswered } = deliveriesSince(sandbox, fromAttempt);
	const refused = unanswered.map(
		([delivery, tries]) =>
			`delivery ${delivery}: ${tries.map((attempt) => attempt.status).join(', ')}`,
	);
	assert.deepEqual(refused, [], 'deliveries never answered 2xx');
	return count;
}

/**
 * No delivery of a burst was refused: each was answered 2xx in the end, or every attempt timed out
 * while n8n was still working through the burst. How many of Clio's re-attempts a burst needs
 * depends on the machine's pace (n8n builds an expression isolate for every request), which a test
 * does not assert; the runs show that a late delivery still ran once. An error answer (4xx, 5xx)
 * or a refused connection on every attempt fails. Returns how many deliveries there were and how
 * many of them were late on every attempt.
 */
export function assertNoneRefused(
	sandbox: Sandbox,
	fromAttempt: number,
): { deliveries: number; late: number } {
	const { count, unanswered } = deliveriesSince(sandbox, fromAttempt);
	const late = unanswered.filter(([, tries]) =>
		tries.every((attempt) => attempt.error === 'timeout'),
	);
	const refused = unanswered
		.filter((entry) => !late.includes(entry))
		.map(
			([delivery, tries]) =>
				`delivery ${delivery}: ${tries.map((attempt) => attempt.status || attempt.error).join(', ')}`,
		);
	assert.deepEqual(refused, [], 'deliveries refused on every attempt');
	return { deliveries: count, late: late.length };
}

/** The sandbox's webhooks Clio would deliver with now. */
export function enabledWebhooks(sandbox: Sandbox): Array<Record<string, unknown>> {
	const now = sandbox.clock.now().getTime();
	return [...sandbox.store.table('webhooks').values()].filter(
		(w) => w.status === 'enabled' && Date.parse(String(w.expires_at)) > now,
	);
}

export interface RenewalFlow {
	/** Every matter changed, in order. */
	changed: number[];
	/** Those changed while the first webhook still delivered. */
	beforeLapse: number[];
	original: number;
	replacement: number;
}

/**
 * Changes flowing while the webhook lapses and the trigger's heartbeat replaces it: one matter
 * moved every `gapMs`, the webhook expiring after the first ten; once the heartbeat has created
 * the new webhook (new id and secret), one more change that only the new webhook delivers.
 * Returns the matters changed, in order, and the two webhooks' ids.
 */
export async function changesAcrossRenewal(
	sandbox: Sandbox,
	token: string,
	matters: BurstMatter[],
	gapMs = 300,
): Promise<RenewalFlow> {
	const [current] = enabledWebhooks(sandbox);
	assert.ok(current, 'an enabled webhook before the changes');
	const original = Number(current.id);
	const [last, ...flowing] = matters;
	const move = async (matter: BurstMatter) =>
		await clioAs(sandbox, token, 'PATCH', `/matters/${matter.id}.json`, {
			matter_stage: { id: matter.stages[0] },
		});
	for (const [index, matter] of flowing.entries()) {
		if (index === 10) sandbox.webhooks.expire(original);
		await move(matter);
		await new Promise((resolve) => setTimeout(resolve, gapMs));
	}
	const created = await pollUntil('the webhook the heartbeat created', 60_000, async () =>
		enabledWebhooks(sandbox).find((w) => Number(w.id) !== original),
	);
	await move(last);
	return {
		changed: [...flowing, last].map((matter) => matter.id),
		beforeLapse: flowing.slice(0, 10).map((matter) => matter.id),
		original,
		replacement: Number(created.id),
	};
}

/**
 * Every item the trigger emitted, once the items name each of `ids` and nothing new has started for
 * `quietMs`. A catch-up after a renewal emits the changes it found in one execution, several items.
 */
export async function emittedItems(
	n8n: N8n,
	sandbox: Sandbox,
	workflowId: string,
	trigger: string,
	ids: number[],
	{ timeoutMs = 300_000, quietMs = 12_000 } = {},
): Promise<Array<Record<string, unknown>>> {
	await sandbox.webhooks.settled();
	const read = async () => {
		const runs = await n8n.executions(workflowId, { includeData: true });
		for (const run of runs) assert.notEqual(run.status, 'error', executionError(run));
		return runs.flatMap((run) => nodeOutput(run, trigger));
	};
	await pollUntil(`items naming ${ids.length} records from ${workflowId}`, timeoutMs, async () => {
		const seen = new Set((await read()).map((item) => Number(item.id)));
		return ids.every((id) => seen.has(id)) ? true : undefined;
	});
	const last = await executionsOnceQuiet(n8n, workflowId, quietMs, timeoutMs);
	const runs = await n8n.waitForExecutions(workflowId, last, timeoutMs);
	for (const run of runs) assert.equal(run.status, 'success', executionError(run));
	return runs.flatMap((run) => nodeOutput(run, trigger));
}

/** Checks a renewal under way: each change ran once, nothing refused, the new webhook delivered. */
export function assertRenewalRuns(
	sandbox: Sandbox,
	items: Array<Record<string, unknown>>,
	flow: RenewalFlow,
	fromAttempt: number,
): void {
	assertEachOnce(
		items.map((item) => Number(item.id)),
		flow.changed,
		'runs per changed matter',
	);
	const caughtUp = items.filter((item) => item.catch_up === true);
	console.log(
		`${items.length - caughtUp.length} changes delivered, ${caughtUp.length} caught up after the renewal`,
	);
	assertAllDelivered(sandbox, fromAttempt);
	assert.ok(
		eventAttempts(sandbox, fromAttempt).some((attempt) => attempt.webhookId === flow.replacement),
		'the new webhook delivered',
	);
	assert.equal(enabledWebhooks(sandbox).length, 1, 'one enabled webhook');
}
