import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { MATTER_FIELDS, withCustomFieldValues } from '../../clio/fields';
import { valuesByName } from '../../clio/custom-fields/read';
import type { CustomFieldValue } from '../../clio/custom-fields/types';
import { clioApiRequest } from '../../transport/request';
import { matterLocator } from '../common/locators';
import { recordId } from '../common/params';
import { cachedDefinitions } from '../customField/definitions';
import type { ExecutionState } from '../types';

export const description: INodeProperties[] = [
	matterLocator(),
	{
		displayName: 'Include Custom Fields',
		name: 'includeCustomFields',
		type: 'boolean',
		default: true,
		description:
			'Whether to add the matter’s custom fields, as `customFields` (by field name, typed) and `custom_field_values` (as Clio sends them)',
	},
];

function customFieldValues(matter: IDataObject): CustomFieldValue[] | undefined {
	return matter.custom_field_values as CustomFieldValue[] | undefined;
}

// A bare `picklist_option` comes back as id and etag only (one level of nesting, api-facts §3.2),
// so a picklist's label is looked up in the definitions, read once per execution and only if needed.
function lacksPicklistLabel(value: CustomFieldValue): boolean {
	return (
		value.field_type === 'picklist' &&
		value.value !== null &&
		value.value !== undefined &&
		!value.picklist_option?.option
	);
}

/** Matters as output: Clio's records, plus their custom fields keyed by name when they were read. */
export async function shapeMatters(
	ctx: IExecuteFunctions,
	state: ExecutionState,
	matters: IDataObject[],
): Promise<IDataObject[]> {
	const needsDefinitions = matters.some((matter) =>
		customFieldValues(matter)?.some(lacksPicklistLabel),
	);
	const definitions = needsDefinitions ? await cachedDefinitions(ctx, state, 'matter') : [];
	return matters.map((matter) => {
		const values = customFieldValues(matter);
		return values ? { ...matter, customFields: valuesByName(values, definitions) } : matter;
	});
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
): Promise<IDataObject[]> {
	const matterId = recordId(this, 'matterId', itemIndex, 'Matter');
	const includeCustomFields = this.getNodeParameter(
		'includeCustomFields',
		itemIndex,
		true,
	) as boolean;
	const response = await clioApiRequest<{ data: IDataObject }>(this, {
		method: 'GET',
		path: `/matters/${matterId}.json`,
		query: { fields: includeCustomFields ? withCustomFieldValues(MATTER_FIELDS) : MATTER_FIELDS },
		itemIndex,
	});
	return await shapeMatters(this, state, [response.data]);
}
