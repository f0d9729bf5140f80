import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openSandbox, type Client } from './client.mts';

describe('spec conformance', () => {
	let c: Client;
	before(async () => {
		c = await openSandbox({ matters: 50 });
	});
	after(() => c.sandbox.close());

	const refuses = async (path: string, status: number, message: RegExp) => {
		c.sandbox.log.clear();
		const res = await c.get(path);
		assert.equal(res.status, status);
		assert.equal(typeof res.body.error.type, 'string');
		assert.match(res.body.error.message, message);
		const violations = c.sandbox.log.violations();
		assert.equal(violations.length, 1);
		assert.match(violations[0].violations.join('\n'), message);
	};

	it('refuses page-number parameters that Clio does not have', async () => {
		await refuses('/matters.json?page=2', 400, /'page' is not a valid parameter/);
		await refuses(
			'/matters.json?page%5Bnumber%5D=2',
			400,
			/'page\[number\]' is not a valid parameter/,
		);
	});

	it('refuses two-level fields nesting', async () => {
		await refuses(
			'/matters.json?fields=id,client{id,company{name}}',
			400,
			/company\{name\} is not a valid field/,
		);
		await refuses(
			'/matters/1.json?fields=custom_field_values{id,picklist_option{id,option}}',
			400,
			/is not a valid field/,
		);
	});

	it('refuses unknown fields, top-level and nested', async () => {
		await refuses('/matters.json?fields=id,colour', 400, /^colour is not a valid field$/);
		await refuses(
			'/matters.json?fields=client{shoe_size}',
			400,
			/^shoe_size is not a valid field$/,
		);
	});

	it('refuses limit above 200 and below 1', async () => {
		await refuses('/matters.json?limit=201', 400, /limit must be between 1 and 200/);
		await refuses('/matters.json?limit=0', 400, /limit must be between 1 and 200/);
	});

	it('refuses mistyped and out-of-enum parameters', async () => {
		await refuses('/matters.json?client_id=abc', 400, /client_id/);
		await refuses('/matters.json?status=Open', 400, /status/);
		await refuses('/matters.json?order=colour(asc)', 400, /order/);
	});

	it('answers unknown paths and methods with a 404 Clio error', async () => {
		await refuses('/nonsense.json', 404, /No route matches/);
		c.sandbox.log.clear();
		const res = await c.call('PUT', '/matters/1.json', { data: {} });
		assert.equal(res.status, 404);
		assert.equal(c.sandbox.log.violations().length, 1);
	});

	it('requires the type parameter on notes and accepts it lowercase', async () => {
		await refuses('/notes.json', 400, /Missing required parameter 'type'/);
		const lower = await c.get('/notes.json?type=matter&fields=id,type');
		assert.equal(lower.status, 200);
		assert.ok(lower.body.data.length > 0);
		assert.ok(lower.body.data.every((n: { type: string }) => n.type === 'Matter'));
	});

	it('returns only id and etag without fields', async () => {
		const res = await c.get('/matters/1.json');
		assert.equal(res.status, 200);
		assert.deepEqual(Object.keys(res.body.data).sort(), ['etag', 'id']);
		assert.match(res.body.data.etag, /^".+"$/);
		const list = await c.get('/contacts.json?limit=3');
		assert.ok(list.body.data.every((r: object) => Object.keys(r).sort().join() === 'etag,id'));
	});

	it('accepts paths without .json and array parameters', async () => {
		const res = await c.get('/matters?ids[]=2&ids[]=4&fields=id');
		assert.equal(res.status, 200);
		assert.deepEqual(res.body.data, [{ id: 2 }, { id: 4 }]);
		assert.equal(res.body.meta.records, 2);
	});

	it('shapes nested associations with one level of braces', async () => {
		const res = await c.get('/matters/1.json?fields=id,client{id,name},practice_area,status');
		assert.equal(res.status, 200);
		assert.deepEqual(Object.keys(res.body.data.client).sort(), ['id', 'name']);
		assert.deepEqual(Object.keys(res.body.data.practice_area).sort(), ['etag', 'id']);
		assert.match(res.body.data.status, /^(Open|Pending|Closed)$/);
	});

	it('records a violation for a body attribute the spec does not declare', async () => {
		c.sandbox.log.clear();
		const res = await c.patch('/matters/1.json', { data: { description: 'x', colour: 'blue' } });
		assert.equal(res.status, 422);
		assert.match(res.body.error.message, /'colour' is not a permitted attribute/);
		assert.equal(c.sandbox.log.violations().length, 1);
		const stored = c.sandbox.store.matters.get(1);
		assert.notEqual(stored?.description, 'x');
	});

	it('records a violation for a body of the wrong type', async () => {
		c.sandbox.log.clear();
		const res = await c.post('/matters.json', { data: { description: 42, client: { id: 1 } } });
		assert.equal(res.status, 422);
		assert.equal(c.sandbox.log.violations().length, 1);
	});

	it('handles X-API-VERSION: echoes it and answers 410 for unsupported versions', async () => {
		const ok = await c.get('/users/who_am_i.json', { 'X-API-VERSION': '4.0.12' });
		assert.equal(ok.status, 200);
		assert.equal(ok.headers.get('x-api-version'), '4.0.12');
		const gone = await c.get('/users/who_am_i.json', { 'X-API-VERSION': '3.0.0' });
		assert.equal(gone.status, 410);
		assert.equal(typeof gone.body.error.message, 'string');
	});

	it('supports conditional GET and If-Match', async () => {
		const first = await c.get('/matters/2.json?fields=id,etag');
		const etag = first.body.data.etag as string;
		assert.equal(first.headers.get('etag'), etag);
		const again = await c.get('/matters/2.json', { 'If-None-Match': etag });
		assert.equal(again.status, 304);
		const stale = await c.patch(
			'/matters/2.json',
			{ data: { location: 'A' } },
			{ 'If-Match': '"stale"' },
		);
		assert.equal(stale.status, 412);
		const fresh = await c.patch(
			'/matters/2.json',
			{ data: { location: 'A' } },
			{ 'If-Match': etag },
		);
		assert.equal(fresh.status, 200);
	});

	it('answers 404 NotFoundError for records that do not exist, without a violation', async () => {
		c.sandbox.log.clear();
		const res = await c.get('/matters/999999.json');
		assert.equal(res.status, 404);
		assert.deepEqual(res.body, { error: { type: 'NotFoundError', message: 'Not Found' } });
		assert.equal(c.sandbox.log.violations().length, 0);
	});

	it('logs every request with its kind, status and query', async () => {
		c.sandbox.log.clear();
		await c.get('/users/who_am_i.json?fields=id');
		const [entry] = c.sandbox.log.entries;
		assert.equal(entry.kind, 'api');
		assert.equal(entry.status, 200);
		assert.deepEqual(entry.query, { fields: 'id' });
		assert.equal(c.sandbox.log.count({ method: 'GET', path: /who_am_i/, kind: 'api' }), 1);
	});
});
