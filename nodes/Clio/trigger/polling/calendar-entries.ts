import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CALENDAR_ENTRY_FIELDS } from '../../clio/fields';
import type { QueryValue } from '../../transport/query';
import { clioApiRequestAllItems } from '../../transport/paginate';
import { timeOf } from '../state';
import { isNewRecord } from './cursor';
import { eventItem, type PollEvent } from './types';

const DAY_MS = 24 * 3600 * 1000;

/** The windows "Fetch Test Event" looks back through for the latest change, shortest first. */
const SAMPLE_WINDOWS_MS = [DAY_MS, 7 * DAY_MS, 31 * DAY_MS, 366 * DAY_MS];

function calendarId(ctx: IPollFunctions): number | undefined {
	const raw = ctx.getNodeParameter('calendarId', '', { extractValue: true }) as unknown;
	const text = String(raw ?? '').trim();
	if (text === '') return undefined;
	if (/^[1-9][0-9]*$/.test(text)) return Number(text);
	throw new NodeOperationError(ctx.getNode(), `Calendar: "${text}" is not a Clio ID`, {
		description: 'Pick a calendar from the list, or give its numeric ID (for example 12345).',
	});
}

function latestChange(entries: IDataObject[]): IDataObject | undefined {
	return entries.reduce<IDataObject | undefined>(
		(latest, entry) =>
			latest && (timeOf(latest.updated_at) ?? 0) >= (timeOf(entry.updated_at) ?? 0)
				? latest
				: entry,
		undefined,
	);
}

// api-facts §9.3: calendar entries have no `order` parameter, so the cursor reads its window by
// id and carries a window cut short by the poll budget (see cursor.ts), and the sample looks for
// the latest change in growing windows of `updated_since`.
export const calendarEntryCreatedOrUpdated: PollEvent = {
	source(ctx) {
		const query: Record<string, QueryValue> = { fields: CALENDAR_ENTRY_FIELDS };
		query.calendar_id = calendarId(ctx);
		return { path: '/calendar_entries.json', query, orderByUpdatedAt: false };
	},
	report(_ctx, state, window) {
		return window.records.map((entry) =>
			eventItem(entry, isNewRecord(state, entry) ? 'calendarEntryCreated' : 'calendarEntryUpdated'),
		);
	},
	async sample(ctx, source) {
		const now = Date.now();
		for (const windowMs of [...SAMPLE_WINDOWS_MS, undefined]) {
			const query = { ...source.query };
			if (windowMs !== undefined) query.updated_since = new Date(now - windowMs).toISOString();
			const entries = await clioApiRequestAllItems(ctx, source.path, query);
			const entry = latestChange(entries);
			if (entry) {
				const created = entry.created_at === entry.updated_at;
				return eventItem(entry, created ? 'calendarEntryCreated' : 'calendarEntryUpdated');
			}
		}
		return undefined;
	},
};
