import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { ACTIVITY_FIELDS } from '../../clio/fields';
import type { QueryValue } from '../../transport/query';
import { isNewRecord } from './cursor';
import { latestRecord } from './latest';
import { eventItem, type PollEvent } from './types';

/** Which new entries the trigger reports: time entries, expenses of every kind, or both. */
type EntryKind = 'all' | 'time' | 'expense';

function kindOf(ctx: IPollFunctions): EntryKind {
	const kind = ctx.getNodeParameter('entryKind', 'all') as string;
	return kind === 'time' || kind === 'expense' ? kind : 'all';
}

function isTimeEntry(activity: IDataObject): boolean {
	return activity.type === 'TimeEntry';
}

function wanted(kind: EntryKind, activity: IDataObject): boolean {
	return kind === 'all' || (kind === 'time') === isTimeEntry(activity);
}

function newEntryItem(activity: IDataObject) {
	return eventItem(activity, isTimeEntry(activity) ? 'newTimeEntry' : 'newExpenseEntry');
}

// api-facts §3.3, §9.4: activities can be ordered by updated_at, so the cursor pages in order. An
// expense may be an ExpenseEntry, HardCostEntry or SoftCostEntry; Clio's `type` filter takes one,
// so expenses are told apart here and time entries are filtered by Clio.
export const newActivity: PollEvent = {
	source(ctx) {
		const query: Record<string, QueryValue> = { fields: ACTIVITY_FIELDS };
		if (kindOf(ctx) === 'time') query.type = 'TimeEntry';
		return { path: '/activities.json', query, orderByUpdatedAt: true };
	},
	report(ctx, state, window) {
		const kind = kindOf(ctx);
		return window.records
			.filter((activity) => wanted(kind, activity) && isNewRecord(state, activity))
			.map(newEntryItem);
	},
	async sample(ctx, source) {
		const kind = kindOf(ctx);
		const query = kind === 'expense' ? { ...source.query, type: 'ExpenseEntry' } : source.query;
		const activity = await latestRecord(ctx, { ...source, query }, 'id(desc)');
		return activity && newEntryItem(activity);
	},
};
