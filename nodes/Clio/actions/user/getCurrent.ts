import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { USER_FIELDS } from '../../clio/fields';
import { clioApiRequest } from '../../transport/request';

export const description: INodeProperties[] = [];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const response = await clioApiRequest<{ data: IDataObject }>(this, {
		method: 'GET',
		path: '/users/who_am_i.json',
		query: { fields: `${USER_FIELDS},account{id,name}` },
		itemIndex,
	});
	return response.data;
}
