import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CONTACT_FIELDS } from '../../clio/fields';
import { clioApiRequestAllItems } from '../../transport/paginate';
import { textParameter } from '../common/input';
import { type ExecutionState, memoize } from '../types';
import { description as createDescription, readNewContact } from './create';
import { postContact } from './post';

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const emailField: INodeProperties = {
	displayName: 'Email',
	name: 'email',
	type: 'string',
	placeholder: 'name@email.com',
	default: '',
	description:
		'The contact is looked up by this email address (any of their addresses, ignoring case). Leave empty to look up by name instead. A new contact gets it as their work email.',
};

export const description: INodeProperties[] = [
	createDescription[0],
	emailField,
	...createDescription
		.slice(1)
		.map((field) =>
			field.name === 'additionalFields'
				? {
						...field,
						description: 'Used only when the contact is created; a contact found is left as it is',
					}
				: field,
		),
];

function sameText(a: unknown, b: string): boolean {
	return typeof a === 'string' && a.trim().toLowerCase() === b.toLowerCase();
}

function hasEmail(contact: IDataObject, email: string): boolean {
	const entries = (contact.email_addresses as IDataObject[] | undefined) ?? [];
	return (
		sameText(contact.primary_email_address, email) ||
		entries.some((entry) => sameText(entry.address, email))
	);
}

/** The contacts Clio's search returns for the text that match it exactly, oldest first. */
async function exactMatches(
	ctx: IExecuteFunctions,
	itemIndex: number,
	text: string,
	type: string | undefined,
	matches: (contact: IDataObject) => boolean,
): Promise<IDataObject[]> {
	const found = await clioApiRequestAllItems(
		ctx,
		'/contacts.json',
		{ fields: CONTACT_FIELDS, query: text, type },
		{ itemIndex },
	);
	return found.filter(matches).sort((a, b) => Number(a.id) - Number(b.id));
}

/**
 * Finds a contact by email (else by name) or creates it. Items of one execution that ask for the
 * same contact share one lookup, so a burst of items never creates it twice (Clio's search can lag
 * behind a contact just created, api-facts §3.4).
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
): Promise<IDataObject> {
	const body = readNewContact(this, itemIndex);
	const type = String(body.type);
	const email = textParameter(this, 'email', itemIndex);
	if (email && !EMAIL_PATTERN.test(email)) {
		throw new NodeOperationError(this.getNode(), `Email: "${email}" is not an email address`, {
			itemIndex,
			description:
				'Give an address such as name@example.com, or leave the field empty to look up by name.',
		});
	}
	const fullName =
		type === 'Company'
			? String(body.name)
			: [body.first_name, body.last_name].filter(Boolean).join(' ');
	const matchedBy = email ? 'email' : 'name';
	const key = email ? `email:${email.toLowerCase()}` : `name:${type}:${fullName.toLowerCase()}`;

	let createdHere = false;
	const contact = await memoize(state, `contact.findOrCreate:${key}`, async () => {
		const matches = email
			? await exactMatches(this, itemIndex, email, undefined, (contact) => hasEmail(contact, email))
			: await exactMatches(this, itemIndex, fullName, type, (contact) =>
					sameText(contact.name, fullName),
				);
		if (matches.length) return { ...matches[0], matchCount: matches.length };
		const emails = (body.email_addresses as IDataObject[] | undefined) ?? [];
		if (email && !emails.some((entry) => sameText(entry.address, email))) {
			body.email_addresses = [{ name: 'Work', address: email, default_email: true }, ...emails];
		}
		createdHere = true;
		return await postContact(this, itemIndex, state, body);
	});
	const { matchCount, ...record } = contact as IDataObject;
	return {
		...record,
		found: !createdHere,
		created: createdHere,
		matchedBy: createdHere ? null : matchedBy,
		...(typeof matchCount === 'number' && matchCount > 1 ? { otherMatches: matchCount - 1 } : {}),
	};
}
