import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { RELATIONSHIP_FIELDS } from '../../clio/fields';
import { returnAllAndLimit } from '../common/descriptions';
import { listWithLimit } from '../common/list';
import { contactLocator, matterLocator } from '../common/locators';
import { recordId } from '../common/params';

export const description: INodeProperties[] = [
	{
		displayName: 'Of',
		name: 'of',
		type: 'options',
		options: [
			{ name: 'A Matter', value: 'matter', description: 'Every contact with a role on the matter' },
			{
				name: 'A Contact',
				value: 'contact',
				description: 'Every matter the contact has a role on',
			},
		],
		default: 'matter',
	},
	{ ...matterLocator(), displayOptions: { show: { of: ['matter'] } } },
	{ ...contactLocator(), displayOptions: { show: { of: ['contact'] } } },
	...returnAllAndLimit,
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const ofContact = this.getNodeParameter('of', itemIndex, 'matter') === 'contact';
	const filter = ofContact
		? { contact_id: recordId(this, 'contactId', itemIndex, 'Contact') }
		: { matter_id: recordId(this, 'matterId', itemIndex, 'Matter') };
	return await listWithLimit(this, itemIndex, '/relationships.json', {
		fields: RELATIONSHIP_FIELDS,
		...filter,
	});
}
