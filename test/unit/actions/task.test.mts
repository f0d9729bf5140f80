import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { IDataObject } from 'n8n-workflow';

import { apiRequests, byId, clioTestBed, runClio } from './clio-sandbox.mts';

const bed = clioTestBed();

describe('Task', () => {
	it('creates a task for a user on a matter, due on a day', async () => {
		const [task] = await runClio(bed, {
			resource: 'task',
			operation: 'create',
			name: 'File the motion',
			description: 'Before the hearing',
			assigneeId: byId(2),
			additionalFields: {
				matter: byId(3),
				due_at: '2026-05-04T00:00:00',
				priority: 'High',
				status: 'in_progress',
				private: true,
			},
		});
		const [request] = apiRequests(bed);
		assert.equal(request.path, '/api/v4/tasks.json');
		assert.deepEqual(request.body, {
			data: {
				name: 'File the motion',
				description: 'Before the hearing',
				assignee: { id: 2, type: 'User' },
				matter: { id: 3 },
				due_at: '2026-05-04',
				priority: 'High',
				status: 'in_progress',
				permission: 'private',
			},
		});
		assert.equal((task.assignee as IDataObject).id, 2);
		assert.equal((task.matter as IDataObject).id, 3);
		assert.equal(task.due_at, '2026-05-04');
	});

	it('refuses a task without a description, which Clio requires', async () => {
		await assert.rejects(
			runClio(bed, {
				resource: 'task',
				operation: 'create',
				name: 'Call',
				description: '  ',
				assigneeId: byId(1),
			}),
			/Description: this field is empty/,
		);
		assert.equal(apiRequests(bed).length, 0);
	});

	it('lists the open tasks of a user due in a date range', async () => {
		const tasks = await runClio(bed, {
			resource: 'task',
			operation: 'getMany',
			returnAll: true,
			filters: {
				assigneeId: byId(1),
				status: ['pending', 'in_progress'],
				complete: false,
				dueFrom: '2000-01-01',
				dueTo: '2100-12-31T00:00:00',
				priority: 'normal',
			},
		});
		const [request] = apiRequests(bed);
		assert.deepEqual(request.query['statuses[]'], ['pending', 'in_progress']);
		assert.equal(request.query.assignee_id, '1');
		assert.equal(request.query.assignee_type, 'user');
		assert.equal(request.query.complete, 'false');
		assert.equal(request.query.due_at_from, '2000-01-01');
		assert.equal(request.query.due_at_to, '2100-12-31');
		assert.equal(request.query.priority, 'normal');
		assert.ok(tasks.length > 0);
		for (const task of tasks) {
			assert.equal((task.assignee as IDataObject).id, 1);
			assert.ok(['pending', 'in_progress'].includes(task.status as string));
			assert.equal(task.priority, 'Normal');
		}
	});

	it('refuses a due range that ends before it starts', async () => {
		await assert.rejects(
			runClio(bed, {
				resource: 'task',
				operation: 'getMany',
				returnAll: true,
				filters: { dueFrom: '2026-02-01', dueTo: '2026-01-01' },
			}),
			/Due From: 2026-02-01 is after Due To \(2026-01-01\)/,
		);
	});

	it('marks a task complete', async () => {
		const open = [...bed.sandbox.store.tasks.values()].find((task) => task.status !== 'complete');
		assert.ok(open);
		const [task] = await runClio(bed, {
			resource: 'task',
			operation: 'update',
			taskId: open.id,
			updateFields: { markComplete: true },
		});
		const [request] = apiRequests(bed);
		assert.equal(request.method, 'PATCH');
		assert.deepEqual(request.body, { data: { status: 'complete' } });
		assert.equal(task.status, 'complete');
		assert.ok(task.completed_at);
	});

	it('refuses contradicting or missing update values', async () => {
		await assert.rejects(
			runClio(bed, {
				resource: 'task',
				operation: 'update',
				taskId: 1,
				updateFields: { markComplete: true, status: 'pending' },
			}),
			/Mark Complete: conflicts with Status "pending"/,
		);
		await assert.rejects(
			runClio(bed, {
				resource: 'task',
				operation: 'update',
				taskId: 0,
				updateFields: { name: 'x' },
			}),
			/Task ID: "0" is not a Clio ID/,
		);
		await assert.rejects(
			runClio(bed, {
				resource: 'task',
				operation: 'update',
				taskId: 1,
				updateFields: { markComplete: false },
			}),
			/Update Fields: nothing to update/,
		);
		assert.equal(apiRequests(bed).length, 0);
	});
});
