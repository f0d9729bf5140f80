import { createHmac } from 'node:crypto';
import type { RequestLog } from './log.mts';
import type { Clock, LogEntry } from './types.mts';

/**
 * Outbound webhook requests the way Clio sends them (api-facts §8.4–§8.8): the activation
 * handshake, signed event deliveries and their retries. Every attempt is recorded in
 * `attempts` and in the request log with kind 'delivery'.
 */

export interface DeliveryAttempt {
	/** One logical delivery; retries and duplicates of it share the number. */
	delivery: number;
	webhookId: number;
	kind: 'handshake' | 'event';
	/** `meta.event` of an event delivery. */
	event?: string;
	url: string;
	/** 1 for the first try, 2–6 for the re-attempts. */
	attempt: number;
	headers: Record<string, string>;
	/** The raw body as sent (the signature covers exactly these bytes). */
	body: string;
	/** The receiver's status; 0 when it timed out or the connection failed. */
	status: number;
	error?: string;
	responseHeaders: Record<string, string>;
	at: string;
}

/** What the sender needs to know about a webhook at the moment it sends. */
export interface DeliveryTarget {
	id: number;
	url: string;
	secret: string;
}

export interface DeliveryOptions {
	clock: Clock;
	log: RequestLog;
	/** Waits before each re-attempt; api-facts §8.8: Clio re-attempts 5 times (2 min, doubling). */
	retryDelaysMs: number[];
	/** How long a receiver may take to answer. */
	timeoutMs: number;
	/**
	 * The webhook as it is now, or undefined when it may no longer receive this kind of request
	 * (deleted, suspended, expired, not or no longer pending a handshake).
	 */
	current(webhookId: number, kind: DeliveryAttempt['kind']): DeliveryTarget | undefined;
	/** Called when a receiver confirmed the handshake for `url`. */
	onConfirmed(webhookId: number, url: string): void;
	/** Called when a receiver answered 410 Gone. */
	onGone(webhookId: number): void;
}

/** api-facts §8.5: lowercase hex HMAC-SHA256 of the raw body, keyed with the shared secret. */
export function signature(secret: string, body: string): string {
	return createHmac('sha256', secret).update(body).digest('hex');
}

/** api-facts §8.8: 2xx, 3xx and 410 Gone count as delivered; everything else is retried. */
const delivered = (status: number) => (status >= 200 && status < 400) || status === 410;

