import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { ACTIVITY_FIELDS } from '../../clio/fields';
import { recordId } from '../common/params';
import { recordRequest } from '../common/records';
import { activityField } from './fields';

export const description: INodeProperties[] = [activityField];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const activityId = recordId(this, 'activityId', itemIndex, 'Time Entry or Expense');
	return await recordRequest(this, itemIndex, {
		method: 'GET',
		path: `/activities/${activityId}.json`,
		fields: ACTIVITY_FIELDS,
	});
}
