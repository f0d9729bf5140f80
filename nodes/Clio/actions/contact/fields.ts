import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { clioApiRequest } from '../../transport/request';
import { sortedByDisplayName } from '../common/collections';
import { assertOneOf, copyText, isoDate, linkedRecord } from '../common/input';
import { contactLocator } from '../common/locators';

export type ContactType = 'Person' | 'Company';

export const contactTypeOptions = [
	{ name: 'Company', value: 'Company' },
	{ name: 'Person', value: 'Person' },
];

// The labels Clio accepts for each kind of entry (the `name` attribute in the official spec; any
// other label is refused with a 422, api-facts §9.1).
const EMAIL_TYPES = ['Work', 'Home', 'Other'] as const;
const PHONE_TYPES = ['Work', 'Home', 'Mobile', 'Fax', 'Pager', 'Skype', 'Other'] as const;
const ADDRESS_TYPES = ['Work', 'Home', 'Billing', 'Other'] as const;

function typeField(types: readonly string[], what: string): INodeProperties {
	return {
		displayName: 'Type',
		name: 'type',
		type: 'options',
		options: types.map((type) => ({ name: type, value: type })),
		default: 'Work',
		description: `The kind of ${what}, as labelled in Clio`,
	};
}

function defaultFlag(what: string): INodeProperties {
	return {
		displayName: 'Default',
		name: 'isDefault',
		type: 'boolean',
		default: false,
		description: `Whether this is the contact’s main ${what}`,
	};
}

function textField(
	displayName: string,
	name: string,
	extra: Partial<INodeProperties> = {},
): INodeProperties {
	return { displayName, name, type: 'string', default: '', ...extra };
}

function entryList(
	displayName: string,
	name: string,
	entryDisplayName: string,
	values: INodeProperties[],
	description: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: `Add ${entryDisplayName}`,
		default: {},
		description,
		options: [{ displayName: entryDisplayName, name: 'entry', values }],
	};
}

const ADDED = 'New entries are added to the contact; the ones it already has are kept.';

/** Email addresses, phone numbers and postal addresses: lists of entries, added to the contact. */
const entryFields: INodeProperties[] = [
	entryList(
		'Addresses',
		'addresses',
		'Address',
		[
			textField('Street', 'street'),
			textField('City', 'city'),
			textField('State or Province', 'province'),
			textField('Postal Code', 'postal_code'),
			textField('Country', 'country'),
			typeField(ADDRESS_TYPES, 'address'),
		],
		`Postal addresses. ${ADDED}`,
	),
	entryList(
		'Email Addresses',
		'emailAddresses',
		'Email Address',
		[
			textField('Email', 'address', { placeholder: 'name@email.com' }),
			typeField(EMAIL_TYPES, 'email address'),
			defaultFlag('email address'),
		],
		`Email addresses. ${ADDED}`,
	),
	entryList(
		'Phone Numbers',
		'phoneNumbers',
		'Phone Number',
		[
			textField('Number', 'number'),
			typeField(PHONE_TYPES, 'phone number'),
			defaultFlag('phone number'),
		],
		`Phone numbers. ${ADDED}`,
	),
];

const companyField: INodeProperties = contactLocator({
	name: 'company',
	displayName: 'Company',
	required: false,
	description: 'The company this person works for (people only)',
});

/** Fields that only a person has. */
const personFields: INodeProperties[] = [
	companyField,
	{
		displayName: 'Date of Birth',
		name: 'date_of_birth',
		type: 'dateTime',
		default: '',
		description: 'People only',
	},
	textField('Middle Name', 'middle_name', { description: 'People only' }),
	textField('Prefix', 'prefix', { description: 'For example Mr., Ms. or Dr. (people only)' }),
];

const titleField = textField('Title', 'title', { description: 'Job title, for example Partner' });

/** Options of Create's "Additional Fields" (sorted as the editor shows them). */
export function createFields(): INodeProperties[] {
	const forPerson = { show: { '/contactType': ['Person'] } };
	return sortedByDisplayName([
		...entryFields,
		...personFields.map((field) => ({ ...field, displayOptions: forPerson })),
		titleField,
	]);
}

/** Options of Update's "Update Fields". */
export function updateFields(): INodeProperties[] {
	return sortedByDisplayName([
		...entryFields,
		...personFields,
		titleField,
		textField('First Name', 'first_name', { description: 'People only' }),
		textField('Last Name', 'last_name', { description: 'People only' }),
		textField('Company Name', 'name', { description: 'Companies only' }),
	]);
}

