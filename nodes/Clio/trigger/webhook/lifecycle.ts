import { randomUUID } from 'crypto';
import type { IDataObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { isLiveWebhook, needsRenewal, webhookExpiry } from '../../clio/webhook-lifetime';
import { clioApiRequestAllItems } from '../../transport/paginate';
import { clioApiRequest } from '../../transport/request';
import { modeState, type TriggerContext } from '../state';
import { mirror, triggerMemory } from './memory';
import type { WebhookSettings } from './settings';

/** api-facts §8.3: what the trigger reads of a webhook, its shared secret included (§8.4). */
export const WEBHOOK_FIELDS =
	'id,etag,url,model,events,fields,status,expires_at,created_at,shared_secret';

export interface WebhookState {
	webhookId?: number;
	secret?: string;
	/** The n8n address Clio delivers to (poll() cannot ask n8n for it). */
	url?: string;
	expiresAt?: string;
	/** When this webhook was made or taken over. */
	since?: string;
	lastEventAt?: string;
	lastHealthyAt?: string;
	/** Made when the workflow is published; a new one after unpublishing and publishing again. */
	activation?: string;
	/** Deliveries handled recently: [key, when in ms] (plain keys in older saves). */
	deliveries?: Array<[string, number] | string>;
	/** [matter id, stage id, stage name, stage changed at] as last delivered. */
	stages?: Array<[number, number | null, string | null, string | null]>;
	/** [webhook id, shared secret] of webhooks this one replaced, for deliveries still under way. */
	secrets?: Array<[number, string]>;
}

export type ClioWebhook = IDataObject;

export function webhookState(ctx: TriggerContext, quiet = false): WebhookState {
	return modeState<WebhookState>(ctx, 'webhook', quiet);
}

/** The transport's errors are n8n errors already; anything else is wrapped as one. */
export function asNodeError(
	ctx: TriggerContext,
	error: unknown,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), error as Error);
}

/** A 404 from Clio, as thrown by the transport. */
export function isNotFound(error: unknown): boolean {
	return String((error as { httpCode?: unknown } | undefined)?.httpCode) === '404';
}

export async function readWebhook(
	ctx: TriggerContext,
	id: number,
): Promise<ClioWebhook | undefined> {
	try {
		const response = await clioApiRequest<{ data: ClioWebhook }>(ctx, {
			method: 'GET',
			path: `/webhooks/${id}.json`,
			query: { fields: WEBHOOK_FIELDS },
		});
		return response.data;
	} catch (error) {
		if (isNotFound(error)) return undefined;
		throw asNodeError(ctx, error);
	}
}

/** Deletes a Clio webhook; one already gone is fine. */
export async function deleteWebhook(ctx: TriggerContext, id: number, why: string): Promise<void> {
	try {
		await clioApiRequest(ctx, { method: 'DELETE', path: `/webhooks/${id}.json` });
		ctx.logger.info(`Clio Trigger: deleted Clio webhook ${id} (${why})`);
	} catch (error) {
		if (!isNotFound(error)) throw asNodeError(ctx, error);
		ctx.logger.debug(`Clio Trigger: Clio webhook ${id} was already gone (${why})`);
	}
}

/** Every Clio webhook delivering to this address: they all belong to this trigger node. */
export async function webhooksAt(ctx: TriggerContext, url: string): Promise<ClioWebhook[]> {
	const all = await clioApiRequestAllItems(ctx, '/webhooks.json', { fields: WEBHOOK_FIELDS });
	return all.filter((webhook) => webhook.url === url);
}

function sameList(a: unknown, b: string[]): boolean {
	return Array.isArray(a) && [...a].map(String).sort().join(',') === [...b].sort().join(',');
}

/**
 * Records the webhook as this trigger's current one. What the trigger remembers of deliveries stays:
 * a replaced webhook's re-attempts and the new webhook may carry the same change.
 */
function remember(
	ctx: TriggerContext,
	webhook: ClioWebhook,
	url: string,
	secret?: string,
): WebhookState {
	const state = webhookState(ctx);
	state.activation ??= randomUUID();
	const memory = triggerMemory(ctx, state);
	if (state.webhookId !== Number(webhook.id)) state.since = new Date().toISOString();
	state.webhookId = Number(webhook.id);
	state.secret = String(webhook.shared_secret ?? secret ?? state.secret ?? '');
	state.url = url;
	state.expiresAt = String(webhook.expires_at ?? '');
	memory.secrets.set(state.webhookId, state.secret);
	mirror(memory, state);
	return state;
}

