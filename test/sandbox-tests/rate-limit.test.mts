import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openSandbox, type Client } from './client.mts';

describe('rate limits', () => {
	let c: Client;
	before(async () => {
		c = await openSandbox({ matters: 5, rateLimit: { limit: 3, windowMs: 60_000 } });
	});
	after(() => c.sandbox.close());

	it('counts down and answers 429 with Retry-After in seconds', async () => {
		const remaining: string[] = [];
		for (let i = 0; i < 3; i++) {
			const res = await c.get('/users/who_am_i.json');
			assert.equal(res.status, 200);
			assert.equal(res.headers.get('x-ratelimit-limit'), '3');
			remaining.push(res.headers.get('x-ratelimit-remaining') as string);
			const reset = Number(res.headers.get('x-ratelimit-reset'));
			assert.ok(reset > Date.now() / 1000 && reset <= Date.now() / 1000 + 61);
		}
		assert.deepEqual(remaining, ['2', '1', '0']);
		const limited = await c.get('/users/who_am_i.json');
		assert.equal(limited.status, 429);
		assert.deepEqual(limited.body, {
			error: { type: 'RateLimited', message: 'Too Many Requests' },
		});
		const retryAfter = limited.headers.get('retry-after') as string;
		assert.match(retryAfter, /^\d+$/);
		assert.ok(Number(retryAfter) >= 1 && Number(retryAfter) <= 60);
		assert.equal(limited.headers.get('x-ratelimit-remaining'), '0');
		assert.equal(c.sandbox.log.count({ status: 429 }), 1);
	});

	it('limits per access token', async () => {
		const other = c.sandbox.issueTokens().access_token;
		const res = await fetch(`${c.sandbox.apiBase}/users/who_am_i.json`, {
			headers: { Authorization: `Bearer ${other}` },
		});
		assert.equal(res.status, 200);
	});

	it('can send Retry-After as an HTTP date', async () => {
		c.sandbox.setRateLimit({ limit: 1, windowMs: 30_000 }, 'http-date');
		assert.equal((await c.get('/users/who_am_i.json')).status, 200);
		const limited = await c.get('/users/who_am_i.json');
		assert.equal(limited.status, 429);
		const retryAfter = limited.headers.get('retry-after') as string;
		assert.match(retryAfter, /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
		const wait = Date.parse(retryAfter) - Date.now();
		assert.ok(wait > -1000 && wait <= 30_000);
	});

	it('can be switched off', async () => {
		c.sandbox.setRateLimit(false);
		const res = await c.get('/users/who_am_i.json');
		assert.equal(res.status, 200);
		assert.equal(res.headers.get('x-ratelimit-limit'), null);
	});
});
