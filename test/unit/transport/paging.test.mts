// Clio pages with an opaque cursor (api-facts §3.3): limit ≤ 200, follow meta.paging.next,
// never page=/page[number]/offset.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { LogEntry } from '../../sandbox/index.mts';
import { apiRequests, transportTestBed, runClio } from './transport-bed.mts';

const bed = transportTestBed(1000);

function getMany(extra: Record<string, unknown>) {
	return { resource: 'matter', operation: 'getMany', ...extra };
}

/** Each request follows the cursor rules; later pages are the previous page's `next` link. */
function assertCursorPaging(requests: LogEntry[]): void {
	for (const [index, request] of requests.entries()) {
		assert.equal(request.path, '/api/v4/matters.json');
		assert.ok(typeof request.query.fields === 'string' && request.query.fields.length > 0);
		const limit = Number(request.query.limit);
		assert.ok(limit >= 1 && limit <= 200, `limit ${request.query.limit} is within 1–200`);
		for (const forbidden of ['page', 'page[number]', 'offset']) {
			assert.equal(request.query[forbidden], undefined, `no ${forbidden}= parameter`);
		}
		assert.equal(
			typeof request.query.page_token === 'string',
			index > 0,
			'page_token from page 2 on',
		);
	}
}

function distinctIds(records: Array<{ id?: unknown }>): number {
	return new Set(records.map((record) => record.id)).size;
}

describe('Paging', () => {
	it('reads all 1,000 matters in exactly 5 requests of 200', async () => {
		const matters = await runClio(bed, getMany({ returnAll: true }));
		const requests = apiRequests(bed);
		assert.equal(requests.length, 5);
		assert.deepEqual(
			requests.map((request) => request.query.limit),
			['200', '200', '200', '200', '200'],
		);
		assertCursorPaging(requests);
		assert.equal(matters.length, 1000);
		assert.equal(distinctIds(matters), 1000);
	});

	it('stops after 250 matters: 2 requests', async () => {
		const matters = await runClio(bed, getMany({ returnAll: false, limit: 250 }));
		const requests = apiRequests(bed);
		assert.equal(requests.length, 2);
		assertCursorPaging(requests);
		assert.equal(matters.length, 250);
		assert.equal(distinctIds(matters), 250);
	});

	it('asks for only 5 matters when the limit is 5: 1 request', async () => {
		const matters = await runClio(bed, getMany({ returnAll: false, limit: 5 }));
		const requests = apiRequests(bed);
		assert.equal(requests.length, 1);
		assert.equal(requests[0].query.limit, '5');
		assertCursorPaging(requests);
		assert.equal(matters.length, 5);
	});

	it('follows the next link exactly as Clio gave it', async () => {
		await runClio(bed, getMany({ returnAll: true }));
		const requests = apiRequests(bed);
		// The sandbox's next link repeats the first request's query and adds the page_token.
		const [first, ...rest] = requests;
		for (const request of rest) {
			const { page_token: token, ...others } = request.query;
			assert.ok(token);
			assert.deepEqual(others, first.query);
		}
		assert.equal(new Set(rest.map((request) => request.query.page_token)).size, rest.length);
	});
});
