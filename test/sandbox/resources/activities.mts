import { recordFields, type ApiRequest, type SandboxContext } from '../context.mts';
import type { View } from '../fields.mts';
import { bool, common, int, str, textMatch } from '../filters.mts';
import type { Rec, Store } from '../store.mts';
import type { DescriptionRate } from './activity-descriptions.mts';

type Json = Record<string, any>;

/**
 * Activities: time entries and expenses (api-facts §9.4, spec tag "Activities").
 * - A time entry's `quantity` is in SECONDS from API version 4.0.4 on (it was hours up to 4.0.3).
 *   The server answers every version before 4.0.4 with 410 Gone (api-facts §1.3), so whatever
 *   reaches this module counts seconds: a client that sends hours (1.5) logs 1.5 seconds.
 *   `quantity_in_hours` gives the same duration in hours; `rounded_quantity(_in_hours)` rounds it
 *   up to the firm's billing increment (6 minutes here), and the total is reckoned from that.
 * - An expense's `quantity` is a number of units and `price` the amount per unit; without a price
 *   it takes its expense category's rate, and without either it is refused.
 * - A time entry without a price takes its activity description's rate (custom or flat), else the
 *   user's rate; changing the description, matter or user without a price recalculates it.
 * - `non_billable` is only valid on time entries not yet billed; so is `start_timer`, which also
 *   needs an hourly (not flat-rate) entry.
 * - Without `user`, the entry belongs to the user making the request.
 */

/** api-facts §1.3, §9.4: the first minor version whose `quantity` counts seconds. */
const SECONDS_SINCE = [4, 0, 4];

/** The unit of a time entry's `quantity` for an `X-API-VERSION` (no header = the default, 4.0.9). */
export function quantityUnit(version: string | undefined): 'seconds' | 'hours' {
	if (version === undefined) return 'seconds';
	const parts = version.split('.').map(Number);
	for (let i = 0; i < SECONDS_SINCE.length; i++) {
		if ((parts[i] ?? 0) !== SECONDS_SINCE[i]) {
			return (parts[i] ?? 0) > SECONDS_SINCE[i] ? 'seconds' : 'hours';
		}
	}
	return 'seconds';
}

/** The firm's billing increment: time is billed in started tenths of an hour. */
const BILLING_INCREMENT_SECONDS = 360;

const BILLED_STATES = ['awaiting_payment', 'paid'];

const money = (amount: number) => Math.round(amount * 100) / 100;

const EXPENSE_TYPES = ['ExpenseEntry', 'HardCostEntry', 'SoftCostEntry'];

