// Clio's custom field model (api-facts §7): a definition per field, and per record a value
// instance whose id is a composite string such as "text_line-12".

export const CUSTOM_FIELD_TYPES = [
	'checkbox',
	'contact',
	'currency',
	'date',
	'time',
	'email',
	'matter',
	'numeric',
	'picklist',
	'text_area',
	'text_line',
	'url',
] as const;

export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

export interface PicklistOption {
	id: number;
	option: string;
	deleted_at?: string | null;
}

export interface CustomFieldDefinition {
	id: number;
	name: string;
	field_type: CustomFieldType;
	parent_type?: string;
	required?: boolean;
	displayed?: boolean;
	deleted?: boolean;
	picklist_options?: PicklistOption[];
}

export interface CustomFieldValue {
	/** Composite value-instance id, e.g. "picklist-7"; null when the field is shown but unset. */
	id: string | null;
	field_name?: string;
	field_type?: CustomFieldType;
	value?: unknown;
	custom_field?: { id: number };
	picklist_option?: { id: number; option?: string } | null;
}

/** One element of `custom_field_values` in a PATCH or POST body (api-facts §7.3). */
export type CustomFieldValueWrite =
	| { custom_field: { id: number }; value: string }
	| { id: string; value: string }
	| { id: string; _destroy: true };
