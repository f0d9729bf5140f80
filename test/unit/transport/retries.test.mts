// Which failures the transport retries: a read after a server error or a dropped connection,
// never a create (a second POST could write a second record).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
	apiFailure,
	attempts,
	clioFault,
	createNote,
	transportTestBed,
	getMatter,
	runClio,
} from './transport-bed.mts';

const bed = transportTestBed(20);

function unavailable(method: string, path: string) {
	return clioFault(method, path, 503, 'ServiceUnavailable', 'Down for maintenance');
}

describe('Retries', () => {
	it('retries a GET answered 503 once: 2 attempts', async () => {
		bed.sandbox.faults.add(unavailable('GET', '/api/v4/matters/2.json'));
		const [matter] = await runClio(bed, getMatter(2));
		assert.equal(matter.id, 2);
		assert.equal(attempts(bed, '/api/v4/matters/2.json'), 2);
		assert.deepEqual(
			bed.sandbox.log.entries.map((entry) => entry.status),
			[503, 200],
		);
	});

	it('retries a GET whose connection was reset once: 2 attempts', async () => {
		bed.sandbox.faults.add({ method: 'GET', path: '/api/v4/matters/3.json', reset: true });
		const [matter] = await runClio(bed, getMatter(3));
		assert.equal(matter.id, 3);
		assert.equal(attempts(bed, '/api/v4/matters/3.json'), 2);
	});

	it('does not retry a POST answered 503: 1 attempt, a clear error, no note written', async () => {
		const notesBefore = bed.sandbox.store.notes.size;
		bed.sandbox.faults.add(unavailable('POST', '/api/v4/notes.json'));
		const error = await apiFailure(runClio(bed, createNote(2)));
		assert.equal(attempts(bed, '/api/v4/notes.json', 'POST'), 1);
		assert.equal(error.httpCode, '503');
		assert.equal(error.message, 'Clio answered 503: Down for maintenance');
		assert.match(error.description ?? '', /POST \/notes\.json failed/);
		assert.match(error.description ?? '', /not sent again.*check Clio before running it again/);
		assert.equal(bed.sandbox.store.notes.size, notesBefore);
	});

	it('does not retry a POST whose connection was reset: 1 attempt', async () => {
		bed.sandbox.faults.add({ method: 'POST', path: '/api/v4/notes.json', reset: true });
		const error = await apiFailure(runClio(bed, createNote(2)));
		assert.equal(attempts(bed, '/api/v4/notes.json', 'POST'), 1);
		assert.equal(error.message, 'Could not reach Clio');
		assert.match(error.description ?? '', /POST \/notes\.json got no answer \(ECONNRESET\)/);
		assert.match(error.description ?? '', /not sent again.*check Clio before running it again/);
	});

	it('gives up on a GET after the retry budget: 4 attempts of 500, then a clean error', async () => {
		bed.sandbox.faults.add({
			...clioFault(
				'GET',
				'/api/v4/matters/4.json',
				500,
				'InternalServerError',
				'Something went wrong',
			),
			times: 10,
		});
		const error = await apiFailure(runClio(bed, getMatter(4)));
		assert.equal(attempts(bed, '/api/v4/matters/4.json'), 4);
		assert.equal(error.httpCode, '500');
		assert.equal(error.message, 'Clio answered 500: Something went wrong');
		assert.doesNotMatch(error.description ?? '', /not sent again/);
	});

	for (const status of [501, 409]) {
		it(`does not retry a GET answered ${status}: 1 attempt`, async () => {
			bed.sandbox.faults.add({ method: 'GET', path: '/api/v4/matters/5.json', status });
			const error = await apiFailure(runClio(bed, getMatter(5)));
			assert.equal(error.httpCode, String(status));
			assert.equal(attempts(bed, '/api/v4/matters/5.json'), 1);
		});
	}
});
