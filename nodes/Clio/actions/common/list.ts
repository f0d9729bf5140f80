import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { clioApiRequestAllItems } from '../../transport/paginate';
import type { QueryValue } from '../../transport/query';

/** Runs a Get Many according to the item's Return All / Limit settings. */
export async function listWithLimit(
	ctx: IExecuteFunctions,
	itemIndex: number,
	path: string,
	query: Record<string, QueryValue>,
	filter?: (record: IDataObject) => boolean,
): Promise<IDataObject[]> {
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? undefined : (ctx.getNodeParameter('limit', itemIndex, 50) as number);
	if (!filter) return await clioApiRequestAllItems(ctx, path, query, { limit, itemIndex });
	// Client-side filters cannot shorten Clio's pages, so read pages until enough records match.
	const matched: IDataObject[] = [];
	await clioApiRequestAllItems(ctx, path, query, {
		itemIndex,
		onPage: (records) => {
			matched.push(...records.filter(filter));
			return limit === undefined || matched.length < limit;
		},
	});
	return limit === undefined ? matched : matched.slice(0, limit);
}
