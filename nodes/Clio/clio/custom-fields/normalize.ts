import type { CustomFieldDefinition, CustomFieldType } from './types';

// Every value is checked and put into the form Clio stores before anything is sent, so a bad
// value fails with a message a person can act on instead of a 422 halfway through a batch.

export type Normalized = { ok: true; value: string } | { ok: false; accepted: string };

const ACCEPTED: Record<CustomFieldType, string> = {
	checkbox: 'true or false (also yes/no, 1/0, on/off)',
	contact: 'the numeric ID of a Clio contact',
	currency: 'a number such as 1250.50 (no currency symbol or thousands separator)',
	date: 'a real calendar date such as 2026-03-31 (also 31.03.2026, "March 31, 2026" or an unambiguous 03/31/2026)',
	time: 'a time such as 14:30, 14:30:00 or 2:30 PM',
	email: 'an email address such as name@example.com',
	matter: 'the numeric ID of a Clio matter',
	numeric: 'a number such as 42 or 3.5',
	picklist: 'one of the field’s options, by label or by option ID',
	text_area: 'text',
	text_line: 'one line of text, at most 255 characters',
	url: 'a web address starting with http:// or https://',
};

export function acceptedForm(definition: CustomFieldDefinition): string {
	if (definition.field_type !== 'picklist') return ACCEPTED[definition.field_type];
	const labels = activeOptions(definition).map((option) => `"${option.option}"`);
	return `one of ${labels.join(', ') || '(no options defined)'} (by label or option ID)`;
}

export function activeOptions(definition: CustomFieldDefinition) {
	return (definition.picklist_options ?? []).filter((option) => !option.deleted_at);
}

const MONTHS = [
	'january', 'february', 'march', 'april', 'may', 'june',
	'july', 'august', 'september', 'october', 'november', 'december',
];

function isoDate(year: number, month: number, day: number): string | undefined {
	if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return undefined;
	if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1) return undefined;
	const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
	if (day > daysInMonth) return undefined;
	return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function monthIndex(name: string): number {
	const lower = name.toLowerCase().replace(/\.$/, '');
	return MONTHS.findIndex((month) => month === lower || (lower.length >= 3 && month.startsWith(lower))) + 1;
}

export function normalizeDate(input: unknown): string | undefined {
	if (input instanceof Date) {
		return Number.isNaN(input.getTime()) ? undefined : input.toISOString().slice(0, 10);
	}
	if (typeof input !== 'string') return undefined;
	const text = input.trim();
	let match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
	if (match) return isoDate(+match[1], +match[2], +match[3]);
	match = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(text);
	if (match) return isoDate(+match[1], +match[2], +match[3]);
	match = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
	if (match) return isoDate(+match[3], +match[2], +match[1]);
	match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
	if (match) {
		const [first, second, year] = [+match[1], +match[2], +match[3]];
		// 03/04/2026 means March 4 in the US and 3 April elsewhere: refuse rather than guess.
		if (first > 12 && second <= 12) return isoDate(year, second, first);
		if (second > 12 && first <= 12) return isoDate(year, first, second);
		return undefined;
	}
	match = /^([A-Za-z]+\.?)\s+(\d{1,2}),?\s+(\d{4})$/.exec(text);
	if (match) return isoDate(+match[3], monthIndex(match[1]), +match[2]);
	match = /^(\d{1,2})\s+([A-Za-z]+\.?),?\s+(\d{4})$/.exec(text);
	if (match) return isoDate(+match[3], monthIndex(match[2]), +match[1]);
	return undefined;
}

export function normalizeTime(input: unknown): string | undefined {
	if (typeof input !== 'string') return undefined;
	const match = /^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?$/.exec(input.trim());
	if (!match) return undefined;
	let hours = +match[1];
	const [minutes, seconds] = [+match[2], +(match[3] ?? 0)];
	if (match[4]) {
		if (hours < 1 || hours > 12) return undefined;
		hours = (hours % 12) + (match[4].toLowerCase() === 'pm' ? 12 : 0);
	}
	if (hours > 23 || minutes > 59 || seconds > 59) return undefined;
	return [hours, minutes, seconds].map((part) => String(part).padStart(2, '0')).join(':');
}

function normalizeNumber(input: unknown): string | undefined {
	if (typeof input === 'number') return Number.isFinite(input) ? String(input) : undefined;
	if (typeof input !== 'string' || !/^\s*-?\d+(\.\d+)?\s*$/.test(input)) return undefined;
	return String(Number(input.trim()));
}

function normalizeId(input: unknown): string | undefined {
	const text = typeof input === 'number' ? String(input) : typeof input === 'string' ? input.trim() : '';
	return /^[1-9]\d*$/.test(text) ? text : undefined;
}

function normalizeCheckbox(input: unknown): string | undefined {
	if (typeof input === 'boolean') return String(input);
	const text = String(input).trim().toLowerCase();
	if (['true', 'yes', 'y', '1', 'on', 'checked'].includes(text)) return 'true';
	if (['false', 'no', 'n', '0', 'off', 'unchecked'].includes(text)) return 'false';
	return undefined;
}

function normalizePicklist(definition: CustomFieldDefinition, input: unknown): string | undefined {
	const options = activeOptions(definition);
	const text = String(input).trim();
	const byLabel = options.find((option) => option.option.trim().toLowerCase() === text.toLowerCase());
	if (byLabel) return String(byLabel.id);
	const byId = options.find((option) => String(option.id) === text);
	return byId ? String(byId.id) : undefined;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks one value against its field's type and returns it in the form Clio stores. */
export function normalizeCustomFieldValue(definition: CustomFieldDefinition, input: unknown): Normalized {
	const value = input;
	let normalized: string | undefined;
	switch (definition.field_type) {
		case 'checkbox':
			normalized = normalizeCheckbox(value);
			break;
		case 'date':
			normalized = normalizeDate(value);
			break;
		case 'time':
			normalized = normalizeTime(value);
			break;
		case 'numeric':
		case 'currency':
			normalized = normalizeNumber(value);
			break;
		case 'contact':
		case 'matter':
			normalized = normalizeId(value);
			break;
		case 'picklist':
			normalized = normalizePicklist(definition, value);
			break;
		case 'email':
			normalized = typeof value === 'string' && EMAIL.test(value.trim()) ? value.trim() : undefined;
			break;
		case 'url':
			normalized = typeof value === 'string' && /^https?:\/\/[^\s.]+\.[^\s]+$/i.test(value.trim()) ? value.trim() : undefined;
			break;
		case 'text_line':
			normalized =
				typeof value === 'string' || typeof value === 'number'
					? String(value).length <= 255 && !/[\r\n]/.test(String(value))
						? String(value)
						: undefined
					: undefined;
			break;
		case 'text_area':
			normalized = typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
			break;
	}
	return normalized === undefined ? { ok: false, accepted: acceptedForm(definition) } : { ok: true, value: normalized };
}
