import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { IDataObject } from 'n8n-workflow';

import { apiRequests, byId, clioTestBed, runClio } from './clio-sandbox.mts';

const bed = clioTestBed();

describe('Note', () => {
	it('adds a note to a matter', async () => {
		const [note] = await runClio(bed, {
			resource: 'note',
			operation: 'create',
			parentType: 'matter',
			matterId: byId(5),
			subject: 'Call with client',
			detail: 'Agreed to settle.',
			additionalFields: { date: '2026-03-02T00:00:00' },
		});
		assert.deepEqual(apiRequests(bed)[0].body, {
			data: {
				subject: 'Call with client',
				detail: 'Agreed to settle.',
				date: '2026-03-02',
				type: 'Matter',
				matter: { id: 5 },
			},
		});
		assert.equal(note.type, 'Matter');
		assert.equal((note.matter as IDataObject).id, 5);
	});

	it('adds a note to a contact', async () => {
		const [note] = await runClio(bed, {
			resource: 'note',
			operation: 'create',
			parentType: 'contact',
			contactId: byId(2),
			subject: 'Met at conference',
		});
		assert.deepEqual(apiRequests(bed)[0].body, {
			data: { subject: 'Met at conference', type: 'Contact', contact: { id: 2 } },
		});
		assert.equal((note.contact as IDataObject).id, 2);
	});

	it('refuses a note without subject and detail', async () => {
		await assert.rejects(
			runClio(bed, {
				resource: 'note',
				operation: 'create',
				parentType: 'matter',
				matterId: byId(5),
				subject: '',
				detail: ' ',
			}),
			/Subject, Detail: both are empty/,
		);
		assert.equal(apiRequests(bed).length, 0);
	});

	it('lists the notes of a contact', async () => {
		const owner = [...bed.sandbox.store.notes.values()].find((note) => note.type === 'Contact')
			?.contact_id as number;
		const notes = await runClio(bed, {
			resource: 'note',
			operation: 'getMany',
			parentType: 'contact',
			contactId: byId(owner),
			returnAll: true,
			filters: { updatedSince: '2000-01-01T00:00:00Z' },
		});
		const [request] = apiRequests(bed);
		assert.equal(request.query.type, 'Contact');
		assert.equal(request.query.contact_id, String(owner));
		assert.equal(request.query.matter_id, undefined);
		assert.ok(notes.length > 0);
		assert.ok(notes.every((note) => (note.contact as IDataObject).id === owner));
	});
});
