// The first `npm start` installs n8n: one line per step on screen, the installers' noise in
// install.log (its path printed), and a missing compiler or Python named before any download.
// The installers here are stand-ins on PATH that print what npm and node-gyp print.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
	chmodSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import { n8nPaths } from '../../../local-n8n/paths.mjs';

const INSTALL = join(import.meta.dirname, '..', '..', '..', 'local-n8n', 'install.mjs');
const folders: string[] = [];

/** An executable shell script (built-ins only: PATH holds only the stand-ins). */
function script(path: string, body: string): void {
	writeFileSync(path, `#!/bin/sh\n${body}\n`);
	chmodSync(path, 0o755);
}

/**
 * npm or npx: 300 lines of the warnings npm and the compiler print, a folder for the package it
 * was asked for (the SQLite driver is compiled there), and a note that it ran.
 */
const INSTALLER = `#!${process.execPath}
const { appendFileSync, mkdirSync } = require('node:fs');
for (let i = 0; i < 150; i++) {
	console.log('npm warn ERESOLVE overriding peer dependency ' + i);
	console.error('warning: unused variable ' + i);
}
const prefix = process.argv.indexOf('--prefix');
if (prefix > 0) mkdirSync(process.argv[prefix + 1] + '/node_modules/sqlite3', { recursive: true });
appendFileSync(process.env.CALLS, process.argv.slice(2).join(' ') + '\\n');
`;

function bed(tools: string[]) {
	const root = mkdtempSync(join(tmpdir(), 'clio-install-'));
	folders.push(root);
	const bin = join(root, 'bin');
	mkdirSync(bin);
	for (const tool of ['npm', 'npx']) {
		writeFileSync(join(bin, tool), INSTALLER);
		chmodSync(join(bin, tool), 0o755);
	}
	for (const tool of tools) script(join(bin, tool), 'exit 0');
	const cache = join(root, 'cache');
	const env = { PATH: bin, CLIO_N8N_CACHE: cache, CALLS: join(root, 'calls'), HOME: root };
	return { root, cache, env };
}

function install(env: Record<string, string>) {
	const result = spawnSync(process.execPath, [INSTALL], { env, encoding: 'utf8' });
	return { ...result, lines: `${result.stdout}${result.stderr}`.trimEnd().split('\n') };
}

describe('npm start: the first install', () => {
	after(() => {
		for (const path of folders) rmSync(path, { recursive: true, force: true });
	});

	it('shows one line per step and keeps the installers’ output in install.log', () => {
		const { cache, env } = bed(['make', 'g++', 'python3']);
		// Node 24 as the first step leaves it (a stand-in that answers the final check).
		const paths = n8nPaths('2');
		const nodeBinary = paths.nodeBinary.replace(paths.root, cache);
		mkdirSync(join(nodeBinary, '..'), { recursive: true });
		script(nodeBinary, 'exit 0');

		const { status, lines } = install(env);
		assert.equal(status, 0, lines.join('\n'));
		assert.ok(lines.length <= 5, lines.join('\n'));
		assert.ok(
			lines.every((line) => line.startsWith('[install-n8n] ')),
			lines.join('\n'),
		);
		const log = join(cache, 'install.log');
		assert.ok(lines[0].includes(`log: ${log}`), lines[0]);
		assert.match(lines.join('\n'), /downloading n8n@2\.41\.1 … done/);
		assert.match(lines.join('\n'), /compiling the SQLite driver for Node 24 … done/);
		const kept = readFileSync(log, 'utf8');
		assert.equal(kept.match(/npm warn ERESOLVE/g)?.length, 300, 'both installers’ output');
		assert.equal(kept.match(/warning: unused variable/g)?.length, 300);
	});

	it('names a missing compiler and Python, and the Debian packages, before downloading anything', () => {
		const { root, cache, env } = bed(['make']);
		const { status, lines } = install(env);
		assert.equal(status, 1);
		assert.deepEqual(lines, [
			"[install-n8n] n8n's SQLite driver is compiled during the first run, which needs a C++ compiler (g++), Python 3.",
			'[install-n8n] On Debian or Ubuntu: sudo apt-get install build-essential python3',
		]);
		assert.equal(existsSync(join(root, 'calls')), false, 'no installer ran');
		assert.equal(existsSync(join(cache, 'install.log')), false);
	});
});
