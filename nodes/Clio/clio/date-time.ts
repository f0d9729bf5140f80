// Dates and times as Clio wants them (api-facts §3.4): days as `YYYY-MM-DD`, moments as ISO 8601
// timestamps with an offset. A time written without an offset ("2026-05-04 09:30") means nothing
// on its own; it is read as the wall-clock time of an IANA time zone, so a hearing at 9:30 in
// New York is booked at 9:30 there whatever the time zone of the n8n server.

/** Whether the name is an IANA time zone this runtime knows, e.g. `America/New_York`. */
export function isTimeZone(zone: string): boolean {
	if (!zone) return false;
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: zone });
		return true;
	} catch {
		return false;
	}
}

interface WallTime {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallTimeIn(zone: string, ms: number): WallTime {
	let format = formatters.get(zone);
	if (!format) {
		format = new Intl.DateTimeFormat('en-US', {
			timeZone: zone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric',
		});
		formatters.set(zone, format);
	}
	const parts = Object.fromEntries(
		format.formatToParts(new Date(ms)).map((part) => [part.type, Number(part.value)]),
	);
	return {
		year: parts.year,
		month: parts.month,
		day: parts.day,
		hour: parts.hour,
		minute: parts.minute,
		second: parts.second,
	};
}

function asUtcMs(wall: WallTime): number {
	return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
}

/** The zone's offset from UTC at that moment, in minutes (e.g. -240 for New York in summer). */
export function offsetMinutes(zone: string, ms: number): number {
	return Math.round(
		(asUtcMs(wallTimeIn(zone, Math.floor(ms / 1000) * 1000)) - Math.floor(ms / 1000) * 1000) /
			60_000,
	);
}

const pad = (value: number, width = 2) => String(Math.abs(value)).padStart(width, '0');

/** A moment as `2026-05-04T09:30:00-04:00`, the wall-clock time at the given offset. */
export function withOffset(ms: number, offset: number): string {
	const wall = new Date(ms + offset * 60_000);
	const sign = offset < 0 ? '-' : '+';
	return (
		`${pad(wall.getUTCFullYear(), 4)}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}` +
		`T${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}` +
		`${sign}${pad(Math.trunc(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`
	);
}

/** The day (`YYYY-MM-DD`) it is in the zone at that moment. */
export function dayIn(zone: string, ms: number): string {
	const wall = wallTimeIn(zone, ms);
	return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`;
}

export type MomentResult =
	| { ok: true; ms: number; iso: string }
	| { ok: false; reason: 'format' | 'date' | 'gap' };

const MOMENT =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * A date-time typed by a person or given by an expression. With an offset (`Z`, `+02:00`) it is
 * that moment; without one it is the wall-clock time in `zone` (a day alone is its midnight).
 * `gap` is a wall-clock time the zone skips when its clocks go forward; a time that occurs twice
 * when they go back is taken at its first occurrence.
 */
export function parseMoment(text: string, zone: string): MomentResult {
	const match = MOMENT.exec(text.trim());
	if (!match) return { ok: false, reason: 'format' };
	const wall: WallTime = {
		year: Number(match[1]),
		month: Number(match[2]),
		day: Number(match[3]),
		hour: Number(match[4] ?? 0),
		minute: Number(match[5] ?? 0),
		second: Number(match[6] ?? 0),
	};
	const wallMs = asUtcMs(wall);
	const check = new Date(wallMs);
	if (
		check.getUTCFullYear() !== wall.year ||
		check.getUTCMonth() + 1 !== wall.month ||
		check.getUTCDate() !== wall.day ||
		wall.hour > 23 ||
		wall.minute > 59 ||
		wall.second > 59
	) {
		return { ok: false, reason: 'date' };
	}
	const zoneText = match[7];
	if (zoneText) {
		const offset =
			zoneText.toUpperCase() === 'Z'
				? 0
				: (zoneText.startsWith('-') ? -1 : 1) *
					(Number(zoneText.slice(1, 3)) * 60 + Number(zoneText.slice(-2)));
		const ms = wallMs - offset * 60_000;
		return { ok: true, ms, iso: withOffset(ms, offset) };
	}
	// The offset in force an offset's width before and after the wall time: the earlier reading
	// first, so a repeated hour resolves to its first occurrence.
	for (const probe of [wallMs - 12 * 3_600_000, wallMs + 12 * 3_600_000]) {
		const offset = offsetMinutes(zone, probe);
		const ms = wallMs - offset * 60_000;
		if (offsetMinutes(zone, ms) === offset) return { ok: true, ms, iso: withOffset(ms, offset) };
	}
	return { ok: false, reason: 'gap' };
}
