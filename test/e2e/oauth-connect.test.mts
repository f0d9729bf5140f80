// Connecting the Clio credential through n8n's own OAuth2 flow, headless: the requests the editor's
// "Connect" button and its popup make (n8n's authorize URL, Clio's consent page, n8n's callback with
// the signed-in session), on n8n 2.41.1, or 1.123.x with CLIO_N8N_LINE=1. The editor itself is
// driven in oauth-editor.test.mts.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { type Sandbox, startSandbox } from '../sandbox/index.mts';
import {
	CLIO_CREDENTIAL_TYPE,
	chain,
	clioNode,
	executionError,
	manualTrigger,
	n8nUnderTest,
	nodeOutput,
	sandboxAppData,
	startN8n,
	type N8n,
} from './harness/index.mts';

const REPO_ROOT = join(import.meta.dirname, '..', '..');
const CALLBACK_PATH = '/rest/oauth2-credential/callback';
const WHO_AM_I = /\/api\/v4\/users\/who_am_i(\.json)?$/;

/** The hidden fields of Clio's consent form. */
function consentForm(html: string): Record<string, string> {
	const fields: Record<string, string> = {};
	for (const [, name, value] of html.matchAll(
		/<input type="hidden" name="([^"]+)" value="([^"]*)">/g,
	)) {
		fields[name] = value
			.replace(/&amp;/g, '&')
			.replace(/&quot;/g, '"')
			.replace(/&lt;/g, '<')
			.replace(/&gt;/g, '>');
	}
	return fields;
}

describe(`Clio credential connected through n8n’s OAuth2 flow on ${n8nUnderTest()}`, () => {
	let sandbox: Sandbox;
	let n8n: N8n;
	let credentialId: string;

	before(async () => {
		sandbox = await startSandbox({ quiet: true });
		n8n = await startN8n({ packageDir: REPO_ROOT });
	});

	after(async () => {
		await n8n?.stop();
		await sandbox?.close();
	});

	test('"Connect": Clio’s consent, then n8n’s callback exchanges the code and stores the tokens', async () => {
		const { id } = await n8n.createCredential({
			name: 'Clio (connected in n8n)',
			type: CLIO_CREDENTIAL_TYPE,
			data: sandboxAppData(sandbox),
		});
		credentialId = id;

		// The editor asks n8n where to send the popup.
		const authorizeUrl = new URL(
			await n8n.rest<string>('GET', `/oauth2-credential/auth?id=${credentialId}`),
		);
		assert.equal(
			`${authorizeUrl.origin}${authorizeUrl.pathname}`,
			`${sandbox.url}/oauth/authorize`,
		);
		assert.equal(authorizeUrl.searchParams.get('client_id'), sandbox.clientId);
		assert.equal(authorizeUrl.searchParams.get('redirect_uri'), `${n8n.baseUrl}${CALLBACK_PATH}`);
		assert.ok(authorizeUrl.searchParams.get('state'), 'n8n signs the round with a state');

		// The user allows access on Clio's page; Clio sends the browser back to n8n with a code.
		const page = await fetch(authorizeUrl);
		assert.equal(page.status, 200);
		const decision = await fetch(`${sandbox.url}/oauth/authorize`, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ ...consentForm(await page.text()), decision: 'allow' }),
			redirect: 'manual',
		});
		assert.equal(decision.status, 302);
		const callback = new URL(decision.headers.get('location') ?? '');
		assert.equal(`${callback.origin}${callback.pathname}`, `${n8n.baseUrl}${CALLBACK_PATH}`);
		assert.ok(callback.searchParams.get('code'));

		// The popup, signed in to n8n, opens the callback; n8n trades the code for tokens.
		sandbox.log.clear();
		const answer = await fetch(callback, { headers: n8n.sessionHeaders(), redirect: 'manual' });
		const body = await answer.text();
		assert.equal(answer.status, 200, body);
		const exchange = sandbox.log.entries.filter((entry) => entry.path === '/oauth/token');
		assert.equal(exchange.length, 1);
		assert.equal((exchange[0].body as Record<string, string>).grant_type, 'authorization_code');
		assert.equal(exchange[0].status, 200);

		const stored = await n8n.rest<{ data: { oauthTokenData?: unknown } }>(
			'GET',
			`/credentials/${credentialId}?includeData=true`,
		);
		assert.ok(stored.data.oauthTokenData, 'n8n stored the tokens');
		assert.deepEqual(sandbox.log.violations(), []);
	});

	test('the connected credential passes n8n’s credential test and runs the Clio node', async () => {
		sandbox.log.clear();
		const result = await n8n.testCredential(credentialId);
		assert.equal(result.status, 'OK', result.message);

		const workflow = chain('who am i', [
			manualTrigger(),
			clioNode({ id: credentialId, name: 'Clio (connected in n8n)' }, 'Clio', {
				resource: 'user',
				operation: 'getCurrent',
			}),
		]);
		const { id } = await n8n.createWorkflow(workflow);
		const execution = await n8n.runManually(id);
		assert.equal(execution.status, 'success', executionError(execution));
		assert.equal(nodeOutput(execution, 'Clio')[0].id, sandbox.store.users.get(1)?.id);

		const calls = sandbox.log.entries.filter((entry) => WHO_AM_I.test(entry.path));
		assert.ok(calls.length >= 2, 'the test and the run asked Clio who is connected');
		// The sandbox issued no token but the flow's, and accepts only tokens it issued.
		assert.ok(calls.every((call) => call.status === 200));
		assert.equal(new Set(calls.map((call) => call.headers.authorization)).size, 1);
		assert.match(calls[0].headers.authorization, /^Bearer \S+$/);
		assert.deepEqual(sandbox.log.violations(), []);
	});
});
