import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { MATTER_FIELDS } from '../../clio/fields';
import { clioApiRequest } from '../../transport/request';
import { matterLocator } from '../common/locators';
import { recordId } from '../common/params';
import type { ExecutionState } from '../types';
import { matterBody, matterWritableFields } from './fields';
import { assertStageFitsPracticeArea } from './stages';

export const description: INodeProperties[] = [
	matterLocator(),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Description',
				name: 'description',
				type: 'string',
				default: '',
			},
			...matterWritableFields,
		],
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
): Promise<IDataObject> {
	const matterId = recordId(this, 'matterId', itemIndex, 'Matter');
	const values = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const { body, stageId, practiceAreaId } = matterBody(this, itemIndex, 'updateFields', values);
	if (typeof values.description === 'string' && values.description.trim())
		body.description = values.description.trim();
	if (!Object.keys(body).length) {
		throw new NodeOperationError(this.getNode(), 'Update Fields: nothing to update', {
			itemIndex,
			description: 'Add at least one field under "Update Fields".',
		});
	}
	if (stageId !== undefined) {
		await assertStageFitsPracticeArea(this, state, itemIndex, stageId, practiceAreaId, matterId);
	}
	const response = await clioApiRequest<{ data: IDataObject }>(this, {
		method: 'PATCH',
		path: `/matters/${matterId}.json`,
		query: { fields: MATTER_FIELDS },
		body,
		itemIndex,
	});
	return response.data;
}
