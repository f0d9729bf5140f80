import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { SandboxOptions } from '../sandbox/types.mts';
import { openSandbox, type Client } from './client.mts';

type Json = Record<string, any>;

const DAY_MS = 24 * 3600 * 1000;

interface Received {
	path: string;
	headers: IncomingHttpHeaders;
	raw: string;
	body: Json;
}

interface Answer {
	status: number;
	headers?: Record<string, string>;
	/** Answer this late (to let the sandbox time out). */
	delayMs?: number;
}

/**
 * A loopback webhook receiver. Each path answers with its queued answers first, then with its
 * default: echo the handshake secret (api-facts §8.4) and 200 everything else.
 */
async function startReceiver() {
	const received: Received[] = [];
	const queued = new Map<string, Answer[]>();
	const echoes = new Map<string, boolean>();
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const raw = Buffer.concat(chunks).toString('utf8');
			const path = req.url ?? '/';
			received.push({ path, headers: req.headers, raw, body: JSON.parse(raw) as Json });
			const answer = queued.get(path)?.shift();
			const secret = req.headers['x-hook-secret'];
			if (answer?.delayMs) {
				setTimeout(() => {
					if (!res.destroyed) res.writeHead(answer.status).end();
				}, answer.delayMs).unref();
				return;
			}
			if (answer) res.writeHead(answer.status, answer.headers);
			else if (typeof secret === 'string' && echoes.get(path) !== false) {
				res.writeHead(200, { 'X-Hook-Secret': secret });
			} else res.writeHead(200);
			res.end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		url: (path: string) => `${base}${path}`,
		/** Requests to `path` (handshakes included). */
		at: (path: string) => received.filter((r) => r.path === path),
		/** Signed deliveries to `path` (no handshakes). */
		deliveriesAt: (path: string) =>
			received.filter((r) => r.path === path && r.headers['x-hook-secret'] === undefined),
		answer: (path: string, ...answers: Answer[]) =>
			queued.set(path, [...(queued.get(path) ?? []), ...answers]),
		/** Stops echoing the handshake secret at `path`. */
		noEcho: (path: string) => echoes.set(path, false),
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/** A sandbox on a fixed clock plus a receiver for its webhooks. */
async function openBoth(opts: SandboxOptions) {
	return {
		c: await openSandbox({ now: '2025-06-01T12:00:00Z', ...opts }),
		r: await startReceiver(),
	};
}

async function closeBoth(c: Client, r: Receiver) {
	await c.sandbox.close();
	await r.close();
}

const hmac = (secret: string, raw: string) =>
	createHmac('sha256', secret).update(raw).digest('hex');

const WEBHOOK_FIELDS = 'id,etag,url,model,events,fields,status,expires_at,shared_secret,created_at';

/** Creates a webhook posting to `path` and waits for its handshake to finish. */
async function createWebhook(c: Client, r: Receiver, path: string, data: Json = {}) {
	const res = await c.post(`/webhooks.json?fields=${WEBHOOK_FIELDS}`, {
		data: { url: r.url(path), model: 'matter', fields: 'id,etag', ...data },
	});
	assert.equal(res.status, 201, JSON.stringify(res.body));
	await c.sandbox.webhooks.settled();
	return res.body.data as Json;
}

async function statusOf(c: Client, id: number): Promise<string> {
	return (await c.get(`/webhooks/${id}.json?fields=status`)).body.data.status as string;
}

/** A matter with a practice area and a stage of that area it is not in yet. */
function matterWithOtherStage(c: Client, skip = 0) {
	const matters = [...c.sandbox.store.matters.values()].filter((m) => m.practice_area_id);
	const matter = matters[skip];
	const stage = [...c.sandbox.store.matterStages.values()].find(
		(s) => s.practice_area_id === matter.practice_area_id && s.id !== matter.matter_stage_id,
	);
	assert.ok(stage);
	return { matter, stage };
}

function assertNoViolations(c: Client) {
	assert.deepEqual(
		c.sandbox.log.violations().map((e) => e.violations),
		[],
	);
}

describe('webhooks: create, handshake, read', () => {
	let c: Client;
	let r: Receiver;
	before(async () => ({ c, r } = await openBoth({ matters: 50 })));
	after(() => closeBoth(c, r));

	it('creates a pending webhook expiring in 3 days and enables it when the handshake is echoed', async () => {
		c.sandbox.log.clear();
		const res = await c.post(`/webhooks.json?fields=${WEBHOOK_FIELDS}`, {
			data: {
				url: r.url('/a'),
				model: 'matter',
				events: ['created', 'updated'],
				fields: 'id,etag,display_number',
			},
		});
		assert.equal(res.status, 201);
		const hook = res.body.data;
		assert.equal(hook.status, 'pending');
		assert.equal(hook.model, 'matter');
		assert.deepEqual(hook.events, ['created', 'updated']);
		assert.equal(hook.fields, 'id,etag,display_number');
		assert.match(hook.shared_secret, /^[0-9a-f]{16,}$/);
		// api-facts §8.2: default expiry 3 days after creation.
		assert.equal(Date.parse(hook.expires_at) - Date.parse(hook.created_at), 3 * DAY_MS);

		await c.sandbox.webhooks.settled();
		const [handshake] = r.at('/a');
		assert.equal(handshake.headers['x-hook-secret'], hook.shared_secret);
		assert.equal(handshake.headers['x-hook-signature'], undefined);
		assert.equal(handshake.body.data.webhook_id, hook.id);
		assert.equal(await statusOf(c, hook.id), 'enabled');
		const outbound = c.sandbox.log.entries.filter((e) => e.kind === 'delivery');
		assert.equal(outbound.length, 1);
		assert.equal(outbound[0].status, 200);
		assertNoViolations(c);
	});

	it('stays pending when the receiver does not echo the secret, and delivers nothing', async () => {
		r.noEcho('/silent');
		const hook = await createWebhook(c, r, '/silent', { fields: 'id,etag,description' });
		assert.equal(r.at('/silent').length, 1);
		assert.equal(await statusOf(c, hook.id), 'pending');
		await c.patch('/matters/3.json', { data: { description: 'Changed while pending' } });
		await c.sandbox.webhooks.settled();
		assert.equal(r.at('/silent').length, 1);
	});

	it('accepts expires_at 31 days ahead and refuses later or past times with 422', async () => {
		c.sandbox.log.clear();
		const now = c.sandbox.clock.now().getTime();
		const max = new Date(now + 31 * DAY_MS).toISOString();
		const ok = await createWebhook(c, r, '/max', { expires_at: max });
		assert.equal(ok.expires_at, max);

		const tooLate = await c.post('/webhooks.json', {
			data: {
				url: r.url('/late'),
				model: 'matter',
				fields: 'id',
				expires_at: new Date(now + 31 * DAY_MS + 60_000).toISOString(),
			},
		});
		assert.equal(tooLate.status, 422);
		assert.match(tooLate.body.error.message, /31 days/);
		const past = await c.post('/webhooks.json', {
			data: {
				url: r.url('/late'),
				model: 'matter',
				fields: 'id',
				expires_at: new Date(now - 60_000).toISOString(),
			},
		});
		assert.equal(past.status, 422);
		assert.equal(r.at('/late').length, 0, 'a refused webhook gets no handshake');
		assertNoViolations(c);
	});

	it('returns shared_secret only when fields asks for it', async () => {
		const hook = await createWebhook(c, r, '/secret');
		const plain = await c.get(`/webhooks/${hook.id}.json`);
		assert.deepEqual(Object.keys(plain.body.data).sort(), ['etag', 'id']);
		const asked = await c.get(`/webhooks/${hook.id}.json?fields=id,shared_secret,user{id}`);
		assert.equal(asked.body.data.shared_secret, hook.shared_secret);
		assert.equal(asked.body.data.user.id, 1);
	});

	it('lists webhooks with cursor paging and ids[]', async () => {
		c.sandbox.log.clear();
		const first = await c.get('/webhooks.json?fields=id,model&limit=2');
		assert.equal(first.body.data.length, 2);
		assert.ok(first.body.meta.records >= 4);
		const next = new URL(first.body.meta.paging.next as string);
		const second = await c.get(`/webhooks.json${next.search}`);
		assert.ok(second.body.data[0].id > first.body.data[1].id);
		const one = await c.get(`/webhooks.json?ids[]=${first.body.data[1].id}&fields=id`);
		assert.deepEqual(one.body.data, [{ id: first.body.data[1].id }]);
		assertNoViolations(c);
	});

	it('validates model, events, url and fields the Clio way', async () => {
		c.sandbox.log.clear();
		const base = { url: r.url('/v'), fields: 'id' };

		// api-facts §8.2, §3.6: CamelCase model names are refused with ArgumentError.
		const camel = await c.post('/webhooks.json', { data: { ...base, model: 'CalendarEntry' } });
		assert.equal(camel.status, 422);
		assert.equal(camel.body.error.type, 'ArgumentError');
		assert.equal(
			camel.body.error.message,
			"An invalid argument was supplied: 'CalendarEntry' is not a valid model",
		);
		assert.equal(c.sandbox.log.violations().length, 1, 'outside the spec enum: a violation');
		c.sandbox.log.clear();

		// The numeric model id is documented to work too.
		const byId = await c.post('/webhooks.json?fields=model', { data: { ...base, model: 4 } });
		assert.equal(byId.status, 201);
		assert.equal(byId.body.data.model, 'calendar_entry');

		const foreignEvent = await c.post('/webhooks.json', {
			data: { ...base, model: 'contact', events: ['created', 'matter_closed'] },
		});
		assert.equal(foreignEvent.status, 422);
		assert.match(foreignEvent.body.error.message, /matter_closed/);
		const paymentDeleted = await c.post('/webhooks.json', {
			data: { ...base, model: 'clio_payments_payment', events: ['deleted'] },
		});
		assert.equal(paymentDeleted.status, 422);

		// api-facts §8.2: https only; the sandbox also lets plain http reach loopback hosts.
		for (const url of ['http://example.com/hook', 'ftp://example.com/hook', 'not a url']) {
			const res = await c.post('/webhooks.json', { data: { ...base, model: 'task', url } });
			assert.equal(res.status, 422, url);
		}
		const https = await c.post('/webhooks.json?fields=status', {
			data: { ...base, model: 'task', url: 'https://n8n.example.com/webhook/x' },
		});
		assert.equal(https.status, 201);

		const longFields = await c.post('/webhooks.json', {
			data: { ...base, model: 'matter', fields: `id,${'description,'.repeat(100)}etag` },
		});
		assert.equal(longFields.status, 422);
		assert.match(longFields.body.error.message, /1000/);
		assertNoViolations(c);

		// Unknown or too deeply nested fields follow the `fields` rules (api-facts §3.2).
		const nested = await c.post('/webhooks.json', {
			data: { ...base, model: 'matter', fields: 'id,client{id,company{id}}' },
		});
		assert.equal(nested.status, 400);
		const missing = await c.post('/webhooks.json', { data: { url: r.url('/v'), model: 'task' } });
		assert.equal(missing.status, 422, 'fields is required by the spec');
		await c.sandbox.webhooks.settled();
	});
});

describe('webhooks: deliveries', () => {
	let c: Client;
	let r: Receiver;
	before(async () => {
		({ c, r } = await openBoth({
			matters: 50,
			webhookRetryDelaysMs: [10, 20, 40, 80, 160],
			webhookTimeoutMs: 500,
		}));
	});
	after(() => closeBoth(c, r));

	it('delivers a signed `updated` event with matter_stage when the stage changes', async () => {
		const hook = await createWebhook(c, r, '/stage', {
			events: ['updated'],
			fields: 'id,etag,matter_stage{id,name}',
		});
		const { matter, stage } = matterWithOtherStage(c);
		c.sandbox.log.clear();
		const res = await c.patch(`/matters/${matter.id}.json?fields=id,etag`, {
			data: { matter_stage: { id: stage.id } },
		});
		assert.equal(res.status, 200);
		await c.sandbox.webhooks.settled();

		const [delivery] = r.deliveriesAt('/stage');
		assert.deepEqual(delivery.body, {
			data: {
				id: matter.id,
				etag: res.body.data.etag,
				matter_stage: { id: stage.id, name: stage.name },
			},
			meta: { event: 'updated', webhook_id: hook.id },
		});
		// api-facts §8.5: lowercase hex HMAC-SHA256 of the raw body with the shared secret.
		assert.equal(delivery.headers['x-hook-signature'], hmac(hook.shared_secret, delivery.raw));
		assert.equal(delivery.headers['content-type'], 'application/json');
		const logged = c.sandbox.log.entries.filter((e) => e.kind === 'delivery');
		assert.equal(logged.length, 1);
		assert.equal(logged[0].path, r.url('/stage'));
		assertNoViolations(c);
	});

	it('sends the first update of a record regardless, then only when a watched field changes', async () => {
		await createWebhook(c, r, '/watched', {
			events: ['updated'],
			fields: 'id,matter_stage{id,name}',
		});
		const { matter, stage } = matterWithOtherStage(c, 1);
		const patch = async (data: Json) => {
			const res = await c.patch(`/matters/${matter.id}.json`, { data });
			assert.equal(res.status, 200);
			await c.sandbox.webhooks.settled();
			return r.deliveriesAt('/watched').length;
		};
		// api-facts §8.7: never delivered before → sent although only an unwatched field changed.
		assert.equal(await patch({ description: 'First change' }), 1);
		assert.equal(await patch({ description: 'Second change' }), 1, 'unwatched: not sent');
		assert.equal(await patch({ location: 'Elsewhere' }), 1, 'unwatched: not sent');
		assert.equal(await patch({ matter_stage: { id: stage.id } }), 2);
		assert.deepEqual(r.deliveriesAt('/watched')[1].body.data.matter_stage, {
			id: stage.id,
			name: stage.name,
		});
	});

	it('fires matter_closed when a matter is closed, and only the subscribed events', async () => {
		await createWebhook(c, r, '/closed', {
			events: ['matter_closed'],
			fields: 'id,status',
		});
		await c.patch('/matters/20.json', { data: { status: 'pending' } });
		await c.patch('/matters/20.json', { data: { status: 'closed' } });
		await c.sandbox.webhooks.settled();
		const deliveries = r.deliveriesAt('/closed');
		assert.equal(deliveries.length, 1);
		assert.deepEqual(deliveries[0].body.data, { id: 20, status: 'Closed' });
		assert.equal(deliveries[0].body.meta.event, 'matter_closed');
	});

	it('delivers created and deleted events for contacts', async () => {
		const hook = await createWebhook(c, r, '/contacts', {
			model: 'contact',
			events: ['created', 'deleted'],
			fields: 'id,name,type',
		});
		c.sandbox.log.clear();
		const created = await c.post('/contacts.json', {
			data: { type: 'Company', name: 'Webhook Test LLC' },
		});
		assert.equal(created.status, 201);
		const id = created.body.data.id as number;
		await c.patch(`/contacts/${id}.json`, { data: { name: 'Renamed LLC' } });
		assert.equal((await c.del(`/contacts/${id}.json`)).status, 204);
		await c.sandbox.webhooks.settled();
		assert.deepEqual(
			r.deliveriesAt('/contacts').map((d) => d.body),
			[
				{
					data: { id, name: 'Webhook Test LLC', type: 'Company' },
					meta: { event: 'created', webhook_id: hook.id },
				},
				{
					data: { id, name: 'Renamed LLC', type: 'Company' },
					meta: { event: 'deleted', webhook_id: hook.id },
				},
			],
		);
		assertNoViolations(c);
	});

	it('retries a failed delivery with the same body and signature until it succeeds', async () => {
		const hook = await createWebhook(c, r, '/flaky', { events: ['updated'], fields: 'id,etag' });
		r.answer('/flaky', { status: 500 }, { status: 503 });
		await c.patch('/matters/5.json', { data: { description: 'Retry me' } });
		await c.sandbox.webhooks.settled();
		const attempts = c.sandbox.webhooks.deliveries.filter(
			(a) => a.webhookId === hook.id && a.kind === 'event',
		);
		assert.deepEqual(
			attempts.map((a) => [a.attempt, a.status]),
			[
				[1, 500],
				[2, 503],
				[3, 200],
			],
		);
		assert.equal(new Set(attempts.map((a) => a.delivery)).size, 1);
		const received = r.deliveriesAt('/flaky');
		assert.equal(received.length, 3);
		assert.equal(new Set(received.map((d) => d.raw)).size, 1);
		assert.equal(new Set(received.map((d) => d.headers['x-hook-signature'])).size, 1);
	});

	it('treats a receiver that answers too late as failed and re-attempts', async () => {
		const hook = await createWebhook(c, r, '/slow', { events: ['updated'], fields: 'id,etag' });
		r.answer('/slow', { status: 200, delayMs: 3000 });
		await c.patch('/matters/4.json', { data: { description: 'Slow receiver' } });
		await c.sandbox.webhooks.settled();
		const attempts = c.sandbox.webhooks.deliveries.filter(
			(a) => a.webhookId === hook.id && a.kind === 'event',
		);
		assert.deepEqual(
			attempts.map((a) => [a.attempt, a.status, a.error]),
			[
				[1, 0, 'timeout'],
				[2, 200, undefined],
			],
		);
	});

	it('gives up after 5 re-attempts', async () => {
		await createWebhook(c, r, '/down', { events: ['updated'], fields: 'id,etag' });
		r.answer('/down', ...Array.from({ length: 10 }, () => ({ status: 500 })));
		await c.patch('/matters/6.json', { data: { description: 'Nobody home' } });
		await c.sandbox.webhooks.settled();
		assert.equal(r.deliveriesAt('/down').length, 6);
	});

	it('counts 3xx as delivered and suspends the webhook on 410 Gone', async () => {
		const moved = await createWebhook(c, r, '/moved', { events: ['updated'], fields: 'id' });
		r.answer('/moved', { status: 302, headers: { Location: r.url('/elsewhere') } });
		await c.patch('/matters/7.json', { data: { description: 'Moved' } });
		await c.sandbox.webhooks.settled();
		assert.equal(r.deliveriesAt('/moved').length, 1);
		assert.equal(r.at('/elsewhere').length, 0, 'redirects are not followed');
		assert.equal(await statusOf(c, moved.id), 'enabled');

		const gone = await createWebhook(c, r, '/gone', { events: ['updated'], fields: 'id' });
		r.answer('/gone', { status: 410 });
		await c.patch('/matters/8.json', { data: { description: 'Gone' } });
		await c.sandbox.webhooks.settled();
		assert.equal(r.deliveriesAt('/gone').length, 1, 'no re-attempt after 410');
		assert.equal(await statusOf(c, gone.id), 'suspended');
		await c.patch('/matters/8.json', { data: { description: 'Still gone' } });
		await c.sandbox.webhooks.settled();
		assert.equal(r.deliveriesAt('/gone').length, 1);
	});

	it('re-runs the handshake when the url changes and holds deliveries until confirmed', async () => {
		const hook = await createWebhook(c, r, '/old', { events: ['updated'], fields: 'id,etag' });
		r.noEcho('/new-silent');
		const res = await c.patch(`/webhooks/${hook.id}.json?fields=url,status`, {
			data: { url: r.url('/new-silent') },
		});
		assert.equal(res.body.data.status, 'pending');
		await c.sandbox.webhooks.settled();
		assert.equal(r.at('/new-silent')[0].headers['x-hook-secret'], hook.shared_secret);
		await c.patch('/matters/9.json', { data: { description: 'While re-confirming' } });
		await c.sandbox.webhooks.settled();
		assert.equal(r.deliveriesAt('/new-silent').length, 0);
		assert.equal(r.deliveriesAt('/old').length, 0);

		await c.patch(`/webhooks/${hook.id}.json`, { data: { url: r.url('/new') } });
		await c.sandbox.webhooks.settled();
		assert.equal(await statusOf(c, hook.id), 'enabled');
		await c.patch('/matters/9.json', { data: { description: 'Confirmed again' } });
		await c.sandbox.webhooks.settled();
		assert.equal(r.deliveriesAt('/new').length, 1);
	});

	it('can send a delivery twice, byte for byte, for dedupe tests', async () => {
		const hook = await createWebhook(c, r, '/twice', { events: ['updated'], fields: 'id,etag' });
		c.sandbox.webhooks.duplicateNext(hook.id);
		await c.patch('/matters/10.json', { data: { description: 'Twice' } });
		await c.sandbox.webhooks.settled();
		const [a, b] = r.deliveriesAt('/twice');
		assert.equal(a.raw, b.raw);
		assert.equal(a.headers['x-hook-signature'], b.headers['x-hook-signature']);

		const last = c.sandbox.webhooks.deliveries.filter((d) => d.webhookId === hook.id).at(-1);
		assert.ok(last);
		await c.sandbox.webhooks.redeliver(last.delivery);
		assert.equal(r.deliveriesAt('/twice').length, 3);
		assert.equal(r.deliveriesAt('/twice')[2].raw, a.raw);
	});

	it('deletes a webhook: 204, then 404, and no more deliveries', async () => {
		const hook = await createWebhook(c, r, '/deleted', { events: ['updated'], fields: 'id,etag' });
		c.sandbox.log.clear();
		assert.equal((await c.del(`/webhooks/${hook.id}.json`)).status, 204);
		assert.equal((await c.get(`/webhooks/${hook.id}.json`)).status, 404);
		assert.equal((await c.del(`/webhooks/${hook.id}.json`)).status, 404);
		await c.patch('/matters/11.json', { data: { description: 'After delete' } });
		await c.sandbox.webhooks.settled();
		assert.equal(r.deliveriesAt('/deleted').length, 0);
		assertNoViolations(c);
	});
});

describe('webhooks: expiry', () => {
	let c: Client;
	let r: Receiver;
	before(async () => ({ c, r } = await openBoth({ matters: 20 })));
	after(() => closeBoth(c, r));

	const touch = async (path: string, id: number) => {
		await c.patch(`/matters/${id}.json`, { data: { description: `Touched ${Math.random()}` } });
		await c.sandbox.webhooks.settled();
		return r.deliveriesAt(path).length;
	};

	it('extends expires_at by PATCH (at most 31 days ahead) and keeps delivering', async () => {
		c.sandbox.log.clear();
		const hook = await createWebhook(c, r, '/renewed', { events: ['updated'], fields: 'id,etag' });
		const now = c.sandbox.clock.now().getTime();
		const later = new Date(now + 31 * DAY_MS).toISOString();
		const res = await c.patch(`/webhooks/${hook.id}.json?fields=expires_at,status`, {
			data: { expires_at: later },
		});
		assert.equal(res.status, 200);
		assert.deepEqual(res.body.data, { expires_at: later, status: 'enabled' });
		const tooFar = await c.patch(`/webhooks/${hook.id}.json`, {
			data: { expires_at: new Date(now + 32 * DAY_MS).toISOString() },
		});
		assert.equal(tooFar.status, 422);

		c.sandbox.clock.advance(4 * DAY_MS);
		assert.equal(await statusOf(c, hook.id), 'enabled');
		assert.equal(await touch('/renewed', 1), 1);
		assertNoViolations(c);
	});

	it('stops delivering once the clock passes expires_at and reports the webhook suspended', async () => {
		const hook = await createWebhook(c, r, '/expiring', { events: ['updated'], fields: 'id,etag' });
		assert.equal(await touch('/expiring', 2), 1);
		c.sandbox.clock.advance(3 * DAY_MS + 60_000);
		const shown = await c.get(`/webhooks/${hook.id}.json?fields=status,expires_at`);
		assert.equal(shown.status, 200, 'an expired webhook is still found');
		assert.equal(shown.body.data.status, 'suspended');
		assert.equal(await touch('/expiring', 2), 1);

		// Moving expires_at after it passed does not bring it back: clients re-create it.
		const renew = await c.patch(`/webhooks/${hook.id}.json?fields=status`, {
			data: { expires_at: new Date(c.sandbox.clock.now().getTime() + DAY_MS).toISOString() },
		});
		assert.equal(renew.body.data.status, 'suspended');
		assert.equal(await touch('/expiring', 2), 1);
	});

	it('expire() and suspend() stop deliveries at once', async () => {
		const a = await createWebhook(c, r, '/expire-now', { events: ['updated'], fields: 'id,etag' });
		const b = await createWebhook(c, r, '/suspend-now', { events: ['updated'], fields: 'id,etag' });
		c.sandbox.webhooks.expire(a.id);
		c.sandbox.webhooks.suspend(b.id);
		assert.equal(await touch('/expire-now', 3), 0);
		assert.equal(r.deliveriesAt('/suspend-now').length, 0);
		assert.equal(await statusOf(c, a.id), 'suspended');
		assert.equal(await statusOf(c, b.id), 'suspended');
	});
});
