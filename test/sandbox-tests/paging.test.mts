import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openSandbox, type Client } from './client.mts';

describe('cursor paging', () => {
	let c: Client;
	before(async () => {
		c = await openSandbox({ matters: 1000 });
	});
	after(() => c.sandbox.close());

	async function followAll(first: string) {
		const ids: number[] = [];
		let next: string | undefined = `${c.sandbox.apiBase}${first}`;
		let requests = 0;
		let records = 0;
		while (next) {
			const res = await fetch(next, { headers: { Authorization: `Bearer ${c.token}` } });
			assert.equal(res.status, 200);
			const body = (await res.json()) as {
				data: { id: number }[];
				meta: { paging: { next?: string }; records: number };
			};
			requests++;
			records = body.meta.records;
			ids.push(...body.data.map((d) => d.id));
			next = body.meta.paging.next;
			if (next)
				assert.match(next, /^http:\/\/127\.0\.0\.1:\d+\/api\/v4\/matters\.json\?.*page_token=/);
		}
		return { ids, requests, records };
	}

	it('walks 1000 matters in exactly 5 requests of 200', async () => {
		c.sandbox.log.clear();
		const { ids, requests, records } = await followAll('/matters.json?limit=200&fields=id');
		assert.equal(requests, 5);
		assert.equal(ids.length, 1000);
		assert.equal(new Set(ids).size, 1000);
		assert.equal(records, 1000);
		assert.deepEqual(
			ids,
			[...ids].sort((a, b) => a - b),
			'default order is id(asc)',
		);
		assert.equal(c.sandbox.log.violations().length, 0);
	});

	it('defaults to 200 per page and omits next on the last page', async () => {
		const first = await c.get('/matters.json?fields=id');
		assert.equal(first.body.data.length, 200);
		const last = await c.get('/matters.json?fields=id&ids[]=1&ids[]=2');
		assert.equal(last.body.meta.paging.next, undefined);
	});

	it('keeps the filters in the next URL', async () => {
		const all = [...c.sandbox.store.matters.values()].filter((m) => m.status !== 'closed').length;
		const { ids, requests } = await followAll(
			'/matters.json?limit=150&status=open,pending&fields=id,status',
		);
		assert.equal(ids.length, all);
		assert.equal(requests, Math.ceil(all / 150));
	});

	it('orders by updated_at(asc) across pages', async () => {
		const stamps: string[] = [];
		let path: string | undefined =
			'/matters.json?limit=200&order=updated_at(asc)&fields=id,updated_at';
		while (path) {
			const res = await c.get(path);
			stamps.push(...res.body.data.map((m: { updated_at: string }) => m.updated_at));
			const next = res.body.meta.paging.next as string | undefined;
			path = next?.slice(c.sandbox.apiBase.length);
		}
		assert.equal(stamps.length, 1000);
		assert.deepEqual(stamps, [...stamps].sort());
	});

	it('orders by id(desc)', async () => {
		const res = await c.get('/matters.json?limit=3&order=id(desc)&fields=id');
		assert.deepEqual(
			res.body.data.map((m: { id: number }) => m.id),
			[1000, 999, 998],
		);
	});

	it('refuses a forged page_token', async () => {
		c.sandbox.log.clear();
		const res = await c.get('/matters.json?page_token=not-a-token');
		assert.equal(res.status, 400);
		assert.match(res.body.error.message, /page_token/);
		assert.equal(c.sandbox.log.violations().length, 1);
	});
});
