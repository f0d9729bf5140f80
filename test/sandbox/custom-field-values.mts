import { errors } from './errors.mts';
import { compareCondition } from './filters.mts';
import type { View } from './fields.mts';
import type { Views } from './context.mts';
import type { NestedRec, Rec, Store } from './store.mts';
import type { Query } from './types.mts';

/**
 * Custom field VALUES on matters and contacts (api-facts §7.2, §7.3).
 *
 * Stored as `record.custom_field_values: CustomFieldValueRec[]`. Each value has a composite
 * string id "<field_type>-<n>" (e.g. "text_line-12") that differs from the definition id.
 */
export interface CustomFieldValueRec extends NestedRec {
	id: string;
	custom_field_id: number;
	value: string | number | boolean | null;
}

type Json = Record<string, any>;
type ParentType = 'Matter' | 'Contact';

export function customFieldValueView(views: Views, store: Store, v: CustomFieldValueRec): View {
	const def = store.customFields.get(v.custom_field_id) as Rec;
	const option =
		def.field_type === 'picklist'
			? (def.picklist_options as NestedRec[]).find((o) => o.id === v.value)
			: undefined;
	return {
		fields: {
			id: v.id,
			etag: v.etag,
			field_name: def.name,
			field_type: def.field_type,
			field_required: def.required,
			field_displayed: def.displayed,
			field_display_order: def.display_order,
			// api-facts §7.2: picklist value = the option id; contact/matter = the record id.
			value: v.value,
			soft_deleted: def.deleted,
			created_at: v.created_at,
			updated_at: v.updated_at,
		},
		assoc: {
			custom_field: () => views.of('CustomField', def),
			picklist_option: () => (option ? views.of('PicklistOption', option as Rec) : null),
			matter: () => {
				const m = def.field_type === 'matter' ? store.matters.get(v.value as number) : undefined;
				return m ? { fields: { id: m.id, display_number: m.display_number } } : null;
			},
			contact: () =>
				def.field_type === 'contact' ? views.byId('Contact', v.value as number) : null,
		},
	};
}

/** The `custom_field_values` association, narrowed by `custom_field_ids[]` (api-facts §7.2). */
export function customFieldValuesAssoc(views: Views, store: Store, rec: Rec, q?: Query) {
	return () => {
		const only = q?.['custom_field_ids[]'];
		const ids = only ? new Set((only as string[]).map(Number)) : undefined;
		return ((rec.custom_field_values ?? []) as CustomFieldValueRec[])
			.filter((v) => !ids || ids.has(v.custom_field_id))
			.map((v) => customFieldValueView(views, store, v));
	};
}

const invalid = (def: Rec, why: string) =>
	errors.validation(`Custom field value for '${def.name}' (${def.field_type}) ${why}`);

function isRealDate(s: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
	const d = new Date(`${s}T00:00:00Z`);
	return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function toId(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isInteger(value)) return value;
	if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
	return undefined;
}

/**
 * Per-type validation and normalisation (api-facts §7.3 value formats). Returns the value in the
 * form Clio answers with: numbers as numbers, checkbox as boolean, dates as YYYY-MM-DD, picklist
 * as the option id, contact/matter as the record id.
 */
export function normaliseValue(
	store: Store,
	def: Rec,
	value: unknown,
): CustomFieldValueRec['value'] {
	if (value === null || value === undefined) return null;
	switch (def.field_type as string) {
		case 'text_line':
		case 'text_area': {
			if (typeof value === 'boolean') throw invalid(def, 'must be text');
			const s = String(value);
			if (def.field_type === 'text_line' && s.length > 255) {
				throw invalid(def, 'is too long (maximum is 255 characters)');
			}
			return s;
		}
		case 'numeric':
		case 'currency': {
			const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
			if (typeof n !== 'number' || !Number.isFinite(n)) throw invalid(def, 'is not a number');
			return n;
		}
		case 'date':
			if (typeof value !== 'string' || !isRealDate(value)) {
				throw invalid(def, 'must be a date in the format YYYY-MM-DD');
			}
			return value;
		case 'time':
			if (typeof value !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/.test(value)) {
				throw invalid(def, 'must be a time in the format HH:MM:SS');
			}
			return value.length === 5 ? `${value}:00` : value;
		case 'checkbox':
			if (value === true || value === 'true') return true;
			if (value === false || value === 'false') return false;
			throw invalid(def, 'must be true or false');
		case 'picklist': {
			const id = toId(value);
			const option = (def.picklist_options as NestedRec[]).find((o) => o.id === id);
			if (!option || option.deleted_at) throw invalid(def, 'is not a valid picklist option');
			return id as number;
		}
		case 'email':
			if (typeof value !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) {
				throw invalid(def, 'is not a valid email address');
			}
			return value;
		case 'url':
			if (typeof value !== 'string' || !/^(https?:\/\/)?[^\s/.]+\.[^\s]+$/i.test(value)) {
				throw invalid(def, 'is not a valid URL');
			}
			return value;
		case 'contact':
		case 'matter': {
			const id = toId(value);
			const table = def.field_type === 'contact' ? store.contacts : store.matters;
			if (id === undefined || !table.has(id))
				throw invalid(def, `must reference an existing ${def.field_type}`);
			return id;
		}
		default:
			return String(value);
	}
}

