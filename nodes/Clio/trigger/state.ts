import type { IDataObject, IHookFunctions, IPollFunctions, IWebhookFunctions } from 'n8n-workflow';

export type TriggerContext = IPollFunctions | IHookFunctions | IWebhookFunctions;

/**
 * The part of the node's static data one mode keeps (`polling` or `webhook`). n8n saves static
 * data as JSON with the workflow, so everything in it is plain data and kept small.
 *
 * n8n saves static data only when it noticed a change, and it notices changes only to objects that
 * were there when it loaded the workflow: a state made later (at activation) would then change
 * unseen and never be saved, and after a restart the trigger would emit everything again (seen on
 * n8n 2.41.1). So each use stores the state anew, which n8n notices; its next save (after an
 * emitting poll, an activation or a delivery) writes the state as it is then.
 */
export function modeState<T extends object>(ctx: TriggerContext, mode: 'polling' | 'webhook'): T {
	const data = ctx.getWorkflowStaticData('node');
	const current = data[mode];
	if (typeof current === 'object' && current !== null) return current as T;
	// Assigned only when new: n8n writes static data back to its database whenever it was set.
	const state = {};
	data[mode] = state;
	return state as T;
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
