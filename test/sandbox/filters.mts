import { errors } from './errors.mts';
import type { Rec } from './store.mts';
import type { Query } from './types.mts';

/** Helpers shared by the list endpoints (api-facts §3.4). */

export function str(q: Query, name: string): string | undefined {
	const v = q[name];
	return Array.isArray(v) ? v[0] : v;
}

export function int(q: Query, name: string): number | null | undefined {
	const v = str(q, name);
	if (v === undefined) return undefined;
	return v === 'null' ? null : Number(v);
}

export function bool(q: Query, name: string): boolean | undefined {
	const v = str(q, name);
	return v === undefined ? undefined : v === 'true';
}

/** Filters by `ids[]`, `created_since` and `updated_since` (strictly after the timestamp). */
export function common<T extends Rec>(records: Iterable<T>, q: Query): T[] {
	const ids = q['ids[]'] ? new Set((q['ids[]'] as string[]).map(Number)) : undefined;
	const created = str(q, 'created_since');
	const updated = str(q, 'updated_since');
	const createdMs = created ? Date.parse(created) : undefined;
	const updatedMs = updated ? Date.parse(updated) : undefined;
	const out: T[] = [];
	for (const r of records) {
		if (ids && !ids.has(r.id)) continue;
		if (createdMs !== undefined && !(Date.parse(r.created_at) > createdMs)) continue;
		if (updatedMs !== undefined && !(Date.parse(r.updated_at) > updatedMs)) continue;
		out.push(r);
	}
	return out;
}

/** Wildcard text search: case-insensitive substring over the given values. */
export function textMatch(query: string | undefined, ...values: unknown[]): boolean {
	if (!query) return true;
	const needle = query.replace(/\*/g, '').toLowerCase();
	return values.some((v) => typeof v === 'string' && v.toLowerCase().includes(needle));
}

/** `open_date[]=>=2024-01-01` style conditions (api-facts §5.4), all ANDed. */
export function compareCondition(actual: unknown, condition: string): boolean {
	const m = /^(>=|<=|=|>|<)?(.*)$/.exec(condition) as RegExpExecArray;
	const op = m[1] ?? '=';
	const raw = m[2];
	if (actual === null || actual === undefined) return false;
	const a = typeof actual === 'number' ? actual : String(actual);
	const b = typeof actual === 'number' ? Number(raw) : raw;
	switch (op) {
		case '>':
			return a > b;
		case '>=':
			return a >= b;
		case '<':
			return a < b;
		case '<=':
			return a <= b;
		default:
			return String(a) === String(b);
	}
}

export function findOr404<T extends Rec>(table: Map<number, T>, id: string | number): T {
	const rec = table.get(Number(id));
	if (!rec) throw errors.notFound();
	return rec;
}

/** Capitalises a lowercase enum value ('open' → 'Open'). */
export const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
