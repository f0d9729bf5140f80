import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';

import { ClioTrigger } from '../../../nodes/Clio/ClioTrigger.node.ts';
import {
	isLiveWebhook,
	MAX_WEBHOOK_LIFETIME_MS,
	needsRenewal,
	webhookExpiry,
} from '../../../nodes/Clio/clio/webhook-lifetime.ts';
import {
	isValidWebhookSignature,
	webhookSignature,
} from '../../../nodes/Clio/clio/webhook-signature.ts';
import { WEBHOOK_FIELDS } from '../../../nodes/Clio/trigger/webhook/lifecycle.ts';
import {
	STAGE_FIELDS,
	WEBHOOK_MODELS,
	topLevelFields,
	withFields,
} from '../../../nodes/Clio/trigger/webhook/models.ts';
import { catchUpSince } from '../../../nodes/Clio/trigger/webhook/catch-up.ts';
import { parseFields } from '../../sandbox/fields.mts';
import { loadSpec } from '../../sandbox/spec.mts';

const DAY = 24 * 3600 * 1000;
const NOW = Date.parse('2026-03-01T12:00:00Z');

describe('webhook signature (api-facts §8.5)', () => {
	const body = Buffer.from(
		'{"data":{"id":152,"etag":"\\"9a10\\""},"meta":{"event":"created","webhook_id":1234}}',
	);
	const secret = 'shared-secret';
	const good = createHmac('sha256', secret).update(body).digest('hex');

	it('is the lowercase hex HMAC-SHA256 of the raw body', () => {
		assert.equal(webhookSignature(secret, body), good);
		assert.match(good, /^[0-9a-f]{64}$/);
	});

	it('accepts only the exact signature of the exact bytes', () => {
		assert.equal(isValidWebhookSignature(secret, body, good), true);
		assert.equal(
			isValidWebhookSignature(secret, body, good.toUpperCase()),
			true,
			'hex case does not matter',
		);
		assert.equal(isValidWebhookSignature('other', body, good), false);
		assert.equal(
			isValidWebhookSignature(secret, Buffer.concat([body, Buffer.from(' ')]), good),
			false,
			're-serialised JSON differs',
		);
		assert.equal(isValidWebhookSignature(secret, body, good.slice(0, 63)), false);
		assert.equal(isValidWebhookSignature(secret, body, undefined), false);
		assert.equal(
			isValidWebhookSignature(undefined, body, good),
			false,
			'no stored secret, no trust',
		);
		assert.equal(isValidWebhookSignature(secret, undefined, good), false);
	});
});

describe('webhook lifetime (api-facts §8.2, §8.3)', () => {
	it('asks for the longest lifetime, a few minutes short of 31 days', () => {
		const lifetime = Date.parse(webhookExpiry(NOW)) - NOW;
		assert.ok(
			lifetime <= MAX_WEBHOOK_LIFETIME_MS && lifetime > MAX_WEBHOOK_LIFETIME_MS - 15 * 60_000,
		);
	});

	it('renews once less than a third of the lifetime is left', () => {
		assert.equal(needsRenewal(new Date(NOW + 25 * DAY).toISOString(), NOW), false);
		assert.equal(needsRenewal(new Date(NOW + 11 * DAY).toISOString(), NOW), false);
		assert.equal(needsRenewal(new Date(NOW + 10 * DAY).toISOString(), NOW), true);
		assert.equal(needsRenewal(new Date(NOW + 6 * DAY).toISOString(), NOW), true);
		assert.equal(needsRenewal(undefined, NOW), true);
	});

	it('counts expired, suspended and long-pending webhooks as not delivering', () => {
		const future = new Date(NOW + DAY).toISOString();
		assert.equal(isLiveWebhook({ status: 'enabled', expires_at: future }, NOW), true);
		assert.equal(
			isLiveWebhook({ status: 'enabled', expires_at: new Date(NOW - 1).toISOString() }, NOW),
			false,
		);
		assert.equal(isLiveWebhook({ status: 'suspended', expires_at: future }, NOW), false);
		assert.equal(
			isLiveWebhook(
				{ status: 'pending', expires_at: future, created_at: new Date(NOW - 60_000).toISOString() },
				NOW,
			),
			true,
		);
		assert.equal(
			isLiveWebhook(
				{ status: 'pending', expires_at: future, created_at: new Date(NOW - DAY).toISOString() },
				NOW,
			),
			false,
		);
	});

	it('catches up from Clio’s retry hour before the last delivery or healthy heartbeat, never before the webhook', () => {
		const at = (ms: number) => new Date(ms).toISOString();
		const HOUR_AND_MARGIN = 65 * 60_000;
		assert.equal(catchUpSince({}, NOW), NOW - HOUR_AND_MARGIN, 'nothing known: the last hour');
		assert.equal(catchUpSince({ since: at(NOW - 30 * DAY) }, NOW), NOW - 30 * DAY);
		assert.equal(
			catchUpSince({ since: at(NOW - 30 * DAY), lastEventAt: at(NOW - 2 * DAY) }, NOW),
			NOW - 2 * DAY - HOUR_AND_MARGIN,
		);
		assert.equal(
			catchUpSince(
				{ since: at(NOW - 30 * DAY), lastEventAt: at(NOW - 9 * DAY), lastHealthyAt: at(NOW - DAY) },
				NOW,
			),
			NOW - DAY - HOUR_AND_MARGIN,
		);
		assert.equal(
			catchUpSince({ since: at(NOW - 30 * DAY), lastEventAt: at(NOW - 9 * DAY) }, NOW, NOW - DAY),
			NOW - DAY - HOUR_AND_MARGIN,
			'a healthy heartbeat this process remembers',
		);
		assert.equal(
			catchUpSince({ since: at(NOW - 30 * 60_000), lastEventAt: at(NOW - 10 * 60_000) }, NOW),
			NOW - 30 * 60_000,
			'not before the webhook was made',
		);
	});
});

