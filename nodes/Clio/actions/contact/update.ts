import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { CONTACT_FIELDS } from '../../clio/fields';
import { clioApiRequest } from '../../transport/request';
import { fieldsCollection } from '../common/collections';
import { assertSomethingToUpdate } from '../common/input';
import { contactLocator } from '../common/locators';
import { recordId } from '../common/params';
import { assertFieldsFitContact, contactBody, updateFields } from './fields';

export const description: INodeProperties[] = [
	contactLocator(),
	fieldsCollection(
		'updateFields',
		updateFields(),
		'Fields to change. Email addresses, phone numbers and addresses given here are added to the contact; the existing ones are kept.',
	),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const contactId = recordId(this, 'contactId', itemIndex, 'Contact');
	const values = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const body = contactBody(this, itemIndex, 'updateFields', values);
	assertSomethingToUpdate(this, body, itemIndex);
	await assertFieldsFitContact(this, itemIndex, contactId, body);
	const response = await clioApiRequest<{ data: IDataObject }>(this, {
		method: 'PATCH',
		path: `/contacts/${contactId}.json`,
		query: { fields: CONTACT_FIELDS },
		body,
		itemIndex,
	});
	return response.data;
}
