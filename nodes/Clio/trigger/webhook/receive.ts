import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { DOCUMENT_FIELDS } from '../../clio/fields';
import { needsRenewal } from '../../clio/webhook-lifetime';
import { isValidWebhookSignature } from '../../clio/webhook-signature';
import { clioApiRequestAllItems } from '../../transport/paginate';
import { clioApiRequest } from '../../transport/request';
import { asObject, newest, timeOf } from '../state';
import { readWebhook, updateWebhook, webhookState, type WebhookState } from './lifecycle';
import { recordPath } from './models';
import { type WebhookSettings, webhookSettings } from './settings';

const MAX_DELIVERY_KEYS = 500;
const MAX_STAGES = 2_000;
/**
 * api-facts §8.8: Clio re-attempts a failed delivery for about an hour. A matter met for the
 * first time counts as having changed stage when its stage changed within this time.
 */
const RECENT_STAGE_CHANGE_MS = 2 * 60 * 60 * 1000;
/** How often an unknown webhook id in a delivery may be looked up in Clio. */
const LOOKUP_EVERY_MS = 60 * 1000;
/** The opportunistic renewal is tried at most this often. */
const RENEW_ATTEMPT_EVERY_MS = 6 * 60 * 60 * 1000;

type RawRequest = { rawBody?: Buffer; readRawBody?: () => Promise<void> };

function answer(ctx: IWebhookFunctions, status: number, message?: string): IWebhookResponseData {
	const res = ctx.getResponseObject();
	if (message === undefined) res.status(status).end();
	else res.status(status).json({ message });
	return { noWebhookResponse: true };
}

async function rawBodyOf(ctx: IWebhookFunctions): Promise<Buffer | undefined> {
	const req = ctx.getRequestObject() as unknown as RawRequest;
	if (!req.rawBody && typeof req.readRawBody === 'function') await req.readRawBody();
	return req.rawBody;
}

/**
 * api-facts §8.5: the body must be signed with the webhook's shared secret. When the delivery
 * names another webhook than the one stored (the heartbeat replaced it and its new secret is not
 * saved here yet), the secret is read from Clio, but only for a webhook delivering to this node.
 */
async function isSigned(
	ctx: IWebhookFunctions,
	state: WebhookState,
	rawBody: Buffer | undefined,
	signature: unknown,
	webhookId: number | undefined,
): Promise<boolean> {
	if (webhookId === undefined || webhookId === state.webhookId) {
		return isValidWebhookSignature(state.secret, rawBody, signature);
	}
	// One look-up a minute at most, so forged requests cannot spend the Clio rate limit; a real
	// delivery refused meanwhile is re-attempted by Clio minutes later (api-facts §8.8).
	const now = Date.now();
	if (now - (timeOf(state.lastLookupAt) ?? 0) < LOOKUP_EVERY_MS) return false;
	state.lastLookupAt = new Date(now).toISOString();
	const webhook = await readWebhook(ctx, webhookId);
	if (!webhook || webhook.url !== ctx.getNodeWebhookUrl('default')) return false;
	const secret = String(webhook.shared_secret ?? '');
	if (!isValidWebhookSignature(secret, rawBody, signature)) return false;
	state.webhookId = webhookId;
	state.secret = secret;
	state.expiresAt = String(webhook.expires_at ?? '');
	return true;
}

interface StageChange {
	previous: IDataObject | null;
	previousAt: string | null;
}

/**
 * Whether a matter delivery is a stage change into a chosen stage. The last delivered stage of each
 * matter is remembered; for a matter not met before, `matter_stage_updated_at` must be recent
 * (Clio also sends the first update of a record even when no watched field changed, §8.7).
 */
function stageChange(
	state: WebhookState,
	settings: WebhookSettings,
	matter: IDataObject,
): StageChange | undefined {
	const stage = asObject(matter.matter_stage);
	const stageId = stage?.id === undefined || stage.id === null ? null : Number(stage.id);
	const id = Number(matter.id);
	const list = state.stages ?? [];
	const known = list.find(([matterId]) => matterId === id);
	const stageUpdatedAt =
		typeof matter.matter_stage_updated_at === 'string' ? matter.matter_stage_updated_at : null;
	state.stages = newest(
		[
			...list.filter(([matterId]) => matterId !== id),
			[id, stageId, stage?.name === undefined ? null : String(stage.name), stageUpdatedAt],
		],
		MAX_STAGES,
	);
	let changed: boolean;
	if (known) {
		changed = known[1] !== stageId;
	} else {
		const at = timeOf(stageUpdatedAt);
		changed = at !== undefined && Date.now() - at < RECENT_STAGE_CHANGE_MS;
	}
	if (!changed || stageId === null) return undefined;
	if (settings.stages.length > 0 && !settings.stages.includes(stageId)) return undefined;
	return {
		previous: known && known[1] !== null ? { id: known[1], name: known[2] } : null,
		previousAt: known?.[3] ?? null,
	};
}

