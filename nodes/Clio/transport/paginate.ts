import type { IDataObject } from 'n8n-workflow';

import type { ClioContext } from './context';
import type { QueryValue } from './query';
import { clioApiRequest } from './request';

// Clio pages with an opaque cursor: `meta.paging.next` is the full URL of the next page and is
// absent on the last one (api-facts §3.3). 200 is the largest page Clio serves.
export const MAX_PAGE_SIZE = 200;

interface ClioList {
	data?: IDataObject[];
	meta?: { paging?: { next?: string }; records?: number };
}

export interface PageOptions {
	/** Stop after this many records; undefined = every record. */
	limit?: number;
	itemIndex?: number;
	/** Return false to stop paging early (for cursors that only need the newest records). */
	onPage?: (records: IDataObject[]) => boolean | void;
}

/**
 * A Clio list one page at a time, for callers that decide after each page whether to go on:
 * `more` says whether Clio has a next page.
 */
export async function* clioPages(
	ctx: ClioContext,
	path: string,
	query: Record<string, QueryValue>,
	itemIndex?: number,
): AsyncGenerator<{ records: IDataObject[]; more: boolean }> {
	let next: string | undefined = path;
	let firstPage = true;
	while (next) {
		const page: ClioList = await clioApiRequest<ClioList>(ctx, {
			method: 'GET',
			path: next,
			// Later pages: the `next` URL already carries the query, page_token included.
			query: firstPage ? query : undefined,
			itemIndex,
		});
		firstPage = false;
		next = page.meta?.paging?.next;
		yield { records: page.data ?? [], more: next !== undefined };
	}
}

/** Every record of a Clio list endpoint (or the first `limit`), following the cursor until it ends. */
export async function clioApiRequestAllItems(
	ctx: ClioContext,
	path: string,
	query: Record<string, QueryValue>,
	options: PageOptions = {},
): Promise<IDataObject[]> {
	const records: IDataObject[] = [];
	const pageSize =
		options.limit === undefined ? MAX_PAGE_SIZE : Math.min(MAX_PAGE_SIZE, Math.max(1, options.limit));
	const pages = clioPages(ctx, path, { ...query, limit: pageSize }, options.itemIndex);
	for await (const { records: data } of pages) {
		const room = options.limit === undefined ? data.length : options.limit - records.length;
		records.push(...data.slice(0, room));
		if (options.limit !== undefined && records.length >= options.limit) break;
		if (options.onPage?.(data) === false) break;
	}
	return records;
}
