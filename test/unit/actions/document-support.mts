// Files on disk, uploads and downloads through the Clio node, and the checks every document test
// makes of the sandbox afterwards: no Authorization header at storage, no unfinished upload left.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';

import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { Clio } from '../../../nodes/Clio/Clio.node.ts';
import { binaryFilePath, binaryItemFromFile, runNode } from '../support/n8n.mts';
import { type ClioTestBed } from './clio-sandbox.mts';

/** A temporary directory for the file's test files, removed after its tests. */
export function tempFiles(): { dir: string } {
	const files = { dir: '' };
	before(async () => {
		files.dir = await mkdtemp(join(tmpdir(), 'clio-documents-'));
	});
	after(async () => await rm(files.dir, { recursive: true, force: true }));
	return files;
}

export async function smallFile(
	dir: string,
	name: string,
	content: Buffer | string,
): Promise<string> {
	const path = join(dir, `${randomBytes(4).toString('hex')}-${Buffer.byteLength(content)}`);
	await writeFile(path, content);
	return path;
}

/** A file of `size` random bytes, written in 1 MiB chunks. */
export async function largeFile(dir: string, size: number): Promise<string> {
	const path = join(dir, `large-${size}`);
	const out = createWriteStream(path);
	for (let written = 0; written < size; ) {
		const chunk = randomBytes(Math.min(1024 * 1024, size - written));
		written += chunk.length;
		if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
	}
	await new Promise<void>((resolve, reject) =>
		out.end((error?: Error | null) => (error ? reject(error) : resolve())),
	);
	return path;
}

export async function sha256OfFile(path: string): Promise<string> {
	const hash = createHash('sha256');
	for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
	return hash.digest('hex');
}

export async function sha256OfBinary(item: INodeExecutionData, property = 'data'): Promise<string> {
	return await sha256OfFile(await binaryFilePath(item, property));
}

/** Runs the node with full items in and out (binary data included). */
export async function runItems(
	bed: ClioTestBed,
	parameters: INodeParameters,
	items?: INodeExecutionData[],
	continueOnFail = false,
): Promise<INodeExecutionData[]> {
	const [output] = await runNode(new Clio(), {
		parameters,
		credential: bed.credential,
		items,
		continueOnFail,
	});
	return output;
}

/** Uploads the file at `path` (named `fileName` in n8n) with the upload parameters given. */
export async function upload(
	bed: ClioTestBed,
	path: string,
	fileName: string,
	mimeType: string,
	parameters: INodeParameters,
): Promise<IDataObject> {
	const item = await binaryItemFromFile(path, fileName, mimeType);
	const [output] = await runItems(
		bed,
		{ resource: 'document', operation: 'upload', ...parameters },
		[item],
	);
	return output.json;
}

export async function download(
	bed: ClioTestBed,
	documentId: number,
	options: IDataObject = {},
): Promise<INodeExecutionData> {
	const [output] = await runItems(bed, {
		resource: 'document',
		operation: 'download',
		documentId: String(documentId),
		options: options as INodeParameters,
	});
	return output;
}

/** Storage requests since the log was cleared; none may carry the Clio credential. */
export function storageRequests(bed: ClioTestBed) {
	const requests = bed.sandbox.log.entries.filter((entry) => entry.kind === 'storage');
	for (const request of requests) {
		const names = Object.keys(request.headers).map((name) => name.toLowerCase());
		assert.ok(
			!names.includes('authorization'),
			`no Authorization header at ${request.method} ${request.path}`,
		);
	}
	return requests;
}

/** The checks after every upload: API requests conform, storage saw no token, nothing is left half-done. */
export function assertCleanSandbox(bed: ClioTestBed): void {
	assert.deepEqual(
		bed.sandbox.log.entries.flatMap((entry) => entry.violations),
		[],
		'every request conforms to the Clio API',
	);
	storageRequests(bed);
	assert.deepEqual(
		bed.sandbox.documents.incompleteDocuments().map((document) => document.id),
		[],
		'no document is left with an unfinished upload',
	);
}
