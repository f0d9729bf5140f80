// An upload that meets failures at each of its steps ends either complete or in a clear error,
// and never leaves a half-uploaded document in Clio.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { beforeEach, describe, it } from 'node:test';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { FaultRule } from '../../sandbox/index.mts';
import { NodeOperationError } from '../support/n8n.mts';
import { byId, clioTestBed } from './clio-sandbox.mts';
import {
	assertCleanSandbox,
	download,
	sha256OfBinary,
	sha256OfFile,
	smallFile,
	storageRequests,
	tempFiles,
	upload,
} from './document-support.mts';

const bed = clioTestBed();
const files = tempFiles();

const STORAGE = /^\/storage\//;
const DOCUMENT = /^\/api\/v4\/documents\/\d+(\.json)?$/;
const sha256 = (bytes: string) => createHash('sha256').update(bytes).digest('hex');
const serverError = {
	status: 500,
	body: '<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>',
};

function liveDocuments(): IDataObject[] {
	return [...bed.sandbox.store.table('documents').values()].filter(
		(document) => !document.deleted_at,
	);
}

const MIB = 1024 * 1024;

/** A multipart upload (parts from 1 MB) with the default Parts Sent at Once unless given. */
async function uploadParts(path: string, name: string, options: IDataObject = {}) {
	return await upload(bed, path, name, 'application/pdf', {
		uploadTo: 'matter',
		matterId: byId(11),
		options: { multipartThresholdMb: 1, ...options } as INodeParameters,
	});
}

/** Holds part `part`'s PUT at storage until other requests arrive (the rest of the rule then applies). */
function holdPart(part: number, holdUntil: FaultRule['holdUntil'], fault: Partial<FaultRule> = {}) {
	bed.sandbox.faults.add({
		method: 'PUT',
		path: STORAGE,
		query: { partNumber: String(part) },
		holdUntil,
		...fault,
	});
}

/** Nothing is left half-done, and the document serves exactly the file's bytes. */
async function assertDownloadsAs(document: IDataObject, path: string) {
	assertCleanSandbox(bed);
	assert.equal(
		await sha256OfBinary(await download(bed, document.id as number)),
		await sha256OfFile(path),
	);
}

function uploadSmall(name: string, content: string, parameters: IDataObject = {}) {
	return smallFile(files.dir, name, content).then(
		async (path) =>
			await upload(bed, path, name, 'application/pdf', {
				uploadTo: 'matter',
				matterId: byId(11),
				...parameters,
			}),
	);
}

