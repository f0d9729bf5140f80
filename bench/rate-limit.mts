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

interface Measured {
	ms: number;
	tooMany: number;
	ok: number;
}

export const rateLimit: Bench = {
	id: 4,
	title: '300 operations under a rate limit of 50 requests per 10 s',
	method: `Clio → Matter → Get of matters 1…300 (300 items, one execution) in n8n-core's ExecuteContext with a fresh access token (Clio limits per token, fixed windows, api-facts §4), against a sandbox limiting to 50 requests per 10 s. Ideal = requests ÷ rate = ${IDEAL_MS / 1000} s; the first window is already open at the start, so ${Math.round((IDEAL_MS - LIMIT.windowMs) / 1000)} s plus request time is possible and the ratio can fall below 1. The package's pacer (transport/pacing.ts) spends nine tenths of each window at once, spreads the last tenth over the rest of the window and then waits for X-RateLimit-Reset, which Clio gives in whole seconds — so it uses every window, the first one included, to its end. Baseline: a fetch loop over the same 300 matters that, on a 429, waits the Retry-After seconds and retries. Each run of the package runs at the same time as one run of the baseline, each on its own token (own window) — both spend nearly all their time waiting, so overlapping them halves the wall time without changing either figure. 2 runs each, as one takes about a minute.`,
	async run(ctx) {
		const bed = await benchSandbox({ matters: OPERATIONS, rateLimit: LIMIT });
		const { sandbox } = bed;
		const runs = Math.min(ctx.runs, 2);
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

			const viaNode = async (): Promise<Measured> => {
				const { token, credential } = bed.freshCredential();
				const items: INodeExecutionData[] = Array.from({ length: OPERATIONS }, () => ({
					json: {},
				}));
				const started = performance.now();
				const [output] = await runNode(new Clio(), {
					parameters: (itemIndex) => ({
						resource: 'matter',
						operation: 'get',
						matterId: { __rl: true, mode: 'id', value: String(itemIndex + 1) },
						includeCustomFields: false,
					}),
					credential,
					items,
				});
				const elapsed = performance.now() - started;
				if (output.length !== OPERATIONS) throw new Error(`${output.length} matters returned`);
				return { ms: elapsed, ...statuses(token) };
			};

			const naive = async (): Promise<Measured> => {
				const { token } = bed.freshCredential();
				const started = performance.now();
				for (let id = 1; id <= OPERATIONS; id++) {
					for (;;) {
						const response = await fetch(`${sandbox.apiBase}/matters/${id}.json?fields=${FIELDS}`, {
							headers: clioHeaders(token),
						});
						await response.arrayBuffer();
						if (response.status !== 429) {
							if (!response.ok) throw new Error(`GET matter ${id} answered ${response.status}`);
							break;
						}
						const seconds = Number(response.headers.get('retry-after') ?? '1');
						await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
					}
				}
				const elapsed = performance.now() - started;
				return { ms: elapsed, ...statuses(token) };
			};

			const ours: Measured[] = [];
			const theirs: Measured[] = [];
			for (let run = 0; run < runs; run++) {
				sandbox.log.clear();
				const [mine, other] = await Promise.all([viaNode(), naive()]);
				assertConforming(sandbox, 'rate-limited requests');
				ours.push(mine);
				theirs.push(other);
				ctx.log(
					`  run ${run + 1}: package ${ms(mine.ms)}, ${mine.tooMany} × 429; naive ${ms(other.ms)}, ${other.tooMany} × 429`,
				);
			}
			const time = median(ours.map((r) => r.ms));
			const naiveTime = median(theirs.map((r) => r.ms));
			const tooMany = median(ours.map((r) => r.tooMany));
			const naiveTooMany = median(theirs.map((r) => r.tooMany));
			const row = (what: string, value: string, base: string, quotient: string): Row => ({
				measurement: '4. 300 requests at 50 / 10 s',
				case: what,
				package: value,
				baseline: base,
				ratio: quotient,
				target: '',
				met: '',
				runs,
			});
			return [
				{
					...row(
						'wall time',
						`${ms(time)} (${ratio(time / IDEAL_MS)} ideal)`,
						`${ms(naiveTime)} (${ratio(naiveTime / IDEAL_MS)} ideal)`,
						ratio(time / naiveTime),
					),
					target: `≤ 1.05 × ideal (${ms(IDEAL_MS * 1.05)})`,
					met: met(time <= IDEAL_MS * 1.05),
				},
				{
					...row('429s received', String(tooMany), String(naiveTooMany), '–'),
					target: '0',
					met: met(tooMany === 0),
				},
			];
		} finally {
			await sandbox.close();
		}
	},
};
