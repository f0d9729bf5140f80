import type { IDataObject } from 'n8n-workflow';

import type { ClioContext } from '../transport/context';
import type { QueryValue } from '../transport/query';
import { clioApiRequest } from '../transport/request';

interface ClioPage {
	data?: IDataObject[];
	meta?: { paging?: { next?: string } };
}

/**
 * A Clio list one page at a time (api-facts §3.3), for callers that decide after each page
 * whether to go on: `more` says whether Clio has a next page.
 */
export async function* clioPages(
	ctx: ClioContext,
	path: string,
	query: Record<string, QueryValue>,
): AsyncGenerator<{ records: IDataObject[]; more: boolean }> {
	let next: string | undefined = path;
	let first = true;
	while (next) {
		const page: ClioPage = await clioApiRequest<ClioPage>(ctx, {
			method: 'GET',
			path: next,
			query: first ? query : undefined,
		});
		first = false;
		next = page.meta?.paging?.next;
		yield { records: page.data ?? [], more: next !== undefined };
	}
}
