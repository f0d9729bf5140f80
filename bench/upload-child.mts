// One Document → Upload in a process of its own, so its peak memory is the upload's alone: the file
// is put into n8n's filesystem binary store, a 1 KB upload loads every module the path needs, then
// the peak resident set is reset (/proc/self/clear_refs) and read back (VmHWM) after the upload.
// Input: BENCH_UPLOAD (JSON), output: one JSON line on stdout.
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { Clio } from '../nodes/Clio/Clio.node.ts';
import {
	binaryItemFromFile,
	clioCredential,
	type OAuth2Tokens,
	runNode,
} from '../test/unit/support/n8n.mts';

export interface UploadJob {
	url: string;
	tokens: OAuth2Tokens;
	path: string;
	fileName: string;
	matterId: number;
	/** The node's upload Options (default: none). */
	options?: INodeParameters;
}

export interface UploadMeasure {
	startedAt: number;
	ms: number;
	rssBefore: number;
	/** VmHWM after the upload (peak since the reset), or -1 when the reset is not possible. */
	peak: number;
	/** Highest resident set seen by sampling every 10 ms. */
	sampledPeak: number;
	document: IDataObject;
}

function status(field: 'VmRSS' | 'VmHWM'): number {
	const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
		readFileSync('/proc/self/status', 'utf8'),
	);
	return match ? Number(match[1]) * 1024 : -1;
}

function resetPeak(): boolean {
	try {
		writeFileSync('/proc/self/clear_refs', '5');
		return true;
	} catch {
		return false;
	}
}

const job = JSON.parse(process.env.BENCH_UPLOAD ?? '') as UploadJob;
const credential = clioCredential(job.url, job.tokens);

async function upload(item: INodeExecutionData): Promise<IDataObject> {
	const [output] = await runNode(new Clio(), {
		parameters: {
			resource: 'document',
			operation: 'upload',
			uploadTo: 'matter',
			matterId: { __rl: true, mode: 'id', value: String(job.matterId) },
			options: job.options ?? {},
		},
		credential,
		items: [item],
	});
	return output[0].json;
}

const warmDir = await mkdtemp(join(tmpdir(), 'clio-bench-warm-'));
const warmFile = join(warmDir, 'warm-up.pdf');
await writeFile(warmFile, Buffer.alloc(1024, 7));
await upload(await binaryItemFromFile(warmFile, 'warm-up.pdf', 'application/pdf'));
await rm(warmDir, { recursive: true, force: true });

const item = await binaryItemFromFile(job.path, job.fileName, 'application/pdf');
(globalThis as { gc?: () => void }).gc?.();
const rssBefore = status('VmRSS');
const canReset = resetPeak();
let sampledPeak = rssBefore;
const sampler = setInterval(() => {
	sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
}, 10);
const startedAt = Date.now();
const started = performance.now();
const document = await upload(item);
const elapsed = performance.now() - started;
clearInterval(sampler);
sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());

const result: UploadMeasure = {
	startedAt,
	ms: elapsed,
	rssBefore,
	peak: canReset ? status('VmHWM') : -1,
	sampledPeak,
	document,
};
// Exit explicitly (n8n-core may keep handles open); the runtime removes its folder on exit.
process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