async function fetchRecord(
	ctx: IWebhookFunctions,
	settings: WebhookSettings,
	id: unknown,
): Promise<IDataObject> {
	const response = await clioApiRequest<{ data: IDataObject }>(ctx, {
		method: 'GET',
		path: recordPath(settings.model, String(id)),
		query: { fields: settings.recordFields },
	});
	return response.data;
}

/** Moves the expiry ahead when a delivery arrives and the webhook is in its last third (§8.2). */
async function renewOnDelivery(ctx: IWebhookFunctions, state: WebhookState): Promise<void> {
	const now = Date.now();
	if (!state.webhookId || !needsRenewal(state.expiresAt, now)) return;
	if (now - (timeOf(state.lastRenewAttemptAt) ?? 0) < RENEW_ATTEMPT_EVERY_MS) return;
	state.lastRenewAttemptAt = new Date(now).toISOString();
	try {
		const webhook = await updateWebhook(ctx, state.webhookId, {});
		state.expiresAt = String(webhook.expires_at ?? state.expiresAt);
	} catch (error) {
		// The heartbeat (Poll Times) renews as well and reports failures; the delivery still counts.
		ctx.logger.warn(
			`Clio Trigger: could not extend Clio webhook ${state.webhookId}: ${(error as Error).message}`,
		);
	}
}

/**
 * A request from Clio: the activation handshake (api-facts §8.4) is answered at once; a delivery
 * (§8.6) must carry a valid signature (§8.5) and is started once even if Clio sends it again.
 */
export async function receiveDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const headers = this.getHeaderData() as IDataObject;
	const handshake = headers['x-hook-secret'];
	if (typeof handshake === 'string' && handshake !== '') {
		const res = this.getResponseObject();
		res.set('X-Hook-Secret', handshake);
		res.status(200).end();
		return { noWebhookResponse: true };
	}

	const state = webhookState(this);
	const body = asObject(this.getBodyData()) ?? {};
	const meta = asObject(body.meta) ?? {};
	const data = asObject(body.data) ?? {};
	const webhookId = meta.webhook_id === undefined ? undefined : Number(meta.webhook_id);
	const rawBody = await rawBodyOf(this);
	if (!(await isSigned(this, state, rawBody, headers['x-hook-signature'], webhookId))) {
		this.logger.warn('Clio Trigger: refused a request without a valid X-Hook-Signature');
		return answer(this, 401, 'Invalid or missing X-Hook-Signature');
	}

	// api-facts §8.8: deliveries may repeat; the same record version and event is started once.
	const event = String(meta.event ?? '');
	const key = [meta.webhook_id, data.id, data.etag, event]
		.map((part) => String(part ?? ''))
		.join('|');
	if ((state.deliveries ?? []).includes(key)) return answer(this, 200);
	// Only a delivery handled to the end counts: one that failed half-way is taken again when
	// Clio re-attempts it.
	const previousEventAt = state.lastEventAt ?? null;
	const handled = () => {
		state.deliveries = newest([...(state.deliveries ?? []), key], MAX_DELIVERY_KEYS);
		state.lastEventAt = new Date().toISOString();
	};

	const settings = webhookSettings(this);
	const extra: IDataObject = {};
	if (settings.onlyStageChanges) {
		const change = stageChange(state, settings, data);
		if (!change) {
			handled();
			return answer(this, 200);
		}
		extra.previous_matter_stage = change.previous;
		if (settings.attachDocuments) {
			const since = change.previousAt ?? previousEventAt ?? state.since;
			extra.documents = await clioApiRequestAllItems(
				this,
				'/documents.json',
				{ fields: DOCUMENT_FIELDS, matter_id: Number(data.id), created_since: since ?? undefined },
				{ limit: 200 },
			);
		}
	}
	const record =
		settings.fetchRecord && event !== 'deleted' && data.id !== undefined
			? await fetchRecord(this, settings, data.id)
			: data;
	handled();
	await renewOnDelivery(this, state);
	// Answered here, before n8n starts the run: n8n saves the static data changed above only when
	// the request was answered first; starting the run resets its change flag (seen on n8n 2.41.1),
	// and the stage and delivery memory would be lost.
	return {
		...answer(this, 200),
		workflowData: [
			[
				{
					json: {
						...record,
						event,
						model: settings.model.value,
						webhook_id: webhookId ?? null,
						...extra,
					},
				},
			],
		],
	};
}
