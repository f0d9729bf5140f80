import type { RateLimitOptions, RetryAfterFormat } from './types.mts';

/**
 * api-facts §4: limits are per access token in a fixed window; every response carries
 * X-RateLimit-Limit / -Remaining / -Reset (unix seconds when the window ends) and a 429 carries
 * Retry-After. Windows use real time, not the sandbox clock, so clients really wait.
 */
export interface RateDecision {
	headers: Record<string, string>;
	limited: boolean;
}

export function createRateLimiter(initial: RateLimitOptions | false, format: RetryAfterFormat) {
	let options = initial;
	let retryAfter = format;
	const windows = new Map<string, { start: number; count: number }>();

	return {
		set(rl: RateLimitOptions | false, fmt?: RetryAfterFormat) {
			options = rl;
			if (fmt) retryAfter = fmt;
			windows.clear();
		},
		check(key: string): RateDecision {
			if (!options) return { headers: {}, limited: false };
			const now = Date.now();
			let w = windows.get(key);
			if (!w || now >= w.start + options.windowMs) {
				w = { start: now, count: 0 };
				windows.set(key, w);
			}
			const end = w.start + options.windowMs;
			const limited = w.count >= options.limit;
			if (!limited) w.count++;
			const headers: Record<string, string> = {
				'X-RateLimit-Limit': String(options.limit),
				'X-RateLimit-Remaining': String(Math.max(0, options.limit - w.count)),
				'X-RateLimit-Reset': String(Math.ceil(end / 1000)),
			};
			if (limited) {
				// api-facts §4: Retry-After in seconds; clients should also cope with an HTTP date.
				headers['Retry-After'] =
					retryAfter === 'http-date'
						? new Date(end).toUTCString()
						: String(Math.max(1, Math.ceil((end - now) / 1000)));
			}
			return { headers, limited };
		},
	};
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
