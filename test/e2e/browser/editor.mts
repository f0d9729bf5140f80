// The n8n 2.41 editor as a user sees it: sign-in, the credential dialog with its OAuth "Connect"
// popup, the canvas and the node panel. Buttons and menus are found by their role and text; a
// parameter's input by n8n's own test id (`parameter-input-<name>`), as its label is not bound to it.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { N8n } from '../harness/index.mts';

/** README images, rewritten by the editor tests so they show the current package. */
export const SCREENSHOTS_DIR = join(import.meta.dirname, '..', '..', '..', 'docs', 'screenshots');

/** The path n8n's OAuth2 callback listens on; the redirect URI a provider sends the browser back to. */
export const OAUTH2_CALLBACK_PATH = '/rest/oauth2-credential/callback';

export async function signIn(page: Page, n8n: N8n): Promise<void> {
	await page.goto(`${n8n.baseUrl}/signin`);
	await page.getByLabel('Email').fill(n8n.ownerEmail);
	await page.getByLabel('Password').fill(n8n.ownerPassword);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}

/** Opens "Create credential", picks the type by its display name; resolves to its dialog. */
export async function newCredential(page: Page, n8n: N8n, typeName: string): Promise<Locator> {
	await page.goto(`${n8n.baseUrl}/home/credentials/create`);
	const picker = page.getByRole('dialog').filter({ hasText: 'Add new credential' });
	await picker.getByPlaceholder('Search for app...').fill(typeName);
	await page.getByRole('option', { name: typeName, exact: true }).click();
	await picker.getByRole('button', { name: 'Continue' }).click();
	const dialog = page.getByRole('dialog').filter({ hasText: typeName });
	await dialog.getByRole('button', { name: 'Save' }).waitFor();
	return dialog;
}

/** The input area of a parameter (credential dialog or node panel) by its internal name. */
export function parameter(scope: Locator, name: string): Locator {
	return scope.locator(`[data-test-id="parameter-input-${name}"]`);
}

export async function fillParameter(scope: Locator, name: string, value: string): Promise<void> {
	await parameter(scope, name).locator('input').fill(value);
}

/** Picks an entry of an options parameter (the list opens outside the dialog). */
export async function chooseOption(
	page: Page,
	scope: Locator,
	name: string,
	option: string,
): Promise<void> {
	await parameter(scope, name).click();
	await page.getByRole('option', { name: option, exact: true }).click();
}

export interface OAuthRound {
	/** Where n8n sent the popup: the provider's authorization URL with its query. */
	authorizeUrl: URL;
	/** Where the provider sent the popup back: n8n's callback with `code` and `state`. */
	callbackUrl: URL;
}

/**
 * Clicks "Connect" in an OAuth2 credential dialog, lets `consent` act on the provider's page in the
 * popup n8n opens, and waits until n8n's callback has stored the tokens ("Account connected").
 */
export async function connectOAuth2(
	page: Page,
	dialog: Locator,
	authorizeUrlPrefix: string,
	consent: (popup: Page) => Promise<void>,
): Promise<OAuthRound> {
	const opened = page.waitForEvent('popup');
	await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
	const popup = await opened;
	// The popup opens blank and is sent to the provider once n8n has built the URL.
	await popup.waitForURL((url) => url.href.startsWith(authorizeUrlPrefix));
	const authorizeUrl = new URL(popup.url());
	const callback = popup.waitForRequest((request) =>
		new URL(request.url()).pathname.endsWith(OAUTH2_CALLBACK_PATH),
	);
	const closed = popup.waitForEvent('close');
	await consent(popup);
	const callbackUrl = new URL((await callback).url());
	await closed;
	await dialog.getByText('Account connected').waitFor();
	return { authorizeUrl, callbackUrl };
}

export async function openWorkflow(page: Page, n8n: N8n, workflowId: string): Promise<void> {
	await page.goto(`${n8n.baseUrl}/workflow/${workflowId}`);
	await page.locator('[data-test-id="canvas-node"]').first().waitFor();
}

/** Double-clicks a node on the canvas; resolves to its panel (NDV). */
export async function openNode(page: Page, nodeName: string): Promise<Locator> {
	await page.locator(`[data-test-id="canvas-node"][data-node-name="${nodeName}"]`).dblclick();
	const panel = page.locator('[data-test-id="ndv"]');
	await panel.waitFor();
	return panel;
}

/** One field the user added in a resource mapper ("Add … to send"), by its label. */
export function mappedField(panel: Locator, label: string): Locator {
	return panel.locator('.parameter-item').filter({ hasText: label }).last();
}

/** Toasts ("Node executed successfully", …) come and go with timing; the images leave them out. */
const SCREENSHOT_STYLE = '.el-notification { display: none !important; }';

/** Writes docs/screenshots/<name>.png from the visible page, without the mouse hovering anything. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
	mkdirSync(SCREENSHOTS_DIR, { recursive: true });
	const path = join(SCREENSHOTS_DIR, `${name}.png`);
	await page.mouse.move(0, page.viewportSize()?.height ?? 0);
	await page.screenshot({ path, animations: 'disabled', caret: 'hide', style: SCREENSHOT_STYLE });
	return path;
}
