import { recordFields, type ApiRequest, type SandboxContext } from '../context.mts';
import { ApiError } from '../errors.mts';
import type { View } from '../fields.mts';
import { bool, common, findOr404, int, str, textMatch } from '../filters.mts';
import type { Rec, Store } from '../store.mts';
import { calendarPermission, calendarView, canWrite } from './calendars.mts';

type Json = Record<string, any>;

/**
 * Calendar entries (api-facts §9.3, spec tag "Calendar Entries"):
 * - `calendar_owner{id}` is a Calendar id (a user's own calendar is their `default_calendar_id`);
 *   entries may be added, changed and deleted only on calendars the user owns or edits.
 * - `from` keeps entries ending on or after it, `to` entries beginning on or before it.
 * - Dates before 1900 are moved to 1900 before they are stored.
 * - The spec types a calendar entry's `id` as a string (the path parameter as an integer): ids are
 *   answered as strings, so clients must not assume numbers.
 * - Attendees are `{id, type}` with type `Contact` (a contact's id) or `Calendar` (a calendar's
 *   id, which invites the calendar's user); `{id, type, _destroy: true}` removes one.
 */

interface Attendee {
	id: number;
	type: 'Contact' | 'Calendar';
}

/** Spec tag "Calendar Entries": a year before 1900 is pulled forward to 1900. */
function from1900(iso: string): string {
	const date = new Date(iso);
	if (date.getUTCFullYear() < 1900) date.setUTCFullYear(1900);
	return date.toISOString().replace('.000Z', 'Z');
}

