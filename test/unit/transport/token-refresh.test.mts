// Clio access tokens expire (api-facts §2.2: 30 days, or 7 in older docs); n8n refreshes them
// through /oauth/token on a 401 and retries. A revoked connection must tell the user what to do.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
	apiFailure,
	apiRequests,
	transportTestBed,
	freshCredential,
	getMatter,
	runClioWith,
} from './transport-bed.mts';

const bed = transportTestBed(20);

const DAY_MS = 24 * 3600 * 1000;

function accessToken(data: { oauthTokenData?: unknown }): string {
	return (data.oauthTokenData as { access_token: string }).access_token;
}

describe('Token refresh', () => {
	it('refreshes an expired access token through /oauth/token and retries the request', async () => {
		const credential = freshCredential(bed);
		const before = accessToken(credential.data);
		bed.sandbox.clock.advance(31 * DAY_MS);

		const [matter] = await runClioWith(bed, credential, getMatter(2));
		assert.equal(matter.id, 2);

		assert.deepEqual(
			bed.sandbox.log.entries.map((entry) => `${entry.method} ${entry.path} ${entry.status}`),
			['GET /api/v4/matters/2.json 401', 'POST /oauth/token 200', 'GET /api/v4/matters/2.json 200'],
		);
		const refresh = bed.sandbox.log.entries[1].body as Record<string, string>;
		assert.equal(refresh.grant_type, 'refresh_token');
		assert.equal(credential.updates, 1);
		const after = accessToken(credential.data);
		assert.notEqual(after, before);
		assert.equal(apiRequests(bed)[1].headers.authorization, `Bearer ${after}`);

		// The stored token serves the next run without another refresh.
		bed.sandbox.log.clear();
		await runClioWith(bed, credential, getMatter(3));
		assert.equal(bed.sandbox.log.count({ kind: 'oauth' }), 0);
		assert.equal(credential.updates, 1);
	});

	it('tells the user to reconnect, and to check the region, when the refresh is refused', async () => {
		const credential = freshCredential(bed);
		// The user removed the app in Clio: the grant and its refresh token are revoked.
		const revoked = await fetch(`${bed.sandbox.url}/oauth/deauthorize`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ token: accessToken(credential.data) }),
		});
		assert.equal(revoked.status, 200);
		bed.sandbox.log.clear();

		const error = await apiFailure(runClioWith(bed, credential, getMatter(2)));
		assert.equal(error.httpCode, '401');
		assert.match(error.message, /Clio did not accept the credential \(401\)/);
		assert.match(error.description ?? '', /Reconnect the Clio credential/);
		assert.match(error.description ?? '', /region/);
		assert.deepEqual(
			bed.sandbox.log.entries.map((entry) => `${entry.method} ${entry.path} ${entry.status}`),
			['GET /api/v4/matters/2.json 401', 'POST /oauth/token 400'],
		);
		assert.equal(credential.updates, 0);
	});

	it('says the same when the stored refresh token is unknown to Clio', async () => {
		const credential = freshCredential(bed);
		const tokens = credential.data.oauthTokenData as Record<string, string>;
		credential.data.oauthTokenData = { ...tokens, access_token: 'stale', refresh_token: 'unknown' };

		const error = await apiFailure(runClioWith(bed, credential, getMatter(2)));
		assert.equal(error.httpCode, '401');
		assert.match(error.description ?? '', /Reconnect the Clio credential/);
		assert.equal(bed.sandbox.log.count({ kind: 'oauth', status: 400 }), 1);
	});

	it('passes on Clio’s words when the token endpoint refuses the app itself', async () => {
		// e.g. the client ID and secret of an app from another region (api-facts §1.1, §2.4).
		const credential = freshCredential(bed);
		credential.data.clientSecret = 'secret-of-another-app';
		bed.sandbox.clock.advance(31 * DAY_MS);

		const error = await apiFailure(runClioWith(bed, credential, getMatter(2)));
		assert.equal(error.httpCode, '401');
		assert.match(
			error.description ?? '',
			/Clio said: "Client authentication failed\." \(invalid_client\)/,
		);
		assert.match(error.description ?? '', /Reconnect the Clio credential.*region/);
		assert.equal(bed.sandbox.log.count({ kind: 'oauth', status: 401 }), 1);
	});
});
