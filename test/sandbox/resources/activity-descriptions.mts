import { recordFields, type SandboxContext } from '../context.mts';
import { bool, common, str } from '../filters.mts';
import type { Rec, Store } from '../store.mts';

/**
 * Activity descriptions (api-facts §9.9, spec tag "Activity Descriptions"): the firm's templates
 * ("billing codes") for time entries. Each has a `rate`: `User` (the user's own hourly rate),
 * `Custom` (an hourly amount of its own) or `FlatRate` (a fixed amount per entry).
 */

export interface DescriptionRate {
	type: 'User' | 'FlatRate' | 'Custom';
	amount: number | null;
}

export function register(ctx: SandboxContext): void {
	const { store, views, respond } = ctx;
	const descriptions = () => store.table('activity_descriptions');

	views.define('ActivityDescription', 'activity_descriptions', (d: Rec) => {
		const rate = d.rate as DescriptionRate;
		return {
			fields: {
				...recordFields(d),
				name: d.name,
				visible_to_co_counsel: false,
				default: d.default,
				type: 'clio',
				accessible_to_user: true,
				category_type: rate.type === 'FlatRate' ? 'flat_rate' : 'hourly',
				xero_service_code: null,
			},
			assoc: {
				rate: () => ({
					fields: {
						amount: rate.amount,
						non_billable_amount: rate.amount,
						type: rate.type,
						hierarchy: rate.type === 'User' ? 'Default' : 'Activity',
					},
				}),
			},
		};
	});

	ctx.route('GET', '/activity_descriptions.json', (req) => {
		const q = req.query;
		const flatRate = bool(q, 'flat_rate');
		const type = str(q, 'type');
		const list = common(descriptions().values(), q).filter(
			(d) =>
				(flatRate === undefined || (d.rate.type === 'FlatRate') === flatRate) &&
				// The sandbox has no UTBMS codes: every description is one of the firm's own.
				(!type || type === 'clio'),
		);
		return respond.list(req, list, (d) => views.of('ActivityDescription', d));
	});

	ctx.showRoute('ActivityDescription', 'activity_descriptions');

	ctx.afterSeed(() => seedDescriptions(store));
}

const SEEDED: Array<[string, DescriptionRate]> = [
	['Legal Research', { type: 'User', amount: null }],
	['Drafting', { type: 'User', amount: null }],
	['Client Call', { type: 'User', amount: null }],
	['Correspondence', { type: 'User', amount: null }],
	['Court Appearance', { type: 'Custom', amount: 450 }],
	['Travel', { type: 'Custom', amount: 150 }],
	['Will Package', { type: 'FlatRate', amount: 1200 }],
];

function seedDescriptions(store: Store): void {
	const created_at = new Date(store.clock.now().getTime() - 700 * 86_400_000).toISOString();
	SEEDED.forEach(([name, rate], i) =>
		store.insert(
			'activity_descriptions',
			{ name, rate, default: i === 0, created_at },
			{ silent: true },
		),
	);
}
