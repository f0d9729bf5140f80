import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openSandbox, type Client } from './client.mts';

const REDIRECT = 'http://127.0.0.1:9/callback';

describe('oauth', () => {
	let c: Client;
	before(async () => {
		c = await openSandbox({ matters: 5, accessTokenTtlSeconds: 3600 });
	});
	after(() => c.sandbox.close());

	const form = (fields: Record<string, string>) => ({
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams(fields).toString(),
		redirect: 'manual' as const,
	});

	async function authorize(decision: 'allow' | 'deny'): Promise<URL> {
		const page = await fetch(
			`${c.sandbox.url}/oauth/authorize?${new URLSearchParams({
				response_type: 'code',
				client_id: c.sandbox.clientId,
				redirect_uri: REDIRECT,
				state: 'xyz',
			})}`,
		);
		assert.equal(page.status, 200);
		const html = await page.text();
		assert.match(html, /<form method="post" action="\/oauth\/authorize">/);
		assert.match(html, />Allow</);
		const res = await fetch(
			`${c.sandbox.url}/oauth/authorize`,
			form({ client_id: c.sandbox.clientId, redirect_uri: REDIRECT, state: 'xyz', decision }),
		);
		assert.equal(res.status, 302);
		return new URL(res.headers.get('location') as string);
	}

	const token = (fields: Record<string, string>) =>
		fetch(
			`${c.sandbox.url}/oauth/token`,
			form({ client_id: c.sandbox.clientId, client_secret: c.sandbox.clientSecret, ...fields }),
		);

	const whoAmI = (accessToken: string) =>
		fetch(`${c.sandbox.apiBase}/users/who_am_i.json?fields=id`, {
			headers: { Authorization: `Bearer ${accessToken}` },
		});

	it('runs the authorization code flow and the refresh flow', async () => {
		const callback = await authorize('allow');
		assert.equal(callback.origin + callback.pathname, REDIRECT);
		assert.equal(callback.searchParams.get('state'), 'xyz');
		const code = callback.searchParams.get('code') as string;
		assert.ok(code);

		const res = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
		assert.equal(res.status, 200);
		const tokens = (await res.json()) as Record<string, unknown>;
		assert.equal(tokens.token_type, 'bearer');
		assert.equal(tokens.expires_in, 3600);
		assert.equal(typeof tokens.access_token, 'string');
		assert.equal(typeof tokens.refresh_token, 'string');
		assert.equal((await whoAmI(tokens.access_token as string)).status, 200);

		const reused = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
		assert.equal(reused.status, 400);
		assert.equal(((await reused.json()) as { error: string }).error, 'invalid_grant');

		const refreshed = await token({
			grant_type: 'refresh_token',
			refresh_token: tokens.refresh_token as string,
		});
		assert.equal(refreshed.status, 200);
		const next = (await refreshed.json()) as Record<string, unknown>;
		assert.notEqual(next.access_token, tokens.access_token);
		assert.equal(next.refresh_token, tokens.refresh_token, 'refresh tokens are not rotated');
		assert.equal((await whoAmI(next.access_token as string)).status, 200);
	});

	it('redirects with error=access_denied on Deny', async () => {
		const callback = await authorize('deny');
		assert.equal(callback.searchParams.get('error'), 'access_denied');
		assert.equal(callback.searchParams.get('state'), 'xyz');
		assert.equal(callback.searchParams.get('code'), null);
	});

	it('expires access tokens by the sandbox clock', async () => {
		const tokens = c.sandbox.issueTokens();
		assert.equal((await whoAmI(tokens.access_token)).status, 200);
		c.sandbox.clock.advance(3601 * 1000);
		const expired = await whoAmI(tokens.access_token);
		assert.equal(expired.status, 401);
		assert.deepEqual(await expired.json(), {
			error: 'invalid_token',
			error_description:
				'The access token provided is expired, revoked, malformed or invalid for other reasons.',
		});
		const refreshed = await token({
			grant_type: 'refresh_token',
			refresh_token: tokens.refresh_token,
		});
		const next = (await refreshed.json()) as { access_token: string };
		assert.equal((await whoAmI(next.access_token)).status, 200);
	});

	it('answers 401 invalid_token for unknown tokens and missing headers', async () => {
		assert.equal((await whoAmI('nope')).status, 401);
		const res = await fetch(`${c.sandbox.apiBase}/matters.json`);
		assert.equal(res.status, 401);
		assert.equal(((await res.json()) as { error: string }).error, 'invalid_token');
	});

	it('rejects a wrong client secret and unknown grant types', async () => {
		const bad = await fetch(
			`${c.sandbox.url}/oauth/token`,
			form({
				client_id: c.sandbox.clientId,
				client_secret: 'wrong',
				grant_type: 'refresh_token',
				refresh_token: 'x',
			}),
		);
		assert.equal(bad.status, 401);
		assert.equal(((await bad.json()) as { error: string }).error, 'invalid_client');
		const unsupported = await token({ grant_type: 'client_credentials' });
		assert.equal(unsupported.status, 400);
	});

	it('revokes the grant on deauthorize', async () => {
		const tokens = c.sandbox.issueTokens();
		const res = await fetch(`${c.sandbox.url}/oauth/deauthorize`, {
			...form({ token: tokens.access_token }),
			headers: {
				'Content-Type': 'application/x-www-form-urlencoded',
				Authorization: `Bearer ${tokens.access_token}`,
			},
		});
		assert.equal(res.status, 200);
		assert.equal((await whoAmI(tokens.access_token)).status, 401);
		const refresh = await token({
			grant_type: 'refresh_token',
			refresh_token: tokens.refresh_token,
		});
		assert.equal(refresh.status, 400);
	});

	it('refuses an authorize request from an unknown client', async () => {
		c.sandbox.log.clear();
		const res = await fetch(
			`${c.sandbox.url}/oauth/authorize?response_type=code&client_id=other&redirect_uri=${encodeURIComponent(REDIRECT)}`,
		);
		assert.equal(res.status, 400);
		assert.equal(c.sandbox.log.violations().length, 1);
		assert.equal(c.sandbox.log.entries[0].kind, 'oauth');
	});
});