describe('Document: upload faults', () => {
	beforeEach(() => bed.sandbox.faults.clear());

	it('retries a PUT that failed once, with the file read afresh', async () => {
		bed.sandbox.faults.add({ method: 'PUT', path: STORAGE, ...serverError });
		const document = await uploadSmall('retry.pdf', 'retry me');
		assert.equal((document.latest_document_version as IDataObject).fully_uploaded, true);
		assert.deepEqual(
			storageRequests(bed).map((entry) => entry.status),
			[500, 200],
		);
		assertCleanSandbox(bed);
		assert.equal(
			await sha256OfBinary(await download(bed, document.id as number)),
			sha256('retry me'),
		);
	});

	it('retries a PUT whose connection dropped', async () => {
		bed.sandbox.faults.add({ method: 'PUT', path: STORAGE, reset: true });
		const document = await uploadSmall('reset.pdf', 'dropped once');
		assert.equal((document.latest_document_version as IDataObject).fully_uploaded, true);
		assertCleanSandbox(bed);
	});

	it('removes the new document when the PUT keeps failing, and says so', async () => {
		const before = liveDocuments().length;
		bed.sandbox.faults.add({ method: 'PUT', path: STORAGE, times: 10, ...serverError });
		const error = await uploadSmall('doomed.pdf', 'never arrives').then(
			() => assert.fail('the upload should fail'),
			(caught: unknown) => caught,
		);
		assert.ok(error instanceof NodeOperationError);
		assert.match(error.message, /Upload of "doomed\.pdf" failed; nothing was left behind in Clio/);
		assert.match(String(error.description), /Sending the file to Clio’s storage failed/);
		assert.match(String(error.description), /InternalError/);
		assert.match(String(error.description), /was deleted again/);
		const deleted = bed.sandbox.log.entries.find((entry) => entry.method === 'DELETE');
		assert.equal(deleted?.status, 204);
		assert.equal(liveDocuments().length, before, 'no document was added');
		assertCleanSandbox(bed);
	});

	it('repeats the completion after an UploadTimeoutError', async () => {
		bed.sandbox.faults.add({
			method: 'PATCH',
			path: DOCUMENT,
			status: 422,
			body: { error: { type: 'UploadTimeoutError', message: 'Verifying the upload timed out' } },
		});
		const document = await uploadSmall('slow.pdf', 'slow check');
		assert.equal((document.latest_document_version as IDataObject).fully_uploaded, true);
		const patches = bed.sandbox.log.entries.filter((entry) => entry.method === 'PATCH');
		assert.deepEqual(
			patches.map((entry) => entry.status),
			[422, 200],
		);
		assertCleanSandbox(bed);
	});

	it('removes the new document when the completion keeps failing, and says so', async () => {
		const before = liveDocuments().length;
		bed.sandbox.faults.add({
			method: 'PATCH',
			path: DOCUMENT,
			times: 10,
			status: 422,
			body: {
				error: { type: 'UploadNotFoundError', message: 'A matching remote file was not found' },
			},
		});
		await assert.rejects(uploadSmall('unverified.pdf', 'lost in storage'), (error: Error) => {
			assert.ok(error instanceof NodeOperationError);
			assert.match(error.message, /nothing was left behind/);
			assert.match(String(error.description), /Marking the upload as complete in Clio failed/);
			assert.match(String(error.description), /UploadNotFoundError/);
			return true;
		});
		assert.equal(bed.sandbox.log.entries.filter((entry) => entry.method === 'PATCH').length, 1);
		assert.equal(liveDocuments().length, before);
		assertCleanSandbox(bed);
	});

	it('sends several parts at once (4 by default)', async () => {
		const path = await smallFile(files.dir, 'together', 'm'.repeat(16 * MIB));
		// Part 1 is held at storage until three more parts have arrived: one part after another
		// would never release it.
		holdPart(1, { requests: 3 });
		const document = await uploadParts(path, 'together.pdf');
		assert.equal((document.latest_document_version as IDataObject).fully_uploaded, true);
		const puts = storageRequests(bed);
		assert.equal(puts[0].query.partNumber, '1');
		assert.equal(puts[0].hold, 'released', 'parts 2, 3 and 4 were sent while part 1 was');
		assert.deepEqual(puts.map((entry) => entry.query.partNumber).sort(), ['1', '2', '3', '4']);
		await assertDownloadsAs(document, path);
	});

	it('sends the parts one after another when Parts Sent at Once is 1', async () => {
		const path = await smallFile(files.dir, 'one-by-one', 'o'.repeat(11 * MIB));
		holdPart(1, { requests: 1, timeoutMs: 300 });
		const document = await uploadParts(path, 'one-by-one.pdf', { partsAtOnce: 1 });
		assert.equal((document.latest_document_version as IDataObject).fully_uploaded, true);
		const puts = storageRequests(bed);
		assert.equal(puts[0].hold, 'timed out', 'part 2 waited for part 1');
		assert.deepEqual(
			puts.map((entry) => entry.query.partNumber),
			['1', '2', '3'],
		);
		assertCleanSandbox(bed);
	});

	it('retries only the part that failed, while the other parts go on', async () => {
		const path = await smallFile(files.dir, 'parts', 'p'.repeat(16 * MIB));
		// Part 2 fails once, answered only after parts 3 and 4 have arrived: they are in flight
		// while it fails and is retried.
		holdPart(2, { requests: 2 }, serverError);
		const document = await uploadParts(path, 'parts.pdf');
		assert.equal((document.latest_document_version as IDataObject).fully_uploaded, true);
		const puts = storageRequests(bed);
		const attempts = (part: string) => puts.filter((entry) => entry.query.partNumber === part);
		assert.deepEqual(
			attempts('2').map((entry) => [entry.status, entry.hold]),
			[
				[500, 'released'],
				[200, undefined],
			],
		);
		for (const part of ['1', '3', '4']) {
			assert.deepEqual(
				attempts(part).map((entry) => entry.status),
				[200],
				`part ${part} was sent once`,
			);
		}
		await assertDownloadsAs(document, path);
	});

	it('removes the document when one part fails for good while others succeed', async () => {
		const before = liveDocuments().length;
		const path = await smallFile(files.dir, 'one-bad-part', 'b'.repeat(21 * MIB));
		bed.sandbox.faults.add({
			method: 'PUT',
			path: STORAGE,
			query: { partNumber: '3' },
			times: 10,
			...serverError,
		});
		await assert.rejects(uploadParts(path, 'one-bad-part.pdf'), (error: Error) => {
			assert.ok(error instanceof NodeOperationError);
			assert.match(error.message, /nothing was left behind/);
			assert.match(String(error.description), /part 3 of 5/);
			return true;
		});
		const entries = bed.sandbox.log.entries;
		const deleted = entries.findIndex((entry) => entry.method === 'DELETE');
		assert.equal(entries[deleted]?.status, 204);
		assert.deepEqual(
			entries.slice(deleted + 1).map((entry) => `${entry.method} ${entry.path}`),
			[],
			'nothing was sent after the document was removed',
		);
		const puts = storageRequests(bed);
		assert.equal(puts.filter((entry) => entry.query.partNumber === '3').length, 4);
		assert.ok(
			puts.filter((entry) => entry.query.partNumber !== '3').every((entry) => entry.status === 200),
		);
		assert.equal(liveDocuments().length, before);
		assertCleanSandbox(bed);
	});

	it('removes the document when a part keeps failing', async () => {
		const path = await smallFile(files.dir, 'parts-fail', 'q'.repeat(11 * 1024 * 1024));
		bed.sandbox.faults.add({ method: 'PUT', path: STORAGE, times: 10, reset: true });
		await assert.rejects(uploadParts(path, 'parts-fail.pdf'), /nothing was left behind/);
		assertCleanSandbox(bed);
	});

	it('leaves a document unchanged when its new version cannot be uploaded', async () => {
		const original = await uploadSmall('contract.pdf', 'Version 1');
		bed.sandbox.log.clear();
		bed.sandbox.faults.add({ method: 'PUT', path: STORAGE, times: 10, ...serverError });
		await assert.rejects(
			uploadSmall('contract v2.pdf', 'Version 2', {
				uploadTo: 'newVersion',
				documentId: String(original.id),
			}),
			(error: Error) => {
				assert.match(error.message, /could not be uploaded; the document was not changed/);
				assert.match(
					String((error as { description?: string }).description),
					/no way to remove a single version/,
				);
				return true;
			},
		);
		assert.equal(
			bed.sandbox.log.entries.filter((entry) => entry.method === 'DELETE').length,
			0,
			'the document itself is never deleted',
		);
		bed.sandbox.faults.clear();
		const item = await download(bed, original.id as number);
		assert.equal(
			await sha256OfBinary(item),
			sha256('Version 1'),
			'the document still serves its last complete version',
		);
		assert.equal((item.json.latest_document_version as IDataObject).version_number, 1);
		// Clio keeps the record of the unfinished version (no API removes a version), so this one
		// document is listed as having an unfinished newest version.
		assert.deepEqual(
			bed.sandbox.documents.incompleteDocuments().map((document) => document.id),
			[original.id],
		);
	});
});
