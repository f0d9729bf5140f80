import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { DOCUMENT_FIELDS } from '../../clio/fields';
import { needsRenewal } from '../../clio/webhook-lifetime';
import { isValidWebhookSignature } from '../../clio/webhook-signature';
import { clioApiRequestAllItems } from '../../transport/paginate';
import { clioApiRequest } from '../../transport/request';
import { asObject } from '../state';
import { deliveryItem } from './delivery-item';
import { answerHandshake } from './handshake';
import {
	asNodeError,
	readWebhook,
	updateWebhook,
	webhookState,
	type WebhookState,
} from './lifecycle';
import {
	claimDelivery,
	deliveryKey,
	mirror,
	secretOf,
	triggerMemory,
	type TriggerMemory,
} from './memory';
import { recordPath } from './models';
import { type WebhookSettings, webhookSettings } from './settings';
import { type StageDecision, stageChange } from './stages';

/** The opportunistic renewal is tried at most this often (per process). */
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
 * api-facts §8.5: the body must be signed with the webhook's shared secret. A delivery naming a
 * webhook this trigger does not know yet (the heartbeat replaced it, possibly in another n8n
 * process) is checked with the secret read from Clio, but only for a webhook delivering here.
 */
async function isSigned(
	ctx: IWebhookFunctions,
	memory: TriggerMemory,
	state: WebhookState,
	rawBody: Buffer | undefined,
	signature: unknown,
	webhookId: number | undefined,
): Promise<boolean> {
	const id = webhookId ?? state.webhookId;
	if (id === undefined) return false;
	const secret = await secretOf(memory, id, async () => {
		const webhook = await readWebhook(ctx, id);
		if (!webhook || webhook.url !== ctx.getNodeWebhookUrl('default')) return undefined;
		return String(webhook.shared_secret ?? '') || undefined;
	});
	if (!isValidWebhookSignature(secret, rawBody, signature)) return false;
	// A newer webhook than the recorded one took over (Clio's ids grow): record it as current.
	if (webhookId !== undefined && webhookId > (state.webhookId ?? 0)) {
		state.webhookId = webhookId;
		state.secret = secret;
	}
	return true;
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
async function renewOnDelivery(
	ctx: IWebhookFunctions,
	memory: TriggerMemory,
	state: WebhookState,
): Promise<void> {
	const now = Date.now();
	if (!state.webhookId || !needsRenewal(state.expiresAt, now)) return;
	if (now - memory.lastRenewAttemptAt < RENEW_ATTEMPT_EVERY_MS) return;
	memory.lastRenewAttemptAt = now;
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

/** What the workflow gets for a delivery; undefined when it starts nothing. */
async function handleDelivery(
	ctx: IWebhookFunctions,
	memory: TriggerMemory,
	settings: WebhookSettings,
	delivery: { data: IDataObject; event: string; webhookId: number | undefined },
	state: WebhookState,
): Promise<IDataObject | undefined> {
	const { data, event } = delivery;
	const previousEventAt = memory.lastEventAt ?? null;
	const extra: IDataObject = {};
	let decision: StageDecision | undefined;
	if (settings.onlyStageChanges) {
		decision = stageChange(memory, settings, data);
		if (!decision.change) return undefined;
		extra.previous_matter_stage = decision.change.previous;
	}
	try {
		if (decision?.change && settings.attachDocuments) {
			const since = decision.change.previousAt ?? previousEventAt ?? state.since;
			extra.documents = await clioApiRequestAllItems(
				ctx,
				'/documents.json',
				{ fields: DOCUMENT_FIELDS, matter_id: Number(data.id), created_since: since ?? undefined },
				{ limit: 200 },
			);
		}
		const record =
			settings.fetchRecord && event !== 'deleted' && data.id !== undefined
				? await fetchRecord(ctx, settings, data.id)
				: data;
		return deliveryItem(record, event, settings, delivery.webhookId ?? null, extra).json;
	} catch (error) {
		decision?.undo();
		throw asNodeError(ctx, error);
	}
}

/**
 * A request from Clio: the activation handshake (api-facts §8.4) is answered at once (and after a
 * replacement starts the catch-up, handshake.ts); a delivery
 * (§8.6) must carry a valid signature (§8.5) and starts the workflow once, however many copies of
 * it arrive, together or later.
 */
export async function receiveDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const headers = this.getHeaderData() as IDataObject;
	const handshake = headers['x-hook-secret'];
	if (typeof handshake === 'string' && handshake !== '') {
		return await answerHandshake.call(this, handshake);
	}

	const state = webhookState(this);
	const memory = triggerMemory(this, state);
	const body = asObject(this.getBodyData()) ?? {};
	const meta = asObject(body.meta) ?? {};
	const data = asObject(body.data) ?? {};
	const webhookId = meta.webhook_id === undefined ? undefined : Number(meta.webhook_id);
	const rawBody = await rawBodyOf(this);
	if (!(await isSigned(this, memory, state, rawBody, headers['x-hook-signature'], webhookId))) {
		this.logger.warn('Clio Trigger: refused a request without a valid X-Hook-Signature');
		return answer(this, 401, 'Invalid or missing X-Hook-Signature');
	}

	const event = String(meta.event ?? '');
	const key = deliveryKey(data, event);
	const settings = webhookSettings(this);
	for (;;) {
		const claim = claimDelivery(memory, key);
		if (claim.kind === 'handled') break;
		// Another copy is being handled: its outcome decides. If it failed, this copy takes over.
		if (claim.kind === 'inFlight') {
			if (await claim.outcome) break;
			continue;
		}
		let output: IDataObject | undefined;
		try {
			output = await handleDelivery(this, memory, settings, { data, event, webhookId }, state);
		} catch (error) {
			// Not handled: Clio is answered with an error and re-attempts the delivery later.
			claim.done(false);
			throw asNodeError(this, error);
		}
		claim.done(true);
		memory.lastEventAt = new Date().toISOString();
		await renewOnDelivery(this, memory, state);
		mirror(memory, state);
		if (!output) return answer(this, 200);
		// Answered here, before n8n starts the run: n8n saves the static data changed above only when
		// the request was answered first; starting the run resets its change flag (seen on n8n 2.41.1).
		return { ...answer(this, 200), workflowData: [[{ json: output }]] };
	}
	// A copy of a handled delivery changed nothing: n8n then has nothing to save either.
	return answer(this, 200);
}
