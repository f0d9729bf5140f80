import { errors } from './errors.mts';
import type { View } from './fields.mts';
import type { Rec } from './store.mts';
import type { Query } from './types.mts';

/**
 * Cursor pagination (api-facts §3.3): `limit` 1–200 (default 200), `meta.paging.next` is a full
 * URL carrying an opaque `page_token` and is absent on the last page; `meta.records` is the
 * total. Default order `id(asc)`; other `order` values sort by the named attribute, `a.b` by an
 * association's attribute, ties broken by id.
 */

type Key = string | number | boolean | null;

interface Cursor {
	o: string;
	k: Key;
	i: number;
}

function compareKeys(a: Key, b: Key): number {
	if (a === b) return 0;
	if (a === null) return 1; // nulls last
	if (b === null) return -1;
	return a < b ? -1 : 1;
}

function sortKey(view: View, field: string): Key {
	const [head, tail] = field.split('.');
	const source = tail ? view.assoc?.[head]?.() : view;
	if (!source || Array.isArray(source)) return null;
	const v = source.fields[tail ?? head];
	return v === undefined ? null : (v as Key);
}

const encode = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');

function decode(token: string, order: string): Cursor {
	try {
		const c = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Cursor;
		if (c && c.o === order && typeof c.i === 'number') return c;
	} catch {
		// fall through
	}
	throw errors.badRequest(`Invalid page_token: ${token}`);
}

export interface Page<T> {
	items: T[];
	views: View[];
	records: number;
	next?: string;
}

export function paginate<T extends Rec>(
	records: T[],
	toView: (r: T) => View,
	query: Query,
	requestUrl: URL,
): Page<T> {
	const order = typeof query.order === 'string' ? query.order : 'id(asc)';
	const m = /^([a-z_.]+)\((asc|desc)\)$/.exec(order);
	const field = m?.[1] ?? 'id';
	const dir = m?.[2] === 'desc' ? -1 : 1;
	// Views are only built for sorting by a non-id attribute and for the returned page.
	const rows = records.map((r) => ({ r, k: field === 'id' ? r.id : sortKey(toView(r), field) }));
	const cmp = (a: { k: Key; r: { id: number } }, b: { k: Key; r: { id: number } }) =>
		dir * compareKeys(a.k, b.k) || dir * (a.r.id - b.r.id);
	rows.sort(cmp);
	const limit = typeof query.limit === 'string' ? Number(query.limit) : 200;
	let start = 0;
	if (typeof query.page_token === 'string') {
		const c = decode(query.page_token, order);
		const after = { k: c.k, r: { id: c.i } };
		start = rows.findIndex((row) => cmp(row, after) > 0);
		if (start < 0) start = rows.length;
	}
	const slice = rows.slice(start, start + limit);
	const page: Page<T> = {
		items: slice.map((row) => row.r),
		views: slice.map((row) => toView(row.r)),
		records: rows.length,
	};
	if (start + limit < rows.length) {
		const last = slice[slice.length - 1];
		const next = new URL(requestUrl.href);
		next.searchParams.set('page_token', encode({ o: order, k: last.k, i: last.r.id }));
		page.next = next.href;
	}
	return page;
}
