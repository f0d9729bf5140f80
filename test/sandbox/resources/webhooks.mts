import { randomBytes } from 'node:crypto';
import { recordFields, type SandboxContext } from '../context.mts';
import { ApiError } from '../errors.mts';
import type { FieldSelection } from '../fields.mts';
import { common } from '../filters.mts';
import type { ChangeEvent, Rec } from '../store.mts';
import {
	createDeliverySender,
	type DeliveryAttempt,
	type DeliveryTarget,
} from '../webhook-delivery.mts';

type Json = Record<string, any>;

const DAY_MS = 24 * 3600 * 1000;
/** api-facts §8.2: without `expires_at` a webhook lives 3 days; at most 31 days ahead. */
const DEFAULT_LIFETIME_MS = 3 * DAY_MS;
const MAX_LIFETIME_MS = 31 * DAY_MS;
/** api-facts §3.2, §8.2: a webhook's `fields` string is limited to 1000 characters. */
const MAX_FIELDS_LENGTH = 1000;

const BASIC_EVENTS = ['created', 'updated', 'deleted'];

interface Model {
	/** api-facts §8.2: the numeric id `model` also accepts. */
	id: number;
	/** Spec schema whose attributes `fields` selects. */
	resource: string;
	/** Store table whose changes the webhook watches. */
	table: string;
	events: string[];
}

/** api-facts §8.2: the models webhooks support, by their snake_case identifier. */
export const MODELS: Record<string, Model> = {
	// api-facts §8.2: matters also fire matter_opened/pended/closed on status changes.
	matter: {
		id: 1,
		resource: 'Matter',
		table: 'matters',
		events: [...BASIC_EVENTS, 'matter_opened', 'matter_pended', 'matter_closed'],
	},
	activity: { id: 2, resource: 'Activity', table: 'activities', events: BASIC_EVENTS },
	bill: { id: 3, resource: 'Bill', table: 'bills', events: BASIC_EVENTS },
	calendar_entry: {
		id: 4,
		resource: 'CalendarEntry',
		table: 'calendar_entries',
		events: BASIC_EVENTS,
	},
	communication: {
		id: 5,
		resource: 'Communication',
		table: 'communications',
		events: BASIC_EVENTS,
	},
	contact: { id: 6, resource: 'Contact', table: 'contacts', events: BASIC_EVENTS },
	task: { id: 7, resource: 'Task', table: 'tasks', events: BASIC_EVENTS },
	document: { id: 8, resource: 'Document', table: 'documents', events: BASIC_EVENTS },
	folder: { id: 9, resource: 'Folder', table: 'folders', events: BASIC_EVENTS },
	// api-facts §8.2: payments have no `deleted` event.
	clio_payments_payment: {
		id: 10,
		resource: 'ClioPaymentsPayment',
		table: 'clio_payments_payments',
		events: ['created', 'updated'],
	},
};

/** api-facts §8.2: the status a matter moves to → the matter event it fires. */
const MATTER_STATUS_EVENTS: Record<string, string> = {
	open: 'matter_opened',
	pending: 'matter_pended',
	closed: 'matter_closed',
};

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface WebhookControls {
	/** Every outbound attempt (handshakes, deliveries, re-attempts) in order. */
	deliveries: DeliveryAttempt[];
	/** Resolves once no handshake or delivery is in flight or waiting for a re-attempt. */
	settled(): Promise<void>;
	/** The next event delivery (of that webhook, or any) is sent twice, byte for byte. */
	duplicateNext(webhookId?: number): void;
	/** Every event delivery from now on is sent `count` times at once, byte for byte. */
	sendCopies(count: number): void;
	/** Sends a recorded event delivery again, same body and signature. */
	redeliver(delivery: number): Promise<DeliveryAttempt | undefined>;
	/** Moves `expires_at` to the current clock time: the webhook stops delivering. */
	expire(id: number): void;
	/** Suspends the webhook as Clio does when it disables one. */
	suspend(id: number): void;
	/** Enables the webhook as the delayed confirmation (`PUT …/activate`) would. */
	activate(id: number): void;
}

const controlsByContext = new WeakMap<SandboxContext, WebhookControls>();

/** The webhook controls of a sandbox whose context registered this module. */
export function webhookControls(ctx: SandboxContext): WebhookControls {
	const controls = controlsByContext.get(ctx);
	if (!controls) throw new Error('The webhooks module is not registered');
	return controls;
}

