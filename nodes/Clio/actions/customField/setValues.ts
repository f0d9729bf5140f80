import type {
	IDataObject,
	IExecuteFunctions,
	INodeProperties,
	ResourceMapperValue,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CUSTOM_FIELD_VALUE_FIELDS } from '../../clio/fields';
import {
	describeProblems,
	type EmptyValueHandling,
	findDefinition,
	planCustomFieldWrites,
} from '../../clio/custom-fields/plan';
import { valuesByName } from '../../clio/custom-fields/read';
import type { CustomFieldDefinition, CustomFieldValue } from '../../clio/custom-fields/types';
import { clioApiRequest } from '../../transport/request';
import type { ExecutionState } from '../types';
import {
	cachedDefinitions,
	fetchRecordValues,
	parentTypeField,
	readParentRecord,
	recordLocators,
} from './definitions';

export const description: INodeProperties[] = [
	parentTypeField,
	...recordLocators,
	{
		displayName: 'Custom Fields',
		name: 'fields',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		required: true,
		typeOptions: {
			loadOptionsDependsOn: ['parentType'],
			resourceMapper: {
				resourceMapperMethod: 'getCustomFieldColumns',
				mode: 'add',
				fieldWords: { singular: 'custom field', plural: 'custom fields' },
				addAllFields: false,
				multiKeyMatch: false,
				supportAutoMap: true,
				noFieldsError: 'Clio has no custom fields for this record type',
			},
		},
		description:
			'The fields to set. Picklists take an option’s label; dates are written as YYYY-MM-DD. In "Map Automatically" mode, input fields named like a custom field (or its ID) are written and other input fields are ignored.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Empty Values',
				name: 'emptyValues',
				type: 'options',
				options: [
					{ name: 'Ignore (Leave the Field As It Is)', value: 'ignore' },
					{ name: 'Clear the Field in Clio', value: 'clear' },
				],
				default: 'ignore',
				description: 'What an empty value means. A null value always clears the field.',
			},
		],
	},
];

function requestedValues(
	ctx: IExecuteFunctions,
	itemIndex: number,
	definitions: CustomFieldDefinition[],
): Record<string, unknown> {
	const mode = ctx.getNodeParameter('fields.mappingMode', itemIndex, 'defineBelow') as string;
	if (mode === 'autoMapInputData') {
		const input = ctx.getInputData()[itemIndex]?.json ?? {};
		return Object.fromEntries(
			Object.entries(input).filter(([key]) => findDefinition(definitions, key)),
		);
	}
	const mapped = ctx.getNodeParameter('fields.value', itemIndex, {}, { skipValidation: true }) as
		| ResourceMapperValue['value']
		| null;
	// The editor keys mapped values by definition ID; a field named like another field's ID must not
	// take its place, so IDs are resolved to names before the plan looks fields up by name.
	return Object.fromEntries(
		Object.entries(mapped ?? {}).map(([key, value]) => [
			definitions.find((definition) => String(definition.id) === key)?.name ?? key,
			value,
		]),
	);
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
): Promise<IDataObject> {
	const record = readParentRecord(this, itemIndex);
	const emptyValues = ((this.getNodeParameter('options', itemIndex, {}) as IDataObject)
		.emptyValues ?? 'ignore') as EmptyValueHandling;
	const definitions = await cachedDefinitions(this, state, record.parentType);
	const requested = requestedValues(this, itemIndex, definitions);
	// Check every value before reading the record: an invalid item costs no request at all.
	const precheck = planCustomFieldWrites(definitions, [], requested, emptyValues);
	if (precheck.problems.length) throwProblems(this, itemIndex, precheck.problems);
	const current = await fetchRecordValues(this, record.path, itemIndex);
	const plan = planCustomFieldWrites(definitions, current, requested, emptyValues);
	if (plan.problems.length) throwProblems(this, itemIndex, plan.problems);
	let values: CustomFieldValue[] = current;
	if (plan.writes.length) {
		// One PATCH carries every field of the record, so the record is never left half-written.
		const response = await clioApiRequest<{ data: { custom_field_values?: CustomFieldValue[] } }>(
			this,
			{
				method: 'PATCH',
				path: record.path,
				query: { fields: `id,${CUSTOM_FIELD_VALUE_FIELDS}` },
				body: { custom_field_values: plan.writes as unknown as IDataObject[] },
				itemIndex,
			},
		);
		values = response.data.custom_field_values ?? [];
	}
	return {
		id: record.id,
		recordType: record.parentType,
		written: plan.writes.length,
		unchanged: plan.unchanged,
		fields: valuesByName(values, definitions),
		custom_field_values: values as unknown as IDataObject[],
	};
}

function throwProblems(
	ctx: IExecuteFunctions,
	itemIndex: number,
	problems: Array<{ field: string; value: unknown; problem: string }>,
): never {
	const names = problems.map((problem) => problem.field).join(', ');
	throw new NodeOperationError(
		ctx.getNode(),
		`Custom fields not written: ${problems.length} invalid value${problems.length === 1 ? '' : 's'} (${names})`,
		{
			itemIndex,
			description: `Nothing was written to this record, so it is unchanged. Fix these values:\n${describeProblems(problems)}`,
		},
	);
}
