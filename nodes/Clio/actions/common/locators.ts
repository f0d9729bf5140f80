import type { INodeProperties } from 'n8n-workflow';

// Resource locators let a user pick a record from a searchable list, paste its ID, or (for records
// with a page of their own in Clio's web app) paste the address of the record's page.
function recordLocator(options: {
	name: string;
	displayName: string;
	record: string;
	searchMethod: string;
	/** The part of a Clio web address before the record's ID; no "By URL" mode without it. */
	urlSegment?: string;
	description: string;
	required?: boolean;
}): INodeProperties {
	const article = /^[aeiou]/i.test(options.record) ? 'An' : 'A';
	const locator: INodeProperties = {
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
							errorMessage: `${article} ${options.record} ID is a whole number, for example 12345`,
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
	if (options.urlSegment === undefined) {
		locator.modes = locator.modes?.filter((mode) => mode.name !== 'url');
	}
	return locator;
}

type LocatorOverrides = Partial<{ name: string; displayName: string; description: string; required: boolean }>;

const RECORDS = {
	matter: { name: 'matterId', displayName: 'Matter', searchMethod: 'searchMatters', urlSegment: 'matters', description: 'The matter, searched by number, description or client name' },
	contact: { name: 'contactId', displayName: 'Contact', searchMethod: 'searchContacts', urlSegment: 'contacts', description: 'The contact, searched by name or email' },
	user: { name: 'userId', displayName: 'User', searchMethod: 'searchUsers', urlSegment: 'users', description: 'A Clio user of the firm' },
	'time entry or expense': { name: 'activityId', displayName: 'Time Entry or Expense', searchMethod: 'searchActivities', description: 'The time entry or expense, searched by its note; newest first' },
	'calendar entry': { name: 'calendarEntryId', displayName: 'Calendar Entry', searchMethod: 'searchCalendarEntries', description: 'The calendar entry, searched by its summary, description or location' },
	calendar: { name: 'calendarId', displayName: 'Calendar', searchMethod: 'searchCalendars', description: 'A calendar of the firm, searched by name' },
};

function locatorFor(record: keyof typeof RECORDS, overrides: LocatorOverrides): INodeProperties {
	return recordLocator({ ...RECORDS[record], record, ...overrides });
}

export const matterLocator = (overrides: LocatorOverrides = {}) => locatorFor('matter', overrides);
export const contactLocator = (overrides: LocatorOverrides = {}) => locatorFor('contact', overrides);
export const userLocator = (overrides: LocatorOverrides = {}) => locatorFor('user', overrides);
export const activityLocator = (overrides: LocatorOverrides = {}) =>
	locatorFor('time entry or expense', overrides);
export const calendarEntryLocator = (overrides: LocatorOverrides = {}) =>
	locatorFor('calendar entry', overrides);
export const calendarLocator = (overrides: LocatorOverrides = {}) =>
	locatorFor('calendar', overrides);
