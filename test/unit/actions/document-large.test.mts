// Large files: multipart uploads streamed from n8n's binary store, and downloads streamed back.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { IDataObject } from 'n8n-workflow';

import { byId, clioTestBed } from './clio-sandbox.mts';
import {
	assertCleanSandbox,
	download,
	largeFile,
	sha256OfBinary,
	sha256OfFile,
	storageRequests,
	tempFiles,
	upload,
} from './document-support.mts';

const bed = clioTestBed();
const files = tempFiles();
const MIB = 1024 * 1024;

async function roundTrip(size: number, name: string, parameters: IDataObject = {}) {
	const path = await largeFile(files.dir, size);
	const document = await upload(bed, path, name, 'application/pdf', {
		uploadTo: 'matter',
		matterId: byId(12),
		...parameters,
	});
	const version = document.latest_document_version as IDataObject;
	assert.equal(version.fully_uploaded, true);
	assert.equal(version.size, size);
	assertCleanSandbox(bed);
	const item = await download(bed, document.id as number);
	assert.equal(
		await sha256OfBinary(item),
		await sha256OfFile(path),
		'byte-identical after the round trip',
	);
	return document;
}

describe('Document: large files', () => {
	/** The part numbers each request asked URLs for, and with which fully_uploaded. */
	function partRequests() {
		return bed.sandbox.log.entries
			.filter((entry) => entry.kind === 'api' && ['POST', 'PATCH'].includes(entry.method))
			.map((entry) => {
				const data = (entry.body as IDataObject).data as IDataObject;
				const parts = (data.multiparts as IDataObject[] | undefined)?.map(
					(part) => part.part_number as number,
				);
				return [entry.method, data.fully_uploaded, parts ? [parts[0], parts.at(-1)] : undefined];
			});
	}

	it('uploads a 120 MB file in 5 MB parts (multipart from 100 MB by default)', async () => {
		const size = 120 * 1_000_000;
		await roundTrip(size, 'hearing recording.pdf');
		const puts = storageRequests(bed).filter((entry) => entry.method === 'PUT');
		assert.equal(puts.length, Math.ceil(size / (5 * MIB)));
		assert.ok(puts.every((put) => put.headers['content-md5']));
		// The first 4 parts (those sent at once) come with the POST, then batches that double.
		assert.deepEqual(partRequests(), [
			['POST', undefined, [1, 4]],
			['PATCH', false, [5, 12]],
			['PATCH', false, [13, 23]],
			['PATCH', true, undefined],
		]);
	});

	it('asks for part URLs beyond the first batch with fully_uploaded false', async () => {
		const size = 50 * 5 * MIB + 1;
		await roundTrip(size, 'discovery archive.pdf', { options: { multipartThresholdMb: 1 } });
		assert.deepEqual(partRequests(), [
			['POST', undefined, [1, 4]],
			['PATCH', false, [5, 12]],
			['PATCH', false, [13, 28]],
			['PATCH', false, [29, 51]],
			['PATCH', true, undefined],
		]);
		assert.equal(storageRequests(bed).filter((entry) => entry.method === 'PUT').length, 51);
	});
});
