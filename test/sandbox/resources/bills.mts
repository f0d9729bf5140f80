import { recordFields, type SandboxContext } from '../context.mts';
import { bool, common, int, str } from '../filters.mts';
import { mulberry32, SEED_USER_COUNT } from '../seed.mts';
import type { Rec } from '../store.mts';

export const BILL_STATES = [
	'draft',
	'awaiting_approval',
	'awaiting_payment',
	'paid',
	'void',
	'deleted',
] as const;
export type BillState = (typeof BILL_STATES)[number];

/**
 * The moves Clio's billing screens allow from each state (reported as `available_state_transitions`,
 * whose enum has no `draft`). The sandbox's own reading of Clio's workflow, used by `moveBill`.
 */
const TRANSITIONS: Record<BillState, BillState[]> = {
	draft: ['awaiting_approval', 'awaiting_payment', 'deleted'],
	awaiting_approval: ['awaiting_payment', 'deleted'],
	awaiting_payment: ['paid', 'void'],
	paid: ['void'],
	void: ['deleted'],
	deleted: [],
};

/** Bills are made in Clio's billing screens: the API has no create (api-facts §9.7). */
export interface BillControls {
	/** Moves a bill to another state as a user in Clio would; refuses a move Clio does not offer. */
	moveBill(id: number, state: BillState): Rec;
	/** Adds a draft bill for a matter, as generating a bill in Clio does. */
	draftBill(matterId: number, total: number): Rec;
}

function isOverdue(b: Rec, today: string): boolean {
	return b.state === 'awaiting_payment' && b.balance > 0 && Boolean(b.due_at) && b.due_at < today;
}

/**
 * Bills (api-facts §9.7): read with filters on state, payment status, client, matter, issue and due
 * dates; `type` filters by kind (revenue or trust). `query` searches the bill number. No create, so
 * the data comes from the seed and the controls above.
 */
