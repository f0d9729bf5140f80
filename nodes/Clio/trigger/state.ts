import type { IDataObject, IHookFunctions, IPollFunctions, IWebhookFunctions } from 'n8n-workflow';

export type TriggerContext = IPollFunctions | IHookFunctions | IWebhookFunctions;

/**
 * The part of the node's static data one mode keeps (`polling` or `webhook`). n8n saves static
 * data as JSON with the workflow, so everything in it is plain data and kept small.
 *
 * n8n saves static data only when it noticed a change, and it notices changes only inside objects
 * that were there when it loaded the workflow: a state made later (at activation) would change
 * unseen and never be saved, and after a restart the trigger would emit everything again (seen on
 * n8n 2.41.1). Such a state is stored anew at each use, which n8n notices; its next save writes
 * the state as it is then. A state n8n loaded is left as it is: writing into it is noticed, and a
 * request that writes nothing saves nothing. `quiet` leaves a later-made state unmarked too, for a
 * caller that will write nothing (and marks it with `modeState` again if it does).
 */
export function modeState<T extends object>(
	ctx: TriggerContext,
	mode: 'polling' | 'webhook',
	quiet = false,
): T {
	const data = ctx.getWorkflowStaticData('node');
	const current = data[mode];
	if (typeof current === 'object' && current !== null) {
		// n8n marks every object it loaded with `__dataChanged`.
		if (!quiet && !('__dataChanged' in current)) data[mode] = current;
		return current as T;
	}
	const state = {};
	data[mode] = state;
	return state as T;
}

/**
 * What a mode kept, as n8n loaded it, or undefined: creates and marks nothing, for a request that
 * must not make n8n save (a save writes the whole static data over what others saved meanwhile).
 */
export function savedModeState<T extends object>(
	ctx: TriggerContext,
	mode: 'polling' | 'webhook',
): T | undefined {
	const current = ctx.getWorkflowStaticData('node')[mode];
	return typeof current === 'object' && current !== null ? (current as T) : undefined;
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
