import type { CustomFieldDefinition, CustomFieldValue } from './types';

export type FriendlyValue = string | number | boolean | null;

/** A value as a workflow wants it: numbers as numbers, checkboxes as booleans, picklists by label. */
export function friendlyValue(value: CustomFieldValue, definition?: CustomFieldDefinition): FriendlyValue {
	const raw = value.value;
	if (raw === undefined || raw === null || raw === '') return null;
	switch (value.field_type ?? definition?.field_type) {
		case 'checkbox':
			return raw === true || String(raw).toLowerCase() === 'true';
		case 'numeric':
		case 'currency':
		case 'contact':
		case 'matter': {
			const number = Number(raw);
			return Number.isFinite(number) ? number : String(raw);
		}
		case 'picklist': {
			if (value.picklist_option?.option) return value.picklist_option.option;
			const option = definition?.picklist_options?.find((entry) => String(entry.id) === String(raw));
			return option?.option ?? String(raw);
		}
		default:
			return String(raw);
	}
}

/** One object keyed by field name, for expressions such as `{{ $json.fields["Court Date"] }}`. */
export function valuesByName(
	values: CustomFieldValue[],
	definitions: CustomFieldDefinition[] = [],
): Record<string, FriendlyValue> {
	const result: Record<string, FriendlyValue> = {};
	for (const value of values) {
		const definition = definitions.find((entry) => entry.id === value.custom_field?.id);
		const name = value.field_name ?? definition?.name;
		if (!name) continue;
		// Several instances of one field can exist after other tools wrote it twice; keep the first.
		if (name in result && result[name] !== null) continue;
		result[name] = friendlyValue(value, definition);
	}
	return result;
}
