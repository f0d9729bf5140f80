import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { type TriggerContext, timeOf } from '../state';
import type { WebhookState } from './lifecycle';

/**
 * What a Webhook-mode trigger remembers between deliveries: which deliveries it handled, the last
 * stage of each matter, and the shared secrets of its webhooks.
 *
 * It lives in this process's memory and is copied into the node's static data on every request.
 * n8n loads a workflow's static data when a request arrives and writes the whole object back after
 * webhook() returns, so concurrent requests each start from the same copy and the last one to be
 * saved wins: whatever the others added would vanish. Memory is shared by every request of the
 * process, and each request checks and claims a delivery in one synchronous step, so a delivery is
 * claimed once however many copies arrive together. Static data, absorbed on every request and
 * written whole each time, carries the memory across restarts and to other n8n processes.
 */

/**
 * api-facts §8.8: Clio re-attempts a failed delivery 5 times, from 2 minutes apart doubling (about
 * an hour in all). A handled delivery is recognised for longer than that.
 */
export const DELIVERY_MEMORY_MS = 75 * 60 * 1000;
/** Handled deliveries kept at most (a burst larger than this within the hour is unusual). */
export const MAX_DELIVERIES = 5_000;
/** Matters whose last stage is remembered (the least recently delivered are forgotten first). */
export const MAX_STAGES = 5_000;
/** Secrets of replaced webhooks kept, for their deliveries still under way. */
const MAX_OLD_SECRETS = 3;
/** An unknown webhook id in a delivery is looked up in Clio at most this often (per process). */
const LOOKUP_EVERY_MS = 60 * 1000;

/** The last delivered stage of a matter. */
export interface StageMemory {
	stageId: number | null;
	name: string | null;
	/** `matter_stage_updated_at` of that delivery. */
	changedAt: string | null;
}

export interface TriggerMemory {
	/** The activation this memory belongs to (a new one after unpublish and publish). */
	activation: string;
	/** Delivery key → when it was handled (ms). */
	handled: Map<string, number>;
	/** Delivery key → resolves true once handled, false if its handling failed. */
	inFlight: Map<string, Promise<boolean>>;
	stages: Map<number, StageMemory>;
	/** Webhook id → shared secret. */
	secrets: Map<number, string>;
	/** Webhook id → its secret being read from Clio. */
	lookups: Map<number, Promise<string | undefined>>;
	lastLookupAt: number;
	lastRenewAttemptAt: number;
	lastEventAt?: string;
	/** When the heartbeat last saw the webhook live (ms); saved only with other changes. */
	lastHealthyAt?: number;
	/** Handshakes look up Clio's webhooks one after another, spaced out (see handshake.ts). */
	handshakeTurn: Promise<void>;
	handshakesWaiting: number;
	lastHandshakeLookupAt: number;
}

/** One memory per trigger node in this process: workflow id and node name, as static data is kept. */
const memories = new Map<string, TriggerMemory>();

function memoryKey(ctx: TriggerContext): string {
	return `${String(ctx.getWorkflow().id)}\u0000${ctx.getNode().name}`;
}

/** Static data written before activations were recorded shares one memory per node. */
function activationOf(state: WebhookState): string {
	return state.activation ?? 'unrecorded';
}

function emptyMemory(activation: string): TriggerMemory {
	return {
		activation,
		handled: new Map(),
		inFlight: new Map(),
		stages: new Map(),
		secrets: new Map(),
		lookups: new Map(),
		lastLookupAt: 0,
		lastRenewAttemptAt: 0,
		handshakeTurn: Promise.resolve(),
		handshakesWaiting: 0,
		lastHandshakeLookupAt: 0,
	};
}

/**
 * Delivery keys as static data holds them: [key, handled at ms]. Older saves kept plain keys with
 * the webhook id and the whole etag ("webhook|id|etag|event"); they are read as the same delivery.
 */
function savedDeliveries(state: WebhookState): Array<[string, number]> {
	return (state.deliveries ?? []).map((entry) => {
		if (Array.isArray(entry)) return [String(entry[0]), Number(entry[1])];
		const parts = String(entry).split('|');
		const [id, etag, event] = parts.length === 4 ? parts.slice(1) : parts;
		return [deliveryKey({ id, etag }, event ?? ''), 0];
	});
}

function isNewer(candidate: StageMemory, known: StageMemory): boolean {
	return (timeOf(candidate.changedAt) ?? 0) > (timeOf(known.changedAt) ?? 0);
}

/** Adds what the saved state knows and memory does not (another process, or before a restart). */
function absorb(memory: TriggerMemory, state: WebhookState): void {
	for (const [key, at] of savedDeliveries(state)) {
		if (!memory.handled.has(key)) memory.handled.set(key, at);
	}
	for (const [matterId, stageId, name, changedAt] of state.stages ?? []) {
		const saved: StageMemory = { stageId, name, changedAt };
		const known = memory.stages.get(matterId);
		if (!known || isNewer(saved, known)) memory.stages.set(matterId, saved);
	}
	for (const [id, secret] of state.secrets ?? []) {
		if (!memory.secrets.has(id)) memory.secrets.set(id, secret);
	}
	if (state.webhookId && state.secret) memory.secrets.set(state.webhookId, state.secret);
	if ((timeOf(state.lastEventAt) ?? 0) > (timeOf(memory.lastEventAt) ?? 0)) {
		memory.lastEventAt = state.lastEventAt;
	}
}

