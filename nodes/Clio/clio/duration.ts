// How long a time entry took. People type hours; Clio's API counts a time entry's `quantity` in
// SECONDS since API version 4.0.4 (it was hours up to 4.0.3, api-facts §1.3, §9.4), and the
// package sends 4.0.9. Sending 1.5 meaning hours would log one and a half seconds.

/** The forms a duration may be typed in, for hints and error messages. */
export const DURATION_FORMS = '1.5 (hours), 1:30 (hours:minutes), 90m (minutes) or 1h 30m';

const SECONDS_PER = { h: 3600, m: 60, s: 1 } as const;

const UNIT_WORDS: Record<string, keyof typeof SECONDS_PER> = {
	h: 'h',
	hr: 'h',
	hrs: 'h',
	hour: 'h',
	hours: 'h',
	m: 'm',
	min: 'm',
	mins: 'm',
	minute: 'm',
	minutes: 'm',
	s: 's',
	sec: 's',
	secs: 's',
	second: 's',
	seconds: 's',
};

const NUMBER = '(\\d+(?:[.,]\\d+)?|[.,]\\d+)';

function decimal(text: string): number {
	return Number(text.replace(',', '.'));
}

/** `1:30` or `1:30:15`: minutes and seconds below 60. */
function clockSeconds(text: string): number | undefined {
	const match = /^(\d+):([0-5]\d)(?::([0-5]\d))?$/.exec(text);
	if (!match) return undefined;
	return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3] ?? 0);
}

/** `90m`, `1.5 h`, `1h 30m`, `2 hours 15 minutes`: each unit at most once, largest first. */
function unitSeconds(text: string): number | undefined {
	const part = new RegExp(`${NUMBER}\\s*([a-z]+)\\s*`, 'gy');
	let seconds = 0;
	let lastUnit = Infinity;
	let end = 0;
	for (let match = part.exec(text); match; match = part.exec(text)) {
		const unit = UNIT_WORDS[match[2]];
		if (!unit || SECONDS_PER[unit] >= lastUnit) return undefined;
		lastUnit = SECONDS_PER[unit];
		seconds += decimal(match[1]) * SECONDS_PER[unit];
		end = part.lastIndex;
	}
	return end > 0 && end === text.length ? seconds : undefined;
}

/**
 * A duration typed by a person, in whole seconds: a number is hours (`1.5`, also with a decimal
 * comma `1,5`), `h:mm[:ss]` a clock time, and numbers with units (`90m`, `1h 30m`) are added up.
 * Undefined when the text is none of these or not above zero.
 */
export function durationSeconds(value: unknown): number | undefined {
	let seconds: number | undefined;
	if (typeof value === 'number') {
		seconds = Number.isFinite(value) ? value * 3600 : undefined;
	} else if (typeof value === 'string') {
		const text = value.trim().toLowerCase();
		if (new RegExp(`^${NUMBER}$`).test(text)) seconds = decimal(text) * 3600;
		else seconds = clockSeconds(text) ?? unitSeconds(text);
	}
	if (seconds === undefined || !(seconds > 0)) return undefined;
	return Math.max(1, Math.round(seconds));
}

/** Seconds as hours, e.g. 5400 → 1.5 (as Clio's `quantity_in_hours`). */
export function hoursOf(seconds: number): number {
	return seconds / 3600;
}
