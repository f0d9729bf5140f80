// 1. Clio Trigger "New Document" polling over 1,000 matters: API requests per poll when nothing is
// new, after 10 and after 500 new documents, against a naive poller that lists each matter's
// documents (one request per matter).
import type { IDataObject } from 'n8n-workflow';

import { ClioTrigger } from '../nodes/Clio/ClioTrigger.node.ts';
import { type TriggerBed, uploadDocument } from '../test/unit/trigger/bed.mts';
import { runPoll } from '../test/unit/support/n8n.mts';
import {
	apiRequests,
	assertConforming,
	type Bench,
	benchSandbox,
	clioFetch,
	median,
	met,
	ms,
	ratio,
	type Row,
} from './support.mts';

const MATTERS = 1000;
const PARAMETERS = { mode: 'polling', event: 'newDocument' };
const trigger = new ClioTrigger();

interface PollResult {
	requests: number;
	emitted: number;
	ms: number;
}

export const polling: Bench = {
	id: 1,
	title: 'Requests per poll for new documents over 1,000 matters',
	method:
		"Clio Trigger (polling, event New Document) run by n8n-core's PollContext against a sandbox of 1,000 matters with no rate limit. After the activating poll, each run adds 0, 10 or 500 documents (three-step uploads through the sandbox API, one per matter) and polls once; the sandbox log counts the API requests of that poll. Baseline: a fetch loop that lists each matter's documents (`GET /documents.json?matter_id=…`, 1,000 requests) and diffs against the ids it has seen. Both must find exactly the new documents. Times include n8n-core's context set-up per poll.",
	async run(ctx) {
		const bed = await benchSandbox({ matters: MATTERS });
		const { sandbox } = bed;
		try {
			const matters = [...sandbox.store.matters.values()];
			const folders = matters.map((matter) => matter.folder_id as number);
			const staticData: IDataObject = {};

			const poll = async (): Promise<PollResult> => {
				sandbox.log.clear();
				const started = performance.now();
				const result = await runPoll(trigger, {
					parameters: PARAMETERS,
					credential: bed.credential,
					staticData,
				});
				const elapsed = performance.now() - started;
				assertConforming(sandbox, 'Clio Trigger poll');
				return {
					requests: apiRequests(sandbox).length,
					emitted: result?.[0]?.length ?? 0,
					ms: elapsed,
				};
			};

			// The naive poller: every matter's documents, remembering the ids it has seen.
			const seen = new Set<number>();
			const naivePoll = async (): Promise<PollResult> => {
				sandbox.log.clear();
				const started = performance.now();
				let emitted = 0;
				for (const matter of matters) {
					const page = await clioFetch<{ data: Array<{ id: number }> }>(
						sandbox,
						bed.token,
						'GET',
						`/documents.json?matter_id=${matter.id}&fields=id,name,created_at&limit=200`,
					);
					for (const document of page.data) {
						if (!seen.has(document.id)) {
							seen.add(document.id);
							emitted++;
						}
					}
				}
				const elapsed = performance.now() - started;
				assertConforming(sandbox, 'naive poll');
				return { requests: apiRequests(sandbox).length, emitted, ms: elapsed };
			};

			// Activation: the trigger places its cursor, the naive poller learns what exists.
			await poll();
			await naivePoll();

			const uploader = { sandbox, token: bed.token } as TriggerBed;
			let next = 0;
			const addDocuments = async (count: number) => {
				for (let index = 0; index < count; index++) {
					const folder = folders[next++ % folders.length];
					await uploadDocument(uploader, folder, `Scan ${next}.pdf`);
				}
			};

			const rows: Row[] = [];
			for (const added of [0, 10, 500]) {
				const runs = added === 500 ? Math.min(ctx.runs, 3) : ctx.runs;
				const ours: PollResult[] = [];
				const naive: PollResult[] = [];
				for (let run = 0; run < runs; run++) {
					await addDocuments(added);
					ours.push(await poll());
					naive.push(await naivePoll());
					const last = [ours.at(-1), naive.at(-1)] as PollResult[];
					if (last.some((result) => result.emitted !== added)) {
						throw new Error(
							`${added} new documents: the trigger emitted ${last[0].emitted}, the naive poller found ${last[1].emitted}`,
						);
					}
				}
				ctx.log(
					`  ${added} new: trigger ${ours.map((r) => r.requests).join('/')} requests, naive ${naive.map((r) => r.requests).join('/')}`,
				);
				const requests = median(ours.map((r) => r.requests));
				const naiveRequests = median(naive.map((r) => r.requests));
				const target = 1 + Math.ceil(added / 200);
				const time = median(ours.map((r) => r.ms));
				const naiveTime = median(naive.map((r) => r.ms));
				rows.push({
					measurement: '1. Poll requests (newDocument, 1,000 matters)',
					case: added ? `${added} new` : 'idle',
					package: `${requests} req (${ms(time)})`,
					baseline: `${naiveRequests} req (${ms(naiveTime)})`,
					ratio: `${ratio(requests / naiveRequests)} req, ${ratio(time / naiveTime)} time`,
					target: added ? `≤ ${target} req` : '1 req',
					met: met(added ? requests <= target : requests === 1),
					runs,
				});
			}
			return rows;
		} finally {
			await sandbox.close();
		}
	},
};
