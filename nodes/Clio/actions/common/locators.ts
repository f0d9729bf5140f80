import type { INodeProperties } from 'n8n-workflow';

// Resource locators let a user pick a record from a searchable list, paste its ID, or paste the
// address of the record from Clio's web app.
function recordLocator(options: {
	name: string;
	displayName: string;
	record: string;
	searchMethod: string;
	urlSegment: string;
	description: string;
	required?: boolean;
}): INodeProperties {
	return {
		displayName: options.displayName,
		name: options.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: options.required ?? true,
		description: options.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: options.searchMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: '12345',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^\\s*[0-9]+\\s*$',
							errorMessage: `A ${options.record} ID is a whole number, for example 12345`,
						},
					},
				],
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: `https://app.clio.com/nc/#/${options.urlSegment}/12345`,
				extractValue: { type: 'regex', regex: `${options.urlSegment}/([0-9]+)` },
				validation: [
					{
						type: 'regex',
						properties: {
							regex: `.*${options.urlSegment}/[0-9]+.*`,
							errorMessage: `Paste the address of a ${options.record} page in Clio, containing /${options.urlSegment}/<ID>`,
						},
					},
				],
			},
		],
	};
}

type LocatorOverrides = Partial<{ name: string; displayName: string; description: string; required: boolean }>;

const RECORDS = {
	matter: { name: 'matterId', displayName: 'Matter', searchMethod: 'searchMatters', urlSegment: 'matters', description: 'The matter, searched by number, description or client name' },
	contact: { name: 'contactId', displayName: 'Contact', searchMethod: 'searchContacts', urlSegment: 'contacts', description: 'The contact, searched by name or email' },
	user: { name: 'userId', displayName: 'User', searchMethod: 'searchUsers', urlSegment: 'users', description: 'A Clio user of the firm' },
};

function locatorFor(record: keyof typeof RECORDS, overrides: LocatorOverrides): INodeProperties {
	return recordLocator({ ...RECORDS[record], record, ...overrides });
}

export const matterLocator = (overrides: LocatorOverrides = {}) => locatorFor('matter', overrides);
export const contactLocator = (overrides: LocatorOverrides = {}) => locatorFor('contact', overrides);
export const userLocator = (overrides: LocatorOverrides = {}) => locatorFor('user', overrides);
