// One Document → Download in a process of its own, into n8n's filesystem binary store, so that its
// peak memory is the download's alone: a small download loads every module first, then the peak
// resident set is reset and read back after the download (child-memory.mts). The stored file's
// size and SHA-256 are taken afterwards, untimed. Input: BENCH_DOWNLOAD (JSON), output: one JSON
// line on stdout.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';

import type { INodeExecutionData } from 'n8n-workflow';

import { Clio } from '../nodes/Clio/Clio.node.ts';
import {
	binaryFilePath,
	clioCredential,
	type OAuth2Tokens,
	runNode,
} from '../test/unit/support/n8n.mts';
import { finish, type MemoryMeasure, measureMemory } from './child-memory.mts';

export interface DownloadJob {
	url: string;
	tokens: OAuth2Tokens;
	documentId: number;
	/** A small document downloaded first, untimed. */
	warmUpDocumentId: number;
}

export interface DownloadMeasure extends MemoryMeasure {
	startedAt: number;
	ms: number;
	/** Of the file in the binary store. */
	size: number;
	sha256: string;
}

const job = JSON.parse(process.env.BENCH_DOWNLOAD ?? '') as DownloadJob;
const credential = clioCredential(job.url, job.tokens);

async function download(documentId: number): Promise<INodeExecutionData> {
	const [output] = await runNode(new Clio(), {
		parameters: { resource: 'document', operation: 'download', documentId: String(documentId) },
		credential,
	});
	return output[0];
}

await download(job.warmUpDocumentId);
let startedAt = 0;
let elapsed = 0;
const { result: item, ...memory } = await measureMemory(async () => {
	startedAt = Date.now();
	const started = performance.now();
	const downloaded = await download(job.documentId);
	elapsed = performance.now() - started;
	return downloaded;
});
const path = await binaryFilePath(item);
const hash = createHash('sha256');
for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
finish({
	startedAt,
	ms: elapsed,
	...memory,
	size: (await stat(path)).size,
	sha256: hash.digest('hex'),
} satisfies DownloadMeasure);
