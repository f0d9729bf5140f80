import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { COMMUNICATION_FIELDS } from '../../clio/fields';
import { recordId } from '../common/params';
import { communicationIdField } from './fields';
import { recordRequest } from '../common/records';

export const description: INodeProperties[] = [communicationIdField];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = recordId(this, 'communicationId', itemIndex, 'Communication ID');
	return await recordRequest(this, itemIndex, {
		method: 'GET',
		path: `/communications/${id}.json`,
		fields: COMMUNICATION_FIELDS,
	});
}
