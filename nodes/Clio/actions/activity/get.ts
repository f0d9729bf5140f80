import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { ACTIVITY_FIELDS } from '../../clio/fields';
import { clioApiRequest } from '../../transport/request';
import { recordId } from '../common/params';
import { activityField } from './fields';

export const description: INodeProperties[] = [activityField];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const activityId = recordId(this, 'activityId', itemIndex, 'Time Entry or Expense');
	const response = await clioApiRequest<{ data: IDataObject }>(this, {
		method: 'GET',
		path: `/activities/${activityId}.json`,
		query: { fields: ACTIVITY_FIELDS },
		itemIndex,
	});
	return response.data;
}
