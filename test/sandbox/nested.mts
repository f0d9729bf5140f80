import { errors } from './errors.mts';
import type { View } from './fields.mts';
import type { NestedRec, Store } from './store.mts';

type Json = Record<string, any>;

/**
 * Nested association arrays written through their parent (api-facts §5.5, §9.1): items with
 * `id` update, items without `id` create, `{id, _destroy: true}` deletes.
 */
export function applyNested(
	store: Store,
	list: NestedRec[],
	items: Json[] | undefined,
	attrs: (item: Json) => Json,
): void {
	if (!items) return;
	const at = store.clock.iso();
	for (const item of items) {
		if (item.id === undefined) {
			list.push(store.nested(attrs(item), at));
			continue;
		}
		const target = list.find((x) => x.id === item.id);
		if (!target) throw errors.notFound();
		if (item._destroy === true) {
			list.splice(list.indexOf(target), 1);
			continue;
		}
		for (const [k, v] of Object.entries(attrs(item))) if (v !== undefined) target[k] = v;
		target.updated_at = at;
		target.etag = store.etag();
	}
}

/** Plain view of a nested item (all its stored attributes). */
export function nestedView(item: NestedRec): View {
	return { fields: { ...item } };
}
