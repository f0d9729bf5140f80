import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { IDataObject } from 'n8n-workflow';

import { apiRequests, clioTestBed, runClio } from './clio-sandbox.mts';

const bed = clioTestBed(5);

function getMany(parameters: IDataObject): Promise<IDataObject[]> {
	return runClio(bed, { resource: 'user', operation: 'getMany', ...parameters });
}

describe('User', () => {
	it('gets the connected user with the firm’s name', async () => {
		const [me] = await runClio(bed, { resource: 'user', operation: 'getCurrent' });
		assert.equal(me.id, 1);
		assert.equal(me.name, 'Alex Morgan');
		assert.equal(me.email, 'alex.morgan@sandbox-law.example');
		assert.equal(me.default_calendar_id, 101);
		assert.deepEqual(me.account, { id: 1, name: 'Sandbox Law LLP' });
		assert.equal(apiRequests(bed)[0].path, '/api/v4/users/who_am_i.json');
	});

	it('lists users by subscription type and name', async () => {
		const staff = await getMany({ returnAll: true, filters: { subscription_type: 'nonattorney' } });
		assert.deepEqual(
			staff.map((user) => user.name),
			['Mei Tanaka', 'Lucas Fischer'],
		);
		assert.equal(apiRequests(bed)[0].query.subscription_type, 'nonattorney');
		const named = await getMany({ returnAll: true, filters: { name: 'Okafor' } });
		assert.deepEqual(
			named.map((user) => user.id),
			[3],
		);
	});

	it('lists only enabled users when asked, and every user when not', async () => {
		const disabled = bed.sandbox.store.users.get(5);
		assert.ok(disabled);
		disabled.enabled = false;
		try {
			const enabled = await getMany({ returnAll: true, filters: { enabled: true } });
			assert.equal(enabled.length, 4);
			assert.equal(apiRequests(bed)[0].query.enabled, 'true');
			bed.sandbox.log.clear();
			const everyone = await getMany({ returnAll: true, filters: { enabled: false } });
			assert.equal(everyone.length, 5, 'switching Enabled Only off lists disabled users too');
			assert.equal(apiRequests(bed)[0].query.enabled, undefined);
		} finally {
			disabled.enabled = true;
		}
	});

	it('returns up to the limit', async () => {
		const users = await getMany({ returnAll: false, limit: 2 });
		assert.equal(users.length, 2);
		assert.equal(apiRequests(bed)[0].query.limit, '2');
		assert.ok(users.every((user) => typeof user.email === 'string' && user.subscription_type));
	});
});
