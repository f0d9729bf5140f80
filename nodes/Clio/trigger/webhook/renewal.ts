import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isLiveWebhook, needsRenewal } from '../../clio/webhook-lifetime';
import { clioApiRequest } from '../../transport/request';
import { catchUpSince } from './catch-up';
import { deliveryItem } from './delivery-item';
import { ensureWebhook, readWebhook, updateWebhook, webhookState } from './lifecycle';
import { mirror, triggerMemory } from './memory';
import { type WebhookSettings, webhookSettings } from './settings';

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
 * Webhook mode's poll() is a heartbeat, not a search: n8n offers no other timer that runs while
 * nothing is delivered. Clio is asked for the webhook each time (it, not the saved state, knows
 * the expiry). Less than a third of its 31 days left → extended. Expired, suspended or deleted →
 * re-created at once; the process that answers the new webhook's handshake starts what changed
 * meanwhile (handshake.ts). Failures are thrown so that they show as an error execution, never
 * lost silently.
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
	// Nothing is emitted, so n8n saves nothing from here: the handshake's process records the new
	// webhook with the memory of the deliveries, which a save from here could overwrite.
	return null;
}
