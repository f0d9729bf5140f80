import type { INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { savedModeState } from '../state';
import { catchUp, catchUpSince, untilEnabled } from './catch-up';
import { type ClioWebhook, webhookState, type WebhookState, webhooksAt } from './lifecycle';
import { mirror, triggerMemory, type TriggerMemory } from './memory';
import { type WebhookSettings, webhookSettings } from './settings';

/**
 * A handshake makes the trigger read Clio's webhook list; this far apart at most (per process),
 * so that requests claiming to be handshakes cannot spend the firm's Clio rate limit.
 */
const LOOKUP_EVERY_MS = 5_000;
/** Handshakes waiting for their turn to look; more than this are answered without a look. */
const MAX_WAITING = 3;

/**
 * api-facts §8.4: Clio enables a new webhook once its `X-Hook-Secret` is echoed with a 200.
 *
 * When the heartbeat replaced a lapsed webhook, the process that answers the new webhook's
 * handshake is the one Clio's deliveries reach (in queue mode a webhook process, not the main
 * instance that runs the heartbeat), and only it knows which deliveries it handled. So it, not the
 * heartbeat, reads what changed while no webhook delivered and starts it as a catch-up: a change
 * it had already run is left out, and nothing starts twice.
 */
export async function answerHandshake(
	this: IWebhookFunctions,
	secret: string,
): Promise<IWebhookResponseData> {
	const url = this.getNodeWebhookUrl('default');
	// Nothing is written unless a replacement is found: at publishing this handshake races the
	// activation's save of the new webhook, and any save from here would overwrite it.
	const saved = savedModeState<WebhookState>(this, 'webhook');
	const replaced = saved && url !== undefined ? replacedWebhook(this, saved, url) : undefined;
	if (!saved || replaced === undefined || url === undefined) return echo(this, secret);
	// Read before answering: once answered, the new webhook delivers and moves the memory on.
	const memory = triggerMemory(this, saved);
	const settings = webhookSettings(this);
	// The memory holds the later of its own last delivery and the saved one.
	const sinceMs = catchUpSince(
		{ ...saved, lastEventAt: memory.lastEventAt },
		Date.now(),
		memory.lastHealthyAt,
	);
	echo(this, secret);

	let webhook: ClioWebhook | undefined;
	try {
		webhook = await replacement(this, memory, url, secret, replaced, settings);
		if (!webhook) {
			this.logger.debug(
				`Clio Trigger: a handshake at ${url} matched no new webhook of this trigger; only answered`,
			);
			return { noWebhookResponse: true };
		}
		const id = Number(webhook.id);
		memory.secrets.set(id, secret);
		let items: INodeExecutionData[] = [];
		if (settings.model.updatedSince) {
			await untilEnabled(this, id);
			items = await catchUp(this, settings, sinceMs, id, memory);
		}
		record(this, memory, webhook, secret);
		this.logger.info(
			`Clio Trigger: Clio webhook ${id} took over from webhook ${replaced}; ${items.length} changes made since ${new Date(sinceMs).toISOString()} not delivered by then start as a catch-up`,
		);
		return items.length > 0
			? { noWebhookResponse: true, workflowData: [items] }
			: { noWebhookResponse: true };
	} catch (error) {
		// Clio was answered already; the failure can only be logged (the heartbeat reports lapses).
		this.logger.error(
			`Clio Trigger: could not read the ${settings.model.name} records changed since ${new Date(sinceMs).toISOString()} after Clio webhook ${String(webhook?.id ?? 'new')} replaced webhook ${replaced}: ${(error as Error).message}. Check them in Clio.`,
		);
		return { noWebhookResponse: true };
	}
}

/** Enables the webhook: its secret echoed with a 200 (api-facts §8.4). */
function echo(ctx: IWebhookFunctions, secret: string): IWebhookResponseData {
	const res = ctx.getResponseObject();
	res.set('X-Hook-Secret', secret);
	res.status(200).end();
	return { noWebhookResponse: true };
}

/**
 * The webhook this handshake may be replacing: the trigger's recorded one, when it is published
 * (not a test listen) and records a webhook at this address. At publishing nothing is recorded yet.
 */
function replacedWebhook(
	ctx: IWebhookFunctions,
	saved: WebhookState,
	url: string,
): number | undefined {
	if (ctx.getMode() === 'manual' || saved.url !== url) return undefined;
	return saved.webhookId;
}

/**
 * The new webhook whose handshake this is: at this address, for this record type, with this
 * secret and a higher id than the replaced one (Clio's ids grow). Looks are spaced out per process.
 */
async function replacement(
	ctx: IWebhookFunctions,
	memory: TriggerMemory,
	url: string,
	secret: string,
	replaced: number,
	settings: WebhookSettings,
): Promise<ClioWebhook | undefined> {
	if (memory.handshakesWaiting >= MAX_WAITING) {
		ctx.logger.warn('Clio Trigger: too many handshakes at once; this one was only answered');
		return undefined;
	}
	memory.handshakesWaiting++;
	try {
		// One look at a time, each LOOKUP_EVERY_MS after the last.
		const turn = memory.handshakeTurn.then(async () => {
			const wait = memory.lastHandshakeLookupAt + LOOKUP_EVERY_MS - Date.now();
			if (wait > 0) await sleep(wait);
			memory.lastHandshakeLookupAt = Date.now();
			return await webhooksAt(ctx, url);
		});
		memory.handshakeTurn = turn.then(
			() => undefined,
			() => undefined,
		);
		const webhooks = await turn;
		return webhooks.find(
			(webhook) =>
				Number(webhook.id) > replaced &&
				webhook.model === settings.model.value &&
				String(webhook.shared_secret ?? '') === secret,
		);
	} finally {
		memory.handshakesWaiting--;
	}
}

/** Records the new webhook as current, in memory and in the static data n8n saves now. */
function record(
	ctx: IWebhookFunctions,
	memory: TriggerMemory,
	webhook: ClioWebhook,
	secret: string,
): void {
	const now = Date.now();
	const state = webhookState(ctx);
	state.webhookId = Number(webhook.id);
	state.secret = secret;
	state.since = String(webhook.created_at ?? new Date(now).toISOString());
	state.expiresAt = String(webhook.expires_at ?? '');
	state.lastHealthyAt = new Date(now).toISOString();
	memory.lastHealthyAt = now;
	mirror(memory, state);
}
