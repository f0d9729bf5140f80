import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { CONTACT_FIELDS } from '../../clio/fields';
import { clioApiRequest } from '../../transport/request';
import { contactLocator } from '../common/locators';
import { recordId } from '../common/params';

export const description: INodeProperties[] = [contactLocator()];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const contactId = recordId(this, 'contactId', itemIndex, 'Contact');
	const response = await clioApiRequest<{ data: IDataObject }>(this, {
		method: 'GET',
		path: `/contacts/${contactId}.json`,
		query: { fields: CONTACT_FIELDS },
		itemIndex,
	});
	return response.data;
}
