// One Document → Upload in a process of its own, so its peak memory is the upload's alone: the file
// is put into n8n's filesystem binary store, a 1 KB upload loads every module the path needs, then
// the peak resident set is reset (/proc/self/clear_refs) and read back (VmHWM) after the upload.
// Input: BENCH_UPLOAD (JSON), output: one JSON line on stdout.
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
import { finish, type MemoryMeasure, measureMemory } from './child-memory.mts';

export interface UploadJob {
	url: string;
	tokens: OAuth2Tokens;
	path: string;
	fileName: string;
	matterId: number;
	/** The node's upload Options (default: none). */
	options?: INodeParameters;
}

export interface UploadMeasure extends MemoryMeasure {
	startedAt: number;
	ms: number;
	document: IDataObject;
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
let startedAt = 0;
let elapsed = 0;
const { result: document, ...memory } = await measureMemory(async () => {
	startedAt = Date.now();
	const started = performance.now();
	const uploaded = await upload(item);
	elapsed = performance.now() - started;
	return uploaded;
});
finish({ startedAt, ms: elapsed, ...memory, document } satisfies UploadMeasure);
