import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** Reads a record ID from a resource locator or a plain field, refusing anything but a whole number. */
export function recordId(ctx: IExecuteFunctions, parameter: string, itemIndex: number, label: string): number {
	const raw = ctx.getNodeParameter(parameter, itemIndex, '', { extractValue: true }) as unknown;
	const text = String(raw ?? '').trim();
	if (!/^[1-9][0-9]*$/.test(text)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${label}: "${text}" is not a Clio ID`,
			{
				itemIndex,
				description: `The field "${label}" needs the numeric ID of a Clio record (for example 12345), picked from the list, typed, or taken from a Clio address.`,
			},
		);
	}
	return Number(text);
}

/** Like recordId, but an empty value means "not set". */
export function optionalRecordId(
	ctx: IExecuteFunctions,
	parameter: string,
	itemIndex: number,
	label: string,
): number | undefined {
	const raw = ctx.getNodeParameter(parameter, itemIndex, '', { extractValue: true }) as unknown;
	if (raw === undefined || raw === null || String(raw).trim() === '') return undefined;
	return recordId(ctx, parameter, itemIndex, label);
}

/** A record picked in the "Filters" collection of a Get Many; undefined when not added or empty. */
export function filterRecordId(
	ctx: IExecuteFunctions,
	filters: IDataObject,
	name: string,
	itemIndex: number,
	label: string,
): number | undefined {
	return filters[name] ? optionalRecordId(ctx, `filters.${name}`, itemIndex, label) : undefined;
}

/** A date-time parameter as the ISO 8601 timestamp Clio's `*_since` filters expect. */
export function isoTimestamp(ctx: IExecuteFunctions, value: unknown, itemIndex: number, label: string): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const date = new Date(String(value));
	if (Number.isNaN(date.getTime())) {
		throw new NodeOperationError(ctx.getNode(), `${label}: "${String(value)}" is not a date and time`, {
			itemIndex,
			description: `Use an ISO 8601 timestamp such as 2026-03-31T09:00:00Z, or pick a date in the field "${label}".`,
		});
	}
	return date.toISOString();
}
