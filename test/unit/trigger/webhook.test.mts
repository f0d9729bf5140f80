import assert from 'node:assert/strict';
import { afterEach, describe, it, mock } from 'node:test';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { signature } from '../../sandbox/webhook-delivery.mts';
import {
	apiRequests,
	clio,
	deliver,
	handshake,
	hook,
	MATTER_WEBHOOK,
	matterWithStages,
	publishWebhook,
	sentDeliveries,
	unpublishWebhook,
	webhookState,
	otherStages,
	poll,
	triggerBed,
	updateMatter,
	uploadDocument,
} from './bed.mts';

const bed = triggerBed(80);
const DAY = 24 * 3600 * 1000;

afterEach(() => mock.timers.reset());

function webhooks(): IDataObject[] {
	return [...bed.sandbox.store.table('webhooks').values()] as IDataObject[];
}

const publish = (parameters: INodeParameters = MATTER_WEBHOOK, staticData: IDataObject = {}) =>
	publishWebhook(bed, parameters, staticData);
const unpublish = (staticData: IDataObject, parameters: INodeParameters = MATTER_WEBHOOK) =>
	unpublishWebhook(bed, staticData, parameters);
const sentEvents = (from: number) => sentDeliveries(bed, from);

describe('Clio Trigger webhook: lifecycle', () => {
	it('creates a 31-day webhook for n8n’s address and keeps its id and shared secret', async () => {
		const staticData: IDataObject = {};
		const checked = await hook(bed, 'checkExists', MATTER_WEBHOOK, staticData);
		assert.equal(checked.result, false);
		const before = Date.now();
		await hook(bed, 'create', MATTER_WEBHOOK, staticData);
		const [webhook] = webhooks().filter((w) => w.url === checked.webhookUrl);
		assert.ok(webhook, 'registered at n8n’s production URL');
		assert.equal(webhook.model, 'matter');
		assert.deepEqual(webhook.events, ['created', 'updated']);
		const lifetime = Date.parse(webhook.expires_at as string) - before;
		assert.ok(
			lifetime > 31 * DAY - 15 * 60_000 && lifetime <= 31 * DAY,
			`expires in ${lifetime / DAY} days`,
		);
		const create = apiRequests(bed).find((r) => r.method === 'POST');
		assert.match(String(create?.query.fields), /shared_secret/);
		assert.equal(webhookState(staticData).webhookId, webhook.id);
		assert.equal(webhookState(staticData).secret, webhook.shared_secret);
		await unpublish(staticData);
	});

	it('reuses the webhook already in Clio instead of creating a second one', async () => {
		const { staticData, id } = await publish();
		bed.sandbox.log.clear();
		// Another main instance, or an activation retry, with no static data of its own.
		const other: IDataObject = {};
		assert.equal((await hook(bed, 'checkExists', MATTER_WEBHOOK, other)).result, true);
		await hook(bed, 'create', MATTER_WEBHOOK, other);
		assert.equal(webhooks().length, 1);
		assert.equal(webhookState(other).webhookId, id);
		assert.equal(webhookState(other).secret, webhookState(staticData).secret);
		assert.equal(apiRequests(bed).filter((r) => r.method === 'POST').length, 0);
		await unpublish(staticData);
		assert.equal(webhooks().length, 0);
	});

	it('treats a suspended, expired or deleted webhook as missing and replaces it', async () => {
		for (const lapse of ['suspend', 'expire', 'delete'] as const) {
			const { staticData, id } = await publish();
			if (lapse === 'delete') await clio(bed, 'DELETE', `/webhooks/${id}.json`);
			else bed.sandbox.webhooks[lapse](id);
			assert.equal(
				(await hook(bed, 'checkExists', MATTER_WEBHOOK, staticData)).result,
				false,
				lapse,
			);
			await hook(bed, 'create', MATTER_WEBHOOK, staticData);
			assert.deepEqual(
				webhooks().map((w) => w.id),
				[webhookState(staticData).webhookId],
				`${lapse}: one live webhook`,
			);
			assert.notEqual(webhookState(staticData).webhookId, id);
			await unpublish(staticData);
		}
	});

	it('a failed create leaves no webhook behind, and the retry creates exactly one', async () => {
		bed.sandbox.faults.add({
			method: 'POST',
			path: '/api/v4/webhooks.json',
			status: 500,
			body: { error: { type: 'ServerError', message: 'boom' } },
		});
		const staticData: IDataObject = {};
		await assert.rejects(hook(bed, 'create', MATTER_WEBHOOK, staticData));
		assert.equal(webhooks().length, 0);
		await hook(bed, 'create', MATTER_WEBHOOK, staticData);
		await hook(bed, 'create', MATTER_WEBHOOK, staticData);
		assert.equal(webhooks().length, 1);
		await unpublish(staticData);
	});

	it('moves to a new n8n address, while a test listen leaves the production webhook alone', async () => {
		const { staticData, id, url } = await publish();
		const listen = await hook(
			bed,
			'create',
			MATTER_WEBHOOK,
			JSON.parse(JSON.stringify(staticData)),
			{
				webhookId: 'c0ffee00-0000-4000-8000-000000000001',
				mode: 'manual',
			},
		);
		assert.notEqual(listen.webhookUrl, url);
		assert.deepEqual(
			webhooks()
				.map((w) => w.url)
				.sort(),
			[listen.webhookUrl, url].sort(),
		);
		await clio(
			bed,
			'DELETE',
			`/webhooks/${webhooks().find((w) => w.url === listen.webhookUrl)?.id}.json`,
		);

		const moved = await hook(bed, 'create', MATTER_WEBHOOK, staticData, {
			webhookId: 'c0ffee00-0000-4000-8000-000000000002',
		});
		assert.deepEqual(
			webhooks().map((w) => w.url),
			[moved.webhookUrl],
			'the old address’s webhook is gone',
		);
		assert.notEqual(webhookState(staticData).webhookId, id);
		await unpublish(staticData);
	});

	it('delete removes the webhook, and one already gone is fine', async () => {
		const { staticData, id } = await publish();
		await clio(bed, 'DELETE', `/webhooks/${id}.json`);
		await unpublish(staticData);
		assert.equal(staticData.webhook, undefined, 'static data cleared');
		const again = await publish();
		await unpublish(again.staticData);
		assert.equal(webhooks().length, 0);
	});
});

