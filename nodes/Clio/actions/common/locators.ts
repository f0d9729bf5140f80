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

export function matterLocator(overrides: Partial<{ name: string; displayName: string; description: string; required: boolean }> = {}): INodeProperties {
	return recordLocator({
		name: overrides.name ?? 'matterId',
		displayName: overrides.displayName ?? 'Matter',
		record: 'matter',
		searchMethod: 'searchMatters',
		urlSegment: 'matters',
		required: overrides.required,
		description: overrides.description ?? 'The matter, searched by number, description or client name',
	});
}

export function contactLocator(overrides: Partial<{ name: string; displayName: string; description: string; required: boolean }> = {}): INodeProperties {
	return recordLocator({
		name: overrides.name ?? 'contactId',
		displayName: overrides.displayName ?? 'Contact',
		record: 'contact',
		searchMethod: 'searchContacts',
		urlSegment: 'contacts',
		required: overrides.required,
		description: overrides.description ?? 'The contact, searched by name or email',
	});
}

export function userLocator(overrides: Partial<{ name: string; displayName: string; description: string; required: boolean }> = {}): INodeProperties {
	return recordLocator({
		name: overrides.name ?? 'userId',
		displayName: overrides.displayName ?? 'User',
		record: 'user',
		searchMethod: 'searchUsers',
		urlSegment: 'users',
		required: overrides.required,
		description: overrides.description ?? 'A Clio user of the firm',
	});
}
