// The built package inside a real n8n (2.41.1, or 1.123.x with CLIO_N8N_LINE=1), against the Clio sandbox: the credential (seeded
// OAuth2 tokens) passes n8n's credential test, and a published workflow runs the Clio node.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startSandbox, type Sandbox } from '../sandbox/index.mts';
import {
	chain,
	executionError,
	nodeOutput,
	startN8n,
	webhookTrigger,
	type N8n,
	clioNode,
	createSandboxCredential,
	type SandboxCredential,
	n8nUnderTest,
} from './harness/index.mts';

const REPO_ROOT = join(import.meta.dirname, '..', '..');
const WHO_AM_I = /\/api\/v4\/users\/who_am_i(\.json)?$/;

describe(`package foundation on ${n8nUnderTest()}`, () => {
	let sandbox: Sandbox;
	let n8n: N8n;
	let accessToken: string;
	let credentialId: string;
	let credential: SandboxCredential;
	const credentialName = 'Clio sandbox';

	before(async () => {
		sandbox = await startSandbox({ quiet: true });
		n8n = await startN8n({ packageDir: REPO_ROOT });
		credential = await createSandboxCredential(n8n, sandbox, credentialName);
		accessToken = credential.tokens.access_token;
		credentialId = credential.id;
	});

	after(async () => {
		await n8n?.stop();
		await sandbox?.close();
	});

	function whoAmIRequests() {
		return sandbox.log.entries.filter((e) => e.kind === 'api' && WHO_AM_I.test(e.path));
	}

	test('the credential passes n8n’s credential test with the seeded token', async () => {
		sandbox.log.clear();
		const result = await n8n.testCredential(credentialId);
		assert.equal(result.status, 'OK', result.message);
		const [request] = whoAmIRequests();
		assert.ok(request, 'the credential test did not call who_am_i');
		assert.equal(request.headers.authorization, `Bearer ${accessToken}`);
		assert.equal(request.status, 200);
		assert.deepEqual(sandbox.log.violations(), []);
	});

	test('a published webhook workflow runs Clio › User › Get Current', async () => {
		sandbox.log.clear();
		const workflow = chain('clio who am i', [
			webhookTrigger('clio-foundation'),
			clioNode(credential, 'Clio', { resource: 'user', operation: 'getCurrent' }),
		]);
		const { id } = await n8n.createWorkflow(workflow);
		await n8n.publish(id);
		const response = await fetch(`${n8n.webhookBaseUrl}/clio-foundation`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{}',
		});
		assert.equal(response.status, 200, await response.clone().text());

		const [execution] = await n8n.waitForExecutions(id, 1);
		assert.equal(execution.status, 'success', executionError(execution));
		const me = sandbox.store.users.get(1);
		assert.ok(me, 'sandbox has no user 1');
		const [user] = nodeOutput(execution, 'Clio');
		assert.equal(user.id, me.id);
		assert.equal(user.email, me.email);

		const requests = whoAmIRequests();
		assert.equal(requests.length, 1);
		assert.equal(requests[0].headers.authorization, `Bearer ${accessToken}`);
		assert.equal(requests[0].status, 200);
		assert.deepEqual(sandbox.log.violations(), []);
	});
});