export function register(ctx: SandboxContext): void {
	const { store, views, respond, errors, clock } = ctx;
	const webhooks = store.table('webhooks');
	/** api-facts §8.7: records each webhook has already delivered (for the first-update rule). */
	const delivered = new Map<number, Set<number>>();

	const expired = (w: Rec) => Date.parse(w.expires_at as string) <= clock.now().getTime();

	/**
	 * api-facts §8.3 [guess]: `suspended` was seen on a live webhook without a recorded cause. The
	 * sandbox keeps an expired webhook (GET still finds it) and reports it `suspended`; it never
	 * delivers again, even if `expires_at` is moved later — clients re-create it. Moving
	 * `expires_at` ahead before it passes keeps the webhook alive (§8.2).
	 */
	const statusOf = (w: Rec): string => (expired(w) ? 'suspended' : (w.status as string));

	const sender = createDeliverySender({
		clock,
		log: ctx.log,
		retryDelaysMs: ctx.options.webhookRetryDelaysMs ?? [50, 100, 200, 400, 800],
		timeoutMs: ctx.options.webhookTimeoutMs ?? 5000,
		current: (id, kind) => {
			const w = webhooks.get(id);
			// Handshakes go to pending webhooks, events only to enabled ones.
			const wanted = kind === 'handshake' ? 'pending' : 'enabled';
			return w && statusOf(w) === wanted ? target(w) : undefined;
		},
		onConfirmed: (id, url) => {
			const w = webhooks.get(id);
			// A handshake for an earlier URL no longer counts.
			if (w && w.url === url && statusOf(w) === 'pending') {
				store.update('webhooks', w, (r) => (r.status = 'enabled'));
			}
		},
		onGone: (id) => {
			const w = webhooks.get(id);
			if (w) store.update('webhooks', w, (r) => (r.status = 'suspended'));
		},
	});

	function target(w: Rec): DeliveryTarget {
		return { id: w.id, url: w.url as string, secret: w.shared_secret as string };
	}

	views.define('Webhook', 'webhooks', (w: Rec) => ({
		fields: {
			...recordFields(w),
			url: w.url,
			fields: w.fields,
			// api-facts §8.3: only returned when `fields` asks for it, like every attribute.
			shared_secret: w.shared_secret,
			model: w.model,
			status: statusOf(w),
			events: w.events,
			expires_at: w.expires_at,
		},
		assoc: { user: () => views.byId('User', w.user_id) },
	}));

	// ---- validation (api-facts §8.2) ---------------------------------------------------------

	/** `model` as a snake_case identifier or its numeric id; anything else is Clio's ArgumentError. */
	function modelName(value: unknown): string {
		const byId = Object.entries(MODELS).find(([, m]) => String(m.id) === String(value));
		if (byId) return byId[0];
		if (typeof value === 'string' && MODELS[value]) return value;
		// api-facts §3.6 (C3 log): "'CalendarEntry' is not a valid model". Outside the spec's enum,
		// so also a violation.
		throw new ApiError(
			422,
			'ArgumentError',
			`An invalid argument was supplied: '${String(value)}' is not a valid model`,
			true,
		);
	}

	/**
	 * api-facts §8.2: only https URLs are accepted. The sandbox's one allowance: plain http to a
	 * loopback host, so a local n8n can receive.
	 */
	function checkUrl(value: string) {
		let url: URL | undefined;
		try {
			url = new URL(value);
		} catch {
			url = undefined;
		}
		const ok =
			url &&
			(url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)));
		if (!ok) throw errors.validation('Url must use the https scheme');
	}

	/** `fields` selects the payload and the watched attributes; same rules as the query parameter. */
	function parseWebhookFields(value: string, model: string): FieldSelection[] {
		if (value.trim() === '') throw errors.validation("Fields can't be blank");
		if (value.length > MAX_FIELDS_LENGTH) {
			throw errors.validation(`Fields is too long (maximum is ${MAX_FIELDS_LENGTH} characters)`);
		}
		return ctx.fields.parse(value, MODELS[model].resource) as FieldSelection[];
	}

	/** [guess] no `events` = every event of the model; events of other models are refused. */
	function checkEvents(value: string[] | undefined, model: string): string[] {
		const allowed = MODELS[model].events;
		if (value === undefined || value.length === 0) return [...allowed];
		for (const e of value) {
			if (!allowed.includes(e)) {
				throw errors.argument(
					`An invalid argument was supplied: '${e}' is not a valid event for '${model}'`,
				);
			}
		}
		return [...new Set(value)];
	}

	/** api-facts §8.2: at most 31 days ahead of now; [guess] a past time is refused too. */
	function checkExpiry(value: string): string {
		const at = Date.parse(value);
		const now = clock.now().getTime();
		if (at <= now) throw errors.validation('Expires at must be in the future');
		if (at > now + MAX_LIFETIME_MS) {
			throw errors.validation('Expires at must be within 31 days');
		}
		return new Date(at).toISOString();
	}

	// ---- routes (api-facts §8.1) ----------------------------------------------------------

	ctx.route('GET', '/webhooks.json', (req) =>
		respond.list(req, common(webhooks.values(), req.query), (w) => views.of('Webhook', w)),
	);

	ctx.showRoute('Webhook', 'webhooks');

	ctx.route('POST', '/webhooks.json', (req) => {
		const d = req.body?.data as Json;
		const model = modelName(d.model);
		checkUrl(d.url as string);
		parseWebhookFields(d.fields as string, model);
		const events = checkEvents(d.events as string[] | undefined, model);
		const now = clock.now();
		const expiresAt =
			d.expires_at !== undefined
				? checkExpiry(d.expires_at as string)
				: new Date(now.getTime() + DEFAULT_LIFETIME_MS).toISOString();
		const webhook = store.insert('webhooks', {
			created_at: now.toISOString(),
			url: d.url,
			model,
			events,
			fields: d.fields,
			// api-facts §8.4: not enabled until the handshake is confirmed.
			status: 'pending',
			expires_at: expiresAt,
			shared_secret: randomBytes(24).toString('hex'),
			user_id: req.userId,
		});
		// api-facts §8.4: the handshake follows creation at once and may overtake this response.
		sender.handshake(webhook.id);
		return respond.one(req, views.of('Webhook', webhook), 201);
	});

	ctx.updateRoute('Webhook', 'webhooks', (webhook, d) => {
		const model = d.model !== undefined ? modelName(d.model) : (webhook.model as string);
		if (d.url !== undefined) checkUrl(d.url as string);
		if (d.fields !== undefined || model !== webhook.model) {
			parseWebhookFields((d.fields ?? webhook.fields) as string, model);
		}
		const events =
			d.events !== undefined || model !== webhook.model
				? checkEvents(d.events as string[] | undefined, model)
				: undefined;
		// api-facts §8.2: renewing = moving expires_at, again at most 31 days ahead.
		const expiresAt = d.expires_at !== undefined ? checkExpiry(d.expires_at as string) : undefined;
		const wasExpired = expired(webhook);
		const urlChanged = d.url !== undefined && d.url !== webhook.url;
		return (w) => {
			// An expired webhook stays suspended (see statusOf).
			if (wasExpired) w.status = 'suspended';
			w.model = model;
			if (events) w.events = events;
			if (d.fields !== undefined) w.fields = d.fields;
			if (expiresAt) w.expires_at = expiresAt;
			if (urlChanged) {
				// api-facts §8.4: a new URL must confirm the handshake again before deliveries resume.
				w.url = d.url;
				w.status = 'pending';
				sender.handshake(w.id);
			}
		};
	});

	ctx.deleteRoute('webhooks');

	// ---- deliveries -------------------------------------------------------------------------

	/** The webhook's `fields` applied to the record's view (api-facts §8.6). */
	function payload(w: Rec, rec: Rec): Record<string, unknown> {
		const { resource } = MODELS[w.model as string];
		const selection = ctx.fields.parse(w.fields as string, resource);
		return ctx.fields.project(views.of(resource, rec), selection);
	}

	/** The events one webhook delivers for a change, with the payload data. */
	function eventsFor(w: Rec, change: ChangeEvent): string[] {
		const events = w.events as string[];
		if (change.event !== 'updated') return events.includes(change.event) ? [change.event] : [];
		const out: string[] = [];
		const previous = change.previous as Rec;
		if (events.includes('updated')) {
			// api-facts §8.7: only when a watched field changed — except for a record this webhook
			// never delivered, whose first update is sent regardless.
			const changed =
				JSON.stringify(payload(w, previous)) !== JSON.stringify(payload(w, change.record));
			if (changed || !delivered.get(w.id)?.has(change.record.id)) out.push('updated');
		}
		if (change.table === 'matters' && previous.status !== change.record.status) {
			const event = MATTER_STATUS_EVENTS[change.record.status as string];
			if (event && events.includes(event)) out.push(event);
		}
		return out;
	}

	store.events.on('change', (change: ChangeEvent) => {
		for (const w of webhooks.values()) {
			if (MODELS[w.model as string].table !== change.table) continue;
			// api-facts §8.4, §8.2: only enabled, unexpired webhooks deliver.
			if (statusOf(w) !== 'enabled') continue;
			try {
				const events = eventsFor(w, change);
				if (events.length === 0) continue;
				const data = payload(w, change.record);
				const seen = delivered.get(w.id) ?? new Set<number>();
				seen.add(change.record.id);
				delivered.set(w.id, seen);
				for (const event of events) sender.deliver(target(w), event, data);
			} catch (err) {
				// A delivery problem must never fail the API request that changed the record.
				if (!ctx.options.quiet) console.error('sandbox: webhook delivery failed', err);
			}
		}
	});

	function find(id: number): Rec {
		const w = webhooks.get(id);
		if (!w) throw new Error(`No webhook ${id}`);
		return w;
	}

	controlsByContext.set(ctx, {
		deliveries: sender.attempts,
		settled: () => sender.settled(),
		duplicateNext: (webhookId) => sender.duplicateNext(webhookId),
		sendCopies: (count) => sender.sendCopies(count),
		redeliver: (delivery) => sender.redeliver(delivery),
		expire: (id) => {
			find(id).expires_at = clock.iso();
		},
		suspend: (id) => {
			store.update('webhooks', find(id), (w) => (w.status = 'suspended'));
		},
		activate: (id) => {
			store.update('webhooks', find(id), (w) => (w.status = 'enabled'));
		},
	});
	// Pending re-attempts and in-flight requests end with the sandbox.
	ctx.onClose(() => sender.stop());
}
