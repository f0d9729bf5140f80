// Every request pins the API version (api-facts §1.3), and the access token never leaves for a
// host other than the credential's Clio (paging links are followed as given, api-facts §3.3).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Clio } from '../../../nodes/Clio/Clio.node.ts';
import { clioApiRequestAllItems } from '../../../nodes/Clio/transport/paginate.ts';
import { runNode } from '../support/n8n.mts';
import {
	apiFailure,
	apiRequests,
	createNote,
	getMatter,
	runClio,
	transportTestBed,
} from './transport-bed.mts';

const bed = transportTestBed(250);

describe('Headers and hosts', () => {
	it('sends X-API-VERSION: 4.0.9 on every request, reads and writes alike', async () => {
		await runClio(bed, { resource: 'matter', operation: 'getMany', returnAll: true });
		await runClio(bed, getMatter(2));
		await runClio(bed, createNote(2));
		const requests = apiRequests(bed);
		assert.deepEqual(
			requests.map((request) => `${request.method} ${request.path}`),
			[
				'GET /api/v4/matters.json',
				'GET /api/v4/matters.json',
				'GET /api/v4/matters/2.json',
				'POST /api/v4/notes.json',
			],
		);
		for (const request of requests) assert.equal(request.headers['x-api-version'], '4.0.9');
	});

	it('refuses a paging link to another host, before sending the token there', async () => {
		// Same server under another name: had the link been followed, the log would show it.
		const elsewhere = bed.sandbox.url.replace('127.0.0.1', 'localhost');
		bed.sandbox.faults.add({
			method: 'GET',
			path: '/api/v4/matters.json',
			status: 200,
			body: {
				data: [{ id: 1 }],
				meta: { paging: { next: `${elsewhere}/api/v4/matters.json?page_token=abc` }, records: 2 },
			},
		});
		const error = await apiFailure(
			runClio(bed, { resource: 'matter', operation: 'getMany', returnAll: true }),
		);
		assert.match(error.message, /^Clio answered with a link to another host \(localhost:\d+\)$/);
		assert.match(
			error.description ?? '',
			/access token was not sent outside http:\/\/127\.0\.0\.1/,
		);
		assert.equal(bed.sandbox.log.entries.length, 1);
	});

	it('refuses it from the paging helper itself, whatever the caller', async () => {
		bed.sandbox.faults.add({
			method: 'GET',
			path: '/api/v4/users.json',
			status: 200,
			body: {
				data: [{ id: 1 }],
				meta: { paging: { next: 'https://clio.example.com/users.json' } },
			},
		});
		// A tiny node whose only work is to page through a list with the package's helper.
		const lister = new Clio();
		lister.execute = async function () {
			const users = await clioApiRequestAllItems(this, '/users.json', { fields: 'id' });
			return [users.map((json) => ({ json }))];
		};
		const run = runNode(lister, { parameters: {}, credential: bed.credential });
		const error = await apiFailure(run);
		assert.match(error.message, /another host \(clio\.example\.com\)/);
		assert.equal(bed.sandbox.log.entries.length, 1);
	});
});
