import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { fieldsCollection } from '../common/collections';
import { assertOneOf, requiredText, textParameter } from '../common/input';
import type { ExecutionState } from '../types';
import { contactBody, type ContactType, contactTypeOptions, createFields } from './fields';
import { postContact } from './post';

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

export function readContactType(ctx: IExecuteFunctions, itemIndex: number): ContactType {
	return assertOneOf(
		ctx,
		ctx.getNodeParameter('contactType', itemIndex, 'Person'),
		contactTypeOptions.map((option) => option.value),
		itemIndex,
		'Type',
	) as ContactType;
}

export function nameOf(ctx: IExecuteFunctions, itemIndex: number, type: ContactType): IDataObject {
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

/** The type, name and other fields of a contact to create, as Clio's attributes. */
export function readNewContact(ctx: IExecuteFunctions, itemIndex: number): IDataObject {
	const type = readContactType(ctx, itemIndex);
	const values = ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const fields = contactBody(ctx, itemIndex, 'additionalFields', values);
	return { ...fields, ...nameOf(ctx, itemIndex, type), type };
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
): Promise<IDataObject> {
	return await postContact(this, itemIndex, state, readNewContact(this, itemIndex));
}
