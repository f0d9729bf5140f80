import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { BILL_FIELDS } from '../../clio/fields';
import { recordId } from '../common/params';
import { billIdField } from './fields';
import { recordRequest } from '../common/records';

export const description: INodeProperties[] = [billIdField];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = recordId(this, 'billId', itemIndex, 'Bill ID');
	return await recordRequest(this, itemIndex, {
		method: 'GET',
		path: `/bills/${id}.json`,
		fields: BILL_FIELDS,
	});
}
