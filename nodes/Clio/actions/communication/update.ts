import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { COMMUNICATION_FIELDS } from '../../clio/fields';
import { fieldsCollection } from '../common/collections';
import { assertSomethingToUpdate } from '../common/input';
import { recordId } from '../common/params';
import { communicationBody, communicationIdField, updateFields } from './fields';
import { recordRequest } from '../common/records';

export const description: INodeProperties[] = [
	communicationIdField,
	fieldsCollection(
		'updateFields',
		updateFields(),
		'Fields to change. People given under From and To are added to the ones already there.',
	),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = recordId(this, 'communicationId', itemIndex, 'Communication ID');
	const values = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const body = communicationBody(this, itemIndex, 'updateFields', values);
	assertSomethingToUpdate(this, body, itemIndex);
	return await recordRequest(this, itemIndex, {
		method: 'PATCH',
		path: `/communications/${id}.json`,
		fields: COMMUNICATION_FIELDS,
		body,
	});
}
