import { recordFields, type SandboxContext } from '../context.mts';
import { common, int } from '../filters.mts';
import { mulberry32 } from '../seed.mts';
import type { Rec } from '../store.mts';

type Json = Record<string, any>;

const SEED_ROLES = [
	'Opposing counsel',
	'Expert witness',
	'Opposing party',
	'Referral source',
	'Spouse',
];

/**
 * Relationships (api-facts §9.9): a contact's role on a matter, the role written in `description`.
 * The spec's request schema marks nothing required; a relationship without its matter or contact
 * is refused with 422.
 */
export function register(ctx: SandboxContext): void {
	const { store, views, respond, errors } = ctx;
	const table = () => store.table('relationships');

	views.define('Relationship', 'relationships', (r: Rec) => ({
		fields: { ...recordFields(r), description: r.description ?? null },
		assoc: {
			matter: () => views.byId('Matter', r.matter_id),
			contact: () => views.byId('Contact', r.contact_id),
		},
	}));

	function validate(d: Json, existing?: Rec) {
		const matterId = d.matter?.id ?? existing?.matter_id;
		const contactId = d.contact?.id ?? existing?.contact_id;
		if (matterId === undefined || !store.matters.has(matterId)) {
			throw errors.validation('Matter must exist');
		}
		if (contactId === undefined || !store.contacts.has(contactId)) {
			throw errors.validation('Contact must exist');
		}
	}

	function write(r: Rec, d: Json) {
		if (d.description !== undefined) r.description = d.description;
		if (d.matter?.id !== undefined) r.matter_id = d.matter.id;
		if (d.contact?.id !== undefined) r.contact_id = d.contact.id;
	}

	ctx.route('GET', '/relationships.json', (req) => {
		const matterId = int(req.query, 'matter_id');
		const contactId = int(req.query, 'contact_id');
		const list = common(table().values(), req.query).filter(
			(r) =>
				(matterId === undefined || r.matter_id === matterId) &&
				(contactId === undefined || r.contact_id === contactId),
		);
		return respond.list(req, list, (r) => views.of('Relationship', r));
	});

	ctx.showRoute('Relationship', 'relationships');

	ctx.route('POST', '/relationships.json', (req) => {
		const d = (req.body?.data ?? {}) as Json;
		validate(d);
		const draft = { id: store.nextId('relationships'), description: null } as unknown as Rec;
		write(draft, d);
		return respond.one(req, views.of('Relationship', store.insert('relationships', draft)), 201);
	});

	ctx.updateRoute('Relationship', 'relationships', (relationship, d) => {
		validate(d, relationship);
		return (r) => write(r, d);
	});

	ctx.deleteRoute('relationships');

	// Seed: related contacts on the first matters (never the matter's own client).
	ctx.afterSeed(({ seed }) => {
		const rnd = mulberry32(seed * 13 + 7);
		const contacts = [...store.contacts.keys()];
		[...store.matters.values()].slice(0, 25).forEach((matter, index) => {
			let contactId = contacts[Math.floor(rnd() * contacts.length)];
			if (contactId === matter.client_id)
				contactId = contacts[(contacts.indexOf(contactId) + 1) % contacts.length];
			store.insert(
				'relationships',
				{
					...(matter.created_at
						? { created_at: matter.created_at, updated_at: matter.created_at }
						: {}),
					description: SEED_ROLES[index % SEED_ROLES.length],
					matter_id: matter.id,
					contact_id: contactId,
				},
				{ silent: true },
			);
		});
	});
}