describe('Clio Trigger webhook: deliveries', () => {
	it('answers the activation handshake by echoing X-Hook-Secret, without an execution', async () => {
		const { result, response } = await deliver(
			bed,
			MATTER_WEBHOOK,
			{},
			{
				headers: { 'X-Hook-Secret': 'handshake-secret-123', 'Content-Type': 'application/json' },
				body: JSON.stringify({ data: { webhook_id: 1 } }),
			},
		);
		assert.equal(response.status, 200);
		assert.equal(response.headers['x-hook-secret'], 'handshake-secret-123');
		assert.equal(result.noWebhookResponse, true);
		assert.equal(result.workflowData, undefined);
	});

	it('starts the workflow once per signed delivery and refuses forged or unsigned ones', async () => {
		const { staticData } = await publish();
		const from = bed.sandbox.webhooks.deliveries.length;
		bed.sandbox.webhooks.duplicateNext();
		await updateMatter(bed, 7, { description: 'Signed change' });
		const [sent] = await sentEvents(from);
		assert.ok(sent, 'Clio sent the event');

		const run = await deliver(bed, MATTER_WEBHOOK, staticData, sent);
		const [[item]] = run.result.workflowData ?? [[]];
		assert.equal(item.json.id, 7);
		assert.equal(item.json.description, 'Signed change');
		assert.equal(item.json.event, 'updated');
		assert.equal(item.json.webhook_id, webhookState(staticData).webhookId);

		const repeated = await deliver(bed, MATTER_WEBHOOK, staticData, sent);
		assert.equal(repeated.result.workflowData, undefined, 'a repeated delivery starts nothing');
		assert.equal(repeated.response.status, 200);
		assert.equal(run.staticDataChanged, true, 'the handled delivery is kept in static data');
		assert.equal(
			repeated.staticDataChanged,
			false,
			'a repeated delivery leaves n8n nothing to save',
		);

		const forged = await deliver(bed, MATTER_WEBHOOK, staticData, {
			headers: { ...sent.headers, 'X-Hook-Signature': signature('not-the-secret', sent.body) },
			body: sent.body.replace('Signed change', 'Forged change'),
		});
		assert.equal(forged.response.status, 401);
		assert.equal(forged.result.workflowData, undefined);
		assert.equal(forged.staticDataChanged, false, 'a refused request leaves n8n nothing to save');
		const unsigned = await deliver(bed, MATTER_WEBHOOK, staticData, {
			headers: { 'Content-Type': 'application/json' },
			body: sent.body,
		});
		assert.equal(unsigned.response.status, 401);
		assert.equal(unsigned.result.workflowData, undefined);
		const tampered = await deliver(bed, MATTER_WEBHOOK, staticData, {
			headers: sent.headers,
			body: sent.body.replace('Signed change', 'Signed chang3'),
		});
		assert.equal(tampered.response.status, 401, 'the signature covers the raw body');
		await unpublish(staticData);
	});

	it('only stage changes into chosen stages, with the previous stage and the new documents', async () => {
		const matterId = matterWithStages(bed);
		const [first, second] = otherStages(bed, matterId);
		const parameters = {
			...MATTER_WEBHOOK,
			onlyStageChanges: true,
			stages: [second],
			webhookOptions: { attachDocuments: true },
		};
		const { staticData, id } = await publish(parameters);
		assert.match(String(webhooks().find((w) => w.id === id)?.fields), /matter_stage\{id,name\}/);
		const runAll = async (from: number) => {
			const items: IDataObject[] = [];
			for (const sent of await sentEvents(from)) {
				const run = await deliver(bed, parameters, staticData, sent);
				items.push(...(run.result.workflowData?.[0] ?? []).map((item) => item.json));
			}
			return items;
		};
		let from = bed.sandbox.webhooks.deliveries.length;
		await updateMatter(bed, matterId, { matter_stage: { id: first } });
		assert.deepEqual(await runAll(from), [], 'not a chosen stage');
		const folder = bed.sandbox.store.matters.get(matterId)?.folder_id as number;
		const documentId = await uploadDocument(bed, folder, 'Stage evidence.pdf');
		from = bed.sandbox.webhooks.deliveries.length;
		await updateMatter(bed, matterId, { description: 'Not a stage change' });
		await updateMatter(bed, matterId, { matter_stage: { id: second } });
		const items = await runAll(from);
		assert.equal(items.length, 1);
		assert.equal((items[0].matter_stage as IDataObject).id, second);
		assert.equal((items[0].previous_matter_stage as IDataObject).id, first);
		assert.deepEqual(
			(items[0].documents as IDataObject[]).map((d) => d.id),
			[documentId],
		);
		await unpublish(staticData, parameters);
	});

	it('fetches the full record when asked', async () => {
		const parameters = { ...MATTER_WEBHOOK, webhookOptions: { fetchRecord: true } };
		const { staticData } = await publish(parameters);
		const from = bed.sandbox.webhooks.deliveries.length;
		await updateMatter(bed, 9, { description: 'Full record please' });
		const [sent] = await sentEvents(from);
		const run = await deliver(bed, parameters, staticData, sent);
		const item = run.result.workflowData?.[0][0].json as IDataObject;
		assert.equal(item.description, 'Full record please');
		assert.ok(
			item.responsible_attorney !== undefined && item.open_date !== undefined,
			'fields beyond the delivery',
		);
		await unpublish(staticData, parameters);
	});
});

