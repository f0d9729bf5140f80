// How long a Clio webhook lives and when to extend it (api-facts §8.2, §8.3). No n8n in here.

export const DAY_MS = 24 * 60 * 60 * 1000;

/** api-facts §8.2: `expires_at` may be at most 31 days ahead (3 days when left out). */
export const MAX_WEBHOOK_LIFETIME_MS = 31 * DAY_MS;

/**
 * Asked-for expiry is a little short of the maximum, so that a Clio clock slightly behind ours
 * never sees more than 31 days and refuses the request.
 */
export const CLOCK_MARGIN_MS = 10 * 60 * 1000;

/** A webhook is extended once less than a third of its lifetime is left (about 10 days). */
export const RENEW_WHEN_LEFT_MS = Math.floor(MAX_WEBHOOK_LIFETIME_MS / 3);

/**
 * api-facts §8.4: a new webhook stays `pending` until the handshake is answered; one still
 * pending after this long never got its handshake through and will not deliver.
 */
export const PENDING_GRACE_MS = 10 * 60 * 1000;

export interface WebhookLife {
	status?: unknown;
	expires_at?: unknown;
	created_at?: unknown;
}

function timeOf(value: unknown): number | undefined {
	if (typeof value !== 'string' || value === '') return undefined;
	const ms = Date.parse(value);
	return Number.isNaN(ms) ? undefined : ms;
}

/** The `expires_at` to ask for at `nowMs`: the longest lifetime Clio allows. */
export function webhookExpiry(nowMs: number): string {
	return new Date(nowMs + MAX_WEBHOOK_LIFETIME_MS - CLOCK_MARGIN_MS).toISOString();
}

/** Whether the webhook has less than a third of its lifetime left (or no known expiry). */
export function needsRenewal(expiresAt: unknown, nowMs: number): boolean {
	const at = timeOf(expiresAt);
	return at === undefined || at - nowMs < RENEW_WHEN_LEFT_MS;
}

/**
 * Whether Clio will still deliver through this webhook: not expired, not suspended (api-facts
 * §8.3), and either enabled or pending for no longer than a handshake takes.
 */
export function isLiveWebhook(webhook: WebhookLife, nowMs: number): boolean {
	const expiresAt = timeOf(webhook.expires_at);
	if (expiresAt !== undefined && expiresAt <= nowMs) return false;
	const status = String(webhook.status ?? '').toLowerCase();
	if (status === 'enabled') return true;
	if (status !== 'pending') return false;
	const createdAt = timeOf(webhook.created_at);
	return createdAt === undefined || nowMs - createdAt < PENDING_GRACE_MS;
}
