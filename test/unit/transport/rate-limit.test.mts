// Clio limits requests per access token in fixed windows and announces the window in
// X-RateLimit-* headers; a 429 carries Retry-After, as seconds or as an HTTP date (api-facts §4).
// A short window keeps the test fast; the node must finish every item without a failed call.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';

import type { INodeExecutionData } from 'n8n-workflow';

import type { CredentialStore } from '../support/n8n.mts';
import {
	apiRequests,
	attempts,
	transportTestBed,
	freshCredential,
	getMatter,
	runClioWith,
} from './transport-bed.mts';

const bed = transportTestBed(300);
after(() => bed.sandbox.setRateLimit(false));

const ITEMS = 300;
const items: INodeExecutionData[] = Array.from({ length: ITEMS }, () => ({ json: {} }));

/** Matter → Get of matters 1…300, one per input item, under a limit of 50 requests per second. */
async function getEveryMatter(retryAfter: 'seconds' | 'http-date') {
	bed.sandbox.setRateLimit({ limit: 50, windowMs: 1000 }, retryAfter);
	const matters = await runClioWith(
		bed,
		freshCredential(bed),
		(itemIndex: number) => getMatter(itemIndex + 1),
		items,
	);
	const requests = apiRequests(bed);
	const tooMany = requests.filter((request) => request.status === 429).length;
	return { matters, requests, tooMany };
}

function assertAllMatters(matters: Array<{ id?: unknown }>): void {
	assert.equal(matters.length, ITEMS);
	assert.deepEqual(
		matters.map((matter) => matter.id),
		Array.from({ length: ITEMS }, (_, index) => index + 1),
	);
}

