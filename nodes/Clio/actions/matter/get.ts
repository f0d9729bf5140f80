import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { MATTER_FIELDS, withCustomFieldValues } from '../../clio/fields';
import { valuesByName } from '../../clio/custom-fields/read';
import type { CustomFieldValue } from '../../clio/custom-fields/types';
import { clioApiRequest } from '../../transport/request';
import { matterLocator } from '../common/locators';
import { recordId } from '../common/params';

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

/** A matter as output: Clio's record, plus its custom fields keyed by name when they were read. */
export function shapeMatter(matter: IDataObject): IDataObject {
	const values = matter.custom_field_values as CustomFieldValue[] | undefined;
	if (!values) return matter;
	return { ...matter, customFields: valuesByName(values) };
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const matterId = recordId(this, 'matterId', itemIndex, 'Matter');
	const includeCustomFields = this.getNodeParameter('includeCustomFields', itemIndex, true) as boolean;
	const response = await clioApiRequest<{ data: IDataObject }>(this, {
		method: 'GET',
		path: `/matters/${matterId}.json`,
		query: { fields: includeCustomFields ? withCustomFieldValues(MATTER_FIELDS) : MATTER_FIELDS },
		itemIndex,
	});
	return shapeMatter(response.data);
}