/** Moves `expires_at` ahead (api-facts §8.2) and, when given, the events and fields. */
export async function updateWebhook(
	ctx: TriggerContext,
	id: number,
	changes: IDataObject,
): Promise<ClioWebhook> {
	const response = await clioApiRequest<{ data: ClioWebhook }>(ctx, {
		method: 'PATCH',
		path: `/webhooks/${id}.json`,
		query: { fields: WEBHOOK_FIELDS },
		body: { ...changes, expires_at: webhookExpiry(Date.now()) },
	});
	return response.data;
}

/**
 * Finds this node's live webhook for the model in Clio and brings it in line with the settings
 * (events, fields, a renewed expiry when less than a third of its lifetime is left). Webhooks at
 * the same address that are expired, suspended, for another model or duplicates (two n8n main
 * instances creating at once) are deleted. Returns the state, or undefined when none is live.
 */
export async function adoptWebhook(
	ctx: TriggerContext,
	settings: WebhookSettings,
	url: string,
): Promise<WebhookState | undefined> {
	const now = Date.now();
	const previous = webhookState(ctx);
	// n8n's production address changed: the webhook for the old one would deliver nowhere useful.
	// (A test listen uses another address on purpose and leaves the production webhook alone.)
	if (ctx.getMode() !== 'manual' && previous.webhookId && previous.url && previous.url !== url) {
		await deleteWebhook(
			ctx,
			previous.webhookId,
			`n8n's webhook address changed from ${previous.url}`,
		);
		delete previous.webhookId;
	}
	const ours = await webhooksAt(ctx, url);
	const keep = ours
		.filter((webhook) => webhook.model === settings.model.value && isLiveWebhook(webhook, now))
		.sort((a, b) => Number(a.id) - Number(b.id))[0];
	for (const webhook of ours) {
		if (webhook !== keep)
			await deleteWebhook(ctx, Number(webhook.id), 'replaced, expired or suspended');
	}
	if (!keep) return undefined;
	const differs =
		!sameList(keep.events, settings.events) || String(keep.fields ?? '') !== settings.fields;
	if (!differs && !needsRenewal(keep.expires_at, now)) return remember(ctx, keep, url);
	const updated = await updateWebhook(
		ctx,
		Number(keep.id),
		differs ? { events: settings.events, fields: settings.fields } : {},
	);
	return remember(ctx, updated, url, String(keep.shared_secret ?? ''));
}

/** Creates the Clio webhook for this node (api-facts §8.2), unless a live one is found first. */
export async function ensureWebhook(
	ctx: TriggerContext,
	settings: WebhookSettings,
	url: string,
): Promise<WebhookState> {
	const adopted = await adoptWebhook(ctx, settings, url);
	if (adopted) return adopted;
	let created: ClioWebhook;
	try {
		const response = await clioApiRequest<{ data: ClioWebhook }>(ctx, {
			method: 'POST',
			path: '/webhooks.json',
			query: { fields: WEBHOOK_FIELDS },
			body: {
				url,
				model: settings.model.value,
				events: settings.events,
				fields: settings.fields,
				expires_at: webhookExpiry(Date.now()),
			},
		});
		created = response.data;
	} catch (error) {
		const status = String((error as { httpCode?: unknown }).httpCode ?? '');
		if (!url.startsWith('https://') && (status === '422' || status === '400')) {
			throw new NodeOperationError(ctx.getNode(), `Clio refused the webhook address ${url}`, {
				description:
					'Clio only delivers to https addresses reachable from the internet. Set n8n’s WEBHOOK_URL to its public https address, or use Polling mode.',
			});
		}
		throw asNodeError(ctx, error);
	}
	if (!created?.id || !created.shared_secret) {
		// Without the secret no delivery could be verified: do not leave this webhook behind.
		if (created?.id)
			await deleteWebhook(ctx, Number(created.id), 'created without a shared secret');
		throw new NodeOperationError(
			ctx.getNode(),
			'Clio created the webhook without returning its shared secret',
			{
				description: 'The webhook was removed again. Try activating the workflow once more.',
			},
		);
	}
	ctx.logger.info(
		`Clio Trigger: created Clio webhook ${String(created.id)} for ${settings.model.value}`,
	);
	return remember(ctx, created, url);
}
