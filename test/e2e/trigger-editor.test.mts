// The Clio Trigger in the real n8n 2.41.1 editor, in headless Chromium: the node creator leads to
// both modes (polling events and their instant twins); the panel explains the mode first, shows
// the Webhook URLs only in Webhook mode, and offers Watched Fields by name; a workflow saved with
// the earlier free-text Watched Fields still shows them.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import type { Locator, Page } from 'playwright-core';

import { startSandbox, type Sandbox } from '../sandbox/index.mts';
import { triggerProperties } from '../../nodes/Clio/trigger/description.ts';
import {
	launchBrowser,
	openWorkflow,
	openNode,
	parameter,
	saveScreenshot,
	signIn,
	type EditorBrowser,
} from './browser/index.mts';
import {
	chain,
	clioNode,
	createSandboxCredential,
	startN8n,
	type N8n,
	type SandboxCredential,
} from './harness/index.mts';

const REPO_ROOT = join(import.meta.dirname, '..', '..');
const PANEL_HEADER = 'Get a sample event from Clio';

/** The option labels of a "Trigger On" property of the trigger, as the node describes them. */
function triggerOnOptions(name: string): Array<{ name: string; action?: string }> {
	const property = triggerProperties.find((candidate) => candidate.name === name);
	return (property?.options ?? []) as Array<{ name: string; action?: string }>;
}

/** What the panel's inputs show (chosen options are the value of their select's input). */
async function shownValues(panel: Locator): Promise<string[]> {
	return await panel
		.locator('input')
		.evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value));
}

/** An entry of the open list by its label (its accessible name includes the description). */
async function pickOption(page: Page, label: string): Promise<void> {
	await page
		.getByRole('option')
		.filter({ has: page.getByText(label, { exact: true }) })
		.click();
}

async function addFirstStep(page: Page, n8n: N8n, search: string): Promise<Locator> {
	await page.goto(`${n8n.baseUrl}/workflow/new`);
	await page.locator('[data-test-id="canvas-add-button"]').first().click();
	const creator = page.locator('[data-test-id="node-creator"]');
	await creator.waitFor();
	await page.keyboard.type(search);
	await creator
		.locator('[data-test-id="node-creator-item-name"]', { hasText: /^Clio$/ })
		.first()
		.click();
	return creator;
}

