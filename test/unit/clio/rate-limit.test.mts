import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { readRateLimitHeaders, retryAfterMs } from '../../../nodes/Clio/clio/rate-limit.ts';
import { pacingDelayMs } from '../../../nodes/Clio/transport/pacing.ts';
import { buildQuery } from '../../../nodes/Clio/transport/query.ts';

describe('rate-limit headers', () => {
	const now = Date.parse('2026-11-26T21:00:00Z');

	it('reads Retry-After as seconds or as an HTTP date', () => {
		assert.equal(retryAfterMs({ 'retry-after': '7' }, now), 7000);
		assert.equal(retryAfterMs({ 'Retry-After': '0' }, now), 0);
		assert.equal(retryAfterMs({ 'retry-after': 'Thu, 26 Nov 2026 21:00:05 GMT' }, now), 5000);
		assert.equal(retryAfterMs({ 'retry-after': 'Thu, 26 Nov 2026 20:59:00 GMT' }, now), 0);
		assert.equal(retryAfterMs({ 'retry-after': 'soon' }, now), undefined);
		assert.equal(retryAfterMs({}, now), undefined);
	});

	it('reads the X-RateLimit-* window', () => {
		assert.deepEqual(
			readRateLimitHeaders({ 'x-ratelimit-limit': '50', 'x-ratelimit-remaining': '3', 'x-ratelimit-reset': '1795000000' }),
			{ limit: 50, remaining: 3, resetAtMs: 1_795_000_000_000 },
		);
	});

	it('paces: free while the budget is large, spread near the end, wait for the reset when spent', () => {
		assert.equal(pacingDelayMs({ limit: 50, remaining: 30, resetAtMs: now + 10_000 }, now), 0);
		assert.equal(pacingDelayMs({ limit: 50, remaining: 4, resetAtMs: now + 10_000 }, now), 2000);
		assert.equal(pacingDelayMs({ limit: 50, remaining: 0, resetAtMs: now + 10_000 }, now), 10_050);
		assert.equal(pacingDelayMs({ limit: 50, remaining: 0, resetAtMs: now - 1 }, now), 0);
		assert.equal(pacingDelayMs({}, now), 0);
	});
});

describe('query strings', () => {
	it('repeats array parameters with [] and drops empty ones', () => {
		assert.equal(
			buildQuery({ fields: 'id,matter{id}', 'ids[]': [1, 2], status: 'open,pending', query: '', x: undefined }),
			'?fields=id%2Cmatter%7Bid%7D&ids%5B%5D=1&ids%5B%5D=2&status=open%2Cpending',
		);
		assert.equal(buildQuery({}), '');
	});
});
