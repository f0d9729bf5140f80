import { recordFields, type SandboxContext } from '../context.mts';
import type { View } from '../fields.mts';
import { bool, common, findOr404, str } from '../filters.mts';
import type { Rec, Store } from '../store.mts';

/**
 * Calendars (api-facts §9.3, spec tag "Calendars"): one firm calendar (`AccountCalendar`), one
 * personal calendar per user (`UserCalendar`, its id is the user's `default_calendar_id`) and
 * calendars made by hand (`AdhocCalendar`). Sharing decides what each user may do with a
 * calendar: `owner` and `editor` may add entries, a `viewer` may only look, and a calendar shared
 * with `none` is not listed at all.
 */

export type CalendarPermission = 'owner' | 'editor' | 'viewer' | 'limited_viewer' | 'none';

/** The user every view built outside a request is shown to: the sandbox's tokens belong to user 1. */
const ACCOUNT_OWNER = 1;

/** What `userId` may do with the calendar. */
export function calendarPermission(calendar: Rec, userId: number): CalendarPermission {
	if (calendar.owner_id === userId) return 'owner';
	return (calendar.shares as Record<string, CalendarPermission>)[String(userId)] ?? 'none';
}

/** Spec tag "Calendar Entries": entries may be added to calendars the user owns or edits. */
export function canWrite(calendar: Rec, userId: number): boolean {
	return ['owner', 'editor'].includes(calendarPermission(calendar, userId));
}

export function calendarView(ctx: SandboxContext, c: Rec, userId = ACCOUNT_OWNER): View {
	return {
		fields: {
			...recordFields(c),
			name: c.name,
			type: c.type,
			color: c.color,
			light_color: c.light_color,
			visible: c.visible,
			court_rules_default_calendar: false,
			permission: calendarPermission(c, userId),
			source: 'web',
		},
		assoc: { creator: () => ctx.views.byId('User', c.owner_id) },
	};
}

export function register(ctx: SandboxContext): void {
	const { store, views, respond } = ctx;
	const calendars = () => store.table('calendars');

	views.define('Calendar', 'calendars', (c: Rec) => calendarView(ctx, c));

	ctx.route('GET', '/calendars.json', (req) => {
		const q = req.query;
		const owner = bool(q, 'owner');
		const writeable = bool(q, 'writeable');
		const visible = bool(q, 'visible');
		const type = str(q, 'type');
		const list = common(calendars().values(), q).filter((c) => {
			const permission = calendarPermission(c, req.userId);
			return (
				permission !== 'none' &&
				(owner === undefined || (permission === 'owner') === owner) &&
				(writeable === undefined || canWrite(c, req.userId) === writeable) &&
				(visible === undefined || c.visible === visible) &&
				(!type || c.type === type)
			);
		});
		return respond.list(req, list, (c) => calendarView(ctx, c, req.userId));
	});

	ctx.route('GET', '/calendars/{id}.json', (req) => {
		const calendar = findOr404(calendars(), req.params.id);
		if (calendarPermission(calendar, req.userId) === 'none') throw ctx.errors.notFound();
		return respond.one(req, calendarView(ctx, calendar, req.userId));
	});

	ctx.afterSeed(() => seedCalendars(store));
}

const COLORS = [
	'#367B9C',
	'#FFA5A4',
	'#83D17F',
	'#FFAC7B',
	'#8E3F64',
	'#C75300',
	'#009CEC',
	'#62D6B1',
];
const LIGHT_COLORS = [
	'#5DA5C7',
	'#F95957',
	'#209412',
	'#FF7715',
	'#DE649D',
	'#FF6B02',
	'#56C4FC',
	'#00B177',
];

/**
 * Seed: the firm calendar (id 100), each user's own calendar with the id the user's
 * `default_calendar_id` names (101–105), and three shared calendars: "Court Dates" (everyone
 * edits), "Conference Room A" (everyone edits) and "Firm Holidays" (made by user 2, the others
 * only view it). User 3 shares their calendar read-only; user 5 does not share theirs.
 */
function seedCalendars(store: Store): void {
	const silent = { silent: true };
	const users = [...store.users.values()];
	const created_at = new Date(store.clock.now().getTime() - 800 * 86_400_000).toISOString();
	const everyone = (permission: CalendarPermission) =>
		Object.fromEntries(users.map((u) => [String(u.id), permission]));
	const add = (attrs: Record<string, unknown>, i: number) =>
		store.insert(
			'calendars',
			{
				created_at,
				visible: true,
				color: COLORS[i % 8],
				light_color: LIGHT_COLORS[i % 8],
				...attrs,
			},
			silent,
		);
	add(
		{
			id: 100,
			name: 'Firm Calendar',
			type: 'AccountCalendar',
			owner_id: null,
			shares: everyone('editor'),
		},
		0,
	);
	users.forEach((u, i) => {
		const shares = u.id === 3 ? everyone('viewer') : u.id === 5 ? {} : everyone('editor');
		add(
			{
				id: u.default_calendar_id,
				name: `${u.first_name} ${u.last_name}`,
				type: 'UserCalendar',
				owner_id: u.id,
				shares,
			},
			i + 1,
		);
	});
	add({ name: 'Court Dates', type: 'AdhocCalendar', owner_id: 1, shares: everyone('editor') }, 6);
	add(
		{ name: 'Conference Room A', type: 'AdhocCalendar', owner_id: 4, shares: everyone('editor') },
		7,
	);
	add(
		{
			name: 'Firm Holidays',
			type: 'AdhocCalendar',
			owner_id: 2,
			shares: everyone('viewer'),
			visible: false,
		},
		3,
	);
}
