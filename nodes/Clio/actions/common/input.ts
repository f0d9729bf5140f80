import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { optionalRecordId } from './params';

function isRealDay(year: number, month: number, day: number): boolean {
	const date = new Date(Date.UTC(year, month - 1, day));
	return (
		date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
	);
}

/**
 * A date parameter as the `YYYY-MM-DD` day Clio's date fields expect (api-facts §3.4). The day is
 * taken as written, so a date picked in the editor is not moved by a time zone.
 */
export function isoDate(
	ctx: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
	label: string,
): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const text = value instanceof Date ? value.toISOString() : String(value).trim();
	const match = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(text);
	if (match && isRealDay(Number(match[1]), Number(match[2]), Number(match[3]))) {
		return `${match[1]}-${match[2]}-${match[3]}`;
	}
	throw new NodeOperationError(ctx.getNode(), `${label}: "${text}" is not a date`, {
		itemIndex,
		description: `Pick a day in the field "${label}", or write it as YYYY-MM-DD, for example 2026-03-31.`,
	});
}

/** A text parameter, trimmed; empty when not set. */
export function textParameter(
	ctx: IExecuteFunctions,
	parameter: string,
	itemIndex: number,
): string {
	return String(ctx.getNodeParameter(parameter, itemIndex, '') ?? '').trim();
}

/** A text parameter that must not be empty, trimmed. */
export function requiredText(
	ctx: IExecuteFunctions,
	parameter: string,
	itemIndex: number,
	label: string,
	why: string,
): string {
	const text = textParameter(ctx, parameter, itemIndex);
	if (!text) {
		throw new NodeOperationError(ctx.getNode(), `${label}: this field is empty`, {
			itemIndex,
			description: why,
		});
	}
	return text;
}

/** Copies the non-empty text values of a collection into a Clio body, trimmed, under Clio's names. */
export function copyText(
	body: IDataObject,
	values: IDataObject,
	names: Record<string, string>,
): void {
	for (const [parameter, attribute] of Object.entries(names)) {
		const value = values[parameter];
		if (typeof value === 'string' && value.trim()) body[attribute] = value.trim();
	}
}

/** Refuses an update that would send Clio nothing to change. */
export function assertSomethingToUpdate(
	ctx: IExecuteFunctions,
	body: IDataObject,
	itemIndex: number,
): void {
	if (Object.keys(body).length) return;
	throw new NodeOperationError(ctx.getNode(), 'Update Fields: nothing to update', {
		itemIndex,
		description: 'Add at least one field under "Update Fields" and give it a value.',
	});
}

/** Refuses a value outside the list Clio accepts, naming the accepted values. */
export function assertOneOf(
	ctx: IExecuteFunctions,
	value: unknown,
	accepted: readonly string[],
	itemIndex: number,
	label: string,
): string {
	const text = String(value ?? '');
	if (accepted.includes(text)) return text;
	throw new NodeOperationError(ctx.getNode(), `${label}: "${text}" is not accepted`, {
		itemIndex,
		description: `Clio accepts only ${accepted.map((entry) => `"${entry}"`).join(', ')} in the field "${label}".`,
	});
}

/**
 * The record picked in a locator inside a collection, as Clio's `{ id }` link; undefined when the
 * field was not added or left empty.
 */
export function linkedRecord(
	ctx: IExecuteFunctions,
	itemIndex: number,
	collection: string,
	values: IDataObject,
	parameter: string,
	label: string,
): { id: number } | undefined {
	if (values[parameter] === undefined) return undefined;
	const id = optionalRecordId(ctx, `${collection}.${parameter}`, itemIndex, label);
	return id ? { id } : undefined;
}

/** Two day filters that bound a range, as `YYYY-MM-DD`; refuses a range that ends before it starts. */
export function dayRange(
	ctx: IExecuteFunctions,
	values: IDataObject,
	itemIndex: number,
	from: { name: string; label: string },
	to: { name: string; label: string },
): { from?: string; to?: string } {
	const first = isoDate(ctx, values[from.name], itemIndex, from.label);
	const last = isoDate(ctx, values[to.name], itemIndex, to.label);
	if (first && last && first > last) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${from.label}: ${first} is after ${to.label} (${last})`,
			{
				itemIndex,
				description: `${from.label} must be on or before ${to.label}.`,
			},
		);
	}
	return { from: first, to: last };
}

/** A record picked in an options list (or given by ID in an expression), as Clio's `{ id }` link. */
export function optionRecord(
	ctx: IExecuteFunctions,
	value: unknown,
	itemIndex: number,
	label: string,
): { id: number } | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const text = String(value).trim();
	if (/^[1-9][0-9]*$/.test(text)) return { id: Number(text) };
	throw new NodeOperationError(ctx.getNode(), `${label}: "${text}" is not an ID`, {
		itemIndex,
		description: `Choose an entry of the list "${label}", or give its numeric ID (for example 12345).`,
	});
}
