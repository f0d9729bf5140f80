import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CONTACT_FIELDS } from '../../clio/fields';
import { clioApiRequest } from '../../transport/request';
import { fieldsCollection } from '../common/collections';
import { assertOneOf, requiredText, textParameter } from '../common/input';
import { contactBody, type ContactType, contactTypeOptions, createFields } from './fields';

export const description: INodeProperties[] = [
	{
		displayName: 'Type',
		name: 'contactType',
		type: 'options',
		options: contactTypeOptions,
		default: 'Person',
		description: 'Whether the contact is a person or a company (an organisation)',
	},
	{
		displayName: 'First Name',
		name: 'firstName',
		type: 'string',
		default: '',
		displayOptions: { show: { contactType: ['Person'] } },
		description: 'A person needs a first name, a last name, or both',
	},
	{
		displayName: 'Last Name',
		name: 'lastName',
		type: 'string',
		default: '',
		displayOptions: { show: { contactType: ['Person'] } },
		description: 'A person needs a first name, a last name, or both',
	},
	{
		displayName: 'Company Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		displayOptions: { show: { contactType: ['Company'] } },
	},
	fieldsCollection('additionalFields', createFields()),
];

function nameOf(ctx: IExecuteFunctions, itemIndex: number, type: ContactType): IDataObject {
	if (type === 'Company') {
		return {
			name: requiredText(
				ctx,
				'name',
				itemIndex,
				'Company Name',
				'Clio needs a name for every company.',
			),
		};
	}
	const firstName = textParameter(ctx, 'firstName', itemIndex);
	const lastName = textParameter(ctx, 'lastName', itemIndex);
	if (!firstName && !lastName) {
		throw new NodeOperationError(ctx.getNode(), 'First Name, Last Name: both are empty', {
			itemIndex,
			description: 'Clio needs at least a first name or a last name for a person.',
		});
	}
	const name: IDataObject = {};
	if (firstName) name.first_name = firstName;
	if (lastName) name.last_name = lastName;
	return name;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const type = assertOneOf(
		this,
		this.getNodeParameter('contactType', itemIndex, 'Person'),
		contactTypeOptions.map((option) => option.value),
		itemIndex,
		'Type',
	) as ContactType;
	const name = nameOf(this, itemIndex, type);
	const values = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const fields = contactBody(this, itemIndex, 'additionalFields', values);
	const response = await clioApiRequest<{ data: IDataObject }>(this, {
		method: 'POST',
		path: '/contacts.json',
		query: { fields: CONTACT_FIELDS },
		body: { ...fields, ...name, type },
		itemIndex,
	});
	return response.data;
}
