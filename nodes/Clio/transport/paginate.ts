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

/** Every record of a Clio list endpoint (or the first `limit`), following the cursor until it ends. */
export async function clioApiRequestAllItems(
	ctx: ClioContext,
	path: string,
	query: Record<string, QueryValue>,
	options: PageOptions = {},
): Promise<IDataObject[]> {
	const records: IDataObject[] = [];
	const pageSize = options.limit === undefined ? MAX_PAGE_SIZE : Math.min(MAX_PAGE_SIZE, Math.max(1, options.limit));
	let next: string | undefined = path;
	let firstPage = true;
	while (next) {
		const page: ClioList = await clioApiRequest<ClioList>(ctx, {
			method: 'GET',
			path: next,
			query: firstPage ? { ...query, limit: pageSize } : undefined,
			itemIndex: options.itemIndex,
		});
		firstPage = false;
		const data = page.data ?? [];
		const room = options.limit === undefined ? data.length : options.limit - records.length;
		records.push(...data.slice(0, room));
		if (options.limit !== undefined && records.length >= options.limit) break;
		if (options.onPage?.(data) === false) break;
		next = page.meta?.paging?.next;
	}
	return records;
}
