import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { openSandbox, type Client } from './client.mts';

describe('fault injection', () => {
	let c: Client;
	before(async () => {
		c = await openSandbox({ matters: 5 });
	});
	after(() => c.sandbox.close());
	beforeEach(() => c.sandbox.faults.clear());

	it('answers a configured status and body once, then normally', async () => {
		c.sandbox.faults.add({
			method: 'GET',
			path: '/api/v4/matters/1.json',
			status: 503,
			body: { error: { type: 'ServiceUnavailable', message: 'down' } },
			headers: { 'Retry-After': '1' },
		});
		const failed = await c.get('/matters/1.json');
		assert.equal(failed.status, 503);
		assert.equal(failed.body.error.message, 'down');
		assert.equal(failed.headers.get('retry-after'), '1');
		assert.equal((await c.get('/matters/1.json')).status, 200);
		assert.equal(c.sandbox.log.count({ path: '/api/v4/matters/1.json', status: 503 }), 1);
	});

	it('applies a rule the configured number of times and matches regexes', async () => {
		c.sandbox.faults.add({ path: /\/matters\//, status: 500, times: 2 });
		assert.equal((await c.get('/matters/2.json')).status, 500);
		assert.equal((await c.get('/matters/3.json')).status, 500);
		assert.equal((await c.get('/matters/2.json')).status, 200);
	});

	it('only matches the given method', async () => {
		c.sandbox.faults.add({ method: 'PATCH', path: '/api/v4/matters/1.json', status: 500 });
		assert.equal((await c.get('/matters/1.json')).status, 200);
		assert.equal((await c.patch('/matters/1.json', { data: {} })).status, 500);
	});

	it('resets the connection', async () => {
		c.sandbox.faults.add({ path: '/api/v4/users/who_am_i.json', reset: true });
		await assert.rejects(c.get('/users/who_am_i.json'));
		assert.equal((await c.get('/users/who_am_i.json')).status, 200);
	});

	it('delays and then handles normally when no status is given', async () => {
		c.sandbox.faults.add({ path: '/api/v4/users/who_am_i.json', delayMs: 20 });
		const res = await c.get('/users/who_am_i.json?fields=id');
		assert.equal(res.status, 200);
		assert.deepEqual(res.body.data, { id: 1 });
	});

	it('applies to oauth requests too', async () => {
		c.sandbox.faults.add({ path: '/oauth/token', status: 502 });
		const res = await fetch(`${c.sandbox.url}/oauth/token`, { method: 'POST' });
		assert.equal(res.status, 502);
		assert.equal(c.sandbox.log.count({ kind: 'oauth', status: 502 }), 1);
	});

	it('matches the query when one is given', async () => {
		c.sandbox.faults.add({ path: /\/matters\//, query: { fields: 'id,etag' }, status: 500 });
		assert.equal((await c.get('/matters/1.json?fields=id')).status, 200);
		assert.equal((await c.get('/matters/1.json?fields=id,etag')).status, 500);
		assert.equal((await c.get('/matters/1.json?fields=id,etag')).status, 200);
	});

	it('holds a request until more matching requests arrive, then handles it', async () => {
		c.sandbox.log.clear();
		c.sandbox.faults.add({ path: '/api/v4/matters/1.json', holdUntil: { requests: 2 } });
		const held = c.get('/matters/1.json?fields=id');
		// Other paths do not count; two more requests for the same path release the hold.
		assert.equal((await c.get('/matters/2.json?fields=id')).status, 200);
		const others = [c.get('/matters/1.json?fields=id'), c.get('/matters/1.json?fields=id')];
		assert.deepEqual((await held).body.data, { id: 1 });
		await Promise.all(others);
		const first = c.sandbox.log.entries.find((entry) => entry.path === '/api/v4/matters/1.json');
		assert.equal(first?.hold, 'released');
	});

	it('gives up a hold when the awaited requests do not come', async () => {
		c.sandbox.faults.add({
			path: '/api/v4/users/who_am_i.json',
			holdUntil: { requests: 1, timeoutMs: 50 },
			status: 503,
		});
		assert.equal((await c.get('/users/who_am_i.json')).status, 503);
		assert.equal(c.sandbox.log.entries.at(-1)?.hold, 'timed out');
	});
});
