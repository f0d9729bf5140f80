// The Clio credential in the real n8n 2.41.1 editor, in headless Chromium: created in the
// credential dialog, connected with "Connect" through Clio's authorization page (the sandbox's) in
// n8n's popup, then used by n8n's credential test, a workflow run, and the Clio node's custom field
// mapper. The README screenshots in docs/screenshots/ are taken here from the same editor.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { startSandbox, type Sandbox } from '../sandbox/index.mts';
import type { Rec } from '../sandbox/store.mts';
import {
	OAUTH2_CALLBACK_PATH,
	chooseOption,
	connectOAuth2,
	fillParameter,
	launchBrowser,
	mappedField,
	newCredential,
	openNode,
	openWorkflow,
	saveScreenshot,
	signIn,
	type EditorBrowser,
} from './browser/index.mts';
import {
	CLIO_CREDENTIAL_TYPE,
	chain,
	clioNode,
	executionError,
	manualTrigger,
	nodeOutput,
	startN8n,
	type N8n,
} from './harness/index.mts';

const REPO_ROOT = join(import.meta.dirname, '..', '..');
const CREDENTIAL_TYPE_NAME = 'Clio OAuth2 API';
const WHO_AM_I = /\/api\/v4\/users\/who_am_i(\.json)?$/;

