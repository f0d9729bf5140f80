import { recordFields, type SandboxContext } from '../context.mts';
import { bool, common, int, str, textMatch } from '../filters.mts';
import type { Rec } from '../store.mts';

type Json = Record<string, any>;

/**
 * Notes (api-facts §9.5): GET requires `type` (either casing by default; `readings.noteTypeCasing`
 * plays one reading of the conflict, see spec.ts overrides); a note
 * belongs to the matter or contact matching its `type`.
 */
export function register(ctx: SandboxContext): void {
	const { store, views, respond, errors } = ctx;

	views.define('Note', 'notes', (n: Rec) => ({
		fields: {
			...recordFields(n),
			type: n.type,
			subject: n.subject ?? null,
			detail: n.detail ?? null,
			detail_text_type: n.detail_text_type ?? 'plain_text',
			date: n.date ?? null,
			time_entries_count: 0,
		},
		assoc: {
			matter: () => views.byId('Matter', n.matter_id),
			contact: () => views.byId('Contact', n.contact_id),
			author: () => views.byId('User', n.author_id),
		},
	}));

	function write(n: Rec, d: Json) {
		for (const k of ['subject', 'detail', 'detail_text_type', 'date']) {
			if (d[k] !== undefined) n[k] = d[k];
		}
	}

	ctx.route('GET', '/notes.json', (req) => {
		const q = req.query;
		const sent = str(q, 'type') ?? '';
		const casing = ctx.readings.noteTypeCasing;
		if (casing === 'capitalised' && sent !== sent.replace(/^./, (c) => c.toUpperCase())) {
			throw errors.badRequest(`Invalid value for parameter 'type': "${sent}" (Matter or Contact)`);
		}
		if (casing === 'lowercase' && sent !== sent.toLowerCase()) {
			throw errors.argument(
				`An invalid argument was supplied: type must be one of matter, contact`,
			);
		}
		const type = sent.toLowerCase();
		const matterId = int(q, 'matter_id');
		const contactId = int(q, 'contact_id');
		const withTime = bool(q, 'has_time_entries');
		const list = common(store.notes.values(), q).filter(
			(n) =>
				n.type.toLowerCase() === type &&
				(matterId === undefined || n.matter_id === matterId) &&
				(contactId === undefined || n.contact_id === contactId) &&
				withTime !== true &&
				textMatch(str(q, 'query'), n.subject, n.detail),
		);
		return respond.list(req, list, (n) => views.of('Note', n));
	});

	ctx.showRoute('Note', 'notes');

	ctx.route('POST', '/notes.json', (req) => {
		const d = req.body?.data as Json;
		const owner = d.type === 'Matter' ? d.matter : d.contact;
		const table = d.type === 'Matter' ? store.matters : store.contacts;
		if (!owner?.id || !table.has(owner.id)) {
			throw errors.validation(`${d.type} must exist`);
		}
		const draft = {
			id: store.nextId('notes'),
			type: d.type,
			matter_id: d.type === 'Matter' ? owner.id : null,
			contact_id: d.type === 'Contact' ? owner.id : null,
			author_id: req.userId,
			date: ctx.clock.today(),
		} as unknown as Rec;
		write(draft, d);
		const note = store.insert('notes', draft);
		return respond.one(req, views.of('Note', note), 201);
	});

	ctx.updateRoute('Note', 'notes', (_note, d) => (n) => write(n, d));

	ctx.deleteRoute('notes');
}
