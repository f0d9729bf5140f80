import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { clioApiRequest } from '../../transport/request';
import type { ChangeSource } from './cursor';

/** The newest record of a source in the given `order` (one request), for sample events. */
export async function latestRecord(
	ctx: IPollFunctions,
	source: ChangeSource,
	order: string | undefined,
): Promise<IDataObject | undefined> {
	const page = await clioApiRequest<{ data?: IDataObject[] }>(ctx, {
		method: 'GET',
		path: source.path,
		query: { ...source.query, order, limit: 1 },
	});
	return page.data?.[0];
}