export function register(ctx: SandboxContext): void {
	const { store, views, respond, errors } = ctx;
	const entries = () => store.table('calendar_entries');
	const calendars = () => store.table('calendars');

	function attendeeView(attendee: Attendee): View | null {
		if (attendee.type === 'Contact') {
			const contact = store.contacts.get(attendee.id);
			if (!contact) return null;
			const shown = views.of('Contact', contact).fields;
			return {
				fields: {
					id: contact.id,
					etag: contact.etag,
					type: 'Contact',
					name: shown.name,
					email: shown.primary_email_address ?? null,
					created_at: contact.created_at,
					updated_at: contact.updated_at,
				},
			};
		}
		const calendar = calendars().get(attendee.id);
		if (!calendar) return null;
		const user = calendar.owner_id ? store.users.get(calendar.owner_id) : undefined;
		return {
			fields: {
				id: calendar.id,
				etag: calendar.etag,
				type: 'Calendar',
				name: calendar.name,
				enabled: user?.enabled ?? null,
				email: user?.email ?? null,
				created_at: calendar.created_at,
				updated_at: calendar.updated_at,
			},
		};
	}

	/** The calendars an entry appears on: its own and those of the invited users. */
	function calendarsOf(e: Rec): Rec[] {
		const ids = [
			e.calendar_id,
			...(e.attendees as Attendee[]).filter((a) => a.type === 'Calendar').map((a) => a.id),
		];
		return [...new Set(ids)].map((id) => calendars().get(id)).filter((c): c is Rec => !!c);
	}

	function entryView(e: Rec, userId = 1): View {
		const calendar = calendars().get(e.calendar_id) as Rec;
		return {
			fields: {
				...recordFields(e),
				id: String(e.id),
				summary: e.summary,
				description: e.description ?? null,
				location: e.location ?? null,
				start_at: e.start_at,
				end_at: e.end_at,
				all_day: e.all_day,
				recurrence_rule: e.recurrence_rule ?? null,
				parent_calendar_entry_id: null,
				court_rule: false,
				permission: calendarPermission(calendar, userId),
				calendar_owner_id: e.calendar_id,
				time_entries_count: [...store.table('activities').values()].filter(
					(a) => a.calendar_entry_id === e.id && a.type === 'TimeEntry',
				).length,
			},
			assoc: {
				calendar_owner: () => calendarView(ctx, calendar, userId),
				matter: () => views.byId('Matter', e.matter_id),
				attendees: () =>
					(e.attendees as Attendee[]).map(attendeeView).filter((v): v is View => v !== null),
				calendars: () => calendarsOf(e).map((c) => calendarView(ctx, c, userId)),
			},
		};
	}

	views.define('CalendarEntry', 'calendar_entries', (e: Rec) => entryView(e));

	/** Whether the user may see the entry: it is on a calendar shared with them. */
	function visibleTo(e: Rec, userId: number): boolean {
		return calendarsOf(e).some((c) => calendarPermission(c, userId) !== 'none');
	}

	function writableCalendar(id: number, req: ApiRequest): Rec {
		const calendar = calendars().get(id);
		if (!calendar || calendarPermission(calendar, req.userId) === 'none') {
			throw errors.validation('Calendar owner must exist');
		}
		if (!canWrite(calendar, req.userId)) {
			// Spec tag "Calendar Entries": entries need "Editor" permission on the calendar.
			throw forbidden('You do not have permission to add entries to this calendar');
		}
		return calendar;
	}

	// [guess] the status of this refusal is not documented; the spec lists 403 for these paths.
	const forbidden = (message: string) => new ApiError(403, 'ForbiddenError', message);

	function checkAttendees(items: Json[] | undefined): void {
		for (const item of items ?? []) {
			if (item.type !== 'Contact' && item.type !== 'Calendar') {
				throw errors.validation(`Attendee type must be Contact or Calendar, not "${item.type}"`);
			}
			const table = item.type === 'Contact' ? store.contacts : calendars();
			if (!table.has(item.id)) throw errors.validation(`${item.type} ${item.id} must exist`);
		}
	}

	/** Checks a body against the entry it would produce (`current` for an update); changes nothing. */
	function validate(d: Json, req: ApiRequest, current?: Rec): void {
		if (d.summary !== undefined && String(d.summary).trim() === '') {
			throw errors.validation("Summary can't be blank");
		}
		if (d.calendar_owner?.id !== undefined) writableCalendar(d.calendar_owner.id, req);
		if (d.matter?.id && !store.matters.has(d.matter.id)) {
			throw errors.validation('Matter must exist');
		}
		checkAttendees(d.attendees);
		const start = Date.parse(from1900(d.start_at ?? current?.start_at));
		const end = Date.parse(from1900(d.end_at ?? current?.end_at));
		if (end < start) throw errors.validation('End at must be after start at');
	}

	function write(e: Rec, d: Json): void {
		for (const k of ['summary', 'description', 'location', 'all_day', 'recurrence_rule']) {
			if (d[k] !== undefined) e[k] = d[k];
		}
		if (d.start_at !== undefined) e.start_at = from1900(d.start_at);
		if (d.end_at !== undefined) e.end_at = from1900(d.end_at);
		if (d.calendar_owner?.id !== undefined) e.calendar_id = d.calendar_owner.id;
		if (d.matter !== undefined) e.matter_id = d.matter?.id ?? null;
		const attendees = [...((e.attendees as Attendee[] | undefined) ?? [])];
		for (const item of (d.attendees as Json[] | undefined) ?? []) {
			const at = attendees.findIndex((a) => a.id === item.id && a.type === item.type);
			if (item._destroy === true) {
				if (at >= 0) attendees.splice(at, 1);
			} else if (at < 0) attendees.push({ id: item.id, type: item.type });
		}
		e.attendees = attendees;
	}

	ctx.route('GET', '/calendar_entries.json', (req) => {
		const q = req.query;
		const calendarId = int(q, 'calendar_id');
		const matterId = int(q, 'matter_id');
		const from = str(q, 'from');
		const to = str(q, 'to');
		const allDay = bool(q, 'is_all_day');
		const visible = bool(q, 'visible');
		if (bool(q, 'owner_entries_across_all_users') && matterId === undefined) {
			throw errors.argument('owner_entries_across_all_users requires matter_id');
		}
		const fromMs = from === undefined ? undefined : Date.parse(from);
		const toMs = to === undefined ? undefined : Date.parse(to);
		const list = common(entries().values(), q).filter(
			(e) =>
				visibleTo(e, req.userId) &&
				(calendarId === undefined || calendarsOf(e).some((c) => c.id === calendarId)) &&
				(matterId === undefined || e.matter_id === matterId) &&
				(fromMs === undefined || Date.parse(e.end_at) >= fromMs) &&
				(toMs === undefined || Date.parse(e.start_at) <= toMs) &&
				(allDay === undefined || e.all_day === allDay) &&
				(visible === undefined || calendarsOf(e).some((c) => c.visible === visible)) &&
				textMatch(str(q, 'query'), e.summary, e.description, e.location),
		);
		return respond.list(req, list, (e) => entryView(e, req.userId));
	});

	function visibleEntry(req: ApiRequest): Rec {
		const entry = findOr404(entries(), req.params.id);
		if (!visibleTo(entry, req.userId)) throw errors.notFound();
		return entry;
	}

	function writableEntry(req: ApiRequest): Rec {
		const entry = visibleEntry(req);
		if (!canWrite(calendars().get(entry.calendar_id) as Rec, req.userId)) {
			throw forbidden('You do not have permission to change entries of this calendar');
		}
		return entry;
	}

	ctx.route('GET', '/calendar_entries/{id}.json', (req) =>
		respond.one(req, entryView(visibleEntry(req), req.userId)),
	);

	ctx.route('POST', '/calendar_entries.json', (req) => {
		const d = req.body?.data as Json;
		validate(d, req);
		const draft = {
			id: store.nextId('calendar_entries'),
			all_day: false,
			attendees: [],
			matter_id: null,
			creator_id: req.userId,
		} as unknown as Rec;
		write(draft, d);
		const entry = store.insert('calendar_entries', draft);
		return respond.one(req, entryView(entry, req.userId), 201);
	});

	ctx.route('PATCH', '/calendar_entries/{id}.json', (req) => {
		const entry = writableEntry(req);
		respond.ifMatch(req, entry);
		const d = (req.body?.data ?? {}) as Json;
		validate(d, req, entry);
		store.update('calendar_entries', entry, (e) => write(e, d));
		return respond.one(req, entryView(entry, req.userId));
	});

	ctx.route('DELETE', '/calendar_entries/{id}.json', (req) => {
		store.remove('calendar_entries', writableEntry(req).id);
		return respond.none();
	});

	ctx.afterSeed(() => seedCalendarEntries(store));
}

