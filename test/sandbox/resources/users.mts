import { recordFields, type SandboxContext } from '../context.mts';
import { bool, common, findOr404, str, textMatch } from '../filters.mts';
import type { Rec } from '../store.mts';

/** Users (api-facts §9.8): read-only; `who_am_i` is the token's user (§2.6 credential test). */
export function register(ctx: SandboxContext): void {
	const { store, views, respond } = ctx;

	views.define('User', 'users', (u: Rec) => ({
		fields: {
			...recordFields(u),
			name: `${u.first_name} ${u.last_name}`,
			first_name: u.first_name,
			last_name: u.last_name,
			initials: `${u.first_name[0]}${u.last_name[0]}`,
			email: u.email,
			enabled: u.enabled,
			roles: u.roles,
			subscription_type: u.subscription_type,
			account_owner: u.account_owner,
			default_calendar_id: u.default_calendar_id,
			time_zone: u.time_zone,
			rate: u.rate,
			phone_number: u.phone_number,
			clio_connect: false,
			court_rules_default_attendee: false,
		},
		assoc: { account: () => ({ fields: { id: 1, etag: '"account-1"', name: u.account_name } }) },
	}));

	ctx.route('GET', '/users.json', (req) => {
		const q = req.query;
		const enabled = bool(q, 'enabled');
		const name = str(q, 'name');
		const sub = str(q, 'subscription_type');
		const role = str(q, 'role');
		const list = common(store.users.values(), q).filter(
			(u) =>
				(enabled === undefined || u.enabled === enabled) &&
				textMatch(name, `${u.first_name} ${u.last_name}`) &&
				(!sub || u.subscription_type.toLowerCase() === sub) &&
				(!role || (u.roles as string[]).includes(role)),
		);
		return respond.list(req, list, (u) => views.of('User', u));
	});

	ctx.route('GET', '/users/who_am_i.json', (req) =>
		respond.one(req, views.of('User', findOr404(store.users, req.userId))),
	);

	ctx.showRoute('User', 'users');
}