export function createDeliverySender(opts: DeliveryOptions) {
	const attempts: DeliveryAttempt[] = [];
	const stopper = new AbortController();
	const timers = new Set<NodeJS.Timeout>();
	let sequence = 0;
	let pending = 0;
	/** Webhooks (undefined = any) whose next event delivery is sent twice. */
	const duplicates: (number | undefined)[] = [];
	/** How many identical copies of every event delivery are sent at once. */
	let copies = 1;
	let waiters: (() => void)[] = [];

	/** Counts work from the moment it is scheduled, so `settled()` sees it at once. */
	function track<T>(work: () => Promise<T>): Promise<T | undefined> {
		pending++;
		return new Promise<T | undefined>((resolve) => {
			setImmediate(() => {
				work()
					.then(resolve, () => resolve(undefined))
					.finally(() => {
						if (--pending === 0) {
							const done = waiters;
							waiters = [];
							done.forEach((w) => w());
						}
					});
			});
		});
	}

	const wait = (ms: number) =>
		new Promise<void>((resolve) => {
			const timer = setTimeout(() => {
				timers.delete(timer);
				resolve();
			}, ms);
			timers.add(timer);
		});

	async function send(
		template: Omit<DeliveryAttempt, 'status' | 'responseHeaders' | 'at' | 'attempt' | 'error'>,
		attempt: number,
	): Promise<DeliveryAttempt> {
		const record: DeliveryAttempt = {
			...template,
			attempt,
			status: 0,
			responseHeaders: {},
			at: opts.clock.iso(),
		};
		attempts.push(record);
		const entry: LogEntry = {
			at: record.at,
			kind: 'delivery',
			method: 'POST',
			path: record.url,
			query: {},
			headers: record.headers,
			body: JSON.parse(record.body) as unknown,
			status: 0,
			violations: [],
		};
		opts.log.entries.push(entry);
		try {
			const res = await fetch(record.url, {
				method: 'POST',
				headers: record.headers,
				body: record.body,
				// api-facts §8.8: a 3xx already counts as delivered; Clio does not follow it.
				redirect: 'manual',
				signal: AbortSignal.any([stopper.signal, AbortSignal.timeout(opts.timeoutMs)]),
			});
			await res.arrayBuffer().catch(() => undefined);
			record.status = res.status;
			res.headers.forEach((value, name) => (record.responseHeaders[name] = value));
		} catch (err) {
			record.error = (err as Error).name === 'TimeoutError' ? 'timeout' : String(err);
		}
		entry.status = record.status;
		return record;
	}

	/** Sends until delivered or the re-attempts are used up (api-facts §8.8). */
	async function deliverWithRetries(
		template: Omit<DeliveryAttempt, 'status' | 'responseHeaders' | 'at' | 'attempt' | 'error'>,
	): Promise<DeliveryAttempt | undefined> {
		let last: DeliveryAttempt | undefined;
		for (let attempt = 1; attempt <= opts.retryDelaysMs.length + 1; attempt++) {
			if (attempt > 1) await wait(opts.retryDelaysMs[attempt - 2]);
			if (stopper.signal.aborted) return last;
			// A webhook deleted, suspended or expired meanwhile gets no more attempts.
			const target = opts.current(template.webhookId, 'event');
			if (!target) return last;
			last = await send({ ...template, url: target.url }, attempt);
			if (last.status === 410) {
				// api-facts §8.8: 410 Gone disables the subscription.
				opts.onGone(template.webhookId);
				return last;
			}
			if (delivered(last.status)) return last;
		}
		return last;
	}

	return {
		attempts,

		/**
		 * api-facts §8.4: right after creation and after every URL change, POST the secret in
		 * `X-Hook-Secret`; a 200 echoing it in the same response header enables the webhook.
		 * Not signed and not retried; the body naming the webhook is the sandbox's reading of
		 * "along with the id of the webhook" (its exact shape is not documented).
		 */
		handshake(webhookId: number): void {
			void track(async () => {
				const target = opts.current(webhookId, 'handshake');
				if (!target) return;
				const result = await send(
					{
						delivery: ++sequence,
						webhookId,
						kind: 'handshake',
						url: target.url,
						headers: { 'Content-Type': 'application/json', 'X-Hook-Secret': target.secret },
						body: JSON.stringify({ data: { webhook_id: webhookId } }),
					},
					1,
				);
				if (result.status === 200 && result.responseHeaders['x-hook-secret'] === target.secret) {
					opts.onConfirmed(webhookId, target.url);
				}
			});
		},

		/** api-facts §8.6: `{data, meta:{event, webhook_id}}`, signed per §8.5. */
		deliver(target: DeliveryTarget, event: string, data: Record<string, unknown>): void {
			const body = JSON.stringify({ data, meta: { event, webhook_id: target.id } });
			const template = {
				delivery: ++sequence,
				webhookId: target.id,
				kind: 'event' as const,
				event,
				url: target.url,
				headers: {
					'Content-Type': 'application/json',
					'X-Hook-Signature': signature(target.secret, body),
				},
				body,
			};
			const i = duplicates.findIndex((id) => id === undefined || id === target.id);
			const twice = i >= 0;
			if (twice) duplicates.splice(i, 1);
			for (let copy = 0; copy < copies; copy++) {
				void track(async () => {
					await deliverWithRetries(template);
					// api-facts §8.8 [guess]: duplicates are not ruled out; the copy is byte-identical.
					if (twice && copy === 0) await deliverWithRetries(template);
				});
			}
		},

		/**
		 * Every event delivery from now on is sent `count` times at once, byte for byte, each copy
		 * with its own re-attempts: what a receiver sees when its slow answers make Clio send again.
		 */
		sendCopies(count: number): void {
			copies = Math.max(1, Math.floor(count));
		},

		/** The next event delivery (of that webhook) is sent twice with the same body and signature. */
		duplicateNext(webhookId?: number): void {
			duplicates.push(webhookId);
		},

		/** Sends a recorded delivery again (same body, headers and delivery number). */
		redeliver(delivery: number): Promise<DeliveryAttempt | undefined> {
			const first = attempts.find((a) => a.delivery === delivery && a.kind === 'event');
			if (!first) throw new Error(`No event delivery ${delivery}`);
			const { delivery: d, webhookId, kind, event, url, headers, body } = first;
			return track(() =>
				send(
					{ delivery: d, webhookId, kind, event, url, headers, body },
					attempts.filter((a) => a.delivery === d).length + 1,
				),
			);
		},

		/** Resolves once nothing is in flight or waiting for a re-attempt. */
		settled(): Promise<void> {
			return pending === 0
				? Promise.resolve()
				: new Promise<void>((resolve) => waiters.push(resolve));
		},

		/** Cancels timers and in-flight requests (sandbox close). */
		stop(): void {
			stopper.abort();
			for (const t of timers) clearTimeout(t);
			timers.clear();
			const done = waiters;
			waiters = [];
			done.forEach((w) => w());
		},
	};
}

export type DeliverySender = ReturnType<typeof createDeliverySender>;