describe('fields strings (api-facts §3.2)', () => {
	const schemas: Record<string, string> = {
		matter: 'Matter',
		activity: 'Activity',
		bill: 'Bill',
		calendar_entry: 'CalendarEntry',
		communication: 'Communication',
		contact: 'Contact',
		document: 'Document',
		folder: 'Folder',
		task: 'Task',
		clio_payments_payment: 'ClioPaymentsPayment',
	};

	it('every model’s delivery and record fields exist in the spec', () => {
		for (const model of WEBHOOK_MODELS) {
			const schema = schemas[model.value];
			assert.ok(schema, model.value);
			for (const fields of [
				model.defaultFields,
				model.recordFields,
				withFields(model.defaultFields, ['created_at', 'updated_at']),
			]) {
				assert.doesNotThrow(() => parseFields(fields, schema), `${model.value}: ${fields}`);
				assert.ok(fields.length <= 1000);
			}
		}
		assert.doesNotThrow(() =>
			parseFields(withFields(WEBHOOK_MODELS[0].defaultFields, STAGE_FIELDS), 'Matter'),
		);
		assert.doesNotThrow(() => parseFields(WEBHOOK_FIELDS, 'Webhook'));
	});

	it('webhook models and events are those of the spec', () => {
		const body =
			loadSpec().paths['/webhooks.json'].post.requestBody.content['application/json'].schema
				.properties.data.properties;
		assert.deepEqual(WEBHOOK_MODELS.map((m) => m.value).sort(), [...body.model.enum].sort());
		for (const model of WEBHOOK_MODELS)
			for (const event of model.events) assert.ok(body.events.items.enum.includes(event));
	});

	it('adds fields without repeating one', () => {
		assert.equal(
			withFields('id,matter_stage{id}', STAGE_FIELDS),
			'id,matter_stage{id},matter_stage_updated_at',
		);
		assert.deepEqual(topLevelFields('id, client{id,name} ,status'), [
			'id',
			'client{id,name}',
			'status',
		]);
	});
});

describe('Clio Trigger description (guide §5.3, §8.6)', () => {
	const trigger = new ClioTrigger();
	const { description } = trigger;

	it('polls, and registers its webhook only in Webhook mode', () => {
		assert.equal(description.name, 'clioTrigger');
		assert.equal(description.displayName, 'Clio Trigger');
		assert.deepEqual(description.inputs, []);
		assert.equal(description.polling, true);
		assert.deepEqual(description.webhooks, [
			{
				name: 'default',
				httpMethod: '={{ $parameter["mode"] === "webhook" ? "POST" : "" }}',
				responseMode: 'onReceived',
				path: 'webhook',
				ndvHideUrl: '={{ $parameter["mode"] !== "webhook" }}',
			},
		]);
		assert.equal(typeof trigger.poll, 'function');
		assert.equal(typeof trigger.webhook, 'function');
		assert.equal(
			(trigger as { trigger?: unknown }).trigger,
			undefined,
			'no trigger(): it would swallow test webhooks',
		);
		for (const method of ['checkExists', 'create', 'delete'] as const) {
			assert.equal(typeof trigger.webhookMethods.default[method], 'function');
		}
	});

	it('offers every polling event and every webhook model', () => {
		const options = (name: string) =>
			(description.properties.find((p) => p.name === name)?.options ?? []).map(
				(o) => (o as { value: string }).value,
			);
		assert.deepEqual(options('mode'), ['polling', 'webhook']);
		assert.deepEqual(options('event').sort(), [
			'billStateChanged',
			'calendarEntryCreatedOrUpdated',
			'contactCreatedOrUpdated',
			'matterCreated',
			'matterStageChanged',
			'matterStatusChanged',
			'matterUpdated',
			'newActivity',
			'newCommunication',
			'newDocument',
			'taskCreatedOrCompleted',
		]);
		assert.equal(options('model').length, 10);
	});
});
