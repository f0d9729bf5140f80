import { recordFields, type SandboxContext } from '../context.mts';
import { bool, common, int, str, textMatch } from '../filters.mts';
import { mulberry32, SEED_USER_COUNT } from '../seed.mts';
import type { Rec } from '../store.mts';
import { type ParticipantRef, participantExists, participantView } from './participants.mts';

type Json = Record<string, any>;

/**
 * Communications (api-facts §9.6): email and phone call records. A create needs `type`, `subject`,
 * `body` and `received_at` (the spec's request schema); senders and receivers are users or
 * contacts. `date` is the day of `received_at`.
 */
export function register(ctx: SandboxContext): void {
	const { store, views, respond, errors, clock } = ctx;

	views.define('Communication', 'communications', (c: Rec) => ({
		fields: {
			...recordFields(c),
			subject: c.subject,
			body: c.body,
			type: c.type,
			date: c.date,
			received_at: c.received_at,
			time_entries_count: 0,
		},
		assoc: {
			user: () => views.byId('User', c.user_id),
			matter: () => views.byId('Matter', c.matter_id),
			senders: () => participants(c.senders),
			receivers: () => participants(c.receivers),
			external_properties: () => [],
			time_entries: () => [],
			documents: () => [],
			notification_event_subscribers: () => [],
			communication_eml_file: () => null,
		},
	}));

	function participants(refs: ParticipantRef[]) {
		return refs.flatMap((ref) => participantView(store, ref) ?? []);
	}

	/** Applies `senders`/`receivers` entries: `_deleted` removes one, others are added once. */
	function applyParticipants(
		current: ParticipantRef[],
		entries: Json[] | undefined,
	): ParticipantRef[] {
		let list = [...current];
		for (const entry of entries ?? []) {
			const ref = { id: entry.id, type: entry.type } as ParticipantRef;
			list = list.filter((known) => known.id !== ref.id || known.type !== ref.type);
			if (entry._deleted !== true) list.push(ref);
		}
		return list;
	}

	function validate(d: Json) {
		if (d.matter?.id !== undefined && !store.matters.has(d.matter.id)) {
			throw errors.validation('Matter must exist');
		}
		for (const key of ['senders', 'receivers']) {
			for (const entry of (d[key] ?? []) as Json[]) {
				if (entry.id === undefined || !entry.type) {
					throw errors.validation(`${key} need both an id and a type (User or Contact)`);
				}
				if (entry._deleted !== true && !participantExists(store, entry as ParticipantRef)) {
					throw errors.validation(`${entry.type} ${entry.id} in ${key} must exist`);
				}
			}
		}
		if (d.received_at !== undefined && Number.isNaN(Date.parse(d.received_at))) {
			throw errors.validation(`Received at "${d.received_at}" is not a valid date-time`);
		}
		for (const key of ['subject', 'body']) {
			if (d[key] !== undefined && !String(d[key]).trim()) {
				throw errors.validation(`${key.charAt(0).toUpperCase()}${key.slice(1)} can't be blank`);
			}
		}
	}

	function write(c: Rec, d: Json) {
		for (const key of ['subject', 'body', 'type']) if (d[key] !== undefined) c[key] = d[key];
		if (d.received_at !== undefined) {
			c.received_at = new Date(d.received_at).toISOString();
			c.date = c.received_at.slice(0, 10);
		}
		if (d.matter !== undefined) c.matter_id = d.matter?.id ?? null;
		c.senders = applyParticipants(c.senders, d.senders);
		c.receivers = applyParticipants(c.receivers, d.receivers);
	}

	const involves = (c: Rec, type: string, id: number) =>
		[...c.senders, ...c.receivers].some((p: ParticipantRef) => p.type === type && p.id === id);

	ctx.route('GET', '/communications.json', (req) => {
		const q = req.query;
		const matterId = int(q, 'matter_id');
		const contactId = int(q, 'contact_id');
		const userId = int(q, 'user_id');
		const type = str(q, 'type');
		const date = str(q, 'date');
		const receivedAt = str(q, 'received_at');
		const since = str(q, 'received_since');
		const before = str(q, 'received_before');
		const withTime = bool(q, 'having_time_entries');
		const list = common(store.table('communications').values(), q).filter(
			(c) =>
				(matterId === undefined || c.matter_id === matterId) &&
				(contactId == null || involves(c, 'Contact', contactId)) &&
				(userId == null || c.user_id === userId || involves(c, 'User', userId)) &&
				(!type || c.type === type) &&
				(!date || c.date === date) &&
				(!receivedAt || Date.parse(c.received_at) === Date.parse(receivedAt)) &&
				(!since || Date.parse(c.received_at) >= Date.parse(since)) &&
				(!before || Date.parse(c.received_at) <= Date.parse(before)) &&
				withTime !== true &&
				textMatch(str(q, 'query'), c.subject, c.body),
		);
		return respond.list(req, list, (c) => views.of('Communication', c));
	});

	ctx.showRoute('Communication', 'communications');

	ctx.route('POST', '/communications.json', (req) => {
		const d = req.body?.data as Json;
		validate(d);
		const draft = {
			id: store.nextId('communications'),
			user_id: req.userId,
			matter_id: null,
			senders: [],
			receivers: [],
		} as unknown as Rec;
		write(draft, d);
		const communication = store.insert('communications', draft);
		return respond.one(req, views.of('Communication', communication), 201);
	});

	ctx.updateRoute('Communication', 'communications', (_c, d) => {
		validate(d);
		return (c) => write(c, d);
	});

	ctx.deleteRoute('communications');

	// Seed: call logs and emails on the first matters, between the firm's users and the clients.
	ctx.afterSeed(({ seed }) => {
		const rnd = mulberry32(seed * 31 + 5);
		const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
		const nowMs = clock.now().getTime();
		const matters = [...store.matters.values()].slice(0, 40);
		const subjects: [string, string][] = [
			['PhoneCommunication', 'Call with client about next steps'],
			['PhoneCommunication', 'Voicemail from opposing counsel'],
			['EmailCommunication', 'Engagement letter sent'],
			['EmailCommunication', 'Documents requested for discovery'],
			['EmailCommunication', 'Hearing date confirmed'],
		];
		matters.forEach((matter, index) => {
			const [type, subject] = subjects[index % subjects.length];
			const receivedMs = nowMs - int(1, 120) * 86_400_000 - int(0, 86_399) * 1000;
			const received_at = new Date(receivedMs).toISOString();
			const user: ParticipantRef = { id: int(1, SEED_USER_COUNT), type: 'User' };
			const client: ParticipantRef = { id: matter.client_id, type: 'Contact' };
			const inbound = index % 2 === 0;
			store.insert(
				'communications',
				{
					created_at: received_at,
					updated_at: received_at,
					type,
					subject,
					body: `${subject} (${matter.display_number}).`,
					received_at,
					date: received_at.slice(0, 10),
					user_id: user.id,
					matter_id: matter.id,
					senders: [inbound ? client : user],
					receivers: [inbound ? user : client],
				},
				{ silent: true },
			);
		});
	});
}