describe('Clio Trigger in the n8n 2.41.1 editor', () => {
	let sandbox: Sandbox;
	let n8n: N8n;
	let browser: EditorBrowser;
	let credential: SandboxCredential;

	before(async () => {
		sandbox = await startSandbox({ matters: 20, quiet: true });
		n8n = await startN8n({ packageDir: REPO_ROOT, env: { N8N_DISABLE_UI: 'false' } });
		credential = await createSandboxCredential(n8n, sandbox, 'Clio account');
		// The editor is a large page: on a busy machine it may take more than the usual 30 s.
		browser = await launchBrowser({ timeoutMs: 120_000 });
		// Leaving a workflow with unsaved changes asks the browser first: leave.
		browser.page.on('dialog', (dialog) => void dialog.accept());
		await signIn(browser.page, n8n);
	});

	after(async () => {
		await browser?.close();
		await n8n?.stop();
		await sandbox?.close();
	});

	test('the node creator lists every event twice: polled, and instant', async () => {
		const { page } = browser;
		const creator = await addFirstStep(page, n8n, 'Clio');
		await creator.getByText(/^Triggers \(\d+\)$/).waitFor();
		const listed = (await creator.innerText()).split('\n').map((line) => line.trim());
		// n8n names a polling event "On <event>", in lower case; the instant ones carry their action.
		const polled = triggerOnOptions('event').map((option) => `On ${option.name.toLowerCase()}`);
		const instant = triggerOnOptions('operation').map((option) => String(option.action));
		assert.ok(instant.includes('On matter stage changed (instant)'), instant.join(', '));
		for (const action of [...polled, ...instant]) {
			assert.ok(listed.includes(action), `"${action}" is not listed`);
		}
		assert.ok(listed.includes(`Triggers (${polled.length + instant.length})`));
		await saveScreenshot(page, 'node-creator');

		// An instant action opens the trigger in Webhook mode, on that event.
		await creator.getByText('On matter stage changed (instant)', { exact: true }).click();
		const panel = page.locator('[data-test-id="ndv"]');
		await panel.waitFor();
		await panel.getByText('Only Into Stages Names or IDs').waitFor();
		const shown = await shownValues(panel);
		assert.ok(shown.includes('Webhook (Instant)'), shown.join(', '));
		assert.ok(shown.includes('Matter Stage Changed'), shown.join(', '));
		assert.ok(await panel.getByText('Webhook URLs').isVisible());
	});

	test('the panel explains the mode, and shows Webhook URLs only in Webhook mode', async () => {
		const { page } = browser;
		const workflow = chain('new documents', [
			clioNode(
				credential,
				'Clio Trigger',
				{ mode: 'polling', event: 'newDocument' },
				'clioTrigger',
			),
		]);
		const { id } = await n8n.createWorkflow(workflow);
		await openWorkflow(page, n8n, id);
		const panel = await openNode(page, 'Clio Trigger');
		await panel.getByText(PANEL_HEADER, { exact: true }).waitFor();
		assert.equal(await panel.getByText('Pull in events from Clio').count(), 0);
		await panel.getByText(/^Polling: at each of the Poll Times above/).waitFor();
		assert.equal(await panel.getByText('Webhook URLs').count(), 0, 'no Webhook URLs in Polling');

		// "Mode" of the Poll Times comes first; "Receive Changes By" is the trigger's own `mode`.
		await parameter(panel, 'mode').last().click();
		await pickOption(page, 'Webhook (Instant)');
		await panel.getByText('Webhook URLs').waitFor();
		await panel.getByText(/^Webhook: Clio sends each change at once/).waitFor();
		assert.ok(await panel.getByText(PANEL_HEADER, { exact: true }).isVisible());
		const shown = await shownValues(panel);
		assert.ok(shown.includes('Any Change to a Record Type'), shown.join(', '));
		assert.ok(shown.includes('Matter'), shown.join(', '));
	});

	test('Watched Fields are chosen by name, and saved in Clio’s syntax', async () => {
		const { page } = browser;
		const workflow = chain('matter changes', [
			clioNode(
				credential,
				'Clio Trigger',
				{ mode: 'webhook', operation: 'matterUpdated' },
				'clioTrigger',
			),
		]);
		const { id } = await n8n.createWorkflow(workflow);
		await openWorkflow(page, n8n, id);
		const panel = await openNode(page, 'Clio Trigger');
		await parameter(panel, 'watchedFieldList').click();
		for (const label of ['Matter Stage', 'Status']) {
			await pickOption(page, label);
		}
		await page.keyboard.press('Escape');
		await panel.getByText('Matter Stage', { exact: true }).waitFor();
		await saveScreenshot(page, 'clio-trigger-webhook');
		await page.keyboard.press('Escape');
		await page.keyboard.press('Control+s');

		// What n8n stored, once the save (or n8n's autosave) has reached it.
		const watched = async () =>
			(
				await n8n.api<{ nodes: Array<{ parameters: Record<string, unknown> }> }>(
					'GET',
					`/workflows/${id}`,
				)
			).nodes[0].parameters.watchedFieldList;
		for (let tries = 0; tries < 60 && (await watched()) === undefined; tries++) await sleep(1000);
		assert.deepEqual(await watched(), ['matter_stage{id,name}', 'status']);
	});

	test('a workflow saved with free-text Watched Fields still shows them', async () => {
		const { page } = browser;
		const workflow = chain('saved before the list', [
			clioNode(
				credential,
				'Clio Trigger',
				{
					mode: 'webhook',
					model: 'matter',
					matterEvents: ['updated'],
					watchedFields: 'display_number,matter_stage{name}',
				},
				'clioTrigger',
			),
		]);
		const { id } = await n8n.createWorkflow(workflow);
		await openWorkflow(page, n8n, id);
		const panel = await openNode(page, 'Clio Trigger');
		await panel.getByText('Watched Fields (Clio Syntax)').waitFor();
		const text = await parameter(panel, 'watchedFields')
			.locator('input, textarea')
			.first()
			.inputValue();
		assert.equal(text, 'display_number,matter_stage{name}');
	});
});
