import { recordFields, type SandboxContext } from '../context.mts';
import {
	customFieldValuesAssoc,
	matchesCustomFieldFilters,
	planCustomFieldValues,
} from '../custom-field-values.mts';
import { bool, common, str, textMatch } from '../filters.mts';
import { applyNested, nestedView } from '../nested.mts';
import type { NestedRec, Rec } from '../store.mts';
import { createRecordFolder } from './folders.mts';

type Json = Record<string, any>;

/** api-facts §9.1: the `name` of an address/email must be one of these (422 otherwise). */
const ITEM_NAMES = ['Work', 'Home', 'Billing', 'Other'];

export function contactName(c: Rec): string {
	return c.type === 'Company'
		? (c.name as string)
		: [c.first_name, c.last_name].filter(Boolean).join(' ');
}

const primary = (items: NestedRec[], flag: string) => items.find((i) => i[flag]) ?? items[0];

export function register(ctx: SandboxContext): void {
	const { store, views, respond, errors } = ctx;

	views.define('Contact', 'contacts', (c: Rec, q) => {
		const emails = c.email_addresses as NestedRec[];
		const phones = c.phone_numbers as NestedRec[];
		const addresses = c.addresses as NestedRec[];
		const name = contactName(c);
		return {
			fields: {
				...recordFields(c),
				name,
				first_name: c.first_name ?? null,
				middle_name: c.middle_name ?? null,
				last_name: c.last_name ?? null,
				prefix: c.prefix ?? null,
				title: c.title ?? null,
				date_of_birth: c.date_of_birth ?? null,
				type: c.type,
				initials: name
					.split(/\s+/)
					.map((w) => w[0] ?? '')
					.join(''),
				primary_email_address: primary(emails, 'default_email')?.address ?? null,
				primary_phone_number: primary(phones, 'default_number')?.number ?? null,
				is_client: store.isClient(c.id),
				is_co_counsel: false,
				is_bill_recipient: false,
				clio_connect_email: c.clio_connect_email ?? null,
				ledes_client_id: c.ledes_client_id ?? null,
				sales_tax_number: c.sales_tax_number ?? null,
			},
			assoc: {
				email_addresses: () =>
					emails.map((e) => nestedView({ ...e, primary: e === primary(emails, 'default_email') })),
				phone_numbers: () =>
					phones.map((p) => nestedView({ ...p, primary: p === primary(phones, 'default_number') })),
				addresses: () => addresses.map((a) => nestedView({ ...a, primary: a === addresses[0] })),
				primary_address: () => (addresses[0] ? nestedView(addresses[0]) : null),
				company: () => views.byId('Contact', c.company_id),
				folder: () => views.byId('Folder', c.folder_id),
				custom_field_values: customFieldValuesAssoc(views, store, c, q),
			},
		};
	});

	/** api-facts §9.1 validation rules; throws 422 before anything is stored. */
	function validate(d: Json, type: string, existing?: Rec) {
		const reading = ctx.readings.personName;
		if (reading === 'required' && !existing && !d.name)
			throw errors.validation("Name can't be blank");
		if (reading === 'refused' && type === 'Person' && d.name !== undefined) {
			throw errors.validation('Name cannot be set on a Person; use first_name and last_name');
		}
		if (type === 'Person') {
			const first = d.first_name ?? existing?.first_name;
			const last = d.last_name ?? existing?.last_name;
			if (!first && !last) {
				throw errors.validation('At least one of first name or last name must be provided');
			}
		} else if (!(d.name ?? existing?.name)) {
			throw errors.validation("Name can't be blank");
		}
		for (const key of ['email_addresses', 'addresses']) {
			for (const item of (d[key] ?? []) as Json[]) {
				if (item.name !== undefined && !ITEM_NAMES.includes(item.name)) {
					throw errors.validation(`${key} name must be one of ${ITEM_NAMES.join(', ')}`);
				}
			}
		}
		for (const e of (d.email_addresses ?? []) as Json[]) {
			if (e.address !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e.address)) {
				throw errors.validation(`Email address ${e.address} is invalid`);
			}
		}
		if (d.company?.id !== undefined && d.company.id !== null && !store.contacts.has(d.company.id)) {
			throw errors.validation('Company must exist');
		}
	}

	/** Person `name` alone is split into first/last (api-facts §9.1). */
	function nameParts(d: Json): Json {
		if (d.type !== 'Person' || d.first_name || d.last_name || !d.name) return {};
		const words = String(d.name).trim().split(/\s+/).filter(Boolean);
		if (!words.length) return {};
		return words.length === 1
			? { first_name: words[0] }
			: { first_name: words.slice(0, -1).join(' '), last_name: words[words.length - 1] };
	}

	const SCALARS = [
		'name',
		'first_name',
		'middle_name',
		'last_name',
		'prefix',
		'title',
		'date_of_birth',
		'clio_connect_email',
		'ledes_client_id',
		'sales_tax_number',
	];

	function write(c: Rec, d: Json) {
		for (const k of SCALARS) if (d[k] !== undefined) c[k] = d[k];
		Object.assign(c, nameParts(d));
		if (d.type !== undefined) c.type = d.type;
		if (d.company !== undefined) c.company_id = d.company?.id ?? null;
		applyNested(store, c.email_addresses, d.email_addresses, (i) => ({
			name: i.name ?? 'Other',
			address: i.address,
			default_email: i.default_email,
		}));
		applyNested(store, c.phone_numbers, d.phone_numbers, (i) => ({
			name: i.name ?? 'Other',
			number: i.number,
			default_number: i.default_number,
		}));
		applyNested(store, c.addresses, d.addresses, (i) => ({
			name: i.name ?? 'Other',
			street: i.street,
			city: i.city,
			province: i.province,
			postal_code: i.postal_code,
			country: i.country,
		}));
	}

	ctx.route('GET', '/contacts.json', (req) => {
		const q = req.query;
		const type = str(q, 'type');
		const initial = str(q, 'initial');
		const emailOnly = bool(q, 'email_only');
		const clientOnly = bool(q, 'client_only');
		const exclude = new Set(((q['exclude_ids[]'] as string[] | undefined) ?? []).map(Number));
		const list = common(store.contacts.values(), q).filter(
			(c) =>
				(!type || c.type === type) &&
				!exclude.has(c.id) &&
				(!emailOnly || c.email_addresses.length > 0) &&
				(!clientOnly || store.isClient(c.id)) &&
				(!initial || (c.last_name ?? c.name ?? '').toUpperCase().startsWith(initial)) &&
				textMatch(
					str(q, 'query'),
					contactName(c),
					...(c.email_addresses as NestedRec[]).map((e) => e.address),
				) &&
				matchesCustomFieldFilters(c, q),
		);
		return respond.list(req, list, (c) => views.of('Contact', c, q));
	});

	ctx.showRoute('Contact', 'contacts');

	ctx.route('POST', '/contacts.json', (req) => {
		const d = req.body?.data as Json;
		validate({ ...d, ...nameParts(d) }, d.type);
		const writeValues = planCustomFieldValues(store, 'Contact', undefined, d.custom_field_values);
		const draft = {
			id: store.nextId('contacts'),
			type: d.type,
			email_addresses: [],
			phone_numbers: [],
			addresses: [],
			custom_field_values: [],
			company_id: null,
			folder_id: null,
		} as unknown as Rec;
		write(draft, d);
		writeValues(draft);
		draft.folder_id = createRecordFolder(store, { contact_id: draft.id }, contactName(draft)).id;
		const contact = store.insert('contacts', draft);
		return respond.one(req, views.of('Contact', contact, req.query), 201);
	});

	ctx.updateRoute('Contact', 'contacts', (contact, d) => {
		const type = d.type ?? contact.type;
		validate({ ...d, ...nameParts({ ...d, type }) }, type, contact);
		const writeValues = planCustomFieldValues(store, 'Contact', contact, d.custom_field_values);
		return (c) => {
			write(c, d);
			writeValues(c);
		};
	});

	ctx.deleteRoute('contacts');
}
