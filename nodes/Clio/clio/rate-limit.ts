// Clio's rate-limit rules (api-facts §4): limits are per access token, every response carries
// X-RateLimit-Limit / -Remaining / -Reset (Unix seconds), and a 429 carries Retry-After, which
// clients have met both as delta-seconds and as an HTTP date (RFC 9110 allows either).

export interface RateLimitHeaders {
	limit?: number;
	remaining?: number;
	/** Epoch milliseconds at which the current window ends. */
	resetAtMs?: number;
}

type HeaderBag = Record<string, unknown>;

function header(headers: HeaderBag, name: string): string | undefined {
	const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
	const direct = key === undefined ? undefined : headers[key];
	const value = Array.isArray(direct) ? direct[0] : direct;
	return value === undefined || value === null ? undefined : String(value).trim();
}

function finiteNumber(value: string | undefined): number | undefined {
	if (value === undefined || value === '') return undefined;
	const parsed = Number(value);
	return Number.isFinite(parsed) ? parsed : undefined;
}

export function readRateLimitHeaders(headers: HeaderBag): RateLimitHeaders {
	const reset = finiteNumber(header(headers, 'x-ratelimit-reset'));
	return {
		limit: finiteNumber(header(headers, 'x-ratelimit-limit')),
		remaining: finiteNumber(header(headers, 'x-ratelimit-remaining')),
		resetAtMs: reset === undefined ? undefined : reset * 1000,
	};
}

/**
 * Milliseconds to wait before retrying, from a Retry-After header given either as seconds
 * ("12") or as an HTTP date ("Wed, 26 Nov 2026 21:00:05 GMT"); undefined when absent or unreadable.
 */
export function retryAfterMs(headers: HeaderBag, nowMs: number): number | undefined {
	const value = header(headers, 'retry-after');
	if (value === undefined || value === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
	const date = Date.parse(value);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - nowMs);
}

/**
 * Bounds (ms) on the length of Clio's rate-limit windows, learned from windows that this client's
 * own request opened. `atLeastMs` is exclusive.
 */
export interface WindowLength {
	atLeastMs: number;
	atMostMs: number;
}

/**
 * The window's length in whole seconds (Clio's windows last 60 s, api-facts §4): the longest the
 * bounds allow, so never shorter than the real one; undefined when no whole second fits.
 */
export function wholeSecondLength(length: WindowLength): number | undefined {
	const ms = Math.floor(length.atMostMs / 1000) * 1000;
	return ms >= 1000 && ms > length.atLeastMs ? ms : undefined;
}

/**
 * What a window opened by a request (its answer says one request spent) tells about the window's
 * length: it began between the request's sending and its answer, and it ends at X-RateLimit-Reset
 * at the latest and less than a second before it (Reset is in whole seconds, rounded up). Narrows
 * what was known; false when no whole-second length fits every window seen (then the windows are
 * not of one length counted from their first request, and the length is not to be relied on).
 */
export function narrowWindowLength(
	known: WindowLength | undefined,
	opened: { resetAtMs: number; sentMs: number; answeredMs: number },
): WindowLength | false {
	const length = {
		atLeastMs: Math.max(known?.atLeastMs ?? -Infinity, opened.resetAtMs - 1000 - opened.answeredMs),
		atMostMs: Math.min(known?.atMostMs ?? Infinity, opened.resetAtMs - opened.sentMs),
	};
	return wholeSecondLength(length) === undefined ? false : length;
}
