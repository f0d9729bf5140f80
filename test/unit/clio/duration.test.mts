import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { durationSeconds } from '../../../nodes/Clio/clio/duration.ts';

describe('time entry durations: typed in hours, sent in seconds (api-facts §9.4)', () => {
	it('reads decimal hours, also with a decimal comma and from expressions', () => {
		assert.equal(durationSeconds('1.5'), 5400);
		assert.equal(durationSeconds(' 1,5 '), 5400);
		assert.equal(durationSeconds('.25'), 900);
		assert.equal(durationSeconds('2'), 7200);
		assert.equal(durationSeconds(1.5), 5400);
		assert.equal(durationSeconds(0.1), 360);
	});

	it('reads hours:minutes and hours:minutes:seconds', () => {
		assert.equal(durationSeconds('1:30'), 5400);
		assert.equal(durationSeconds('0:05'), 300);
		assert.equal(durationSeconds('01:30:15'), 5415);
		assert.equal(durationSeconds('12:00'), 43_200);
	});

	it('reads numbers with units, alone or combined from the largest unit down', () => {
		assert.equal(durationSeconds('90m'), 5400);
		assert.equal(durationSeconds('90 min'), 5400);
		assert.equal(durationSeconds('90 minutes'), 5400);
		assert.equal(durationSeconds('1.5h'), 5400);
		assert.equal(durationSeconds('1h 30m'), 5400);
		assert.equal(durationSeconds('1h30m'), 5400);
		assert.equal(durationSeconds('1 hour 30 minutes'), 5400);
		assert.equal(durationSeconds('2 HRS 15 MINS'), 8100);
		assert.equal(durationSeconds('45s'), 45);
	});

	it('refuses what is not a duration above zero', () => {
		for (const text of [
			'',
			'   ',
			'abc',
			'1.5 hours please',
			'-1',
			'0',
			'0:00',
			'1:75',
			'1:5',
			'1.5.2',
			'30m 1h',
			'1h 1h',
			'90 furlongs',
			'1:30pm',
		]) {
			assert.equal(durationSeconds(text), undefined, JSON.stringify(text));
		}
		assert.equal(durationSeconds(Number.NaN), undefined);
		assert.equal(durationSeconds(-2), undefined);
		assert.equal(durationSeconds(null), undefined);
		assert.equal(durationSeconds(undefined), undefined);
		assert.equal(durationSeconds({ hours: 1 }), undefined);
	});

	it('keeps whole seconds, at least one', () => {
		assert.equal(durationSeconds('0.0001'), 1);
		assert.equal(durationSeconds('1.00001'), 3600);
	});
});
