import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
	dayIn,
	isTimeZone,
	offsetMinutes,
	parseMoment,
} from '../../../nodes/Clio/clio/date-time.ts';

describe('date-times for Clio: with an offset, or the wall-clock time of a chosen zone', () => {
	it('keeps a moment written with an offset or Z, whatever the zone', () => {
		assert.deepEqual(parseMoment('2026-05-04T09:30:00-04:00', 'Europe/Berlin'), {
			ok: true,
			ms: Date.parse('2026-05-04T13:30:00Z'),
			iso: '2026-05-04T09:30:00-04:00',
		});
		const utc = parseMoment('2026-05-04T13:30:00.000Z', 'America/New_York');
		assert.equal(utc.ok && utc.iso, '2026-05-04T13:30:00+00:00');
		const compact = parseMoment('2026-05-04 09:30+0530', 'UTC');
		assert.equal(compact.ok && compact.ms, Date.parse('2026-05-04T04:00:00Z'));
	});

	it('reads a time without offset in the zone, summer and winter', () => {
		const summer = parseMoment('2026-07-01T09:30', 'America/New_York');
		assert.equal(summer.ok && summer.iso, '2026-07-01T09:30:00-04:00');
		const winter = parseMoment('2026-01-15 09:30:00', 'America/New_York');
		assert.equal(winter.ok && winter.iso, '2026-01-15T09:30:00-05:00');
		const sydney = parseMoment('2026-01-15T09:30:00', 'Australia/Sydney');
		assert.equal(sydney.ok && sydney.iso, '2026-01-15T09:30:00+11:00');
		const day = parseMoment('2026-03-02', 'Europe/London');
		assert.equal(day.ok && day.iso, '2026-03-02T00:00:00+00:00');
	});

	it('refuses a time the clocks skip, takes a repeated one at its first occurrence', () => {
		assert.deepEqual(parseMoment('2026-03-08T02:30', 'America/New_York'), {
			ok: false,
			reason: 'gap',
		});
		const repeated = parseMoment('2026-11-01T01:30', 'America/New_York');
		assert.equal(repeated.ok && repeated.iso, '2026-11-01T01:30:00-04:00');
		const justAfter = parseMoment('2026-03-08T03:00', 'America/New_York');
		assert.equal(justAfter.ok && justAfter.iso, '2026-03-08T03:00:00-04:00');
	});

	it('refuses what is not a date-time, and impossible dates', () => {
		assert.deepEqual(parseMoment('next Tuesday', 'UTC'), { ok: false, reason: 'format' });
		assert.deepEqual(parseMoment('04/05/2026 09:30', 'UTC'), { ok: false, reason: 'format' });
		assert.deepEqual(parseMoment('2026-02-30T10:00', 'UTC'), { ok: false, reason: 'date' });
		assert.deepEqual(parseMoment('2026-02-03T24:30', 'UTC'), { ok: false, reason: 'date' });
	});

	it('knows IANA zones, offsets and the day in a zone', () => {
		assert.ok(isTimeZone('America/New_York'));
		assert.ok(!isTimeZone('Eastern Time (US & Canada)'));
		assert.ok(!isTimeZone(''));
		assert.equal(offsetMinutes('Asia/Kolkata', Date.parse('2026-01-01T00:00:00Z')), 330);
		const lateEvening = Date.parse('2026-05-05T02:00:00Z');
		assert.equal(dayIn('America/Los_Angeles', lateEvening), '2026-05-04');
		assert.equal(dayIn('Europe/Berlin', lateEvening), '2026-05-05');
	});
});
