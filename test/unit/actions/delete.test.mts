import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { apiRequests, byId, clioTestBed, runClio, runItems } from './clio-sandbox.mts';

const bed = clioTestBed();

/** A contact nothing else points at, so deleting it leaves the rest of the seed intact. */
function spareContactId(): number {
	const used = new Set([...bed.sandbox.store.matters.values()].map((matter) => matter.client_id));
	const spare = [...bed.sandbox.store.contacts.values()]
		.reverse()
		.find((contact) => !used.has(contact.id) && contact.type === 'Person');
	assert.ok(spare, 'the sandbox has a contact that is nobody’s client');
	return spare.id;
}

describe('Delete', () => {
	it('deletes a contact once, then reports it as already gone instead of failing', async () => {
		const contactId = spareContactId();
		const [first] = await runClio(bed, {
			resource: 'contact',
			operation: 'delete',
			contactId: byId(contactId),
		});
		assert.deepEqual(first, { id: contactId, deleted: true });
		const [request] = apiRequests(bed);
		assert.equal(request.method, 'DELETE');
		assert.equal(request.path, `/api/v4/contacts/${contactId}.json`);
		assert.equal(request.status, 204);
		assert.equal(bed.sandbox.store.contacts.has(contactId), false);

		const [again] = await runClio(bed, {
			resource: 'contact',
			operation: 'delete',
			contactId: byId(contactId),
		});
		assert.equal(again.id, contactId);
		assert.equal(again.deleted, false);
		assert.match(String(again.reason), new RegExp(`No contact with ID ${contactId} was found`));
		assert.deepEqual(Object.keys(again).sort(), ['deleted', 'id', 'reason']);
	});

	it('deletes tasks and notes, each output item paired with its input item', async () => {
		const taskIds = [...bed.sandbox.store.tasks.keys()].slice(0, 2);
		const tasks = await runItems(
			bed,
			(itemIndex) => ({ resource: 'task', operation: 'delete', taskId: taskIds[itemIndex] }),
			2,
		);
		assert.deepEqual(
			tasks.map((item) => [item.json, item.pairedItem]),
			taskIds.map((id, itemIndex) => [{ id, deleted: true }, { item: itemIndex }]),
		);
		assert.deepEqual(
			apiRequests(bed).map((request) => `${request.method} ${request.path}`),
			taskIds.map((id) => `DELETE /api/v4/tasks/${id}.json`),
		);

		const noteId = [...bed.sandbox.store.notes.keys()][0];
		assert.ok(noteId, 'the sandbox has a note');
		const [note] = await runClio(bed, { resource: 'note', operation: 'delete', noteId });
		assert.deepEqual(note, { id: noteId, deleted: true });
		assert.equal(bed.sandbox.store.notes.has(noteId), false);
	});

	it('with Continue On Fail, a bad ID fails its item alone and the others are deleted', async () => {
		const taskId = [...bed.sandbox.store.tasks.keys()].at(-1) as number;
		const output = await runItems(
			bed,
			(itemIndex) => ({ resource: 'task', operation: 'delete', taskId: itemIndex === 0 ? -4 : taskId }),
			2,
			true,
		);
		assert.equal(output.length, 2);
		assert.match(String(output[0].json.error), /Task ID: "-4" is not a Clio ID/);
		assert.deepEqual(output[0].pairedItem, { item: 0 });
		assert.deepEqual(output[1].json, { id: taskId, deleted: true });
		assert.deepEqual(output[1].pairedItem, { item: 1 });
		assert.equal(apiRequests(bed).length, 1, 'the bad ID never reached Clio');
	});

	it('still fails on a refusal other than "not found"', async () => {
		const taskId = [...bed.sandbox.store.tasks.keys()][3] as number;
		bed.sandbox.faults.add({ method: 'DELETE', path: `/api/v4/tasks/${taskId}.json`, status: 403, times: 1 });
		await assert.rejects(
			runClio(bed, { resource: 'task', operation: 'delete', taskId }),
			/Clio refused this action \(403 Forbidden\)/,
		);
		assert.equal(bed.sandbox.store.tasks.has(taskId), true);
	});
});
