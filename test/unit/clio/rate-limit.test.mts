import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
	narrowWindowLength,
	readRateLimitHeaders,
	retryAfterMs,
	wholeSecondLength,
} from '../../../nodes/Clio/clio/rate-limit.ts';
import {
	type PacingWindow,
	recordAnswer,
	roomLeft,
	takeTurn,
	windowEndMs,
	windowOf,
} from '../../../nodes/Clio/transport/pacing.ts';
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
			readRateLimitHeaders({
				'x-ratelimit-limit': '50',
				'x-ratelimit-remaining': '3',
				'x-ratelimit-reset': '1795000000',
			}),
			{ limit: 50, remaining: 3, resetAtMs: 1_795_000_000_000 },
		);
	});

	it('learns a window’s length from windows its own request opened', () => {
		// A 10 s window opened by a request sent at 100.300 s and answered at 100.304 s ends at
		// 110.300–110.304 s; Reset says 111 (whole seconds, rounded up).
		const first = narrowWindowLength(undefined, {
			resetAtMs: 111_000,
			sentMs: 100_300,
			answeredMs: 100_304,
		});
		assert.ok(first);
		assert.equal(wholeSecondLength(first), 10_000);
		// A window opened right after a whole second agrees and narrows the bounds.
		const second = narrowWindowLength(first, {
			resetAtMs: 122_000,
			sentMs: 111_020,
			answeredMs: 111_023,
		});
		assert.ok(second);
		assert.equal(wholeSecondLength(second), 10_000);
		assert.deepEqual(second, { atLeastMs: 9_977, atMostMs: 10_700 });
		// Windows that no single whole-second length explains: the length is not relied on.
		assert.equal(
			narrowWindowLength(second, { resetAtMs: 140_000, sentMs: 135_500, answeredMs: 135_510 }),
			false,
		);
		// Under a second cannot be a window's length.
		assert.equal(wholeSecondLength({ atLeastMs: -500, atMostMs: 900 }), undefined);
	});

	it('ends a window it opened at its start plus the length, never later than Reset', () => {
		const window = (state: Partial<PacingWindow>): PacingWindow => ({
			ours: 0,
			others: 0,
			inFlight: 0,
			limit: 50,
			resetAtMs: 111_000,
			...state,
		});
		const length = { atLeastMs: 9_696, atMostMs: 10_700 };
		const opened = { sentMs: 100_300, answeredMs: 100_304 };
		assert.equal(windowEndMs(window({ opened, length })), 110_309);
		// Not opened by this pacer, length unknown or disproved: Reset (and a margin for clocks).
		assert.equal(windowEndMs(window({ length })), 111_050);
		assert.equal(windowEndMs(window({ opened })), 111_050);
		assert.equal(windowEndMs(window({ opened, length: false })), 111_050);
		assert.equal(windowEndMs(window({ resetAtMs: undefined })), undefined);
	});

	it('counts the room left from Clio’s count, its own requests on their way and others’', () => {
		const state: PacingWindow = { limit: 50, ours: 30, others: 12, inFlight: 2 };
		assert.equal(roomLeft(state), 6);
		assert.equal(roomLeft({ ours: 0, others: 0, inFlight: 3 }), Infinity, 'no limit heard of yet');
	});
});

describe('a window ended by its learned length, before Reset', () => {
	// The window before had Reset 200 s; its learned length says it ended already, at 199 s.
	const endedEarly = (key: string): PacingWindow =>
		Object.assign(windowOf(key), {
			limit: 50,
			pastResetAtMs: 200_000,
			length: { atLeastMs: 9_000, atMostMs: 10_500 },
		});
	const headers = (remaining: number, resetSeconds: number) => ({
		'x-ratelimit-limit': '50',
		'x-ratelimit-remaining': String(remaining),
		'x-ratelimit-reset': String(resetSeconds),
	});

	it('sends one request first, and the rest once its answer shows the new window', () => {
		const key = 'learned-end-right';
		const state = endedEarly(key);
		const probe = takeTurn(key, state, 199_000);
		assert.equal(probe?.early, true);
		assert.equal(takeTurn(key, state, 199_001), undefined, 'the others wait for its answer');
		recordAnswer(probe, headers(49, 210), true);
		assert.equal(state.resetAtMs, 210_000);
		const rest = Array.from({ length: 49 }, () => takeTurn(key, state, 199_010));
		assert.ok(rest.every((turn) => turn && !turn.early));
		assert.equal(takeTurn(key, state, 199_010), undefined, 'the window is spent');
	});

	it('trusts the length no more when the request counted in the window before', () => {
		const key = 'learned-end-wrong';
		const state = endedEarly(key);
		const probe = takeTurn(key, state, 199_000);
		assert.ok(probe);
		recordAnswer(probe, headers(0, 200), true);
		assert.equal(state.length, false);
		assert.equal(state.blockedUntilMs, 200_050, 'nothing more until the old window’s Reset');
	});
});

describe('query strings', () => {
	it('repeats array parameters with [] and drops empty ones', () => {
		assert.equal(
			buildQuery({
				fields: 'id,matter{id}',
				'ids[]': [1, 2],
				status: 'open,pending',
				query: '',
				x: undefined,
			}),
			'?fields=id%2Cmatter%7Bid%7D&ids%5B%5D=1&ids%5B%5D=2&status=open%2Cpending',
		);
		assert.equal(buildQuery({}), '');
	});
});
