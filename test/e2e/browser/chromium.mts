// Debian's Chromium (installed by ../install-browser.mjs), driven by playwright-core: headless,
// with a throw-away profile and nothing that phones home.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

const ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

export interface EditorBrowser {
	context: BrowserContext;
	page: Page;
	close(): Promise<void>;
}

export interface LaunchOptions {
	viewport?: { width: number; height: number };
	/** Bound for every wait and action of the page (ms). */
	timeoutMs?: number;
}

export async function launchBrowser(opts: LaunchOptions = {}): Promise<EditorBrowser> {
	if (!existsSync(CHROMIUM)) {
		throw new Error(`${CHROMIUM} is missing; run \`node test/e2e/install-browser.mjs\` first`);
	}
	const profile = mkdtempSync(join(tmpdir(), 'clio-chromium-'));
	// A persistent context is the way to hand Chromium an explicit, empty --user-data-dir.
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		args: ARGS,
		viewport: opts.viewport ?? { width: 1440, height: 1080 },
		deviceScaleFactor: 1,
		locale: 'en-US',
		timezoneId: 'America/New_York',
	});
	context.setDefaultTimeout(opts.timeoutMs ?? 30_000);
	context.setDefaultNavigationTimeout(opts.timeoutMs ?? 30_000);
	const page = context.pages()[0] ?? (await context.newPage());
	return {
		context,
		page,
		async close() {
			await context.close().catch(() => undefined);
			rmSync(profile, { recursive: true, force: true });
		},
	};
}
