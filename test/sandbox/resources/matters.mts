import { recordFields, type SandboxContext } from '../context.mts';
import {
	customFieldValuesAssoc,
	matchesCustomFieldFilters,
	planCustomFieldValues,
} from '../custom-field-values.mts';
import { bool, capitalise, common, compareCondition, int, str, textMatch } from '../filters.mts';
import type { Rec } from '../store.mts';
import { contactName } from './contacts.mts';
import { createRecordFolder } from './folders.mts';

type Json = Record<string, any>;

const DATE_FIELD_FOR_STATUS: Record<string, string> = {
	open: 'open_date',
	pending: 'pending_date',
	closed: 'close_date',
};

export function displayNumber(number: number, client: Rec | undefined): string {
	const suffix = client ? (client.last_name ?? client.name ?? '') : '';
	return `${String(number).padStart(5, '0')}-${suffix}`;
}

export function register(ctx: SandboxContext): void {
	const { store, views, respond, errors, clock } = ctx;

	views.define('Matter', 'matters', (m: Rec, q) => ({
		fields: {
			...recordFields(m),
			number: m.number,
			display_number: m.display_number,
			custom_number: null,
			description: m.description,
			// api-facts §5.3: responses capitalise the status ("Open"/"Pending"/"Closed").
			status: capitalise(m.status),
			location: m.location ?? null,
			client_reference: m.client_reference ?? null,
			client_id: m.client_id,
			billable: m.billable,
			billing_method: m.billing_method,
			maildrop_address: `${m.id}@maildrop.sandbox.clio`,
			open_date: m.open_date ?? null,
			pending_date: m.pending_date ?? null,
			close_date: m.close_date ?? null,
			matter_stage_updated_at: m.matter_stage_updated_at ?? null,
			shared: false,
			has_tasks: store.hasTasks(m.id),
			last_activity_date: null,
		},
		assoc: {
			client: () => views.byId('Contact', m.client_id),
			practice_area: () => views.byId('PracticeArea', m.practice_area_id),
			matter_stage: () => views.byId('MatterStage', m.matter_stage_id),
			responsible_attorney: () => views.byId('User', m.responsible_attorney_id),
			originating_attorney: () => views.byId('User', m.originating_attorney_id),
			responsible_staff: () => views.byId('User', m.responsible_staff_id),
			user: () => views.byId('User', m.responsible_attorney_id),
			folder: () => views.byId('Folder', m.folder_id),
			custom_field_values: customFieldValuesAssoc(views, store, m, q),
		},
	}));

	/** Validates associations of a create/update body against the resulting matter state. */
	function validate(d: Json, current: Rec | undefined) {
		if (d.client !== undefined && !store.contacts.has(d.client?.id)) {
			throw errors.validation('Client must exist');
		}
		for (const k of ['responsible_attorney', 'originating_attorney', 'responsible_staff']) {
			if (d[k]?.id && !store.users.has(d[k].id)) throw errors.validation(`${k} must exist`);
		}
		const areaId =
			d.practice_area !== undefined
				? (d.practice_area?.id ?? null)
				: (current?.practice_area_id ?? null);
		if (areaId !== null && !store.practiceAreas.has(areaId)) {
			throw errors.validation('Practice area must exist');
		}
		const stageId =
			d.matter_stage !== undefined
				? (d.matter_stage?.id ?? null)
				: (current?.matter_stage_id ?? null);
		if (stageId !== null && (d.matter_stage !== undefined || d.practice_area !== undefined)) {
			const stage = store.matterStages.get(stageId);
			// api-facts §5.5: the stage must belong to the matter's practice area, otherwise 422.
			if (!stage || stage.practice_area_id !== areaId) {
				throw errors.validation("Matter stage must belong to the matter's practice area");
			}
		}
	}

	/** `now`: the write's instant, the record's created_at or updated_at. */
	function write(m: Rec, d: Json, now: string) {
		for (const k of ['description', 'location', 'client_reference', 'billable', 'display_number']) {
			if (d[k] !== undefined) m[k] = d[k];
		}
		for (const k of ['open_date', 'pending_date', 'close_date'])
			if (d[k] !== undefined) m[k] = d[k];
		if (d.client) m.client_id = d.client.id;
		if (d.practice_area !== undefined) m.practice_area_id = d.practice_area?.id ?? null;
		for (const k of ['responsible_attorney', 'originating_attorney', 'responsible_staff']) {
			if (d[k] !== undefined) m[`${k}_id`] = d[k]?.id ?? null;
		}
		if (d.matter_stage !== undefined) {
			const stageId = d.matter_stage?.id ?? null;
			if (stageId !== m.matter_stage_id) m.matter_stage_updated_at = now;
			m.matter_stage_id = stageId;
		}
		if (d.status !== undefined && d.status !== m.status) {
			// api-facts §5.3: lowercase status in bodies; the matching date is set on transition.
			m.status = d.status;
			const dateField = DATE_FIELD_FOR_STATUS[d.status as string];
			if (d[dateField] === undefined) m[dateField] = clock.today();
		}
	}

	ctx.route('GET', '/matters.json', (req) => {
		const q = req.query;
		const statuses = str(q, 'status')?.split(',');
		const clientId = int(q, 'client_id');
		const areaId = int(q, 'practice_area_id');
		const attorneyId = int(q, 'responsible_attorney_id');
		const originatingId = int(q, 'originating_attorney_id');
		const billable = bool(q, 'billable');
		const text = str(q, 'query');
		const dateConditions = ['open_date', 'close_date', 'pending_date'].map(
			(f) => [f, (q[`${f}[]`] as string[] | undefined) ?? []] as const,
		);
		const list = common(store.matters.values(), q).filter((m) => {
			if (statuses && !statuses.includes(m.status)) return false;
			if (clientId !== undefined && m.client_id !== clientId) return false;
			if (areaId !== undefined && m.practice_area_id !== areaId) return false;
			if (attorneyId !== undefined && m.responsible_attorney_id !== attorneyId) return false;
			if (originatingId !== undefined && m.originating_attorney_id !== originatingId) return false;
			if (billable !== undefined && m.billable !== billable) return false;
			for (const [field, conditions] of dateConditions) {
				if (!conditions.every((c) => compareCondition(m[field], c))) return false;
			}
			if (text) {
				// api-facts §5.4: query searches display_number/number/description and client names.
				const client = store.contacts.get(m.client_id);
				if (
					!textMatch(
						text,
						m.display_number,
						String(m.number),
						m.description,
						client && contactName(client),
					)
				) {
					return false;
				}
			}
			return matchesCustomFieldFilters(m, q);
		});
		return respond.list(req, list, (m) => views.of('Matter', m, q));
	});

	ctx.showRoute('Matter', 'matters');

	ctx.route('POST', '/matters.json', (req) => {
		const d = req.body?.data as Json;
		validate(d, undefined);
		const writeValues = planCustomFieldValues(store, 'Matter', undefined, d.custom_field_values);
		const id = store.nextId('matters');
		const number = Math.max(0, ...[...store.matters.values()].map((m) => m.number as number)) + 1;
		const draft = {
			id,
			number,
			display_number: displayNumber(number, store.contacts.get(d.client.id)),
			status: '',
			billable: true,
			billing_method: 'hourly',
			practice_area_id: null,
			matter_stage_id: null,
			responsible_attorney_id: null,
			originating_attorney_id: null,
			responsible_staff_id: null,
			matter_stage_updated_at: null,
			open_date: null,
			pending_date: null,
			close_date: null,
			custom_field_values: [],
		} as unknown as Rec;
		const now = clock.iso();
		write(draft, { ...d, status: undefined }, now);
		write(draft, { status: d.status ?? 'open', open_date: d.open_date }, now);
		writeValues(draft);
		draft.folder_id = createRecordFolder(store, { matter_id: id }, draft.display_number).id;
		const matter = store.insert('matters', { ...draft, created_at: now });
		return respond.one(req, views.of('Matter', matter, req.query), 201);
	});

	ctx.updateRoute('Matter', 'matters', (matter, d) => {
		validate(d, matter);
		const writeValues = planCustomFieldValues(store, 'Matter', matter, d.custom_field_values);
		return (m, at) => {
			write(m, d, at);
			writeValues(m);
		};
	});

	ctx.deleteRoute('matters');
}
