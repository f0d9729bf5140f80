import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { MATTER_FIELDS } from '../../clio/fields';
import { clioApiRequest } from '../../transport/request';
import { recordId } from '../common/params';
import type { ExecutionState } from '../types';
import { clientLocator, matterBody, matterWritableFields } from './fields';
import { assertStageFitsPracticeArea } from './stages';

export const description: INodeProperties[] = [
	clientLocator,
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		required: true,
		default: '',
		description: 'What the matter is about, as shown in Clio next to its number',
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: matterWritableFields,
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
): Promise<IDataObject> {
	const clientId = recordId(this, 'clientId', itemIndex, 'Client');
	const text = String(this.getNodeParameter('description', itemIndex, '')).trim();
	if (!text) {
		throw new NodeOperationError(this.getNode(), 'Description: a matter needs a description', {
			itemIndex,
			description: 'Clio requires a description for every new matter.',
		});
	}
	const values = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const { body, stageId, practiceAreaId } = matterBody(this, itemIndex, 'additionalFields', values);
	if (stageId !== undefined)
		await assertStageFitsPracticeArea(this, state, itemIndex, stageId, practiceAreaId);
	const response = await clioApiRequest<{ data: IDataObject }>(this, {
		method: 'POST',
		path: '/matters.json',
		query: { fields: MATTER_FIELDS },
		body: { ...body, client: { id: clientId }, description: text },
		itemIndex,
	});
	return response.data;
}