/**
 * This trigger's memory in this process, brought up to date with the static data n8n loaded for
 * the current request (synchronous: nothing else runs in between).
 */
export function triggerMemory(ctx: TriggerContext, state: WebhookState): TriggerMemory {
	const key = memoryKey(ctx);
	let memory = memories.get(key);
	if (!memory || memory.activation !== activationOf(state)) {
		memory = emptyMemory(activationOf(state));
		memories.set(key, memory);
	}
	absorb(memory, state);
	return memory;
}

/** Forgets this trigger's memory (its webhook was deleted: the workflow was unpublished). */
export function forgetMemory(ctx: TriggerContext): void {
	memories.delete(memoryKey(ctx));
}

/**
 * Keeps the deliveries handled within DELIVERY_MEMORY_MS of the newest one, not of now: after a
 * long silence (n8n stopped, the webhook lapsed) those of the last hour before it are still known
 * when the catch-up reaches back over that hour.
 */
function prune(memory: TriggerMemory): void {
	const newest = Math.max(0, ...memory.handled.values());
	for (const [key, at] of memory.handled) {
		// Entries from older saves carry no time (0): kept until the count bound drops them.
		if (at > 0 && newest - at > DELIVERY_MEMORY_MS) memory.handled.delete(key);
	}
	// Maps keep insertion order: the first entries are the oldest.
	for (const key of memory.handled.keys()) {
		if (memory.handled.size <= MAX_DELIVERIES) break;
		memory.handled.delete(key);
	}
	for (const key of memory.stages.keys()) {
		if (memory.stages.size <= MAX_STAGES) break;
		memory.stages.delete(key);
	}
}

/** Writes the whole memory into the request's static data, which n8n saves after the request. */
export function mirror(memory: TriggerMemory, state: WebhookState): void {
	prune(memory);
	state.deliveries = [...memory.handled];
	state.stages = [...memory.stages].map(([matterId, stage]) => [
		matterId,
		stage.stageId,
		stage.name,
		stage.changedAt,
	]);
	state.secrets = [...memory.secrets]
		.filter(([id]) => id !== state.webhookId)
		.sort(([a], [b]) => b - a)
		.slice(0, MAX_OLD_SECRETS);
	if (memory.lastEventAt) state.lastEventAt = memory.lastEventAt;
}

/**
 * A version of a record: its id and etag. The etag is shortened to 12 hex digits of its digest,
 * enough to tell one record's versions apart and small enough that the memory n8n writes on every
 * request stays small.
 */
export function recordVersion(record: IDataObject): string {
	const etag = String(record.etag ?? '');
	const short = etag === '' ? '' : createHash('sha1').update(etag).digest('hex').slice(0, 12);
	return `${String(record.id ?? '')}|${short}`;
}

/**
 * api-facts §8.8: deliveries may repeat (re-attempts after a slow answer, a webhook replaced while
 * a change was under way). A record version and event is started once, whichever webhook of this
 * trigger delivered it.
 */
export function deliveryKey(record: IDataObject, event: string): string {
	return `${recordVersion(record)}|${event}`;
}

/** The record versions whose deliveries were handled or are being handled. */
export function startedVersions(memory: TriggerMemory): Set<string> {
	const keys = [...memory.handled.keys(), ...memory.inFlight.keys()];
	return new Set(keys.map((key) => key.slice(0, key.lastIndexOf('|'))));
}

/** Records a delivery as handled (re-inserted, so the map stays ordered from oldest to newest). */
export function markHandled(memory: TriggerMemory, key: string): void {
	memory.handled.delete(key);
	memory.handled.set(key, Date.now());
}

export type Claim =
	| { kind: 'claimed'; done: (handled: boolean) => void }
	| { kind: 'handled' }
	| { kind: 'inFlight'; outcome: Promise<boolean> };

/**
 * Claims a delivery for this request, unless it was handled already or another request is
 * handling it right now. Synchronous, so two copies of a delivery can never both claim it.
 */
export function claimDelivery(memory: TriggerMemory, key: string): Claim {
	if (memory.handled.has(key)) return { kind: 'handled' };
	const running = memory.inFlight.get(key);
	if (running) return { kind: 'inFlight', outcome: running };
	let settle: (handled: boolean) => void = () => {};
	const outcome = new Promise<boolean>((resolve) => (settle = resolve));
	memory.inFlight.set(key, outcome);
	return {
		kind: 'claimed',
		done: (handled) => {
			memory.inFlight.delete(key);
			if (handled) markHandled(memory, key);
			settle(handled);
		},
	};
}

/**
 * The secret of a webhook known to this memory, or read from Clio once (concurrent deliveries of a
 * new webhook wait for the same read). Unknown ids are read at most once a minute, so forged
 * requests cannot spend the firm's Clio rate limit.
 */
export async function secretOf(
	memory: TriggerMemory,
	webhookId: number,
	read: () => Promise<string | undefined>,
): Promise<string | undefined> {
	const known = memory.secrets.get(webhookId);
	if (known) return known;
	const running = memory.lookups.get(webhookId);
	if (running) return await running;
	const now = Date.now();
	if (now - memory.lastLookupAt < LOOKUP_EVERY_MS) return undefined;
	memory.lastLookupAt = now;
	const lookup = read().finally(() => memory.lookups.delete(webhookId));
	memory.lookups.set(webhookId, lookup);
	const secret = await lookup;
	if (secret) memory.secrets.set(webhookId, secret);
	return secret;
}
