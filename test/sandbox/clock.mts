import type { Clock } from './types.mts';

/**
 * The sandbox clock runs with real time from a settable starting point, so successive writes get
 * distinct timestamps while tests can still jump ahead (token expiry, `updated_since` polling).
 * Rate-limit windows deliberately use real time instead (see rate-limit.ts).
 */
export function createClock(start?: Date | string): Clock {
	let base = start === undefined ? Date.now() : new Date(start).getTime();
	let realAtBase = Date.now();
	const now = () => new Date(base + (Date.now() - realAtBase));
	return {
		now,
		iso: () => now().toISOString(),
		today: () => now().toISOString().slice(0, 10),
		advance(ms: number) {
			base += ms;
		},
		set(d: Date | string) {
			base = new Date(d).getTime();
			realAtBase = Date.now();
		},
	};
}
