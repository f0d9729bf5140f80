import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { WebhookSettings } from './settings';

/**
 * An item shaped like a delivery (api-facts §8.6) as Webhook mode outputs it: the record, the
 * event, the record type and the webhook, then what the trigger adds (previous stage, documents,
 * `catch_up`).
 */
export function deliveryItem(
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