interface StoredCredential {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

describe('Clio credential connected in the n8n 2.41.1 editor', () => {
	let sandbox: Sandbox;
	let n8n: N8n;
	let browser: EditorBrowser;
	let credential: { id: string; name: string } | undefined;
	let flowToken: string | undefined;

	before(async () => {
		sandbox = await startSandbox({ matters: 30, quiet: true });
		n8n = await startN8n({ packageDir: REPO_ROOT, env: { N8N_DISABLE_UI: 'false' } });
		browser = await launchBrowser();
		await signIn(browser.page, n8n);
	});

	after(async () => {
		await browser?.close();
		await n8n?.stop();
		await sandbox?.close();
	});

	const tokenRequests = () => sandbox.log.entries.filter((e) => e.path === '/oauth/token');
	const apiRequests = () => sandbox.log.entries.filter((e) => e.kind === 'api');

	function connected(): { id: string; name: string } {
		assert.ok(credential, 'the credential was not connected in the editor');
		return credential;
	}

	test('"Connect" runs Clio’s authorization in a popup and n8n stores the tokens', async () => {
		const { page } = browser;
		const dialog = await newCredential(page, n8n, CREDENTIAL_TYPE_NAME);
		await fillParameter(dialog, 'clientId', sandbox.clientId);
		await fillParameter(dialog, 'clientSecret', sandbox.clientSecret);
		await chooseOption(page, dialog, 'region', 'Custom Base URL');
		await fillParameter(dialog, 'customBaseUrl', sandbox.url);

		const round = await connectOAuth2(
			page,
			dialog,
			`${sandbox.url}/oauth/authorize`,
			async (popup) => {
				await popup.getByRole('button', { name: 'Allow' }).click();
			},
		);
		const save = dialog.getByRole('button', { name: 'Save' });
		if (await save.isEnabled()) await save.click();
		await saveScreenshot(page, 'credential');

		// api-facts §2.1: authorization code grant, redirect back to n8n's callback.
		const redirectUri = `${n8n.baseUrl}${OAUTH2_CALLBACK_PATH}`;
		const query = round.authorizeUrl.searchParams;
		assert.equal(query.get('response_type'), 'code');
		assert.equal(query.get('client_id'), sandbox.clientId);
		assert.equal(query.get('redirect_uri'), redirectUri);
		assert.equal(query.get('redirect_on_decline'), 'true');
		assert.ok(query.get('state'), 'n8n sent no state');
		assert.equal(round.callbackUrl.searchParams.get('state'), query.get('state'));
		const code = round.callbackUrl.searchParams.get('code');
		assert.ok(code, 'Clio’s page sent no code back');

		// n8n exchanged exactly that code, with the client credentials in the form body.
		const exchanges = tokenRequests();
		assert.equal(exchanges.length, 1);
		assert.equal(exchanges[0].method, 'POST');
		assert.equal(exchanges[0].status, 200);
		assert.deepEqual(exchanges[0].body, {
			grant_type: 'authorization_code',
			code,
			redirect_uri: redirectUri,
			client_id: sandbox.clientId,
			client_secret: sandbox.clientSecret,
		});

		const list = await n8n.rest<Array<{ id: string; name: string; type: string }>>(
			'GET',
			'/credentials',
		);
		const created = list.filter((entry) => entry.type === CLIO_CREDENTIAL_TYPE);
		assert.equal(created.length, 1, 'the dialog saved one Clio credential');
		const stored = await n8n.rest<StoredCredential>(
			'GET',
			`/credentials/${created[0].id}?includeData=true`,
		);
		assert.equal(stored.data.region, 'custom');
		assert.equal(stored.data.customBaseUrl, sandbox.url);
		assert.equal(stored.data.clientId, sandbox.clientId);
		assert.equal(stored.data.oauthTokenData, true, 'n8n holds no token for the credential');
		credential = { id: created[0].id, name: created[0].name };

		await dialog.getByRole('button', { name: 'Close this dialog' }).click();
		await dialog.waitFor({ state: 'hidden' });
		assert.deepEqual(sandbox.log.violations(), []);
	});

	test('the connected credential passes n8n’s credential test with the token of the flow', async () => {
		const { id } = connected();
		const before = apiRequests().length;
		const result = await n8n.testCredential(id);
		assert.equal(result.status, 'OK', result.message);

		const [request] = apiRequests()
			.slice(before)
			.filter((entry) => WHO_AM_I.test(entry.path));
		assert.ok(request, 'the credential test did not call who_am_i');
		assert.equal(request.status, 200);
		// This sandbox never had a token seeded: it accepts only what it issued, and it issued tokens
		// once, to the code exchange above. A 200 on this bearer proves it is the token of the flow.
		const bearer = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
		assert.ok(bearer, 'no bearer token sent');
		flowToken = bearer;
		assert.equal(tokenRequests().length, 1, 'the token was refreshed or fetched again');
		assert.deepEqual(sandbox.log.violations(), []);
	});

	test('a workflow with the connected credential runs Clio › User › Get Current', async () => {
		const workflow = chain('who am i (connected in the editor)', [
			manualTrigger(),
			clioNode(connected(), 'Clio', { resource: 'user', operation: 'getCurrent' }),
		]);
		const { id } = await n8n.createWorkflow(workflow);
		const before = apiRequests().length;
		const execution = await n8n.runManually(id);
		assert.equal(execution.status, 'success', executionError(execution));

		const me = sandbox.store.users.get(1);
		assert.ok(me, 'sandbox has no user 1');
		const [user] = nodeOutput(execution, 'Clio');
		assert.equal(user.id, me.id);
		assert.equal(user.email, me.email);

		const requests = apiRequests().slice(before);
		assert.equal(requests.length, 1);
		assert.match(requests[0].path, WHO_AM_I);
		assert.equal(requests[0].status, 200);
		assert.ok(flowToken, 'the credential test did not reveal the token');
		assert.equal(requests[0].headers.authorization, `Bearer ${flowToken}`);
		assert.equal(tokenRequests().length, 1);
		assert.deepEqual(sandbox.log.violations(), []);
	});

	test('Custom Field › Set Values lists Clio’s fields in the editor and writes them', async () => {
		const { page } = browser;
		const matter = [...sandbox.store.matters.values()][0];
		const workflow = chain('set matter custom fields', [
			manualTrigger(),
			clioNode(connected(), 'Clio', {
				resource: 'customField',
				operation: 'setValues',
				parentType: 'matter',
				matterId: { __rl: true, mode: 'id', value: String(matter.id) },
				fields: { mappingMode: 'defineBelow', value: null, matchingColumns: [], schema: [] },
				options: {},
			}),
		]);
		const { id } = await n8n.createWorkflow(workflow);
		await openWorkflow(page, n8n, id);
		const panel = await openNode(page, 'Clio');

		// The mapper's list comes from Clio's custom field definitions, read with the credential.
		const add = panel.getByRole('button', { name: 'Add custom field to send' });
		await add.click();
		const offered = page.getByRole('menuitem');
		await offered.filter({ hasText: 'Referral Source (picklist)' }).waitFor();
		const labels = (await offered.allInnerTexts()).map((text) => text.trim()).filter(Boolean);
		const definitions = [...sandbox.store.customFields.values()].filter(
			(entry) => entry.parent_type === 'Matter' && !entry.deleted,
		);
		assert.equal(labels.length, definitions.length, labels.join(', '));
		for (const definition of definitions) {
			assert.ok(
				labels.some((label) => label.startsWith(`${String(definition.name)} (`)),
				`"${String(definition.name)}" is not offered`,
			);
		}
		await offered.filter({ hasText: 'Claim Amount (currency)' }).click();
		for (const label of ['Incident Date (date)', 'Referral Source (picklist)']) {
			await add.click();
			await offered.filter({ hasText: label }).click();
		}
		await mappedField(panel, 'Claim Amount (currency)').locator('input').fill('2500.75');
		await mappedField(panel, 'Incident Date (date)').locator('input').fill('2026-04-15');
		await mappedField(panel, 'Referral Source (picklist)').locator('input').click();
		await page.getByRole('option', { name: 'Advertising', exact: true }).click();

		await panel.getByRole('button', { name: 'Execute step' }).first().click();
		await page.getByText('Node executed successfully').waitFor();
		await saveScreenshot(page, 'clio-node-custom-fields');

		const field = (name: string): Rec => {
			const found = definitions.find((entry) => entry.name === name);
			assert.ok(found, `the sandbox defines "${name}"`);
			return found;
		};
		const stored = (name: string) =>
			(sandbox.store.matters.get(matter.id)?.custom_field_values as Rec[]).find(
				(value) => value.custom_field_id === field(name).id,
			)?.value;
		const advertising = (field('Referral Source').picklist_options as Rec[]).find(
			(option) => option.option === 'Advertising',
		);
		assert.equal(stored('Claim Amount'), 2500.75);
		assert.equal(stored('Incident Date'), '2026-04-15');
		assert.equal(stored('Referral Source'), advertising?.id);

		const writes = apiRequests().filter((entry) => entry.method === 'PATCH');
		assert.equal(writes.length, 1);
		assert.equal(writes[0].path, `/api/v4/matters/${matter.id}.json`);
		assert.equal(writes[0].headers.authorization, `Bearer ${flowToken}`);
		assert.deepEqual(sandbox.log.violations(), []);
	});

	test('the Clio Trigger’s settings in the editor', async () => {
		const { page } = browser;
		const workflow = chain('closed matters', [
			clioNode(
				connected(),
				'Clio Trigger',
				{ mode: 'polling', event: 'matterStatusChanged', statuses: ['closed'] },
				'clioTrigger',
			),
		]);
		const { id } = await n8n.createWorkflow(workflow);
		await openWorkflow(page, n8n, id);
		const panel = await openNode(page, 'Clio Trigger');
		await panel.getByText('Only Into Statuses', { exact: true }).waitFor();
		// Chosen options show as the value of their select's input, not as text.
		const shown = await panel
			.locator('input')
			.evaluateAll((inputs) =>
				inputs.map((input) => (input as unknown as { value: string }).value),
			);
		for (const value of [connected().name, 'Polling', 'Matter Status Changed']) {
			assert.ok(shown.includes(value), `"${value}" is not shown (${shown.join(', ')})`);
		}
		assert.ok(await panel.getByText('Closed', { exact: true }).isVisible());
		await saveScreenshot(page, 'clio-trigger');
	});
});
