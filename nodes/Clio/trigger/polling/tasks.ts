import { TASK_FIELDS } from '../../clio/fields';
import { timeOf } from '../state';
import { isNewRecord, OVERLAP_MS } from './cursor';
import { latestRecord } from './latest';
import { eventItem, type PollEvent } from './types';

// api-facts §3.3: tasks cannot be ordered by updated_at (see contacts.ts). A task counts as
// completed when its `completed_at` lies after the cursor, so later edits of a done task are not
// reported again.
export const taskCreatedOrCompleted: PollEvent = {
	source: () => ({ path: '/tasks.json', query: { fields: TASK_FIELDS }, orderByUpdatedAt: false }),
	report(_ctx, state, window) {
		const since = (window.sinceMs ?? timeOf(state.startedAt) ?? 0) - OVERLAP_MS;
		const items = [];
		for (const task of window.records) {
			if (isNewRecord(state, task)) {
				items.push(eventItem(task, 'taskCreated'));
				continue;
			}
			const completedMs = timeOf(task.completed_at);
			if (completedMs !== undefined && completedMs > since)
				items.push(eventItem(task, 'taskCompleted'));
		}
		return items;
	},
	async sample(ctx, source) {
		const task = await latestRecord(ctx, source, 'id(desc)');
		return task && eventItem(task, 'taskCreated');
	},
};
