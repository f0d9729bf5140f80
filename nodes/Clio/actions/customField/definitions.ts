import type { IExecuteFunctions, ILoadOptionsFunctions, INodeProperties } from 'n8n-workflow';

import { CUSTOM_FIELD_FIELDS, CUSTOM_FIELD_VALUE_FIELDS } from '../../clio/fields';
import type { CustomFieldDefinition, CustomFieldValue } from '../../clio/custom-fields/types';
import { clioApiRequestAllItems } from '../../transport/paginate';
import { clioApiRequest } from '../../transport/request';
import { contactLocator, matterLocator } from '../common/locators';
import { recordId } from '../common/params';
import { type ExecutionState, memoize } from '../types';

export type ParentType = 'matter' | 'contact';

export const parentTypeField: INodeProperties = {
	displayName: 'Record Type',
	name: 'parentType',
	type: 'options',
	options: [
		{ name: 'Matter', value: 'matter' },
		{ name: 'Contact', value: 'contact' },
	],
	default: 'matter',
	description: 'Whether the custom fields belong to matters or to contacts',
};

/** The matter or contact whose custom fields are read or written, following the Record Type. */
export const recordLocators: INodeProperties[] = [
	{ ...matterLocator(), displayOptions: { show: { parentType: ['matter'] } } },
	{ ...contactLocator(), displayOptions: { show: { parentType: ['contact'] } } },
];

export function readParentRecord(
	ctx: IExecuteFunctions,
	itemIndex: number,
): { parentType: ParentType; id: number; path: string } {
	const parentType = ctx.getNodeParameter('parentType', itemIndex, 'matter') as ParentType;
	const id =
		parentType === 'contact'
			? recordId(ctx, 'contactId', itemIndex, 'Contact')
			: recordId(ctx, 'matterId', itemIndex, 'Matter');
	return {
		parentType,
		id,
		path: `/${parentType === 'contact' ? 'contacts' : 'matters'}/${id}.json`,
	};
}

export async function fetchDefinitions(
	ctx: IExecuteFunctions | ILoadOptionsFunctions,
	parentType: ParentType,
	includeDeleted = false,
): Promise<CustomFieldDefinition[]> {
	const query = {
		fields: CUSTOM_FIELD_FIELDS,
		parent_type: parentType,
		order: 'display_order(asc)',
	};
	const definitions = (await clioApiRequestAllItems(
		ctx,
		'/custom_fields.json',
		query,
	)) as unknown as CustomFieldDefinition[];
	if (!includeDeleted) return definitions.filter((definition) => !definition.deleted);
	// Deleted fields are listed only when asked for with `deleted=true` (api-facts §7.1).
	const deleted = (await clioApiRequestAllItems(ctx, '/custom_fields.json', {
		...query,
		deleted: true,
	})) as unknown as CustomFieldDefinition[];
	const known = new Set(definitions.map((definition) => definition.id));
	return [...definitions, ...deleted.filter((definition) => !known.has(definition.id))];
}

/** Definitions are read once per execution and record type, however many items follow. */
export function cachedDefinitions(
	ctx: IExecuteFunctions,
	state: ExecutionState,
	parentType: ParentType,
): Promise<CustomFieldDefinition[]> {
	return memoize(state, `customFields:${parentType}`, () => fetchDefinitions(ctx, parentType));
}

export async function fetchRecordValues(
	ctx: IExecuteFunctions,
	path: string,
	itemIndex: number,
): Promise<CustomFieldValue[]> {
	const response = await clioApiRequest<{ data: { custom_field_values?: CustomFieldValue[] } }>(
		ctx,
		{
			method: 'GET',
			path,
			query: { fields: `id,${CUSTOM_FIELD_VALUE_FIELDS}` },
			itemIndex,
		},
	);
	return response.data.custom_field_values ?? [];
}
