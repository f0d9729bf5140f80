import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { isLiveWebhook, needsRenewal } from '../../clio/webhook-lifetime';
import { clioPages, MAX_PAGE_SIZE } from '../../transport/paginate';
import type { QueryValue } from '../../transport/query';
import { clioApiRequest } from '../../transport/request';
import { timeOf } from '../state';
import {
	ensureWebhook,
	readWebhook,
	updateWebhook,
	webhookState,
	type WebhookState,
} from './lifecycle';
import {
	deliveryKey,
	markHandled,
	mirror,
	recordVersion,
	startedVersions,
	triggerMemory,
	type TriggerMemory,
} from './memory';
import { withFields } from './models';
import { stageChange } from './stages';
import { type WebhookSettings, webhookSettings } from './settings';

/** api-facts §8.8: Clio re-attempts failed deliveries for about an hour before giving up. */
const RETRY_WINDOW_MS = 65 * 60 * 1000;
/** Most records a catch-up reports at once; the rest would exceed one execution's sense. */
const MAX_CATCH_UP = 2_000;

/** An item shaped like a delivery (api-facts §8.6) as the webhook mode outputs it. */
function deliveryItem(
	record: IDataObject,
	event: string,
	settings: WebhookSettings,
	webhookId: number | null,
	extra: IDataObject = {},
): INodeExecutionData {
	return {
		json: { ...record, event, model: settings.model.value, webhook_id: webhookId, ...extra },
	};
}

/** "Fetch Test Event" in Webhook mode: the latest record, shaped like a delivery. */
async function sampleDelivery(
	ctx: IPollFunctions,
	settings: WebhookSettings,
): Promise<INodeExecutionData[][] | null> {
	const page = await clioApiRequest<{ data?: IDataObject[] }>(ctx, {
		method: 'GET',
		path: settings.model.path,
		query: { fields: settings.fields, order: settings.model.newestFirst, limit: 1 },
	});
	const record = page.data?.[0];
	if (!record) return null;
	const extra: IDataObject = settings.onlyStageChanges ? { previous_matter_stage: null } : {};
	return [
		[
			deliveryItem(
				record,
				settings.events[0],
				settings,
				webhookState(ctx).webhookId ?? null,
				extra,
			),
		],
	];
}

/**
 * From when records must be read again after the webhook lapsed: the last delivery received, or
 * the last time the heartbeat saw the webhook live (`healthyAtMs`, in this process's memory, or as
 * last saved) less Clio's re-attempt window, whichever is later; at worst since the webhook was
 * made.
 */
export function catchUpSince(state: WebhookState, nowMs: number, healthyAtMs?: number): number {
	const healthy = [timeOf(state.lastHealthyAt), healthyAtMs].filter(
		(ms): ms is number => ms !== undefined && Number.isFinite(ms),
	);
	const candidates = [
		timeOf(state.lastEventAt),
		healthy.length > 0 ? Math.max(...healthy) - RETRY_WINDOW_MS : undefined,
		timeOf(state.since),
	].filter((ms): ms is number => ms !== undefined && Number.isFinite(ms));
	return candidates.length > 0 ? Math.max(...candidates) : nowMs - RETRY_WINDOW_MS;
}

/** The event a record read in a catch-up stands for, if the webhook would have delivered it. */
function catchUpEvent(
	record: IDataObject,
	settings: WebhookSettings,
	sinceMs: number,
): string | undefined {
	if (settings.onlyStageChanges) {
		return (timeOf(record.matter_stage_updated_at) ?? 0) > sinceMs ? 'updated' : undefined;
	}
	const created = (timeOf(record.created_at) ?? 0) > sinceMs;
	if (created && settings.events.includes('created')) return 'created';
	if (settings.events.includes('updated')) return 'updated';
	const status = String(record.status ?? '').toLowerCase();
	const statusEvent = { open: 'matter_opened', pending: 'matter_pended', closed: 'matter_closed' }[
		status
	];
	if (statusEvent && settings.events.includes(statusEvent)) return statusEvent;
	return undefined;
}

/**
 * Records changed while no webhook delivered, shaped like deliveries and marked `catch_up`. Each
 * is claimed like a delivery: a record version a delivery already started (or is starting) is left
 * out, and a late delivery of one reported here starts nothing.
 */
