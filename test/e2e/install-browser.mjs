#!/usr/bin/env node
// Installs Debian's Chromium for the editor tests (test/e2e/oauth-editor.test.mts), once per
// machine. playwright-core drives it; Playwright's own browser download is not used.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const CHROMIUM = '/usr/bin/chromium';

function run(cmd, args) {
	console.log(`[install-browser] ${cmd} ${args.join(' ')}`);
	execFileSync(cmd, args, {
		stdio: 'inherit',
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
	});
}

if (existsSync(CHROMIUM)) {
	console.log(`[install-browser] ${CHROMIUM} is already installed`);
} else {
	run('apt-get', ['update']);
	run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium']);
	if (!existsSync(CHROMIUM)) {
		console.error(`[install-browser] apt-get finished but ${CHROMIUM} is missing`);
		process.exit(1);
	}
}
