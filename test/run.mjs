#!/usr/bin/env node
// Runs a suite with node's test runner (TypeScript through tsx) and closes with one line,
// "N passed, N failed", that .ci/run adds up across suites.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const SUITES = {
	unit: { dirs: ['test/unit', 'test/sandbox-tests'] },
	e2e: { dirs: ['test/e2e'] },
	// The same real-n8n tests on n8n 1.123.x: what the package must do on both lines (credential,
	// custom fields, documents, both trigger modes, bursts in one process and in queue mode, the
	// community-package installer).
	'e2e-n8n1': {
		dirs: ['test/e2e'],
		files: [
			'foundation',
			'oauth-connect',
			'custom-fields',
			'documents',
			'trigger-polling',
			'trigger-webhook',
			'webhook-bursts',
			'queue-mode',
			'community-install',
		],
		env: { CLIO_N8N_LINE: '1' },
	},
};

const suite = process.argv[2] ?? 'unit';
const only = process.argv.slice(3);
if (!SUITES[suite]) {
	console.error(`usage: node test/run.mjs <${Object.keys(SUITES).join('|')}> [file filter…]`);
	process.exit(2);
}

function testFiles(dir) {
	let found = [];
	let entries = [];
	try {
		entries = readdirSync(dir);
	} catch {
		return found;
	}
	for (const entry of entries) {
		const path = join(dir, entry);
		if (statSync(path).isDirectory()) found = found.concat(testFiles(path));
		else if (entry.endsWith('.test.mts')) found.push(path);
	}
	return found;
}

const { dirs, files: selected, env } = SUITES[suite];
const named = (file, parts) => parts.some((part) => file.includes(part));
const files = dirs
	.flatMap(testFiles)
	.filter((file) => !selected || selected.some((name) => file.endsWith(`/${name}.test.mts`)))
	.filter((file) => only.length === 0 || named(file, only))
	.sort();
if (files.length === 0) {
	console.error(`no test files found for suite "${suite}"`);
	console.log('0 passed, 1 failed');
	process.exit(1);
}

const tapFile = join(mkdtempSync(join(tmpdir(), 'clio-tests-')), 'results.tap');
const args = [
	'--import',
	'tsx',
	'--test',
	'--test-concurrency=1',
	'--test-reporter=spec',
	'--test-reporter-destination=stdout',
	'--test-reporter=tap',
	`--test-reporter-destination=${tapFile}`,
	...files.map((file) => relative(process.cwd(), file)),
];
const child = spawn(process.execPath, args, { stdio: 'inherit', env: { ...process.env, ...env } });
child.on('exit', (code, signal) => {
	let tap = '';
	try {
		tap = readFileSync(tapFile, 'utf8');
	} catch {
		// No report at all: the runner itself failed, counted below as one failure.
	}
	const count = (name) => Number((tap.match(new RegExp(`^# ${name} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
	const passed = count('pass');
	let failed = count('fail') + count('cancelled');
	if (code !== 0 && failed === 0) failed = 1;
	console.log(`${passed} passed, ${failed} failed`);
	process.exit(code ?? (signal ? 1 : 0));
});
