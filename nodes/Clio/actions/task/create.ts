import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { TASK_FIELDS } from '../../clio/fields';
import { clioApiRequest } from '../../transport/request';
import { fieldsCollection } from '../common/collections';
import { requiredText } from '../common/input';
import { userLocator } from '../common/locators';
import { recordId } from '../common/params';
import { createFields, taskBody } from './fields';

export const description: INodeProperties[] = [
	{
		displayName: 'Task Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		description: 'A short title, as shown in task lists',
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		description: 'What needs to be done. Clio requires a description for every task.',
	},
	userLocator({
		name: 'assigneeId',
		displayName: 'Assignee',
		description: 'The Clio user who should do the task',
	}),
	fieldsCollection('additionalFields', createFields),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const name = requiredText(
		this,
		'name',
		itemIndex,
		'Task Name',
		'Clio needs a name for every task.',
	);
	const text = requiredText(
		this,
		'description',
		itemIndex,
		'Description',
		'Clio requires a description for every task.',
	);
	const assigneeId = recordId(this, 'assigneeId', itemIndex, 'Assignee');
	const values = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const body = taskBody(this, itemIndex, 'additionalFields', values);
	const response = await clioApiRequest<{ data: IDataObject }>(this, {
		method: 'POST',
		path: '/tasks.json',
		query: { fields: TASK_FIELDS },
		body: { ...body, name, description: text, assignee: { id: assigneeId, type: 'User' } },
		itemIndex,
	});
	return response.data;
}
