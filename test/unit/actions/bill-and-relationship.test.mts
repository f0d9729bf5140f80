import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { IDataObject } from 'n8n-workflow';

import { BILL_FIELDS, RELATIONSHIP_FIELDS } from '../../../nodes/Clio/clio/fields.ts';
import type { Rec } from '../../sandbox/index.mts';
import { apiRequests, byId, clioTestBed, runClio } from './clio-sandbox.mts';

const bed = clioTestBed();
const topLevel = (fields: string) =>
	fields
		.replace(/\{[^}]*\}/g, '')
		.split(',')
		.sort();

describe('Bill', () => {
	it('reads one bill with exactly the fields asked for', async () => {
		const seeded = [...bed.sandbox.store.table('bills').values()][0];
		const [bill] = await runClio(bed, { resource: 'bill', operation: 'get', billId: seeded.id });
		assert.equal(apiRequests(bed)[0].query.fields, BILL_FIELDS);
		assert.deepEqual(Object.keys(bill).sort(), topLevel(BILL_FIELDS));
		assert.equal(bill.state, seeded.state);
		await assert.rejects(
			runClio(bed, { resource: 'bill', operation: 'get', billId: 987_654 }),
			/Not found in Clio/,
		);
	});

	it('lists bills by state, matter, client, issue and due dates, and overdue only', async () => {
		const seeded = [...bed.sandbox.store.table('bills').values()].find(
			(b) => b.state === 'awaiting_payment',
		) as Rec;
		const found = await runClio(bed, {
			resource: 'bill',
			operation: 'getMany',
			returnAll: true,
			filters: {
				state: 'awaiting_payment',
				matter: byId((seeded.matter_ids as number[])[0]),
				client: byId(seeded.client_id as number),
				issuedFrom: `${seeded.issued_at}T00:00:00`,
				issuedTo: seeded.issued_at,
				dueFrom: seeded.due_at,
				dueTo: seeded.due_at,
				kind: 'revenue',
				number: String(Number(seeded.number)),
			},
		});
		assert.deepEqual(
			found.map((bill) => bill.id),
			[seeded.id],
		);
		const { query } = apiRequests(bed)[0];
		assert.deepEqual(
			{ ...query, fields: undefined },
			{
				fields: undefined,
				state: 'awaiting_payment',
				matter_id: String((seeded.matter_ids as number[])[0]),
				client_id: String(seeded.client_id),
				issued_after: seeded.issued_at,
				issued_before: seeded.issued_at,
				due_after: seeded.due_at,
				due_before: seeded.due_at,
				type: 'revenue',
				query: String(Number(seeded.number)),
				limit: '200',
			},
		);

		const overdue = await runClio(bed, {
			resource: 'bill',
			operation: 'getMany',
			returnAll: true,
			filters: { overdueOnly: true },
		});
		assert.ok(overdue.length > 0);
		assert.ok(
			overdue.every((bill) => bill.state === 'awaiting_payment' && Number(bill.balance) > 0),
		);

		const two = await runClio(bed, {
			resource: 'bill',
			operation: 'getMany',
			returnAll: false,
			limit: 2,
		});
		assert.equal(two.length, 2);
	});

	it('refuses an invoice number that is not a number, and a day that is not a date', async () => {
		await assert.rejects(
			runClio(bed, {
				resource: 'bill',
				operation: 'getMany',
				returnAll: true,
				filters: { number: 'INV-7' },
			}),
			/Invoice Number: "INV-7" is not a number/,
		);
		await assert.rejects(
			runClio(bed, {
				resource: 'bill',
				operation: 'getMany',
				returnAll: true,
				filters: { dueFrom: '31/02/2026' },
			}),
			/Due From: "31\/02\/2026" is not a date/,
		);
		assert.equal(apiRequests(bed).length, 0);
	});
});

describe('Relationship', () => {
	it('adds a contact to a matter as opposing counsel, lists it both ways, and deletes it once', async () => {
		const [created] = await runClio(bed, {
			resource: 'relationship',
			operation: 'create',
			matterId: byId(6),
			contactId: byId(11),
			role: ' Opposing counsel ',
		});
		assert.deepEqual(apiRequests(bed)[0].body, {
			data: { matter: { id: 6 }, contact: { id: 11 }, description: 'Opposing counsel' },
		});
		assert.deepEqual(Object.keys(created).sort(), topLevel(RELATIONSHIP_FIELDS));
		assert.equal((created.matter as IDataObject).id, 6);

		const ofMatter = await runClio(bed, {
			resource: 'relationship',
			operation: 'getMany',
			of: 'matter',
			matterId: byId(6),
			returnAll: true,
		});
		assert.ok(ofMatter.some((relationship) => relationship.id === created.id));
		const ofContact = await runClio(bed, {
			resource: 'relationship',
			operation: 'getMany',
			of: 'contact',
			contactId: byId(11),
			returnAll: false,
			limit: 1,
		});
		assert.equal(ofContact.length, 1);
		assert.equal(apiRequests(bed).at(-1)?.query.contact_id, '11');

		const [gone] = await runClio(bed, {
			resource: 'relationship',
			operation: 'delete',
			relationshipId: created.id as number,
		});
		const [again] = await runClio(bed, {
			resource: 'relationship',
			operation: 'delete',
			relationshipId: created.id as number,
		});
		assert.deepEqual(gone, { id: created.id, deleted: true });
		assert.equal(again.deleted, false);
		assert.ok(
			bed.sandbox.store.contacts.has(11) && bed.sandbox.store.matters.has(6),
			'the contact and the matter stay',
		);
	});

	it('reports an unknown contact and an empty role clearly', async () => {
		await assert.rejects(
			runClio(bed, {
				resource: 'relationship',
				operation: 'create',
				matterId: byId(6),
				contactId: byId(999_999),
				role: 'Expert',
			}),
			/Clio rejected the request: Contact must exist/,
		);
		await assert.rejects(
			runClio(bed, {
				resource: 'relationship',
				operation: 'create',
				matterId: byId(6),
				contactId: byId(11),
				role: '  ',
			}),
			/Role: this field is empty/,
		);
	});
});

describe('Folder delete', () => {
	it('moves a folder to the trash once, then reports nothing to delete for a missing one', async () => {
		const folder = [...bed.sandbox.store.folders.values()].find(
			(f) => f.name === 'Pleadings',
		) as IDataObject;
		const [deleted] = await runClio(bed, {
			resource: 'folder',
			operation: 'delete',
			folderId: folder.id as number,
		});
		assert.deepEqual(deleted, { id: folder.id, deleted: true });
		assert.ok(bed.sandbox.store.folders.get(folder.id as number)?.deleted_at);
		const [missing] = await runClio(bed, {
			resource: 'folder',
			operation: 'delete',
			folderId: 987_654,
		});
		assert.equal(missing.deleted, false);
	});
});
