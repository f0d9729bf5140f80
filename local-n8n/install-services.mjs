#!/usr/bin/env node
// Installs Debian's Redis and PostgreSQL for n8n's queue mode (local-n8n/cluster.mts), once per
// machine. Nothing is started here: the cluster runs both as ordinary processes with their data in
// a temporary folder, and stops them with itself.
import { execFileSync } from 'node:child_process';
import { postgresBinDir, redisServer } from './services-paths.mjs';

function run(cmd, args) {
	console.log(`[install-services] ${cmd} ${args.join(' ')}`);
	execFileSync(cmd, args, {
		stdio: 'inherit',
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
	});
}

const missing = [];
if (!redisServer()) missing.push('redis-server');
if (!postgresBinDir()) missing.push('postgresql');
if (missing.length === 0) {
	console.log('[install-services] redis-server and PostgreSQL are already installed');
} else {
	run('apt-get', ['update']);
	run('apt-get', ['install', '-y', '--no-install-recommends', ...missing]);
	if (!redisServer() || !postgresBinDir()) {
		console.error(`[install-services] apt-get finished but ${missing.join(' or ')} is missing`);
		process.exit(1);
	}
}