export function register(ctx: SandboxContext): void {
	const { store, views, respond, errors } = ctx;
	const activities = () => store.table('activities');

	function amounts(a: Rec) {
		if (a.type === 'TimeEntry') {
			const rounded =
				Math.ceil(a.quantity / BILLING_INCREMENT_SECONDS - 1e-9) * BILLING_INCREMENT_SECONDS;
			const value = a.flat_rate ? a.price : money((a.price * rounded) / 3600);
			return {
				quantity_in_hours: a.quantity / 3600,
				rounded_quantity: rounded,
				rounded_quantity_in_hours: rounded / 3600,
				value,
			};
		}
		return {
			quantity_in_hours: null,
			rounded_quantity: null,
			rounded_quantity_in_hours: null,
			value: money(a.price * a.quantity),
		};
	}

	views.define('Activity', 'activities', (a: Rec): View => {
		const { value, ...hours } = amounts(a);
		return {
			fields: {
				...recordFields(a),
				type: a.type,
				date: a.date,
				quantity: a.quantity,
				...hours,
				quantity_redacted: false,
				price: a.price,
				note: a.note ?? null,
				flat_rate: a.flat_rate,
				billed: BILLED_STATES.includes(a.bill_state),
				on_bill: a.bill_state !== null,
				total: a.non_billable ? 0 : value,
				non_billable: a.non_billable,
				non_billable_total: a.non_billable ? value : 0,
				no_charge: a.no_charge,
				contingency_fee: false,
				reference: a.reference ?? null,
				tax_setting: a.tax_setting ?? null,
			},
			assoc: {
				matter: () => views.byId('Matter', a.matter_id),
				user: () => views.byId('User', a.user_id),
				activity_description: () => views.byId('ActivityDescription', a.activity_description_id),
				expense_category: () => views.byId('ExpenseCategory', a.expense_category_id),
				bill: () => views.byId('Bill', a.bill_id),
				calendar_entry: () => {
					const entry = store.table('calendar_entries').get(a.calendar_entry_id);
					return entry
						? {
								fields: {
									id: String(entry.id),
									etag: entry.etag,
									calendar_owner_id: entry.calendar_id,
								},
							}
						: null;
				},
				task: () => views.byId('Task', a.task_id),
				communication: () => views.byId('Communication', a.communication_id),
				vendor: () => views.byId('Contact', a.vendor_id),
			},
		};
	});

	const LINKS: Array<[string, string, string]> = [
		['matter', 'matters', 'Matter'],
		['user', 'users', 'User'],
		['activity_description', 'activity_descriptions', 'Activity description'],
		['expense_category', 'expense_categories', 'Expense category'],
		['calendar_entry', 'calendar_entries', 'Calendar entry'],
		['task', 'tasks', 'Task'],
		['communication', 'communications', 'Communication'],
		['vendor', 'contacts', 'Vendor'],
	];

	/** The rate a time entry gets when no price is given (the spec's rate hierarchy, simplified). */
	function timeRate(a: Rec): { price: number; flat_rate: boolean } {
		const description = store.table('activity_descriptions').get(a.activity_description_id);
		const rate = description?.rate as DescriptionRate | undefined;
		if (rate && rate.type !== 'User' && rate.amount !== null) {
			return { price: rate.amount, flat_rate: rate.type === 'FlatRate' };
		}
		return { price: Number(store.users.get(a.user_id)?.rate ?? 0), flat_rate: false };
	}

	/** Checks a body against the activity it would produce (`current` for an update); changes nothing. */
	function validate(d: Json, current?: Rec): void {
		for (const [name, table, label] of LINKS) {
			const id = d[name]?.id;
			if (id !== undefined && id !== null && !store.table(table).has(id)) {
				throw errors.validation(`${label} must exist`);
			}
		}
		if (typeof d.quantity === 'number' && d.quantity < 0) {
			throw errors.validation('Quantity must be greater than or equal to 0');
		}
		const type = d.type ?? current?.type;
		const billed = BILLED_STATES.includes(current?.bill_state);
		if (d.non_billable !== undefined && (type !== 'TimeEntry' || billed)) {
			throw errors.validation('Non-billable can only be set on time entries that are not billed');
		}
		if (d.start_timer === true) {
			const flat = current?.flat_rate === true;
			if (type !== 'TimeEntry' || billed || flat) {
				throw errors.validation(
					'A timer can only be started for hourly time entries that are not billed',
				);
			}
		}
		if (EXPENSE_TYPES.includes(type) && d.price === undefined && current?.price === undefined) {
			const categoryId = d.expense_category?.id;
			const rate = categoryId ? store.table('expense_categories').get(categoryId)?.rate : 0;
			if (!rate) throw errors.validation("Price can't be blank");
		}
	}

	function write(a: Rec, d: Json, req: ApiRequest): void {
		for (const k of [
			'type',
			'date',
			'note',
			'non_billable',
			'no_charge',
			'reference',
			'tax_setting',
		]) {
			if (d[k] !== undefined) a[k] = d[k];
		}
		if (d.quantity !== undefined) {
			// Stored in seconds; a time entry's quantity in hours would be converted here.
			const unit = quantityUnit(req.headers['x-api-version'] as string | undefined);
			a.quantity = unit === 'hours' && a.type === 'TimeEntry' ? d.quantity * 3600 : d.quantity;
		}
		let rateChanged = false;
		for (const [name] of LINKS) {
			if (d[name] === undefined) continue;
			a[`${name}_id`] = d[name]?.id ?? null;
			if (['activity_description', 'matter', 'user'].includes(name)) rateChanged = true;
		}
		if (d.price !== undefined) {
			a.price = d.price;
		} else if (a.type === 'TimeEntry' && (a.price === undefined || rateChanged)) {
			Object.assign(a, timeRate(a));
		} else if (a.price === undefined) {
			a.price = Number(store.table('expense_categories').get(a.expense_category_id)?.rate ?? 0);
		}
		if (d.price !== undefined && a.type === 'TimeEntry' && a.flat_rate === undefined) {
			a.flat_rate = timeRate(a).flat_rate;
		}
	}

	ctx.route('GET', '/activities.json', (req) => {
		const q = req.query;
		const filters: Array<[string, string]> = [
			['matter_id', 'matter_id'],
			['user_id', 'user_id'],
			['activity_description_id', 'activity_description_id'],
			['expense_category_id', 'expense_category_id'],
			['calendar_entry_id', 'calendar_entry_id'],
			['communication_id', 'communication_id'],
			['task_id', 'task_id'],
		];
		const wanted = filters
			.map(([param, attr]) => [attr, int(q, param)] as const)
			.filter(([, id]) => id !== undefined);
		const type = str(q, 'type');
		const status = str(q, 'status');
		// `start_date`/`end_date` compare the activity's day; a timestamp counts by its date.
		const start = str(q, 'start_date')?.slice(0, 10);
		const end = str(q, 'end_date')?.slice(0, 10);
		const flatRate = bool(q, 'flat_rate');
		const list = common(activities().values(), q).filter(
			(a) =>
				wanted.every(([attr, id]) => (a[attr] ?? null) === id) &&
				(!type || a.type === type) &&
				(!status || hasStatus(a, status)) &&
				(!start || a.date >= start) &&
				(!end || a.date <= end) &&
				(flatRate === undefined || a.flat_rate === flatRate) &&
				textMatch(str(q, 'query'), a.note),
		);
		return respond.list(req, list, (a) => views.of('Activity', a));
	});

	ctx.showRoute('Activity', 'activities');

	ctx.route('POST', '/activities.json', (req) => {
		const d = req.body?.data as Json;
		validate(d);
		const draft = {
			id: store.nextId('activities'),
			quantity: 0,
			non_billable: false,
			no_charge: false,
			bill_state: null,
			bill_id: null,
			written_off: false,
			user_id: req.userId,
			matter_id: null,
		} as unknown as Rec;
		write(draft, d, req);
		draft.flat_rate ??= false;
		const activity = store.insert('activities', draft);
		return respond.one(req, views.of('Activity', activity), 201);
	});

	ctx.updateRoute('Activity', 'activities', (current, d, req) => {
		validate(d, current);
		return (a) => write(a, d, req);
	});

	ctx.deleteRoute('activities');

	ctx.afterSeed(() => seedActivities(store));
}

