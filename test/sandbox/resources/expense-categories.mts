import { recordFields, type SandboxContext } from '../context.mts';
import { common, str, textMatch } from '../filters.mts';
import type { Rec, Store } from '../store.mts';

/**
 * Expense categories (api-facts §9.9, spec tag "Expense Categories"): the firm's templates for
 * expense entries; `rate` is the price per unit an expense of the category gets by default.
 */
export function register(ctx: SandboxContext): void {
	const { store, views, respond } = ctx;

	views.define('ExpenseCategory', 'expense_categories', (c: Rec) => ({
		fields: {
			...recordFields(c),
			name: c.name,
			rate: c.rate,
			entry_type: c.entry_type,
			accessible_to_user: true,
			tax_setting: 'no_tax',
			xero_expense_code: null,
		},
	}));

	ctx.route('GET', '/expense_categories.json', (req) => {
		const q = req.query;
		const entryType = str(q, 'entry_type');
		const list = common(store.table('expense_categories').values(), q).filter(
			(c) => (!entryType || c.entry_type === entryType) && textMatch(str(q, 'query'), c.name),
		);
		return respond.list(req, list, (c) => views.of('ExpenseCategory', c));
	});

	ctx.showRoute('ExpenseCategory', 'expense_categories');

	ctx.afterSeed(() => seedCategories(store));
}

/** [name, rate per unit (0 = the amount is typed for each expense), entry type]. */
const SEEDED: Array<[string, number, string]> = [
	['Court Filing Fee', 0, 'hard_cost'],
	['Courier', 45, 'hard_cost'],
	['Photocopies', 1, 'soft_cost'],
	['Mileage', 1, 'soft_cost'],
	['Expert Witness Fee', 0, 'unassociated'],
	['Postage', 0, 'unassociated'],
];

function seedCategories(store: Store): void {
	const created_at = new Date(store.clock.now().getTime() - 700 * 86_400_000).toISOString();
	for (const [name, rate, entry_type] of SEEDED) {
		store.insert('expense_categories', { name, rate, entry_type, created_at }, { silent: true });
	}
}
