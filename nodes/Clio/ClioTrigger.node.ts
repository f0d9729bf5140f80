import type {
	IHookFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { getMatterStages } from './methods/loadOptions';
import { searchCalendars, searchMatters } from './methods/listSearch';
import { triggerPanel, triggerProperties } from './trigger/description';
import { pollChanges } from './trigger/polling';
import { clearModeState } from './trigger/state';
import {
	adoptWebhook,
	deleteWebhook,
	ensureWebhook,
	webhookState,
	webhooksAt,
} from './trigger/webhook/lifecycle';
import { forgetMemory } from './trigger/webhook/memory';
import { receiveDelivery } from './trigger/webhook/receive';
import { heartbeat } from './trigger/webhook/renewal';
import { webhookSettings } from './trigger/webhook/settings';

function deliveryUrl(ctx: IHookFunctions): string {
	return ctx.getNodeWebhookUrl('default') as string;
}

// One node, two modes. Polling: poll() reads changes. Webhook: the webhook is registered only in
// this mode (its httpMethod is empty otherwise), and poll() is the heartbeat that keeps the Clio
// webhook alive. No trigger(): n8n would call it instead of passing on test webhook events.
export class ClioTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Clio Trigger',
		name: 'clioTrigger',
		icon: { light: 'file:clio.svg', dark: 'file:clio.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle:
			'={{ $parameter["mode"] !== "webhook" ? $parameter["event"] : "Instant: " + ($parameter["operation"] && $parameter["operation"] !== "anyChange" ? $parameter["operation"] : $parameter["model"]) }}',
		description:
			'Starts the workflow when matters, documents, contacts, tasks, time entries, expenses, calendar entries, bills or communications change in Clio Manage',
		defaults: { name: 'Clio Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'clioOAuth2Api', required: true }],
		polling: true,
		webhooks: [
			{
				name: 'default',
				httpMethod: '={{ $parameter["mode"] === "webhook" ? "POST" : "" }}',
				responseMode: 'onReceived',
				path: 'webhook',
				// The address means something only in Webhook mode; in Polling mode the editor hides it.
				ndvHideUrl: '={{ $parameter["mode"] !== "webhook" }}',
			},
		],
		triggerPanel,
		properties: triggerProperties,
	};

	methods = {
		loadOptions: { getMatterStages },
		listSearch: { searchMatters, searchCalendars },
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const found = await adoptWebhook(this, webhookSettings(this), deliveryUrl(this));
				return found !== undefined;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				await ensureWebhook(this, webhookSettings(this), deliveryUrl(this));
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				const state = webhookState(this);
				const ids = state.webhookId
					? [state.webhookId]
					: (await webhooksAt(this, deliveryUrl(this))).map((webhook) => Number(webhook.id));
				for (const id of ids) await deleteWebhook(this, id, 'the workflow was deactivated');
				clearModeState(this, 'webhook');
				forgetMemory(this);
				return true;
			},
		},
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		if (this.getNodeParameter('mode', 'polling') === 'webhook') return await heartbeat.call(this);
		return await pollChanges.call(this);
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveDelivery.call(this);
	}
}
