import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { IDataObject } from 'n8n-workflow';

import { readBinary } from '../support/n8n.mts';
import { apiRequests, byId, clioTestBed, runClio } from './clio-sandbox.mts';
import { download } from './document-support.mts';

const bed = clioTestBed();

/** The sandbox's seeded document of a matter with this name. */
function seeded(matterId: number, name: string): IDataObject {
	const found = [...bed.sandbox.store.table('documents').values()].find(
		(document) => document.matter_id === matterId && document.name === name,
	);
	assert.ok(found, `matter ${matterId} has "${name}"`);
	return found;
}

function versionsOf(documentId: number): IDataObject[] {
	return [...bed.sandbox.store.table('document_versions').values()]
		.filter((version) => version.document_id === documentId)
		.sort((a, b) => (a.version_number as number) - (b.version_number as number));
}

describe('Document: get, list, download, delete', () => {
	it('reads one document with its latest version', async () => {
		const complaint = seeded(2, 'Complaint.docx');
		const [document] = await runClio(bed, {
			resource: 'document',
			operation: 'get',
			documentId: String(complaint.id),
		});
		const [request] = apiRequests(bed);
		assert.equal(request.path, `/api/v4/documents/${complaint.id}.json`);
		assert.equal(document.name, 'Complaint.docx');
		const version = document.latest_document_version as IDataObject;
		assert.equal(version.version_number, 2);
		assert.equal(version.fully_uploaded, true);
		assert.equal((document.matter as IDataObject).id, 2);
	});

	it('lists a matter’s documents at the top, or in every folder, filtered by name', async () => {
		const top = await runClio(bed, {
			resource: 'document',
			operation: 'getMany',
			parentType: 'matter',
			matterId: byId(2),
			returnAll: true,
		});
		const [, list] = apiRequests(bed);
		assert.equal(list.path, '/api/v4/documents.json');
		assert.equal(list.query.scope, 'children');
		assert.equal(list.query.show_uncompleted, undefined, 'incomplete uploads stay hidden');
		assert.deepEqual(
			top.map((document) => document.name),
			['Engagement Letter.pdf'],
		);

		bed.sandbox.log.clear();
		const everywhere = await runClio(bed, {
			resource: 'document',
			operation: 'getMany',
			parentType: 'matter',
			matterId: byId(2),
			includeSubFolders: true,
			returnAll: true,
			filters: { query: 'Complaint', includeIncomplete: true },
		});
		const [, search] = apiRequests(bed);
		assert.equal(search.query.scope, 'descendants');
		assert.equal(search.query.query, 'Complaint');
		assert.equal(search.query.show_uncompleted, 'true');
		assert.deepEqual(
			everywhere.map((document) => document.name),
			['Complaint.docx'],
		);
	});

	it('lists a folder’s documents by category and creation date', async () => {
		const complaint = seeded(4, 'Complaint.docx');
		const documents = await runClio(bed, {
			resource: 'document',
			operation: 'getMany',
			parentType: 'folder',
			folderId: complaint.parent_id as number,
			returnAll: false,
			limit: 10,
			filters: {
				documentCategoryId: complaint.document_category_id as number,
				createdSince: '2000-01-01T00:00:00Z',
			},
		});
		const [request] = apiRequests(bed);
		assert.equal(request.query.parent_id, String(complaint.parent_id));
		assert.equal(request.query.document_category_id, String(complaint.document_category_id));
		assert.equal(request.query.created_since, '2000-01-01T00:00:00.000Z');
		assert.deepEqual(
			documents.map((document) => document.id),
			[complaint.id],
		);
	});

	it('downloads the latest version, or an earlier one, with its file name and type', async () => {
		const complaint = seeded(2, 'Complaint.docx');
		const latest = await download(bed, complaint.id as number);
		assert.match((await readBinary(latest)).toString(), /Complaint \(draft 2\)/);
		assert.equal(latest.binary?.data.fileName, 'Complaint.docx');
		assert.equal(
			latest.binary?.data.mimeType,
			'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
		);
		assert.equal(latest.json.id, complaint.id);
		const redirect = apiRequests(bed).find((entry) => entry.path.endsWith('/download.json'));
		assert.equal(redirect?.status, 303);

		bed.sandbox.log.clear();
		const [first] = versionsOf(complaint.id as number);
		const earlier = await download(bed, complaint.id as number, { versionId: String(first.id) });
		assert.match((await readBinary(earlier)).toString(), /Complaint \(draft 1\)/);
		const asked = apiRequests(bed).find((entry) => entry.path.endsWith('/download.json'));
		assert.equal(asked?.query.document_version_id, String(first.id));
		const storage = bed.sandbox.log.entries.filter((entry) => entry.kind === 'storage');
		assert.equal(storage.length, 1);
		assert.equal(storage[0].headers.authorization, undefined, 'the token never reaches storage');
	});

	it('refreshes a token that expires at the download request, and still keeps it from storage', async () => {
		const complaint = seeded(2, 'Complaint.docx');
		const before = (bed.credential.data.oauthTokenData as { access_token: string }).access_token;
		// The token is refused at the download request itself, after the document was read (twice:
		// the redirect is asked for as an answer, then once more as n8n's refresh trigger).
		const refused = {
			error: { type: 'UnauthorizedError', message: 'The access token is invalid' },
		};
		bed.sandbox.faults.add({
			method: 'GET',
			path: /\/download\.json$/,
			status: 401,
			body: refused,
			times: 2,
		});
		bed.sandbox.log.clear();
		const latest = await download(bed, complaint.id as number);
		assert.match((await readBinary(latest)).toString(), /Complaint \(draft 2\)/);
		const requests = bed.sandbox.log.entries.filter((entry) => entry.kind !== 'storage');
		assert.deepEqual(
			requests.map(
				(entry) => `${entry.method} ${entry.path.replace(/\/\d+/g, '/N')} ${entry.status}`,
			),
			[
				'GET /api/v4/documents/N.json 200',
				'GET /api/v4/documents/N/download.json 401',
				'GET /api/v4/documents/N/download.json 401',
				'POST /oauth/token 200',
				'GET /api/v4/documents/N/download.json 303',
				'GET /api/v4/documents/N/download.json 303',
			],
		);
		const after = (bed.credential.data.oauthTokenData as { access_token: string }).access_token;
		assert.notEqual(after, before);
		assert.equal(requests.at(-1)?.headers.authorization, `Bearer ${after}`);
		const storage = bed.sandbox.log.entries.filter((entry) => entry.kind === 'storage');
		assert.deepEqual(
			storage.map((entry) => entry.status),
			[200],
		);
		assert.equal(storage[0].headers.authorization, undefined, 'the token never reaches storage');
	});

	it('refuses a version ID that is not one of the document’s versions', async () => {
		const complaint = seeded(2, 'Complaint.docx');
		const other = versionsOf(seeded(4, 'Complaint.docx').id as number)[0];
		await assert.rejects(
			download(bed, complaint.id as number, { versionId: String(other.id) }),
			/Version ID: \d+ is not a version of document/,
		);
	});

	it('moves a document to the trash', async () => {
		const letter = seeded(3, 'Engagement Letter.pdf');
		const [result] = await runClio(bed, {
			resource: 'document',
			operation: 'delete',
			documentId: String(letter.id),
		});
		assert.deepEqual(result, { id: letter.id, deleted: true });
		const [request] = apiRequests(bed);
		assert.equal(request.method, 'DELETE');
		assert.equal(request.status, 204);
		assert.ok(bed.sandbox.store.table('documents').get(letter.id as number)?.deleted_at);
	});
});
