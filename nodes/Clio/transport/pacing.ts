import { sleep } from 'n8n-workflow';

import {
	narrowWindowLength,
	readRateLimitHeaders,
	type WindowLength,
	wholeSecondLength,
} from '../clio/rate-limit';

// Clio limits requests per access token in fixed windows (api-facts §4), so one pacer is kept per
// credential and shared by every execution in this process. Requests go as fast as they come while
// the window has room; once it is spent, the next waits for the window's end, so a batch never runs
// into a 429. The room is what Clio's X-RateLimit-Limit and -Remaining say, less this process's
// requests still on their way: requests sent with the same token from elsewhere count too. The end
// is X-RateLimit-Reset, given in whole seconds and so up to a second late; when this pacer's own
// request opened the window, it knows the start to the millisecond and, with the window's length
// learned from such windows, the end.

export interface PacingWindow {
	limit?: number;
	/** Reset of the current window (epoch ms); undefined until an answer from it arrives. */
	resetAtMs?: number;
	/** Reset of the window before: answers about it arrive late and count for nothing now. */
	pastResetAtMs?: number;
	/** Our requests Clio counted in the current window, and the most it counted from elsewhere. */
	ours: number;
	others: number;
	/** Our requests sent and not answered yet: they may count in the current window. */
	inFlight: number;
	/** Our request that opened the current window: when it was sent and answered. */
	opened?: { sentMs: number; answeredMs: number };
	/** The window's length; false once windows contradicted each other or a 429 proved it wrong. */
	length?: WindowLength | false;
	/** No request before this time (a 429's Retry-After). */
	blockedUntilMs?: number;
}

/** One request's place in the pacing, from its turn to its answer. */
export interface Turn {
	key: string;
	sentMs: number;
	/** Sent before the last window's Reset, because its learned length said it had ended. */
	early: boolean;
}

const windows = new Map<string, PacingWindow>();

/** After a window's end known to the millisecond: Date.now() counts whole milliseconds. */
const LEARNED_END_MARGIN_MS = 5;
/** After Reset: a margin for the clocks of Clio and of this machine. */
const RESET_MARGIN_MS = 50;
/** How soon to look again while answers still to come may show that there is room. */
const ANSWER_WAIT_MS = 10;

/** The pacing state of a credential (created empty). */
export function windowOf(key: string): PacingWindow {
	let state = windows.get(key);
	if (!state) {
		state = { ours: 0, others: 0, inFlight: 0 };
		windows.set(key, state);
	}
	return state;
}

/** When the current window ends, as far as is known: the learned end, or Reset. */
export function windowEndMs(state: PacingWindow): number | undefined {
	if (state.resetAtMs === undefined) return undefined;
	const reset = state.resetAtMs + RESET_MARGIN_MS;
	const length = state.length ? wholeSecondLength(state.length) : undefined;
	if (!state.opened || length === undefined) return reset;
	return Math.min(reset, state.opened.answeredMs + length + LEARNED_END_MARGIN_MS);
}

/** Requests the current window still takes. */
export function roomLeft(state: PacingWindow): number {
	if (state.limit === undefined) return Infinity;
	return state.limit - state.ours - state.others - state.inFlight;
}

function startNextWindow(state: PacingWindow): void {
	if (state.resetAtMs !== undefined) state.pastResetAtMs = state.resetAtMs;
	state.resetAtMs = undefined;
	state.opened = undefined;
	state.ours = 0;
	state.others = 0;
}

/** Waits until the credential's current window has room, then books one request in it. */
export async function awaitTurn(key: string): Promise<Turn> {
	const state = windowOf(key);
	for (;;) {
		const now = Date.now();
		if (state.blockedUntilMs !== undefined && now < state.blockedUntilMs) {
			await sleep(state.blockedUntilMs - now);
			continue;
		}
		if (state.blockedUntilMs !== undefined) {
			state.blockedUntilMs = undefined;
			startNextWindow(state);
		}
		const end = windowEndMs(state);
		if (end !== undefined && now >= end) startNextWindow(state);
		const turn = takeTurn(key, state, now);
		if (turn) return turn;
		const wait = state.inFlight > 0 || end === undefined ? ANSWER_WAIT_MS : end - now;
		await sleep(Math.max(1, wait));
	}
}

/** Books one request in the window now, when it has room; undefined when it must wait. */
export function takeTurn(key: string, state: PacingWindow, now: number): Turn | undefined {
	if (roomLeft(state) <= 0) return undefined;
	const early =
		state.resetAtMs === undefined && state.pastResetAtMs !== undefined && now < state.pastResetAtMs;
	// Before Reset, on the learned length's word alone, one request goes first: its answer shows
	// whether the new window has begun, so a wrong length costs one 429, not a window's worth.
	if (early && state.inFlight > 0) return undefined;
	state.inFlight += 1;
	return { key, sentMs: now, early };
}

/**
 * Records what Clio said about the window in an answer's X-RateLimit-* headers. `counted`: whether
 * Clio counted the request (a 429 is refused before it counts).
 */
export function recordAnswer(turn: Turn, headers: Record<string, unknown>, counted: boolean): void {
	const state = windowOf(turn.key);
	state.inFlight = Math.max(0, state.inFlight - 1);
	const seen = readRateLimitHeaders(headers);
	if (seen.remaining === undefined || seen.resetAtMs === undefined) {
		// No word on the window (no answer at all): assume the worst, that it counted.
		if (counted && state.limit !== undefined) state.ours += 1;
		return;
	}
	// An answer about the window before, arriving after this one began.
	if (state.pastResetAtMs !== undefined && seen.resetAtMs <= state.pastResetAtMs) {
		// Sent after the learned end yet counted in the window before: the length is wrong, and
		// that window lasts until its Reset.
		if (turn.early && counted) {
			state.length = false;
			state.blockedUntilMs = Math.max(
				state.blockedUntilMs ?? 0,
				state.pastResetAtMs + RESET_MARGIN_MS,
			);
		}
		return;
	}
	if (state.resetAtMs !== undefined && seen.resetAtMs < state.resetAtMs) return;
	state.limit = seen.limit ?? state.limit;
	if (state.resetAtMs === undefined || seen.resetAtMs > state.resetAtMs) {
		// The first answer from a new window.
		startNextWindow(state);
		state.resetAtMs = seen.resetAtMs;
		if (counted && seen.limit !== undefined && seen.remaining === seen.limit - 1) {
			// Ours was the window's first request.
			const answeredMs = Date.now();
			state.opened = { sentMs: turn.sentMs, answeredMs };
			if (state.length !== false) {
				state.length = narrowWindowLength(state.length, {
					resetAtMs: seen.resetAtMs,
					sentMs: turn.sentMs,
					answeredMs,
				});
			}
		}
	}
	if (counted) state.ours += 1;
	if (state.limit !== undefined) {
		// Clio counted limit − remaining; of those, ours are at most the answered and the unanswered.
		const elsewhere = state.limit - seen.remaining - state.ours - state.inFlight;
		state.others = Math.max(state.others, elsewhere);
	}
}

/** After a 429: no request until `retryAtMs`. */
export function markExhausted(turn: Turn, retryAtMs: number): void {
	const state = windowOf(turn.key);
	// The learned end came before the real one: from now on only Reset is trusted.
	if (turn.early) state.length = false;
	state.blockedUntilMs = Math.max(state.blockedUntilMs ?? 0, retryAtMs);
}