export function register(ctx: SandboxContext): void {
	const { store, views, respond, clock } = ctx;
	const bills = () => store.table('bills');

	views.define('Bill', 'bills', (b: Rec) => ({
		fields: {
			...recordFields(b),
			number: b.number,
			issued_at: b.issued_at,
			due_at: b.due_at,
			tax_rate: 0,
			secondary_tax_rate: 0,
			subject: b.subject,
			purchase_order: null,
			type: b.type,
			memo: null,
			start_at: b.start_at,
			end_at: b.end_at,
			balance: b.balance,
			state: b.state,
			kind: b.kind,
			total: b.total,
			paid: b.paid,
			paid_at: b.paid_at,
			pending: 0,
			due: b.total,
			can_update: b.state === 'draft' || b.state === 'awaiting_approval',
			credits_issued: 0,
			shared: false,
			last_sent_at: b.last_sent_at,
			sub_total: b.total,
			tax_sum: 0,
			secondary_tax_sum: 0,
			total_tax: 0,
			available_state_transitions: TRANSITIONS[b.state as BillState],
		},
		assoc: {
			user: () => views.byId('User', b.user_id),
			client: () => views.byId('Contact', b.client_id),
			matters: () => (b.matter_ids as number[]).flatMap((id) => views.byId('Matter', id) ?? []),
		},
	}));

	ctx.route('GET', '/bills.json', (req) => {
		const q = req.query;
		const today = clock.today();
		const state = str(q, 'state');
		const status = str(q, 'status');
		const clientId = int(q, 'client_id');
		const matterId = int(q, 'matter_id');
		const overdueOnly = bool(q, 'overdue_only');
		const kind = str(q, 'type');
		const number = str(q, 'query');
		const range = (value: string | null, from?: string, to?: string) =>
			(!from || (value !== null && value >= from)) && (!to || (value !== null && value <= to));
		const list = common(bills().values(), q).filter(
			(b) =>
				// A deleted bill is listed only when asked for by state.
				(state ? b.state === state : b.state !== 'deleted') &&
				(status !== 'overdue' || isOverdue(b, today)) &&
				(overdueOnly !== true || isOverdue(b, today)) &&
				(clientId === undefined || b.client_id === clientId) &&
				(matterId === undefined || (b.matter_ids as number[]).includes(matterId as number)) &&
				(!kind || b.kind === `${kind}_kind`) &&
				(!number || String(b.number).includes(number)) &&
				range(b.issued_at, str(q, 'issued_after'), str(q, 'issued_before')) &&
				range(b.due_at, str(q, 'due_after'), str(q, 'due_before')) &&
				(!str(q, 'due_at') || b.due_at === str(q, 'due_at')),
		);
		return respond.list(req, list, (b) => views.of('Bill', b));
	});

	ctx.showRoute('Bill', 'bills');

	let nextNumber = 1;
	function insertBill(attrs: Record<string, unknown>, silent: boolean): Rec {
		return store.insert(
			'bills',
			{
				number: String(nextNumber++).padStart(5, '0'),
				type: 'MatterBill',
				kind: 'revenue_kind',
				issued_at: null,
				due_at: null,
				paid: 0,
				paid_at: null,
				last_sent_at: null,
				user_id: 1,
				...attrs,
			},
			{ silent },
		);
	}

	ctx.afterSeed(({ seed }) => {
		const rnd = mulberry32(seed * 17 + 3);
		const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
		const nowMs = clock.now().getTime();
		const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
		const states: BillState[] = [
			'draft',
			'awaiting_approval',
			'awaiting_payment',
			'awaiting_payment',
			'paid',
			'paid',
			'void',
		];
		[...store.matters.values()].slice(0, 30).forEach((matter, index) => {
			const state = states[index % states.length];
			const createdMs = nowMs - int(20, 200) * 86_400_000;
			const issuedMs = createdMs + int(0, 5) * 86_400_000;
			const total = int(4, 120) * 125;
			const issued = state !== 'draft' && state !== 'awaiting_approval';
			const paid = state === 'paid';
			const at = new Date(issuedMs).toISOString();
			insertBill(
				{
					created_at: new Date(createdMs).toISOString(),
					updated_at: at,
					subject: `Legal services – ${matter.display_number}`,
					state,
					issued_at: day(issuedMs),
					// Index 3 stays unpaid long after its due date: the seed's overdue bill.
					due_at: day(issuedMs + (index === 3 ? 15 : 30) * 86_400_000),
					start_at: day(createdMs - 30 * 86_400_000),
					end_at: day(createdMs),
					total,
					paid: paid ? total : 0,
					paid_at: paid ? new Date(issuedMs + 10 * 86_400_000).toISOString() : null,
					balance: paid || state === 'void' ? 0 : total,
					last_sent_at: issued ? at : null,
					client_id: matter.client_id,
					matter_ids: [matter.id],
					user_id: int(1, SEED_USER_COUNT),
				},
				true,
			);
		});
	});

	controls.set(store, {
		moveBill(id, state) {
			const bill = bills().get(id);
			if (!bill) throw new Error(`No bill ${id} in the sandbox`);
			const allowed = TRANSITIONS[bill.state as BillState];
			if (!allowed.includes(state)) {
				throw new Error(
					`Bill ${id} cannot move from ${bill.state} to ${state} (only ${allowed.join(', ') || 'nothing'})`,
				);
			}
			return store.update('bills', bill, (b, now) => {
				b.state = state;
				if (state === 'awaiting_payment') {
					b.issued_at ??= clock.today();
					b.due_at ??= new Date(clock.now().getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
					b.last_sent_at = now;
				}
				if (state === 'paid') {
					b.paid = b.total;
					b.balance = 0;
					b.paid_at = now;
				}
				if (state === 'void') b.balance = 0;
			});
		},
		draftBill(matterId, total) {
			const matter = store.matters.get(matterId);
			if (!matter) throw new Error(`No matter ${matterId} in the sandbox`);
			const today = clock.today();
			return insertBill(
				{
					subject: `Legal services – ${matter.display_number}`,
					state: 'draft',
					start_at: today,
					end_at: today,
					total,
					balance: total,
					client_id: matter.client_id,
					matter_ids: [matter.id],
				},
				false,
			);
		},
	});
}

const controls = new WeakMap<object, BillControls>();

/** The bill controls of a running sandbox. */
export function billControls(ctx: SandboxContext): BillControls {
	const found = controls.get(ctx.store);
	if (!found) throw new Error('The bills module is not registered on this sandbox');
	return found;
}