type Plan =
	| { kind: 'create'; def: Rec; value: CustomFieldValueRec['value'] }
	| { kind: 'update'; target: CustomFieldValueRec; value: CustomFieldValueRec['value'] }
	| { kind: 'destroy'; target: CustomFieldValueRec };

function findTarget(values: CustomFieldValueRec[], id: unknown): CustomFieldValueRec {
	// api-facts §7.3 trap: a definition id (number) in `id` is matched against the numeric part of
	// the composite ids, so it misses (404) or, worse, hits a different field's value.
	const target =
		typeof id === 'number'
			? values.find((v) => v.id.endsWith(`-${id}`))
			: values.find((v) => v.id === id);
	if (!target) throw errors.notFound();
	return target;
}

/**
 * Applies `custom_field_values` writes of a POST/PATCH body to a matter or contact. Everything is
 * validated before anything changes, so a 422 leaves the record untouched.
 * - `{custom_field:{id}, value}` creates a value — even when the record already has one for that
 *   field, which produces a duplicate value record (the trap naive clients fall into, §7.3);
 * - `{id:"text_line-12", value}` updates that value;
 * - `{id, _destroy:true}` deletes it.
 * Returns a function that performs the writes (call it inside store.update).
 */
export function planCustomFieldValues(
	store: Store,
	parentType: ParentType,
	rec: Rec | undefined,
	items: Json[] | undefined,
): (target: Rec) => void {
	if (!items) return () => undefined;
	const existing = (rec?.custom_field_values ?? []) as CustomFieldValueRec[];
	const plans: Plan[] = items.map((item): Plan => {
		if (item.id !== undefined && item.id !== null) {
			const target = findTarget(existing, item.id);
			if (item._destroy === true) return { kind: 'destroy', target };
			const def = store.customFields.get(target.custom_field_id) as Rec;
			return { kind: 'update', target, value: normaliseValue(store, def, item.value) };
		}
		const defId = item.custom_field?.id as number | undefined;
		const def = defId === undefined ? undefined : store.customFields.get(defId);
		if (!def || def.deleted || def.parent_type !== parentType) {
			throw errors.validation(
				`Custom field ${defId ?? '(missing)'} is not a valid ${parentType} custom field`,
			);
		}
		return { kind: 'create', def, value: normaliseValue(store, def, item.value) };
	});
	return (target: Rec) => {
		const values = (target.custom_field_values ??= []) as CustomFieldValueRec[];
		const at = store.clock.iso();
		for (const plan of plans) {
			if (plan.kind === 'create') {
				values.push(
					store.nested(
						{
							id: `${plan.def.field_type}-${store.nextNestedId()}`,
							custom_field_id: plan.def.id,
							value: plan.value,
						},
						at,
					) as CustomFieldValueRec,
				);
			} else if (plan.kind === 'update') {
				plan.target.value = plan.value;
				plan.target.updated_at = at;
				plan.target.etag = store.etag();
			} else {
				const i = values.indexOf(plan.target);
				if (i >= 0) values.splice(i, 1);
			}
		}
	};
}

/** `custom_field_values[<id>]=<op><value>` list filters (api-facts §7.4). */
export function matchesCustomFieldFilters(rec: Rec, q: Query): boolean {
	for (const [key, raw] of Object.entries(q)) {
		const m = /^custom_field_values\[(\d+)\]$/.exec(key);
		if (!m) continue;
		const defId = Number(m[1]);
		const values = ((rec.custom_field_values ?? []) as CustomFieldValueRec[]).filter(
			(v) => v.custom_field_id === defId,
		);
		const conditions = (Array.isArray(raw) ? raw : [raw]).flatMap((c) =>
			/^\[.*\]$/.test(c)
				? c
						.slice(1, -1)
						.split(',')
						.map((s) => s.trim())
				: [c],
		);
		const ok = values.some((v) => conditions.every((c) => compareCondition(v.value, c)));
		if (!ok) return false;
	}
	return true;
}
