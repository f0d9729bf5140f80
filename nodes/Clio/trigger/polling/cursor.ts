import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import type { QueryValue } from '../../transport/query';
import { clioPages, MAX_PAGE_SIZE } from '../../transport/paginate';
import { DAY_MS } from '../../clio/webhook-lifetime';
import { newest, timeOf } from '../state';

// One global `updated_since` cursor per trigger, over the whole resource (api-facts §3.4): an idle
// poll is one request however many records exist, and each further 200 changed records cost one
// more page (api-facts §3.3).
//
// Clio compares `updated_since` with second-precision timestamps, and whether the bound is
// inclusive is not documented. So each poll asks from one second before the cursor and skips the
// records it already handled there: their `id@updated_at` keys are kept for that last second only.

/** How far before the cursor each poll looks again. */
export const OVERLAP_MS = 1000;
/** Most keys kept while a window that cannot be ordered by `updated_at` is carried to the next poll. */
const MAX_SEEN = 20_000;
/** A record created up to this long before the cursor may still be new (an upload finishing late). */
export const NEW_RECORD_WINDOW_MS = DAY_MS;
const MAX_FRESH = 5_000;

export interface CursorState {
	/** The polling settings the cursor belongs to; other settings start afresh. */
	fingerprint?: string;
	/** Latest `updated_at` handled; undefined = from the first record Clio has. */
	cursor?: string;
	/** When the trigger started watching: records created before are never "new". */
	startedAt?: string;
	/** `id@updated_at` of records handled in the overlap (or in a window still being worked through). */
	seen?: string[];
	/** A window of an endpoint without `updated_at` order was cut short by the poll budget. */
	carried?: boolean;
	/** [id, created_at ms] of records already reported as new, for a day. */
	fresh?: Array<[number, number]>;
}

export interface ChangeSource {
	/** List endpoint, e.g. `/matters.json`. */
	path: string;
	/** `fields` and filters; the cursor adds `updated_since`, `order` and `limit`. */
	query: Record<string, QueryValue>;
	/** The endpoint accepts `order=updated_at(asc)` (api-facts §3.3). */
	orderByUpdatedAt: boolean;
}

export interface Window {
	/** The cursor before this poll (ms), or undefined on the very first window. */
	sinceMs?: number;
	/** Records changed since the cursor that this poll has not handled before, oldest first when ordered. */
	records: IDataObject[];
}

function keyOf(record: IDataObject): string {
	return `${String(record.id)}@${timeOf(record.updated_at) ?? '?'}`;
}

/** The poll's time budget (n8n 2.41+; older versions have none), leaving a margin for the rest. */
function budgetMs(ctx: IPollFunctions): number {
	const budget = typeof ctx.getPollBudgetMs === 'function' ? ctx.getPollBudgetMs() : 5 * 60_000;
	return Math.max(0, budget * 0.8);
}

/**
 * The first poll only places the cursor: at the newest `updated_at` Clio has where the endpoint
 * can be ordered by it (no clock difference with Clio matters then), else at our current time.
 */
export async function placeCursor(
	ctx: IPollFunctions,
	state: CursorState,
	source: ChangeSource,
): Promise<void> {
	state.seen = [];
	state.carried = false;
	state.fresh = [];
	if (!source.orderByUpdatedAt) {
		state.cursor = new Date().toISOString();
		state.startedAt = state.cursor;
		return;
	}
	// Newest first, until a record lies before the overlap: every record the next poll will be
	// shown again is then known (a bulk change can put more than one page into that last second).
	let newestMs: number | undefined;
	const seen: string[] = [];
	for await (const page of clioPages(ctx, source.path, {
		...source.query,
		order: 'updated_at(desc)',
		limit: MAX_PAGE_SIZE,
	})) {
		let older = false;
		for (const record of page.records) {
			const updatedMs = timeOf(record.updated_at) ?? 0;
			newestMs ??= updatedMs;
			if (updatedMs < newestMs - OVERLAP_MS) older = true;
			else seen.push(keyOf(record));
		}
		if (older) break;
	}
	// Without any record, everything that appears later is new.
	state.cursor = newestMs === undefined ? undefined : new Date(newestMs).toISOString();
	state.startedAt = state.cursor ?? new Date(0).toISOString();
	state.seen = seen;
}

/**
 * Reads what changed since the cursor, page by page within the poll budget, and moves the cursor
 * only over what was handled: the rest is read again by the next poll.
 */
export async function readChanges(
	ctx: IPollFunctions,
	state: CursorState,
	source: ChangeSource,
): Promise<Window> {
	const startedMs = Date.now();
	const allowedMs = budgetMs(ctx);
	const cursorMs = timeOf(state.cursor);
	const seen = new Set(state.seen ?? []);
	const query: Record<string, QueryValue> = { ...source.query, limit: MAX_PAGE_SIZE };
	if (cursorMs !== undefined) query.updated_since = new Date(cursorMs - OVERLAP_MS).toISOString();
	if (source.orderByUpdatedAt) query.order = 'updated_at(asc)';

	const fresh: IDataObject[] = [];
	let maxMs = cursorMs;
	let cutShort = false;
	for await (const page of clioPages(ctx, source.path, query)) {
		const freshBefore = fresh.length;
		for (const record of page.records) {
			const updatedMs = timeOf(record.updated_at);
			if (updatedMs !== undefined && (maxMs === undefined || updatedMs > maxMs)) maxMs = updatedMs;
			const key = keyOf(record);
			if (seen.has(key)) continue;
			seen.add(key);
			fresh.push(record);
		}
		// Stop for the budget only after a page that brought something new: a window carried over
		// starts with pages already handled, and each poll must get further than the last.
		if (page.more && fresh.length > freshBefore && Date.now() - startedMs > allowedMs) {
			cutShort = true;
			break;
		}
	}

	if (cutShort && !source.orderByUpdatedAt) {
		// Records come by id: the cursor stays and the next poll reads the same window again,
		// skipping every record handled so far.
		state.carried = true;
		state.seen = newest([...seen], MAX_SEEN);
	} else {
		// Ordered by updated_at (or read to the end): everything up to maxMs is handled.
		state.carried = false;
		state.cursor = maxMs === undefined ? state.cursor : new Date(maxMs).toISOString();
		const floor = (maxMs ?? 0) - OVERLAP_MS;
		state.seen = [...seen].filter((key) => Number(key.split('@')[1]) >= floor);
	}
	return { sinceMs: cursorMs, records: fresh };
}

/**
 * Whether a record is new to this trigger: created after it started watching, not reported as new
 * before, and created no more than a day before the cursor (older ones are updates of records the
 * trigger already knew or could not have missed).
 */
export function isNewRecord(state: CursorState, record: IDataObject): boolean {
	const createdMs = timeOf(record.created_at);
	if (createdMs === undefined) return false;
	const startedMs = timeOf(state.startedAt) ?? 0;
	const cursorMs = timeOf(state.cursor) ?? createdMs;
	if (createdMs <= startedMs || createdMs < cursorMs - NEW_RECORD_WINDOW_MS) return false;
	const id = Number(record.id);
	const fresh = state.fresh ?? [];
	if (fresh.some(([known]) => known === id)) return false;
	fresh.push([id, createdMs]);
	state.fresh = newest(
		fresh.filter(([, at]) => at >= cursorMs - NEW_RECORD_WINDOW_MS),
		MAX_FRESH,
	);
	return true;
}
