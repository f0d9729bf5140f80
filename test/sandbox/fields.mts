import { errors } from './errors.mts';
import { loadSpec, resolveRef } from './spec.mts';

/**
 * The `fields` query parameter (api-facts §3.2): without it only `id` and `etag` come back; a
 * comma list selects attributes; `assoc{a,b}` selects attributes of an association, one level
 * deep only. Valid names come from the spec's response schemas (`Matter` = allOf[Matter_base,
 * {associations}]).
 */

/** A record as the API presents it: plain attributes plus lazily built associations. */
export interface View {
	fields: Record<string, unknown>;
	assoc?: Record<string, () => View | View[] | null | undefined>;
}

export interface FieldSelection {
	name: string;
	/** Present for `name{a,b}`. */
	sub?: string[];
}

interface Catalog {
	names: Set<string>;
	/** Association name → the names allowed inside its braces. */
	nested: Map<string, Set<string>>;
}

type Json = Record<string, any>;

function refName(prop: Json | undefined): string | undefined {
	const ref = prop?.$ref ?? prop?.items?.$ref;
	return typeof ref === 'string' ? ref : undefined;
}

/** Attribute names and association names of one schema (`X` or `X_base`). */
function ownNames(schema: Json): { attrs: string[]; assocs: Record<string, Json> } {
	if (Array.isArray(schema.allOf)) {
		const [base, extra] = schema.allOf as Json[];
		const baseSchema = base.$ref ? resolveRef(base.$ref) : base;
		return { attrs: Object.keys(baseSchema.properties ?? {}), assocs: extra?.properties ?? {} };
	}
	const attrs: string[] = [];
	const assocs: Record<string, Json> = {};
	for (const [k, v] of Object.entries((schema.properties ?? {}) as Json)) {
		if (refName(v as Json)) assocs[k] = v as Json;
		else attrs.push(k);
	}
	return { attrs, assocs };
}

const catalogs = new Map<string, Catalog>();

export function catalogFor(resource: string): Catalog {
	let catalog = catalogs.get(resource);
	if (catalog) return catalog;
	const schema = loadSpec().components.schemas[resource] as Json;
	const { attrs, assocs } = ownNames(schema);
	const nested = new Map<string, Set<string>>();
	for (const [name, prop] of Object.entries(assocs)) {
		const ref = refName(prop);
		if (!ref) continue;
		const inner = ownNames(resolveRef(ref));
		nested.set(name, new Set([...inner.attrs, ...Object.keys(inner.assocs)]));
	}
	catalog = { names: new Set([...attrs, ...Object.keys(assocs)]), nested };
	catalogs.set(resource, catalog);
	return catalog;
}

/** Splits on commas that are not inside braces. */
function splitTopLevel(s: string): string[] | undefined {
	const parts: string[] = [];
	let depth = 0;
	let current = '';
	for (const ch of s) {
		if (ch === '{') depth++;
		if (ch === '}') depth--;
		if (depth < 0) return undefined;
		if (ch === ',' && depth === 0) {
			parts.push(current.trim());
			current = '';
		} else current += ch;
	}
	if (depth !== 0) return undefined;
	parts.push(current.trim());
	return parts.filter((p) => p !== '');
}

const invalid = (name: string) => errors.badRequest(`${name} is not a valid field`);

export function parseFields(
	value: string | undefined,
	resource: string,
): FieldSelection[] | undefined {
	if (value === undefined) return undefined;
	const catalog = catalogFor(resource);
	const tokens = splitTopLevel(value);
	if (!tokens) throw invalid(value);
	return tokens.map((token) => {
		const m = /^([A-Za-z0-9_]+)(?:\{(.*)\})?$/s.exec(token);
		if (!m) throw invalid(token);
		const [, name, inner] = m;
		if (!catalog.names.has(name)) throw invalid(name);
		if (inner === undefined) return { name };
		const allowed = catalog.nested.get(name);
		if (!allowed) throw invalid(token);
		const sub = splitTopLevel(inner);
		if (!sub) throw invalid(token);
		for (const s of sub) {
			// api-facts §3.2: only one level of braces — `matter{client{date_of_birth}}` is a 400.
			if (s.includes('{') || s.includes('}')) throw invalid(s);
			if (!allowed.has(s)) throw invalid(s);
		}
		return { name, sub };
	});
}

const DEFAULT_FIELDS = ['id', 'etag'];

function pick(view: View, names: string[]): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const name of names) {
		const assoc = view.assoc?.[name];
		if (assoc) {
			// A second-level association comes back with its default attributes (§3.2).
			const v = assoc();
			out[name] = Array.isArray(v)
				? v.map((x) => pick(x, DEFAULT_FIELDS))
				: v
					? pick(v, DEFAULT_FIELDS)
					: null;
		} else out[name] = view.fields[name] ?? null;
	}
	return out;
}

/** Applies a parsed selection to a view; no selection = `id` and `etag` only. */
export function project(
	view: View,
	selection: FieldSelection[] | undefined,
): Record<string, unknown> {
	if (!selection) return pick(view, DEFAULT_FIELDS);
	const out: Record<string, unknown> = {};
	for (const { name, sub } of selection) {
		const assoc = view.assoc?.[name];
		if (!assoc) {
			out[name] = view.fields[name] ?? null;
			continue;
		}
		const names = sub ?? DEFAULT_FIELDS;
		const v = assoc();
		out[name] = Array.isArray(v) ? v.map((x) => pick(x, names)) : v ? pick(v, names) : null;
	}
	return out;
}