describe('Clio Trigger webhook: heartbeat and renewal', () => {
	it('extends the webhook when less than a third of its life is left, not before', async () => {
		mock.timers.enable({ apis: ['Date'], now: Date.now() });
		const { staticData, id } = await publish();
		const created = Date.parse(webhooks()[0].expires_at as string);
		mock.timers.tick(5 * DAY);
		bed.sandbox.log.clear();
		assert.equal(await poll(bed, MATTER_WEBHOOK, staticData), null);
		assert.deepEqual(
			apiRequests(bed).map((r) => r.method),
			['GET'],
			'a heartbeat with time left only reads',
		);
		mock.timers.tick(20 * DAY);
		bed.sandbox.log.clear();
		assert.equal(await poll(bed, MATTER_WEBHOOK, staticData), null);
		const requests = apiRequests(bed);
		assert.deepEqual(
			requests.map((r) => `${r.method} ${r.path}`),
			[`GET /api/v4/webhooks/${id}.json`, `PATCH /api/v4/webhooks/${id}.json`],
		);
		const renewed = Date.parse(webhooks()[0].expires_at as string);
		assert.ok(renewed - Date.now() > 30 * DAY, 'expiry moved to about 31 days ahead');
		assert.ok(renewed > created + 24 * DAY);
		assert.equal(webhooks()[0].status, 'enabled', 'still delivering');
		await unpublish(staticData);
	});

	it('without heartbeats the webhook lapses; the heartbeat re-creates it, and the new webhook’s handshake starts what changed meanwhile', async () => {
		mock.timers.enable({ apis: ['Date'], now: Date.now() });
		const { staticData, id } = await publish();
		assert.equal(await poll(bed, MATTER_WEBHOOK, staticData), null, 'healthy at activation');
		// What n8n's database holds: a heartbeat that emits nothing is not saved there.
		const saved = structuredClone(staticData);
		mock.timers.tick(32 * DAY);
		// The test's own token expired too (30 days); the node's credential is refreshed by n8n.
		bed.token = bed.sandbox.issueTokens().access_token;
		await updateMatter(bed, 12, { description: 'Changed while the webhook was dead' });
		const dead = await clio<{ data: IDataObject }>(
			bed,
			'GET',
			`/webhooks/${id}.json`,
			undefined,
			'?fields=status',
		);
		assert.equal(dead.data.status, 'suspended', 'Clio stopped delivering');

		assert.equal(await poll(bed, MATTER_WEBHOOK, staticData), null, 'the heartbeat only replaces');
		const replacement = webhookState(staticData);
		assert.notEqual(replacement.webhookId, id);
		assert.deepEqual(
			webhooks().map((w) => w.id),
			[replacement.webhookId],
			'the dead webhook was removed, one live one left',
		);
		assert.ok(Date.parse(webhooks()[0].expires_at as string) - Date.now() > 30 * DAY);

		const newWebhook = { id: Number(replacement.webhookId), secret: String(replacement.secret) };
		const run = await handshake(bed, MATTER_WEBHOOK, saved, newWebhook);
		assert.deepEqual(
			(run.result.workflowData?.[0] ?? []).map(({ json }) => [
				json.id,
				json.event,
				json.catch_up,
				json.webhook_id,
			]),
			[[12, 'updated', true, newWebhook.id]],
		);
		assert.equal(webhookState(saved).webhookId, newWebhook.id, 'the new webhook recorded');
		assert.equal(webhookState(saved).secret, newWebhook.secret);
		assert.ok(run.staticDataChanged, 'which n8n saves');
		// Clio sends one handshake; another one starts nothing again.
		mock.timers.tick(10_000);
		const again = await handshake(bed, MATTER_WEBHOOK, saved, newWebhook);
		assert.equal(again.result.workflowData, undefined);

		// A webhook() whose static data still holds the old secret verifies the new webhook's deliveries.
		const stale = {
			webhook: { webhookId: id, secret: 'the old secret', url: replacement.url },
		} as IDataObject;
		const from = bed.sandbox.webhooks.deliveries.length;
		await updateMatter(bed, 13, { description: 'After the repair' });
		const [sent] = await sentEvents(from);
		const delivery = await deliver(bed, MATTER_WEBHOOK, stale, sent);
		assert.equal(delivery.result.workflowData?.[0][0].json.id, 13);
		await unpublish(staticData);
	});

	it('a handshake for a webhook the trigger did not make, or with another secret, starts nothing', async () => {
		mock.timers.enable({ apis: ['Date'], now: Date.now() });
		const { staticData, id } = await publish();
		const state = webhookState(staticData);
		await updateMatter(bed, 14, { description: 'Delivered as usual' });
		const forged = await handshake(bed, MATTER_WEBHOOK, structuredClone(staticData), {
			id,
			secret: 'a guessed secret',
		});
		assert.equal(forged.result.workflowData, undefined);
		mock.timers.tick(10_000);
		const current = await handshake(bed, MATTER_WEBHOOK, structuredClone(staticData), {
			id,
			secret: String(state.secret),
		});
		assert.equal(current.result.workflowData, undefined, 'the current webhook replaces nothing');
		assert.equal(current.staticDataChanged, false, 'and n8n has nothing to save');
		// At publishing the handshake may come before n8n saved the new webhook: writing nothing
		// then, it cannot overwrite that save.
		const early = await handshake(bed, MATTER_WEBHOOK, {}, { id, secret: String(state.secret) });
		assert.equal(early.staticDataChanged, false);
		await unpublish(staticData);
	});

	it('reports a heartbeat that cannot reach Clio as an error, not silently', async () => {
		const { staticData } = await publish();
		bed.sandbox.faults.add({
			path: /\/api\/v4\/webhooks\/\d+\.json/,
			status: 403,
			times: 1,
			body: { error: { type: 'Forbidden', message: 'Access denied' } },
		});
		await assert.rejects(poll(bed, MATTER_WEBHOOK, staticData), /403/);
		await unpublish(staticData);
	});

	it('"Fetch Test Event" in webhook mode returns a recent record shaped like a delivery', async () => {
		const sample = await poll(bed, MATTER_WEBHOOK, {}, { mode: 'manual' });
		assert.equal(sample?.length, 1);
		assert.deepEqual(
			Object.keys(sample?.[0] ?? {})
				.filter((key) => ['event', 'model', 'webhook_id', 'id', 'etag'].includes(key))
				.sort(),
			['etag', 'event', 'id', 'model', 'webhook_id'],
		);
		assert.equal(sample?.[0].model, 'matter');
	});
});