/** The `status` filter of GET /activities (spec enum). */
function hasStatus(a: Rec, status: string): boolean {
	switch (status) {
		case 'billed':
			return BILLED_STATES.includes(a.bill_state);
		case 'draft':
			return a.bill_state === 'draft' || a.bill_state === 'awaiting_approval';
		case 'unbilled':
			return a.bill_state === null && !a.non_billable && !a.written_off;
		case 'non_billable':
			return a.non_billable;
		case 'billable':
			return !a.non_billable;
		case 'written_off':
			return a.written_off;
		default:
			return false;
	}
}

const TIME_NOTES = [
	'Reviewed file and prepared research memo',
	'Drafted motion and supporting declaration',
	'Telephone call with client about next steps',
	'Email correspondence with opposing counsel',
	'Attended hearing',
	'Travel to and from courthouse',
	'Prepared estate documents',
];

/**
 * Seed, relative to the clock: 320 time entries and 80 expenses on the first 40 matters, dated in
 * the last 180 days: durations of 6 minutes to 4 hours, rates from the description or the user;
 * about a quarter on draft bills, a quarter billed, one in ten non-billable, a few written off.
 */
function seedActivities(store: Store): void {
	const matters = [...store.matters.values()].slice(0, 40);
	if (matters.length === 0) return;
	const descriptions = [...store.table('activity_descriptions').values()];
	const categories = [...store.table('expense_categories').values()];
	const DAY = 86_400_000;
	const now = store.clock.now().getTime();
	const billState = (i: number) =>
		i % 4 === 1 ? 'draft' : i % 8 === 2 ? 'awaiting_payment' : i % 8 === 6 ? 'paid' : null;
	for (let i = 0; i < 400; i++) {
		const matter = matters[(i * 11) % matters.length];
		const userId = (i % 5) + 1;
		const daysAgo = (i * 13) % 180;
		const created = now - daysAgo * DAY + ((i % 9) - 10) * 3_600_000;
		const time = i % 5 !== 4;
		const state = billState(i);
		let attrs: Record<string, unknown>;
		if (time) {
			const description = descriptions[i % descriptions.length];
			const rate = description.rate as DescriptionRate;
			const user = store.users.get(userId) as Rec;
			attrs = {
				type: 'TimeEntry',
				quantity: (((i * 7) % 40) + 1) * 360,
				price: rate.type === 'User' ? user.rate : rate.amount,
				flat_rate: rate.type === 'FlatRate',
				activity_description_id: description.id,
				expense_category_id: null,
				note: TIME_NOTES[i % TIME_NOTES.length],
				non_billable: state === null && i % 10 === 3,
			};
		} else {
			const category = categories[i % categories.length];
			attrs = {
				type: 'ExpenseEntry',
				quantity: category.rate ? ((i % 6) + 1) * 10 : 1,
				price: category.rate || 25 + (i % 12) * 35,
				flat_rate: false,
				activity_description_id: null,
				expense_category_id: category.id,
				note: `${category.name} for ${matter.display_number}`,
				non_billable: false,
			};
		}
		store.insert(
			'activities',
			{
				...attrs,
				date: new Date(now - daysAgo * DAY).toISOString().slice(0, 10),
				matter_id: matter.id,
				user_id: userId,
				no_charge: false,
				bill_state: state,
				bill_id: null,
				written_off: state === null && i % 25 === 7,
				created_at: new Date(created).toISOString(),
				updated_at: new Date(Math.min(created + DAY, now - 60_000)).toISOString(),
			},
			{ silent: true },
		);
	}
}
