import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { clioPages, MAX_PAGE_SIZE } from '../../transport/paginate';
import type { QueryValue } from '../../transport/query';
import { type TriggerContext, timeOf } from '../state';
import { deliveryItem } from './delivery-item';
import { readWebhook, type WebhookState } from './lifecycle';
import {
	deliveryKey,
	markHandled,
	recordVersion,
	startedVersions,
	type TriggerMemory,
} from './memory';
import { withFields } from './models';
import type { WebhookSettings } from './settings';
import { stageChange } from './stages';

/** api-facts §8.8: Clio re-attempts failed deliveries for about an hour before giving up. */
const RETRY_WINDOW_MS = 65 * 60 * 1000;
/** Most records a catch-up reports at once; the rest would exceed one execution's sense. */
const MAX_CATCH_UP = 2_000;

/**
 * From when records must be read again after the webhook lapsed. Clio may have been re-attempting
 * failed deliveries for an hour before it stopped (§8.8), so the catch-up reaches back that hour
 * before the latest sign of life: the last delivery received, or the last time the heartbeat saw
 * the webhook live (`healthyAtMs`, in this process's memory, or as last saved). Never before the
 * webhook was made; when nothing is known, the last hour. Deliveries already handled are left out
 * of the catch-up by the trigger's memory, so reaching back repeats nothing.
 */
export function catchUpSince(state: WebhookState, nowMs: number, healthyAtMs?: number): number {
	const lastAlive = [timeOf(state.lastEventAt), timeOf(state.lastHealthyAt), healthyAtMs].filter(
		(ms): ms is number => ms !== undefined && Number.isFinite(ms),
	);
	const since = timeOf(state.since);
	if (lastAlive.length === 0) return since ?? nowMs - RETRY_WINDOW_MS;
	const from = Math.max(...lastAlive) - RETRY_WINDOW_MS;
	return since === undefined ? from : Math.max(from, since);
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
export async function catchUp(
	ctx: TriggerContext,
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

/** A new webhook's status is checked this often, this far apart (10 s in all). */
const ENABLED_CHECKS = 40;
const ENABLED_CHECK_EVERY_MS = 250;

/**
 * api-facts §8.4: a new webhook delivers only once its handshake was answered. A catch-up reads
 * Clio after that, so that a change made in between is either read by it or delivered. Counted
 * checks, not a deadline: whether the webhook left `pending` in time is what matters.
 */
export async function untilEnabled(ctx: TriggerContext, webhookId: number): Promise<void> {
	for (let check = 1; check <= ENABLED_CHECKS; check++) {
		const webhook = await readWebhook(ctx, webhookId);
		if (String(webhook?.status ?? '').toLowerCase() !== 'pending') return;
		await sleep(ENABLED_CHECK_EVERY_MS);
	}
	ctx.logger.warn(
		`Clio Trigger: Clio webhook ${webhookId} is still pending its handshake; changes made until it is enabled may be missed`,
	);
}
