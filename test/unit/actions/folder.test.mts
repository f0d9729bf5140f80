import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { IDataObject } from 'n8n-workflow';

import { apiRequests, byId, clioTestBed, runClio } from './clio-sandbox.mts';

const bed = clioTestBed();

function matterFolderId(matterId: number): number {
	return bed.sandbox.store.matters.get(matterId)?.folder_id as number;
}

describe('Folder', () => {
	it('lists the folders of a matter', async () => {
		const folders = await runClio(bed, {
			resource: 'folder',
			operation: 'getMany',
			parentType: 'matter',
			matterId: byId(2),
			returnAll: true,
		});
		const [matter, list] = apiRequests(bed);
		assert.equal(matter.path, '/api/v4/matters/2.json');
		assert.equal(matter.query.fields, 'id,folder{id}');
		assert.equal(list.path, '/api/v4/folders.json');
		assert.equal(list.query.parent_id, String(matterFolderId(2)));
		assert.equal(list.query.scope, 'children');
		assert.deepEqual(folders.map((folder) => folder.name).sort(), ['Correspondence', 'Pleadings']);
	});

	it('creates a folder in a matter and one inside it, then lists both with sub-folders', async () => {
		const [top] = await runClio(bed, {
			resource: 'folder',
			operation: 'create',
			name: 'Discovery',
			parentType: 'matter',
			matterId: byId(7),
		});
		assert.deepEqual(apiRequests(bed)[0].body, {
			data: { name: 'Discovery', parent: { type: 'Matter', id: 7 } },
		});
		assert.equal((top.parent as IDataObject).id, matterFolderId(7));

		bed.sandbox.log.clear();
		const [inner] = await runClio(bed, {
			resource: 'folder',
			operation: 'create',
			name: 'Depositions',
			parentType: 'folder',
			folderId: top.id as number,
		});
		assert.deepEqual(apiRequests(bed)[0].body, {
			data: { name: 'Depositions', parent: { type: 'Folder', id: top.id } },
		});
		assert.equal((inner.parent as IDataObject).id, top.id);

		bed.sandbox.log.clear();
		const all = await runClio(bed, {
			resource: 'folder',
			operation: 'getMany',
			parentType: 'matter',
			matterId: byId(7),
			includeSubFolders: true,
			returnAll: true,
		});
		assert.equal(apiRequests(bed)[1].query.scope, 'descendants');
		assert.ok(all.some((folder) => folder.id === inner.id));

		const children = await runClio(bed, {
			resource: 'folder',
			operation: 'getMany',
			parentType: 'folder',
			folderId: top.id as number,
			returnAll: true,
		});
		assert.deepEqual(
			children.map((folder) => folder.id),
			[inner.id],
		);
	});

	it('refuses a folder ID that is not a number', async () => {
		await assert.rejects(
			runClio(bed, {
				resource: 'folder',
				operation: 'create',
				name: 'X',
				parentType: 'folder',
				folderId: 0,
			}),
			/Parent Folder ID: "0" is not a Clio ID/,
		);
		assert.equal(apiRequests(bed).length, 0);
	});
});
