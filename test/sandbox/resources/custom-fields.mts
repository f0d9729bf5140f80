import { recordFields, type SandboxContext } from '../context.mts';
import { bool, common, findOr404, str, textMatch } from '../filters.mts';
import type { NestedRec, Rec } from '../store.mts';

type Json = Record<string, any>;

/**
 * Custom field definitions (api-facts §7.1). `picklist_options` include deleted options with
 * their `deleted_at`; options are deleted with `_deleted` (not `_destroy`) on update.
 */
export function register(ctx: SandboxContext): void {
	const { store, views, respond, errors } = ctx;

	views.define('PicklistOption', 'picklist_options', (o: Rec) => ({
		fields: {
			...recordFields(o),
			option: o.option,
			deleted_at: o.deleted_at ?? null,
		},
	}));

	views.define('CustomField', 'custom_fields', (f: Rec) => ({
		fields: {
			...recordFields(f),
			name: f.name,
			parent_type: f.parent_type,
			field_type: f.field_type,
			displayed: f.displayed,
			deleted: f.deleted,
			required: f.required,
			display_order: f.display_order,
		},
		assoc: {
			picklist_options: () =>
				(f.picklist_options as Rec[]).map((o) => views.of('PicklistOption', o)),
		},
	}));

	function applyOptions(field: Rec, items: Json[] | undefined) {
		if (!items) return;
		const options = field.picklist_options as NestedRec[];
		const at = store.clock.iso();
		for (const item of items) {
			if (item.id === undefined) {
				options.push(store.nested({ option: item.option, deleted_at: null }, at));
				continue;
			}
			const option = options.find((o) => o.id === item.id);
			if (!option) throw errors.notFound();
			if (item._deleted === true) option.deleted_at = at;
			if (item.option !== undefined) option.option = item.option;
			option.updated_at = at;
			option.etag = store.etag();
		}
	}

	ctx.route('GET', '/custom_fields.json', (req) => {
		const q = req.query;
		const parentType = str(q, 'parent_type')?.toLowerCase();
		const fieldType = str(q, 'field_type');
		const deleted = bool(q, 'deleted');
		const visibleRequired = bool(q, 'visible_and_required');
		const list = common(store.customFields.values(), q).filter(
			(f) =>
				(!parentType || f.parent_type.toLowerCase() === parentType) &&
				(!fieldType || f.field_type === fieldType) &&
				(deleted === undefined ? !f.deleted : f.deleted === deleted) &&
				(!visibleRequired || (f.displayed && f.required)) &&
				textMatch(str(q, 'query'), f.name),
		);
		return respond.list(req, list, (f) => views.of('CustomField', f));
	});

	ctx.showRoute('CustomField', 'custom_fields');

	ctx.route('POST', '/custom_fields.json', (req) => {
		const d = req.body?.data as Json;
		const field = store.insert('custom_fields', {
			name: d.name,
			parent_type: d.parent_type,
			field_type: d.field_type,
			displayed: d.displayed ?? true,
			deleted: false,
			required: d.required ?? false,
			display_order: d.display_order ?? store.customFields.size,
			picklist_options: [],
		});
		applyOptions(field, d.picklist_options);
		return respond.one(req, views.of('CustomField', field), 201);
	});

	ctx.updateRoute('CustomField', 'custom_fields', (_field, d) => (f) => {
		for (const k of ['name', 'displayed', 'required', 'display_order']) {
			if (d[k] !== undefined) f[k] = d[k];
		}
		applyOptions(f, d.picklist_options);
	});

	ctx.route('DELETE', '/custom_fields/{id}.json', (req) => {
		const field = findOr404(store.customFields, req.params.id);
		store.update('custom_fields', field, (f) => (f.deleted = true));
		return respond.none();
	});
}