const HEARINGS = [
	'Hearing: Motion to Dismiss',
	'Hearing: Case Management Conference',
	'Hearing: Motion for Summary Judgment',
	'Status Conference',
	'Trial Readiness Hearing',
];
const COURTROOMS = [
	'County Courthouse, Courtroom 4B',
	'District Court, Room 210',
	'Family Court, Courtroom 2',
];

/**
 * Seed, relative to the clock: 180 entries over the matters the seed has, from 90 days ago to 120
 * days ahead: hearings on "Court Dates" (the responsible attorney's calendar invited, the client
 * too on every other one), depositions and client meetings on the attorneys' own calendars,
 * all-day filing deadlines, and mediations in "Conference Room A".
 */
function seedCalendarEntries(store: Store): void {
	const matters = [...store.matters.values()].slice(0, 60);
	if (matters.length === 0) return;
	const calendars = [...store.table('calendars').values()];
	const byName = (name: string) => calendars.find((c) => c.name === name) as Rec;
	const userCalendar = (userId: number) =>
		(store.users.get(userId)?.default_calendar_id as number | undefined) ?? 101;
	const HOUR = 3_600_000;
	const DAY = 24 * HOUR;
	const now = store.clock.now().getTime();
	const today = Date.UTC(
		new Date(now).getUTCFullYear(),
		new Date(now).getUTCMonth(),
		new Date(now).getUTCDate(),
	);
	const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
	for (let i = 0; i < 180; i++) {
		const matter = matters[(i * 7) % matters.length];
		const attorney = (matter.responsible_attorney_id as number | null) ?? 1;
		const day = today + (((i * 37) % 211) - 90) * DAY;
		const startMs = day + (13 + (i % 8)) * HOUR;
		const kind = i % 5;
		let attrs: Record<string, unknown>;
		if (kind === 0 || kind === 3) {
			attrs = {
				summary: `${HEARINGS[i % HEARINGS.length]} (${matter.display_number})`,
				location: COURTROOMS[i % COURTROOMS.length],
				calendar_id: byName('Court Dates').id,
				start_at: iso(startMs),
				end_at: iso(startMs + HOUR),
				all_day: false,
				attendees: [
					{ id: userCalendar(attorney), type: 'Calendar' },
					...(i % 2 === 0 ? [{ id: matter.client_id, type: 'Contact' }] : []),
				],
			};
		} else if (kind === 1) {
			attrs = {
				summary:
					i % 2 ? `Deposition (${matter.display_number})` : `Client meeting: ${matter.description}`,
				location: i % 2 ? 'Opposing counsel office' : 'Zoom',
				calendar_id: userCalendar(attorney),
				start_at: iso(startMs),
				end_at: iso(startMs + (i % 2 ? 3 : 1) * HOUR),
				all_day: false,
				attendees: [{ id: matter.client_id, type: 'Contact' }],
			};
		} else if (kind === 2) {
			attrs = {
				summary: `Filing deadline: ${matter.display_number}`,
				location: null,
				calendar_id: byName('Firm Calendar').id,
				start_at: iso(day),
				end_at: iso(day + DAY),
				all_day: true,
				attendees: [],
			};
		} else {
			attrs = {
				summary: `Mediation session (${matter.display_number})`,
				location: 'Conference Room A',
				calendar_id: byName('Conference Room A').id,
				start_at: iso(startMs),
				end_at: iso(startMs + 3 * HOUR),
				all_day: false,
				attendees: [{ id: userCalendar(attorney), type: 'Calendar' }],
			};
		}
		const created = Math.min(startMs - 14 * DAY, now - ((i % 30) + 1) * HOUR);
		store.insert(
			'calendar_entries',
			{
				...attrs,
				description: `Seeded entry ${i + 1} for ${matter.description}`,
				matter_id: matter.id,
				creator_id: attorney,
				created_at: iso(created),
				updated_at: iso(Math.min(created + ((i % 5) + 1) * DAY, now - HOUR)),
			},
			{ silent: true },
		);
	}
}
