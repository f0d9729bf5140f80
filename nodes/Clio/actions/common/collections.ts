import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { isoTimestamp } from './params';

/** Collection options in the alphabetical order the editor expects. */
export function sortedByDisplayName(fields: INodeProperties[]): INodeProperties[] {
	return [...fields].sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** The "Filters" collection of a Get Many operation. */
export function filtersCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options,
	};
}

/** The "Additional Fields" collection of a Create, or the "Update Fields" collection of an Update. */
export function fieldsCollection(
	name: 'additionalFields' | 'updateFields',
	options: INodeProperties[],
	description?: string,
): INodeProperties {
	const displayName = name === 'additionalFields' ? 'Additional Fields' : 'Update Fields';
	return {
		displayName,
		name,
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description,
		options,
	};
}

// Filters that several Get Many operations offer, inside their "Filters" collection.

export function createdSinceFilter(records: string): INodeProperties {
	return {
		displayName: 'Created Since',
		name: 'createdSince',
		type: 'dateTime',
		default: '',
		description: `Only ${records} created after this moment`,
	};
}

export function updatedSinceFilter(records: string): INodeProperties {
	return {
		displayName: 'Updated Since',
		name: 'updatedSince',
		type: 'dateTime',
		default: '',
		description: `Only ${records} changed after this moment`,
	};
}

export function searchFilter(description: string): INodeProperties {
	return {
		displayName: 'Search',
		name: 'query',
		type: 'string',
		default: '',
		description,
	};
}

/** The query parameters of the filters above that were set. */
export function commonFilterQuery(
	ctx: IExecuteFunctions,
	filters: IDataObject,
	itemIndex: number,
): { query?: string; created_since?: string; updated_since?: string } {
	const text = typeof filters.query === 'string' ? filters.query.trim() : '';
	return {
		query: text || undefined,
		created_since: isoTimestamp(ctx, filters.createdSince, itemIndex, 'Created Since'),
		updated_since: isoTimestamp(ctx, filters.updatedSince, itemIndex, 'Updated Since'),
	};
}
