import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';

import type { IDataObject } from 'n8n-workflow';

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

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

function version(document: IDataObject): IDataObject {
	return document.latest_document_version as IDataObject;
}

/** Downloads the document back and compares its bytes with the original's. */
async function assertRoundTrip(documentId: number, expectedSha256: string, fileName: string) {
	const item = await download(bed, documentId);
	assert.equal(
		await sha256OfBinary(item),
		expectedSha256,
		'the downloaded bytes are the uploaded ones',
	);
	assert.equal(item.binary?.data.fileName, fileName);
	return item;
}

describe('Document: upload', () => {
	it('uploads a small file into a matter in three steps and downloads it back unchanged', async () => {
		const content = 'Signed engagement letter\n';
		const path = await smallFile(files.dir, 'letter.pdf', content);
		const document = await upload(bed, path, 'Engagement Letter (signed).pdf', 'application/pdf', {
			uploadTo: 'matter',
			matterId: byId(5),
			additionalFields: { receivedAt: '2026-03-02T10:00:00Z' },
		});
		assert.equal(document.name, 'Engagement Letter (signed).pdf');
		assert.equal(version(document).fully_uploaded, true);
		assert.equal((document.matter as IDataObject).id, 5);

		const api = bed.sandbox.log.entries.filter((entry) => entry.kind === 'api');
		const [post, patch] = api;
		assert.equal(post.method, 'POST');
		assert.equal(
			post.query.fields,
			'id,name,latest_document_version{uuid,put_url,put_headers,multiparts}',
		);
		assert.deepEqual(post.body, {
			data: {
				name: 'Engagement Letter (signed).pdf',
				parent: { type: 'Matter', id: 5 },
				filename: 'Engagement Letter (signed).pdf',
				content_type: 'application/pdf',
				received_at: '2026-03-02T10:00:00.000Z',
			},
		});
		assert.equal(patch.method, 'PATCH');
		assert.deepEqual((patch.body as IDataObject).data, {
			uuid: version(document).uuid,
			fully_uploaded: true,
		});
		const [put] = storageRequests(bed);
		assert.equal(put.method, 'PUT');
		assert.equal(put.status, 200);
		assert.equal(put.headers['x-amz-server-side-encryption'], 'AES256');
		assert.equal(put.headers['content-length'], String(Buffer.byteLength(content)));
		assertCleanSandbox(bed);

		await assertRoundTrip(document.id as number, sha256(content), 'Engagement Letter (signed).pdf');
	});

	it('uploads an empty file', async () => {
		const path = await smallFile(files.dir, 'empty.txt', '');
		const document = await upload(bed, path, 'empty.txt', 'text/plain', {
			uploadTo: 'matter',
			matterId: byId(6),
		});
		assert.equal(version(document).fully_uploaded, true);
		assert.equal(version(document).size, 0);
		assertCleanSandbox(bed);
		await assertRoundTrip(document.id as number, sha256(''), 'empty.txt');
	});

	it('keeps a file name with accents, dashes and symbols, uploading into a folder', async () => {
		const name = 'Überweisung – Café №1 (Entwurf).pdf';
		const folder = [...bed.sandbox.store.folders.values()].find(
			(entry) => entry.matter_id === 7 && entry.name === 'Correspondence',
		);
		assert.ok(folder);
		const path = await smallFile(files.dir, 'x', 'Bonjour, ça va ?');
		const document = await upload(bed, path, name, 'application/pdf', {
			uploadTo: 'folder',
			folderId: folder.id as number,
			additionalFields: { name: 'Überweisung' },
		});
		assert.equal(document.name, 'Überweisung');
		assert.equal(document.filename, name);
		assert.equal((document.parent as IDataObject).id, folder.id);
		assertCleanSandbox(bed);
		await assertRoundTrip(document.id as number, sha256('Bonjour, ça va ?'), name);
	});

	it('uploads into a contact’s documents, with a category and a content type of its own', async () => {
		const path = await smallFile(files.dir, 'id', 'ID scan');
		const category = [...bed.sandbox.store.table('document_categories').values()][1];
		const document = await upload(bed, path, 'id-scan.bin', 'application/octet-stream', {
			uploadTo: 'contact',
			contactId: byId(3),
			additionalFields: { contentType: 'image/png', documentCategoryId: category.id as number },
		});
		assert.equal((document.contact as IDataObject).id, 3);
		assert.equal(document.content_type, 'image/png');
		assert.equal((document.document_category as IDataObject).id, category.id);
		assertCleanSandbox(bed);
	});

	it('leaves out a generic MIME type so that Clio works it out from the extension', async () => {
		const path = await smallFile(files.dir, 'y', 'a,b\n1,2\n');
		const document = await upload(bed, path, 'table.csv', 'application/octet-stream', {
			uploadTo: 'matter',
			matterId: byId(5),
		});
		const post = bed.sandbox.log.entries.find((entry) => entry.method === 'POST');
		assert.equal(((post?.body as IDataObject).data as IDataObject).content_type, undefined);
		assert.equal(document.content_type, 'text/csv');
	});

	it('adds a new version to a document: same ID, next version number, new bytes', async () => {
		const first = await smallFile(files.dir, 'v1', 'Draft 1');
		const original = await upload(bed, first, 'Settlement.docx', 'application/msword', {
			uploadTo: 'matter',
			matterId: byId(8),
		});
		bed.sandbox.log.clear();
		const second = await smallFile(files.dir, 'v2', 'Draft 2, final');
		const updated = await upload(bed, second, 'Settlement (final).docx', 'application/msword', {
			uploadTo: 'newVersion',
			documentId: String(original.id),
		});
		assert.equal(updated.id, original.id);
		assert.equal(version(updated).version_number, 2);
		assert.equal(version(updated).fully_uploaded, true);
		assert.equal(updated.name, 'Settlement.docx', 'the document keeps its name');
		const post = bed.sandbox.log.entries.find((entry) => entry.method === 'POST');
		assert.deepEqual(((post?.body as IDataObject).data as IDataObject).parent, {
			id: original.id,
			type: 'Document',
		});
		assertCleanSandbox(bed);
		await assertRoundTrip(
			original.id as number,
			sha256('Draft 2, final'),
			'Settlement (final).docx',
		);
	});

	it('sends a file above the threshold in parts with their checksums', async () => {
		const size = 12 * 1024 * 1024 + 123;
		const path = await smallFile(files.dir, 'parts', Buffer.alloc(size, 7));
		const document = await upload(bed, path, 'scan.pdf', 'application/pdf', {
			uploadTo: 'matter',
			matterId: byId(9),
			options: { multipartThresholdMb: 1 },
		});
		assert.equal(version(document).fully_uploaded, true);
		assert.equal(version(document).size, size);
		const post = bed.sandbox.log.entries.find((entry) => entry.method === 'POST');
		const parts = ((post?.body as IDataObject).data as IDataObject).multiparts as IDataObject[];
		assert.deepEqual(
			parts.map((part) => [part.part_number, part.content_length]),
			[
				[1, String(5 * 1024 * 1024)],
				[2, String(5 * 1024 * 1024)],
				[3, String(2 * 1024 * 1024 + 123)],
			],
		);
		// Sent at the same time, the parts may arrive in any order; each carries its own checksum.
		const puts = storageRequests(bed).sort(
			(a, b) => Number(a.query.partNumber) - Number(b.query.partNumber),
		);
		assert.equal(puts.length, 3);
		assert.deepEqual(
			puts.map((put) => [put.query.partNumber, put.headers['content-md5']]),
			parts.map((part) => [String(part.part_number), part.content_md5]),
		);
		assertCleanSandbox(bed);
		await assertRoundTrip(document.id as number, await sha256OfFile(path), 'scan.pdf');
	});

	it('names the field when the input item has no such binary field', async () => {
		await assert.rejects(
			upload(bed, await smallFile(files.dir, 'z', 'x'), 'x.txt', 'text/plain', {
				uploadTo: 'matter',
				matterId: byId(5),
				binaryPropertyName: 'attachment',
			}),
			/attachment/,
		);
		assert.equal(bed.sandbox.log.entries.filter((entry) => entry.kind === 'api').length, 0);
	});

	it('names Parts Sent at Once and what it accepts when given a value outside 1 to 16', async () => {
		const path = await smallFile(files.dir, 'at-once', Buffer.alloc(6 * 1024 * 1024, 3));
		for (const partsAtOnce of [0, 17, 2.5]) {
			await assert.rejects(
				upload(bed, path, 'scan.pdf', 'application/pdf', {
					uploadTo: 'matter',
					matterId: byId(9),
					options: { multipartThresholdMb: 1, partsAtOnce },
				}),
				(error: Error) => {
					assert.match(
						error.message,
						new RegExp(`^Parts Sent at Once: ${partsAtOnce} is not accepted`),
					);
					assert.match(
						String((error as { description?: string }).description),
						/whole number from 1 to 16/,
					);
					return true;
				},
			);
		}
		assert.equal(bed.sandbox.log.entries.filter((entry) => entry.kind === 'api').length, 0);
	});
});