interface EntryKind {
	parameter: string;
	label: string;
	attribute: string;
	types: readonly string[];
	/** Clio's attributes of one entry, or undefined when the entry was left empty. */
	build(entry: IDataObject): IDataObject | undefined;
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const ENTRY_KINDS: EntryKind[] = [
	{
		parameter: 'emailAddresses',
		label: 'Email Addresses',
		attribute: 'email_addresses',
		types: EMAIL_TYPES,
		build: (entry) =>
			text(entry.address)
				? { address: text(entry.address), default_email: entry.isDefault === true }
				: undefined,
	},
	{
		parameter: 'phoneNumbers',
		label: 'Phone Numbers',
		attribute: 'phone_numbers',
		types: PHONE_TYPES,
		build: (entry) =>
			text(entry.number)
				? { number: text(entry.number), default_number: entry.isDefault === true }
				: undefined,
	},
	{
		parameter: 'addresses',
		label: 'Addresses',
		attribute: 'addresses',
		types: ADDRESS_TYPES,
		build: (entry) => {
			const address: IDataObject = {};
			copyText(address, entry, {
				street: 'street',
				city: 'city',
				province: 'province',
				postal_code: 'postal_code',
				country: 'country',
			});
			return Object.keys(address).length ? address : undefined;
		},
	},
];

function entries(
	ctx: IExecuteFunctions,
	itemIndex: number,
	kind: EntryKind,
	value: unknown,
): IDataObject[] {
	const list = ((value as IDataObject | undefined)?.entry as IDataObject[] | undefined) ?? [];
	const out: IDataObject[] = [];
	for (const entry of list) {
		const attributes = kind.build(entry);
		if (!attributes) continue;
		const name = assertOneOf(
			ctx,
			entry.type ?? 'Work',
			kind.types,
			itemIndex,
			`${kind.label} › Type`,
		);
		if (kind.attribute === 'email_addresses' && !EMAIL_PATTERN.test(String(attributes.address))) {
			throw new NodeOperationError(
				ctx.getNode(),
				`${kind.label}: "${String(attributes.address)}" is not an email address`,
				{
					itemIndex,
					description: 'Clio accepts an email address such as name@example.com.',
				},
			);
		}
		out.push({ name, ...attributes });
	}
	return out;
}

/** Turns a collection's values into Clio's contact body (api-facts §9.1). */
export function contactBody(
	ctx: IExecuteFunctions,
	itemIndex: number,
	collection: string,
	values: IDataObject,
): IDataObject {
	const body: IDataObject = {};
	copyText(body, values, {
		first_name: 'first_name',
		last_name: 'last_name',
		middle_name: 'middle_name',
		name: 'name',
		prefix: 'prefix',
		title: 'title',
	});
	const birthday = isoDate(ctx, values.date_of_birth, itemIndex, 'Date of Birth');
	if (birthday) body.date_of_birth = birthday;
	const company = linkedRecord(ctx, itemIndex, collection, values, 'company', 'Company');
	if (company) body.company = company;
	for (const kind of ENTRY_KINDS) {
		const list = entries(ctx, itemIndex, kind, values[kind.parameter]);
		if (list.length) body[kind.attribute] = list;
	}
	return body;
}

const PERSON_ONLY: Record<string, string> = {
	first_name: 'First Name',
	last_name: 'Last Name',
	middle_name: 'Middle Name',
	prefix: 'Prefix',
	date_of_birth: 'Date of Birth',
	company: 'Company',
};
const COMPANY_ONLY: Record<string, string> = { name: 'Company Name' };

/**
 * Refuses fields that do not fit an existing contact's type: Clio names a person from first and
 * last name and a company from its name (api-facts §9.1). The type is read only when it matters.
 */
export async function assertFieldsFitContact(
	ctx: IExecuteFunctions,
	itemIndex: number,
	contactId: number,
	body: IDataObject,
): Promise<void> {
	const personKeys = Object.keys(body).filter((key) => key in PERSON_ONLY);
	const companyKeys = Object.keys(body).filter((key) => key in COMPANY_ONLY);
	if (!personKeys.length && !companyKeys.length) return;
	const response = await clioApiRequest<{ data: IDataObject }>(ctx, {
		method: 'GET',
		path: `/contacts/${contactId}.json`,
		query: { fields: 'id,type' },
		itemIndex,
	});
	const isCompany = response.data.type === 'Company';
	const misfit = isCompany
		? personKeys.map((key) => PERSON_ONLY[key])
		: companyKeys.map((key) => COMPANY_ONLY[key]);
	if (!misfit.length) return;
	throw new NodeOperationError(
		ctx.getNode(),
		`${misfit.join(', ')}: contact ${contactId} is ${isCompany ? 'a company' : 'a person'}`,
		{
			itemIndex,
			description: isCompany
				? 'A company has a Company Name and no first name, last name, middle name, prefix, date of birth or company. Remove those fields.'
				: 'A person is named by First Name and Last Name; Company Name is for companies only. Remove it.',
		},
	);
}
