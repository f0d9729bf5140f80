// 4. 300 requests under Clio's per-token limit (sandbox: 50 per 10 s window): wall time and 429s,
// against the ideal time (requests ÷ rate) and a naive fetch loop that retries after Retry-After.
import type { INodeExecutionData } from 'n8n-workflow';

import { Clio } from '../nodes/Clio/Clio.node.ts';
import { runNode } from '../test/unit/support/n8n.mts';
import {
	apiRequests,
	assertConforming,
	type Bench,
	benchSandbox,
	clioHeaders,
	median,
	met,
	ms,
	ratio,
	type Row,
} from './support.mts';

const OPERATIONS = 300;
const LIMIT = { limit: 50, windowMs: 10_000 };
const IDEAL_MS = (OPERATIONS / LIMIT.limit) * LIMIT.windowMs;
const FIELDS = 'id,display_number,description,status';
const RUNS = 2;

interface Measured {
	ms: number;
	tooMany: number;
	ok: number;
}

export const rateLimit: Bench = {
	id: 4,
	title: '300 operations under a rate limit of 50 requests per 10 s',
	method: `Clio → Matter → Get of matters 1…300 in n8n-core's ExecuteContext with a fresh access token (Clio limits per token, fixed windows, api-facts §4), against a sandbox limiting to 50 requests per 10 s (a window opens with a token's first request; X-RateLimit-Reset is its end in whole seconds, rounded up). Ideal = requests ÷ rate = ${IDEAL_MS / 1000} s; the first window is already open at the start, so ${Math.round((IDEAL_MS - LIMIT.windowMs) / 1000)} s plus request time is possible and the ratio can fall below 1. Baseline: a fetch loop over the same matters that, on a 429, waits the Retry-After seconds and retries — rude, but it loses only its own burst time per window. The package's pacer (transport/pacing.ts) sends while the window has room (X-RateLimit-Limit/-Remaining less its requests on their way) and then waits for the window's end: Reset, or, for a window its own request opened, that request's time plus the window length learned from earlier such windows (whole seconds), so it neither waits for the rounded-up Reset nor meets a 429. Two cases: one execution of 300 items against one fetch loop; two executions of 150 items at once on one shared token (in one n8n process, as in n8n's regular mode) against two fetch loops of 150 at once on one shared token. Each package run runs at the same time as one baseline run, each on its own token (own window) — both spend nearly all their time waiting, so overlapping them halves the wall time without changing either figure. ${RUNS} runs each, as one takes about a minute.`,
	async run(ctx) {
		const bed = await benchSandbox({ matters: OPERATIONS, rateLimit: LIMIT });
		const { sandbox } = bed;
		const runs = Math.min(ctx.runs, RUNS);
		try {
			const statuses = (token: string) => {
				const own = apiRequests(sandbox).filter(
					(entry) => entry.headers.authorization === `Bearer ${token}`,
				);
				return {
					tooMany: own.filter((entry) => entry.status === 429).length,
					ok: own.filter((entry) => entry.status === 200).length,
				};
			};

			/** `executions` runs of the node at once on one token, splitting the matters between them. */
			const viaNode = async (executions: number): Promise<Measured> => {
				const { token, credential } = bed.freshCredential();
				const share = OPERATIONS / executions;
				const started = performance.now();
				const outputs = await Promise.all(
					Array.from({ length: executions }, async (_, execution) => {
						const items: INodeExecutionData[] = Array.from({ length: share }, () => ({
							json: {},
						}));
						const [output] = await runNode(new Clio(), {
							parameters: (itemIndex) => ({
								resource: 'matter',
								operation: 'get',
								matterId: {
									__rl: true,
									mode: 'id',
									value: String(execution * share + itemIndex + 1),
								},
								includeCustomFields: false,
							}),
							credential,
							items,
						});
						return output;
					}),
				);
				const elapsed = performance.now() - started;
				const returned = outputs.flat().length;
				if (returned !== OPERATIONS) throw new Error(`${returned} matters returned`);
				return { ms: elapsed, ...statuses(token) };
			};

			/** `loops` fetch loops at once on one token, retrying each 429 after Retry-After. */
			const naive = async (loops: number): Promise<Measured> => {
				const { token } = bed.freshCredential();
				const share = OPERATIONS / loops;
				const started = performance.now();
				await Promise.all(
					Array.from({ length: loops }, async (_, loop) => {
						for (let id = loop * share + 1; id <= (loop + 1) * share; id++) {
							for (;;) {
								const response = await fetch(
									`${sandbox.apiBase}/matters/${id}.json?fields=${FIELDS}`,
									{ headers: clioHeaders(token) },
								);
								await response.arrayBuffer();
								if (response.status !== 429) {
									if (!response.ok) throw new Error(`GET matter ${id} answered ${response.status}`);
									break;
								}
								const seconds = Number(response.headers.get('retry-after') ?? '1');
								await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
							}
						}
					}),
				);
				const elapsed = performance.now() - started;
				return { ms: elapsed, ...statuses(token) };
			};

			const rows: Row[] = [];
			for (const [executions, label] of [
				[1, '1 execution'],
				[2, '2 executions sharing one token'],
			] as const) {
				const ours: Measured[] = [];
				const theirs: Measured[] = [];
				for (let run = 0; run < runs; run++) {
					sandbox.log.clear();
					const [mine, other] = await Promise.all([viaNode(executions), naive(executions)]);
					assertConforming(sandbox, 'rate-limited requests');
					ours.push(mine);
					theirs.push(other);
					ctx.log(
						`  ${label}, run ${run + 1}: package ${ms(mine.ms)}, ${mine.tooMany} × 429; naive ${ms(other.ms)}, ${other.tooMany} × 429`,
					);
				}
				const time = median(ours.map((r) => r.ms));
				const naiveTime = median(theirs.map((r) => r.ms));
				const tooMany = Math.max(...ours.map((r) => r.tooMany));
				const naiveTooMany = Math.max(...theirs.map((r) => r.tooMany));
				const row = (what: string): Row => ({
					measurement: '4. 300 requests at 50 / 10 s',
					case: `${label}: ${what}`,
					package: '',
					baseline: '',
					ratio: '–',
					target: '',
					met: '',
					runs,
				});
				rows.push(
					{
						...row('wall time'),
						package: `${ms(time)} (${ratio(time / IDEAL_MS)} ideal)`,
						baseline: `${ms(naiveTime)} (${ratio(naiveTime / IDEAL_MS)} ideal)`,
						ratio: ratio(time / naiveTime),
						target: '≤ 1.00× naive',
						met: met(time <= naiveTime),
					},
					{
						...row('429s received (most in a run)'),
						package: String(tooMany),
						baseline: String(naiveTooMany),
						target: '0',
						met: met(tooMany === 0),
					},
				);
			}
			return rows;
		} finally {
			await sandbox.close();
		}
	},
};
