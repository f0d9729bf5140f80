// What a user reads when Clio refuses a request: n8n's NodeApiError with Clio's own words
// (api-facts §3.6 error bodies, §2.2 OAuth-shaped 401 bodies, §2.3 permissions).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Clio } from '../../../nodes/Clio/Clio.node.ts';
import { runNode } from '../support/n8n.mts';
import {
	apiFailure,
	apiRequests,
	clioFault,
	createNote,
	getMatter,
	runClio,
	transportTestBed,
} from './transport-bed.mts';

const bed = transportTestBed(20);

describe('Errors', () => {
	it('names the missing Clio permission on a 403', async () => {
		bed.sandbox.faults.add(
			clioFault('GET', '/api/v4/matters/3.json', 403, 'ForbiddenError', 'You are not authorized'),
		);
		const error = await apiFailure(runClio(bed, getMatter(3)));
		assert.equal(error.httpCode, '403');
		assert.match(error.message, /403 Forbidden/);
		assert.match(error.description ?? '', /"Matters" permission/);
		assert.match(error.description ?? '', /Clio said: "You are not authorized" \(ForbiddenError\)/);
		assert.equal(apiRequests(bed).length, 1);
	});

	it('says "Not found in Clio" on a 404', async () => {
		const error = await apiFailure(runClio(bed, getMatter(999999)));
		assert.equal(error.httpCode, '404');
		assert.match(error.message, /^Not found in Clio \(GET \/matters\/999999\.json\)$/);
		assert.match(error.description ?? '', /Clio said: "Not Found" \(NotFoundError\)/);
		assert.equal(apiRequests(bed).length, 1);
	});

	it('carries Clio’s message from a 422 into the error', async () => {
		bed.sandbox.faults.add(
			clioFault('POST', '/api/v4/notes.json', 422, 'ValidationError', 'Subject is too long'),
		);
		const error = await apiFailure(runClio(bed, createNote(2)));
		assert.equal(error.httpCode, '422');
		assert.equal(error.message, 'Clio rejected the request: Subject is too long');
		assert.match(error.description ?? '', /POST \/notes\.json was refused with 422/);
		assert.match(error.description ?? '', /\(ValidationError\)/);
		assert.equal(apiRequests(bed).length, 1);
	});

	it('reads an OAuth-shaped body {"error","error_description"}', async () => {
		// Refused twice: before and after n8n's token refresh (api-facts §2.2 body shape).
		bed.sandbox.faults.add({
			method: 'GET',
			path: '/api/v4/matters/4.json',
			status: 401,
			times: 2,
			body: { error: 'invalid_token', error_description: 'The access token is revoked.' },
		});
		const error = await apiFailure(runClio(bed, getMatter(4)));
		assert.equal(error.httpCode, '401');
		assert.match(
			error.description ?? '',
			/Clio said: "The access token is revoked\." \(invalid_token\)/,
		);
		assert.equal(bed.sandbox.log.count({ kind: 'oauth', path: '/oauth/token' }), 1);
		assert.equal(apiRequests(bed).length, 2);
	});

	it('reads a body that is a bare string', async () => {
		bed.sandbox.faults.add({
			method: 'GET',
			path: '/api/v4/matters/5.json',
			status: 400,
			body: 'Bad request: fields',
		});
		const error = await apiFailure(runClio(bed, getMatter(5)));
		assert.equal(error.httpCode, '400');
		assert.equal(error.message, 'Clio rejected the request: Bad request: fields');
	});

	it('fails only the affected item under Continue On Fail, with Clio’s words', async () => {
		bed.sandbox.faults.add(
			clioFault('GET', '/api/v4/matters/6.json', 403, 'ForbiddenError', 'No access to this matter'),
		);
		const [output] = await runNode(new Clio(), {
			parameters: (itemIndex: number) => getMatter([5, 6, 7][itemIndex]),
			items: [{ json: {} }, { json: {} }, { json: {} }],
			credential: bed.credential,
			continueOnFail: true,
		});
		assert.deepEqual(
			output.map((item) => item.json.id ?? item.json.error),
			[5, 'Clio refused this action (403 Forbidden)', 7],
		);
		assert.match(String(output[1].json.details), /No access to this matter/);
	});
});
