import type {
	FieldType,
	ILoadOptionsFunctions,
	ResourceMapperField,
	ResourceMapperFields,
} from 'n8n-workflow';

import { fetchDefinitions, type ParentType } from '../actions/customField/definitions';
import { activeOptions } from '../clio/custom-fields/normalize';
import type { CustomFieldType } from '../clio/custom-fields/types';

// Loose editor types: the node checks and converts every value itself, with Clio's rules.
const EDITOR_TYPE: Record<CustomFieldType, FieldType> = {
	checkbox: 'boolean',
	contact: 'number',
	currency: 'number',
	date: 'string',
	time: 'string',
	email: 'string',
	matter: 'number',
	numeric: 'number',
	picklist: 'options',
	text_area: 'string',
	text_line: 'string',
	url: 'string',
};

export async function getCustomFieldColumns(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const parentType = (this.getNodeParameter('parentType', 'matter') as ParentType) ?? 'matter';
	const definitions = await fetchDefinitions(this, parentType);
	const fields: ResourceMapperField[] = definitions.map((definition) => ({
		id: String(definition.id),
		displayName: `${definition.name} (${definition.field_type.replace('_', ' ')})`,
		required: false,
		defaultMatch: false,
		canBeUsedToMatch: false,
		display: true,
		type: EDITOR_TYPE[definition.field_type],
		options:
			definition.field_type === 'picklist'
				? activeOptions(definition).map((option) => ({ name: option.option, value: option.option }))
				: undefined,
	}));
	return { fields };
}
