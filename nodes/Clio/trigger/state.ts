import type { IDataObject, IHookFunctions, IPollFunctions, IWebhookFunctions } from 'n8n-workflow';

export type TriggerContext = IPollFunctions | IHookFunctions | IWebhookFunctions;

/**
 * The part of the node's static data one mode keeps (`polling` or `webhook`). n8n saves static
 * data as JSON with the workflow, so everything in it is plain data and kept small.
 */
export function modeState<T extends object>(ctx: TriggerContext, mode: 'polling' | 'webhook'): T {
	const data = ctx.getWorkflowStaticData('node');
	if (typeof data[mode] !== 'object' || data[mode] === null) data[mode] = {};
	return data[mode] as T;
}

/** Forgets what a mode kept (the webhook was deleted, or the polling settings changed). */
export function clearModeState(ctx: TriggerContext, mode: 'polling' | 'webhook'): void {
	delete ctx.getWorkflowStaticData('node')[mode];
}

/** Keeps the newest `max` entries of a list (state must stay bounded). */
export function newest<T>(list: T[], max: number): T[] {
	return list.length > max ? list.slice(list.length - max) : list;
}

/** A timestamp from Clio as milliseconds, or undefined. */
export function timeOf(value: unknown): number | undefined {
	if (typeof value !== 'string' || value === '') return undefined;
	const ms = Date.parse(value);
	return Number.isNaN(ms) ? undefined : ms;
}

export function asObject(value: unknown): IDataObject | undefined {
	return value !== null && typeof value === 'object' && !Array.isArray(value)
		? (value as IDataObject)
		: undefined;
}
