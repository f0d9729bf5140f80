import type { IDataObject, IExecuteFunctions, IHttpRequestMethods } from 'n8n-workflow';

import { clioApiRequest } from '../../transport/request';

/**
 * One record read or written through Clio's `{ data }` envelope, asking for exactly `fields`
 * (api-facts §3.1, §3.2): GET and DELETE send no body, POST and PATCH send `body`.
 */
export async function recordRequest(
	ctx: IExecuteFunctions,
	itemIndex: number,
	request: { method: IHttpRequestMethods; path: string; fields: string; body?: IDataObject },
): Promise<IDataObject> {
	const response = await clioApiRequest<{ data: IDataObject }>(ctx, {
		method: request.method,
		path: request.path,
		query: { fields: request.fields },
		body: request.body,
		itemIndex,
	});
	return response.data;
}