describe('Rate limits', () => {
	for (const retryAfter of ['seconds', 'http-date'] as const) {
		it(`finishes 300 requests under 50 per window (Retry-After as ${retryAfter})`, async (t) => {
			const { matters, requests, tooMany } = await getEveryMatter(retryAfter);
			assertAllMatters(matters);
			// Every 429 (ideally none: the pacer reads X-RateLimit-*) was retried successfully.
			assert.equal(requests.filter((request) => request.status === 200).length, ITEMS);
			assert.equal(requests.length, ITEMS + tooMany);
			assert.ok(requests.every((request) => [200, 429].includes(request.status)));
			t.diagnostic(`429 responses logged: ${tooMany}`);
			assert.equal(tooMany, 0, 'the pacer kept within the window');
		});
	}

	for (const [format, retryAfter] of [
		['seconds', () => '2'],
		['an HTTP date', () => new Date(Date.now() + 3000).toUTCString()],
	] as const) {
		it(`waits out a 429 whose Retry-After is ${format}, then retries`, async () => {
			bed.sandbox.setRateLimit(false);
			const header = retryAfter();
			bed.sandbox.faults.add({
				method: 'GET',
				path: '/api/v4/matters/7.json',
				status: 429,
				body: { error: { type: 'RateLimited', message: 'Too Many Requests' } },
				headers: { 'Retry-After': header },
			});
			const [matter] = await runClioWith(bed, freshCredential(bed), getMatter(7));
			assert.equal(matter.id, 7);
			const requests = apiRequests(bed);
			assert.deepEqual(
				requests.map((request) => request.status),
				[429, 200],
			);
			assert.equal(attempts(bed, '/api/v4/matters/7.json'), 2);
			// The retry came no earlier than the server asked (however late the 429 came): 2 s after
			// the 429, or the date named, read on the sandbox's clock (log times are on it).
			const sandboxOffset = bed.sandbox.clock.now().getTime() - Date.now();
			const notBefore =
				format === 'seconds'
					? Date.parse(requests[0].at) + 2000
					: Date.parse(header) + sandboxOffset;
			const retriedAt = Date.parse(requests[1].at);
			// A few ms for timers, which run on another clock than Date.
			assert.ok(
				retriedAt >= notBefore - TIMER_SLACK_MS,
				`retried ${notBefore - retriedAt} ms before the time Retry-After named`,
			);
		});
	}

	it('keeps two executions sharing one token within the window: no 429', async () => {
		bed.sandbox.setRateLimit({ limit: 50, windowMs: 1000 });
		const credential = freshCredential(bed);
		// Two executions of 150 items each, at the same time, on the same Clio connection.
		const [first, second] = await Promise.all(
			[0, 150].map(
				async (offset) =>
					await runClioWith(
						bed,
						credential,
						(itemIndex: number) => getMatter(offset + itemIndex + 1),
						items.slice(0, 150),
					),
			),
		);
		assertAllMatters([...first, ...second]);
		const requests = apiRequests(bed);
		assert.equal(requests.length, ITEMS);
		assert.ok(
			requests.every((request) => request.status === 200),
			`${requests.filter((request) => request.status === 429).length} requests got a 429`,
		);
	});

	it('counts what Clio says was spent on the token elsewhere, and waits instead of a 429', async () => {
		bed.sandbox.setRateLimit({ limit: 50, windowMs: 5000 });
		const credential = freshCredential(bed);
		const run = async (from: number, count: number) =>
			await runClioWith(
				bed,
				credential,
				(itemIndex: number) => getMatter(from + itemIndex),
				items.slice(0, count),
			);
		// The pacer has seen 5 of the window's 50 spent, then another client spends 42 of it.
		await run(1, 5);
		await spendWindow(credential, 42);
		// 3 are left: the pacer learns it from X-RateLimit-Remaining and waits for the next window.
		const matters = await run(6, 10);
		assert.deepEqual(
			matters.map((matter) => matter.id),
			Array.from({ length: 10 }, (_, index) => index + 6),
		);
		const requests = apiRequests(bed);
		assert.equal(requests.filter((request) => request.status === 429).length, 0);
		assert.equal(requests.length, 5 + 42 + 10);
	});

	// Another workflow on the same Clio connection can spend the window the pacer has not seen;
	// then Clio's own 429s must be waited out, however Retry-After is written.
	for (const retryAfter of ['seconds', 'http-date'] as const) {
		it(`waits out a window spent elsewhere on the same token (Retry-After as ${retryAfter})`, async (t) => {
			// A window long enough for the node to start within it, however slow the machine.
			bed.sandbox.setRateLimit({ limit: 50, windowMs: 4000 }, retryAfter);
			const credential = freshCredential(bed);
			await spendWholeWindow(credential);
			bed.sandbox.log.clear();
			const matters = await runClioWith(
				bed,
				credential,
				(itemIndex: number) => getMatter(itemIndex + 1),
				items.slice(0, 10),
			);
			assert.equal(matters.length, 10);
			const requests = apiRequests(bed);
			const tooMany = requests.filter((request) => request.status === 429).length;
			t.diagnostic(`429 responses logged: ${tooMany}`);
			assert.equal(requests.filter((request) => request.status === 200).length, 10);
			// One 429, then the node waited for the window's end instead of retrying into it.
			assert.equal(tooMany, 1);
		});
	}
});

/** Timers may fire a millisecond or two early by Date's clock. */
const TIMER_SLACK_MS = 5;

/** Spends a request of the token's current window directly, as another client would; the Remaining. */
async function spendOne(credential: CredentialStore): Promise<number> {
	const token = (credential.data.oauthTokenData as { access_token: string }).access_token;
	const response = await fetch(`${bed.sandbox.apiBase}/users/who_am_i.json?fields=id`, {
		headers: { Authorization: `Bearer ${token}`, 'X-API-VERSION': '4.0.9' },
	});
	await response.arrayBuffer();
	assert.equal(response.status, 200);
	return Number(response.headers.get('x-ratelimit-remaining'));
}

/** Spends `count` requests of the token's window(s) directly, as another client would. */
async function spendWindow(credential: CredentialStore, count: number): Promise<void> {
	for (let sent = 0; sent < count; sent++) await spendOne(credential);
}

/** Spends requests until Clio says the current window has none left (a slow machine may need more). */
async function spendWholeWindow(credential: CredentialStore): Promise<void> {
	while ((await spendOne(credential)) > 0);
}
