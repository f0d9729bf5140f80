import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { COMMUNICATION_FIELDS } from '../../clio/fields';
import { clioApiRequest } from '../../transport/request';
import { recordId } from '../common/params';
import { communicationIdField } from './fields';

export const description: INodeProperties[] = [communicationIdField];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = recordId(this, 'communicationId', itemIndex, 'Communication ID');
	const response = await clioApiRequest<{ data: IDataObject }>(this, {
		method: 'GET',
		path: `/communications/${id}.json`,
		query: { fields: COMMUNICATION_FIELDS },
		itemIndex,
	});
	return response.data;
}
