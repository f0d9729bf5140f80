import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { BILL_FIELDS } from '../../clio/fields';
import { clioApiRequest } from '../../transport/request';
import { recordId } from '../common/params';
import { billIdField } from './fields';

export const description: INodeProperties[] = [billIdField];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = recordId(this, 'billId', itemIndex, 'Bill ID');
	const response = await clioApiRequest<{ data: IDataObject }>(this, {
		method: 'GET',
		path: `/bills/${id}.json`,
		query: { fields: BILL_FIELDS },
		itemIndex,
	});
	return response.data;
}
