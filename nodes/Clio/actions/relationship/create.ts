import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { RELATIONSHIP_FIELDS } from '../../clio/fields';
import { requiredText } from '../common/input';
import { contactLocator, matterLocator } from '../common/locators';
import { recordId } from '../common/params';
import { recordRequest } from '../common/records';

export const description: INodeProperties[] = [
	matterLocator({ description: 'The matter the contact is involved in' }),
	contactLocator({ description: 'The contact who has a role on the matter' }),
	{
		displayName: 'Role',
		name: 'role',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Opposing counsel',
		description:
			'The contact’s role on the matter, as shown under the matter’s related contacts in Clio',
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const body = {
		matter: { id: recordId(this, 'matterId', itemIndex, 'Matter') },
		contact: { id: recordId(this, 'contactId', itemIndex, 'Contact') },
		description: requiredText(
			this,
			'role',
			itemIndex,
			'Role',
			'Say what the contact is on the matter, for example Opposing counsel or Expert witness.',
		),
	};
	return await recordRequest(this, itemIndex, {
		method: 'POST',
		path: '/relationships.json',
		fields: RELATIONSHIP_FIELDS,
		body,
	});
}
