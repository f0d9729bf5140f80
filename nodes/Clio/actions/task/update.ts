import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { TASK_FIELDS } from '../../clio/fields';
import { clioApiRequest } from '../../transport/request';
import { fieldsCollection } from '../common/collections';
import { assertSomethingToUpdate } from '../common/input';
import { recordId } from '../common/params';
import { taskBody, taskIdField, updateFields } from './fields';

export const description: INodeProperties[] = [
	taskIdField,
	fieldsCollection('updateFields', updateFields),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const taskId = recordId(this, 'taskId', itemIndex, 'Task ID');
	const values = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const body = taskBody(this, itemIndex, 'updateFields', values);
	assertSomethingToUpdate(this, body, itemIndex);
	const response = await clioApiRequest<{ data: IDataObject }>(this, {
		method: 'PATCH',
		path: `/tasks/${taskId}.json`,
		query: { fields: TASK_FIELDS },
		body,
		itemIndex,
	});
	return response.data;
}
