import { createHmac, timingSafeEqual } from 'crypto';

// api-facts §8.5: every delivery carries `X-Hook-Signature`, the lowercase hex HMAC-SHA256 of the
// raw request body keyed with the webhook's shared secret. It must be computed over the bytes as
// received, never over re-serialised JSON.

export function webhookSignature(secret: string, rawBody: Buffer | string): string {
	return createHmac('sha256', secret).update(rawBody).digest('hex');
}

/** Constant-time check of a received signature; anything malformed is simply not valid. */
export function isValidWebhookSignature(
	secret: string | undefined,
	rawBody: Buffer | string | undefined,
	received: unknown,
): boolean {
	if (!secret || rawBody === undefined || typeof received !== 'string') return false;
	const expected = Buffer.from(webhookSignature(secret, rawBody), 'utf8');
	const given = Buffer.from(received.trim().toLowerCase(), 'utf8');
	if (given.length !== expected.length) return false;
	return timingSafeEqual(given, expected);
}
