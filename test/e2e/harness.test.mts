// Checks of the e2e harness itself against a real n8n (2.41.1, or 1.123.x with CLIO_N8N_LINE=1), using n8n's own nodes and a minimal
// probe package (fixtures/n8n-nodes-e2e-probe). One n8n instance serves every scenario in this file.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
	chain,
	executionError,
	httpRequest,
	manualTrigger,
	newCredentialId,
	nodeOutput,
	startLoopback,
	startN8n,
	webhookTrigger,
	withCredential,
	type Loopback,
	type N8n,
	n8nUnderTest,
} from './harness/index.mts';

const PROBE_PACKAGE = join(import.meta.dirname, 'fixtures', 'n8n-nodes-e2e-probe');
const PROBE_NODE = 'n8n-nodes-e2e-probe.probe';

describe(`e2e harness on ${n8nUnderTest()}`, () => {
	let n8n: N8n;
	let loopback: Loopback;

	before(async () => {
		loopback = await startLoopback((request) => ({ ok: true, path: request.url }));
		n8n = await startN8n({ packageDir: PROBE_PACKAGE });
		console.log(`n8n ready in ${n8n.startupMs} ms (${n8n.baseUrl}, ${n8n.userFolder})`);
	});

	after(async () => {
		await n8n?.stop();
		await loopback?.close();
	});

	function probeCredential(name: string, accessToken: string) {
		return {
			name,
			type: 'probeOAuth2Api',
			data: {
				baseUrl: loopback.url,
				clientId: 'probe-client',
				clientSecret: 'probe-secret',
				oauthTokenData: { access_token: accessToken, token_type: 'bearer' },
			},
		};
	}

	async function runProbe(credentialId: string, credentialName: string, path: string) {
		const workflow = chain(`probe ${path}`, [
			manualTrigger(),
			withCredential(
				{ name: 'Probe', type: PROBE_NODE, typeVersion: 1, parameters: { path } },
				'probeOAuth2Api',
				credentialId,
				credentialName,
			),
		]);
		const { id } = await n8n.createWorkflow(workflow);
		const execution = await n8n.runManually(id);
		assert.equal(execution.status, 'success', executionError(execution));
		return execution;
	}

	function requestTo(path: string) {
		const request = loopback.requests.find((r) => r.url === path);
		assert.ok(request, `loopback saw no request to ${path}`);
		return request;
	}

	test('runs Manual Trigger → HTTP Request against a loopback server', async () => {
		const { id } = await n8n.createWorkflow(
			chain('manual http', [manualTrigger(), httpRequest(`${loopback.url}/manual`)]),
		);
		const execution = await n8n.runManually(id);
		assert.equal(execution.status, 'success', executionError(execution));
		assert.deepEqual(nodeOutput(execution, 'HTTP Request'), [{ ok: true, path: '/manual' }]);
		assert.equal(requestTo('/manual').method, 'GET');
	});

	test('seeds OAuth2 tokens through the public API (type extending oAuth2Api)', async () => {
		const name = 'probe via api';
		const { id } = await n8n.createCredential(probeCredential(name, 'api-seeded-token'));
		const check = await n8n.testCredential(id);
		assert.equal(check.status, 'OK', check.message);
		const execution = await runProbe(id, name, '/api-seeded');
		assert.deepEqual(nodeOutput(execution, 'Probe'), [
			{ response: { ok: true, path: '/api-seeded' }, mainConnection: 'main' },
		]);
		assert.equal(requestTo('/api-seeded').headers.authorization, 'Bearer api-seeded-token');
	});

	test('seeds OAuth2 tokens with n8n import:credentials while n8n runs', async () => {
		const id = newCredentialId();
		const name = 'probe via import';
		await n8n.importCredentials([{ id, ...probeCredential(name, 'imported-token') }]);
		await runProbe(id, name, '/imported');
		assert.equal(requestTo('/imported').headers.authorization, 'Bearer imported-token');
	});

	describe('published webhook workflow', () => {
		let workflowId: string;
		const hookUrl = () => `${n8n.webhookBaseUrl}/harness-hook`;
		const post = (body: unknown) =>
			fetch(hookUrl(), {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body),
			});

		test('publish waits for the trigger; a POST runs the workflow', async () => {
			const workflow = chain('webhook http', [
				webhookTrigger('harness-hook'),
				httpRequest(`${loopback.url}/from-webhook`),
			]);
			workflowId = (await n8n.createWorkflow(workflow)).id;
			await n8n.publish(workflowId);
			const response = await post({ round: 1 });
			assert.equal(response.status, 200, await response.clone().text());
			assert.deepEqual(await response.json(), { ok: true, path: '/from-webhook' });
			const [execution] = await n8n.waitForExecutions(workflowId, 1);
			assert.equal(execution.status, 'success', executionError(execution));
			assert.equal(execution.mode, 'webhook');
			const [received] = nodeOutput(execution, 'Webhook');
			assert.deepEqual(received.body, { round: 1 });
		});

		test('the workflow still runs after a restart', async () => {
			await n8n.restart();
			console.log(`n8n restarted in ${n8n.startupMs} ms`);
			const response = await post({ round: 2 });
			assert.equal(response.status, 200, await response.clone().text());
			const executions = await n8n.waitForExecutions(workflowId, 2);
			assert.deepEqual(
				executions.map((e) => e.status),
				['success', 'success'],
			);
			assert.deepEqual(nodeOutput(executions[1], 'Webhook')[0].body, { round: 2 });
		});

		test('unpublish removes the production webhook', async () => {
			await n8n.unpublish(workflowId);
			const response = await post({ round: 3 });
			assert.equal(response.status, 404);
			assert.equal((await n8n.executions(workflowId)).length, 2);
		});
	});

	test('stop leaves no n8n process behind', async () => {
		const pid = n8n.pid();
		assert.ok(pid);
		await n8n.stop();
		assert.throws(() => process.kill(-pid, 0), { code: 'ESRCH' });
		assert.equal(n8n.pid(), undefined);
	});
});
