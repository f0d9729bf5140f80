import { acceptedForm, normalizeCustomFieldValue } from './normalize';
import type { CustomFieldDefinition, CustomFieldValue, CustomFieldValueWrite } from './types';

// Choosing the write shape per field is where most Clio integrations go wrong (api-facts §7.3):
// a field that already has a value on the record is changed through its value-instance id
// ("text_line-12"); a field with no value yet is set through the definition id; a value is
// cleared with `_destroy`. The definition id never goes in the `id` slot.

export interface FieldProblem {
	field: string;
	value: unknown;
	problem: string;
}

export interface WritePlan {
	writes: CustomFieldValueWrite[];
	problems: FieldProblem[];
	/** Field names that need no request: already equal, or clearing a field that has no value. */
	unchanged: string[];
}

export type EmptyValueHandling = 'ignore' | 'clear';

export function findDefinition(
	definitions: CustomFieldDefinition[],
	key: string,
): CustomFieldDefinition | undefined {
	const wanted = key.trim().toLowerCase();
	return (
		definitions.find((definition) => definition.name.trim().toLowerCase() === wanted) ??
		definitions.find((definition) => String(definition.id) === wanted)
	);
}

/** The record's value instance of a definition, if the field has a value on the record. */
export function currentInstance(
	values: CustomFieldValue[],
	definition: CustomFieldDefinition,
): CustomFieldValue | undefined {
	return values.find((value) => value.id && value.custom_field?.id === definition.id);
}

function isEmpty(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function sameValue(instance: CustomFieldValue, normalized: string): boolean {
	const current = instance.field_type === 'picklist' ? (instance.picklist_option?.id ?? instance.value) : instance.value;
	return current !== undefined && current !== null && String(current) === normalized;
}

/**
 * Plans the writes for one record: every requested field is checked first, and if any is
 * invalid the plan carries problems only, so nothing at all is written for that record.
 */
export function planCustomFieldWrites(
	definitions: CustomFieldDefinition[],
	current: CustomFieldValue[],
	requested: Record<string, unknown>,
	emptyValues: EmptyValueHandling = 'ignore',
): WritePlan {
	const writes: CustomFieldValueWrite[] = [];
	const problems: FieldProblem[] = [];
	const unchanged: string[] = [];
	const usable = definitions.filter((definition) => !definition.deleted);
	const seen = new Set<number>();
	for (const [key, value] of Object.entries(requested)) {
		const definition = findDefinition(usable, key);
		if (!definition) {
			problems.push({
				field: key,
				value,
				problem: `no such custom field on this record type; known fields: ${usable.map((d) => `"${d.name}"`).join(', ')}`,
			});
			continue;
		}
		if (seen.has(definition.id)) {
			problems.push({ field: key, value, problem: `"${definition.name}" is given more than once` });
			continue;
		}
		seen.add(definition.id);
		const instance = currentInstance(current, definition);
		if (isEmpty(value)) {
			if (value === undefined || (emptyValues === 'ignore' && value !== null)) continue;
			if (instance?.id) writes.push({ id: instance.id, _destroy: true });
			else unchanged.push(definition.name);
			continue;
		}
		const normalized = normalizeCustomFieldValue(definition, value);
		if (!normalized.ok) {
			problems.push({
				field: definition.name,
				value,
				problem: `not valid for a ${definition.field_type} field; expected ${normalized.accepted}`,
			});
			continue;
		}
		if (instance?.id) {
			if (sameValue(instance, normalized.value)) unchanged.push(definition.name);
			else writes.push({ id: instance.id, value: normalized.value });
		} else {
			writes.push({ custom_field: { id: definition.id }, value: normalized.value });
		}
	}
	if (problems.length) return { writes: [], problems, unchanged: [] };
	return { writes, problems, unchanged };
}

export function describeProblems(problems: FieldProblem[]): string {
	return problems
		.map(({ field, value, problem }) => `• ${field} = ${JSON.stringify(value)}: ${problem}`)
		.join('\n');
}

export { acceptedForm };