async function catchUp(
	ctx: IPollFunctions,
	settings: WebhookSettings,
	sinceMs: number,
	webhookId: number,
	memory: TriggerMemory,
): Promise<INodeExecutionData[]> {
	const query: Record<string, QueryValue> = {
		fields: withFields(settings.fields, ['created_at', 'updated_at']),
		updated_since: new Date(sinceMs).toISOString(),
		limit: MAX_PAGE_SIZE,
		order: settings.model.orderByUpdatedAt ? 'updated_at(asc)' : undefined,
	};
	const items: INodeExecutionData[] = [];
	for await (const page of clioPages(ctx, settings.model.path, query)) {
		const started = startedVersions(memory);
		for (const record of page.records) {
			const event = catchUpEvent(record, settings, sinceMs);
			if (!event || started.has(recordVersion(record))) continue;
			const extra: IDataObject = { catch_up: true };
			if (settings.onlyStageChanges) {
				const decision = stageChange(memory, settings, record, sinceMs);
				if (!decision.change) continue;
				extra.previous_matter_stage = decision.change.previous;
			}
			markHandled(memory, deliveryKey(record, event));
			items.push(deliveryItem(record, event, settings, webhookId, extra));
		}
		if (items.length >= MAX_CATCH_UP) break;
	}
	return items;
}

/** A replacement's handshake is awaited this often, this far apart (10 s in all). */
const HANDSHAKE_CHECKS = 40;
const HANDSHAKE_CHECK_EVERY_MS = 250;

/**
 * api-facts §8.4: a new webhook delivers only once its handshake was answered. The catch-up reads
 * Clio after that, so that a change made in between is either read by it or delivered.
 */
async function untilEnabled(ctx: IPollFunctions, webhookId: number | undefined): Promise<void> {
	if (webhookId === undefined) return;
	for (let check = 1; check <= HANDSHAKE_CHECKS; check++) {
		const webhook = await readWebhook(ctx, webhookId);
		if (String(webhook?.status ?? '').toLowerCase() !== 'pending') return;
		await sleep(HANDSHAKE_CHECK_EVERY_MS);
	}
	ctx.logger.warn(
		`Clio Trigger: Clio webhook ${webhookId} is still pending its handshake; changes made until it is enabled may be missed`,
	);
}

/**
 * Webhook mode's poll() is a heartbeat, not a search: n8n offers no other timer that runs while
 * nothing is delivered. Clio is asked for the webhook each time (it, not the saved state, knows
 * the expiry). Less than a third of its 31 days left → extended. Expired, suspended or deleted →
 * re-created at once and the records changed meanwhile are output as a catch-up, which also makes
 * n8n save the new webhook's id and secret. Failures are thrown so that they show as an error
 * execution, never lost silently.
 */
export async function heartbeat(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const settings = webhookSettings(this);
	if (this.getMode() === 'manual') return await sampleDelivery(this, settings);

	const state = webhookState(this, true);
	// n8n saves the poll's static data, a copy loaded at activation, whenever the poll changed it:
	// while the webhook is healthy the heartbeat changes nothing. When it must write (an extension,
	// a replacement), the memory goes in first: in one n8n process it holds what the deliveries
	// recorded since. (In queue mode the deliveries' memory lives in the webhook processes.)
	const memory = triggerMemory(this, state);
	if (!state.url) {
		// The webhook is still being created by the activation running next to this first poll.
		this.logger.debug(
			'Clio Trigger: no Clio webhook recorded yet; the heartbeat waits for activation',
		);
		return null;
	}
	const now = Date.now();
	const current = state.webhookId ? await readWebhook(this, state.webhookId) : undefined;
	if (
		current &&
		current.url === state.url &&
		current.model === settings.model.value &&
		isLiveWebhook(current, now)
	) {
		memory.lastHealthyAt = now;
		if (needsRenewal(current.expires_at, now)) {
			const renewed = await updateWebhook(this, state.webhookId as number, {});
			mirror(memory, webhookState(this));
			state.lastHealthyAt = new Date(now).toISOString();
			state.expiresAt = String(renewed.expires_at ?? '');
			this.logger.info(
				`Clio Trigger: extended Clio webhook ${state.webhookId} to ${state.expiresAt}`,
			);
		}
		return null;
	}

	const lapsed = state.webhookId;
	const reason = current
		? `its status is ${String(current.status)}, expiry ${String(current.expires_at)}`
		: 'it no longer exists';
	const sinceMs = catchUpSince(state, now, memory.lastHealthyAt);
	const replacement = await ensureWebhook(this, settings, state.url);
	await untilEnabled(this, replacement.webhookId);
	state.lastHealthyAt = new Date(now).toISOString();
	this.logger.warn(
		`Clio Trigger: Clio webhook ${String(lapsed)} stopped delivering (${reason}); now using webhook ${String(replacement.webhookId)}`,
	);
	if (!settings.model.updatedSince) {
		throw new NodeOperationError(
			this.getNode(),
			`The Clio webhook had stopped delivering and was re-created`,
			{
				description: `Webhook ${String(lapsed)} lapsed (${reason}). Webhook ${String(replacement.webhookId)} delivers from now on, but ${settings.model.name} records changed since ${new Date(sinceMs).toISOString()} cannot be read again from Clio: check them there.`,
			},
		);
	}
	const items = await catchUp(this, settings, sinceMs, replacement.webhookId as number, memory);
	// Emitting makes n8n save the static data: the new webhook's id and secret reach the deliveries.
	mirror(memory, state);
	return items.length > 0 ? [items] : null;
}
