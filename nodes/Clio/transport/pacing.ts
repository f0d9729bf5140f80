import { sleep } from 'n8n-workflow';

import { readRateLimitHeaders } from '../clio/rate-limit';

// Clio limits requests per access token (api-facts §4), so one pacer is kept per credential and
// shared by every execution in this process. It spends the window's budget freely, spreads the
// last tenth of it over the time left, and waits for the next window once it is spent, so a
// batch of items never runs into a 429 in the first place.

interface WindowState {
	limit?: number;
	remaining?: number;
	resetAtMs?: number;
}

const windows = new Map<string, WindowState>();

const SAFETY_MARGIN_MS = 50;

export function pacingDelayMs(state: WindowState, nowMs: number): number {
	if (state.remaining === undefined || state.resetAtMs === undefined) return 0;
	const timeLeft = state.resetAtMs - nowMs;
	if (timeLeft <= 0) return 0;
	if (state.remaining <= 0) return timeLeft + SAFETY_MARGIN_MS;
	const reserve = Math.max(1, Math.floor((state.limit ?? 0) / 10));
	if (state.remaining > reserve) return 0;
	return Math.floor(timeLeft / (state.remaining + 1));
}

/** Waits as long as the credential's current window requires, then books one request in it. */
export async function awaitTurn(credentialKey: string): Promise<void> {
	const state = windows.get(credentialKey);
	if (!state) return;
	const delay = pacingDelayMs(state, Date.now());
	if (delay > 0) await sleep(delay);
	if (state.resetAtMs !== undefined && Date.now() >= state.resetAtMs) {
		state.remaining = state.limit;
		state.resetAtMs = undefined;
	}
	if (state.remaining !== undefined) state.remaining -= 1;
}

/** Records what Clio said about the window in a response's X-RateLimit-* headers. */
export function recordWindow(credentialKey: string, headers: Record<string, unknown>): void {
	const seen = readRateLimitHeaders(headers);
	if (seen.remaining === undefined) return;
	const state = windows.get(credentialKey) ?? {};
	state.limit = seen.limit ?? state.limit;
	// Responses can arrive out of order; the lower remaining count of the same window wins.
	const sameWindow = state.resetAtMs !== undefined && state.resetAtMs === seen.resetAtMs;
	state.remaining = sameWindow ? Math.min(state.remaining ?? seen.remaining, seen.remaining) : seen.remaining;
	state.resetAtMs = seen.resetAtMs;
	windows.set(credentialKey, state);
}

/** After a 429 the window is known to be spent until the server says otherwise. */
export function markExhausted(credentialKey: string, retryAtMs: number): void {
	const state = windows.get(credentialKey) ?? {};
	state.remaining = 0;
	state.resetAtMs = retryAtMs;
	windows.set(credentialKey, state);
}
