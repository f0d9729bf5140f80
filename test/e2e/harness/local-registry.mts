// A local npm registry (verdaccio, cached by local-n8n/install.mjs) with its storage in a temporary
// folder and no uplink, and an `npm` for n8n's PATH that sends n8n's community-package installer
// there. The installer runs `npm view/pack/install … --registry=https://registry.npmjs.org`; n8n
// accepts another registry only with an Enterprise licence, so the wrapper stands in for
// registry.npmjs.org itself: every other argument, and the installer's own logic, are n8n's.
import { execFile } from 'node:child_process';
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
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

import { pollUntil } from '../../../local-n8n/http.mts';
import { verdaccioPaths } from '../../../local-n8n/paths.mjs';
import { freePorts } from '../../../local-n8n/ports.mts';
import { spawnGroup } from '../../../local-n8n/process.mts';

const run = promisify(execFile);
const NPMJS = 'https://registry.npmjs.org';

export interface LocalRegistry {
	url: string;
	/** A folder holding the `npm` wrapper: put it first on n8n's PATH. */
	npmWrapperDir: string;
	/** The npm commands n8n ran, as n8n wrote them (registry included). */
	npmCalls(): string[];
	/** Publishes a packed tarball (`npm publish <file>`), as a release would, to this registry. */
	publish(tarball: string): Promise<void>;
	/** The versions of a package the registry holds. */
	versions(name: string): Promise<string[]>;
	close(): Promise<void>;
}

function realNpm(): string {
	for (const dir of (process.env.PATH ?? '').split(delimiter)) {
		const candidate = join(dir, 'npm');
		if (dir && existsSync(candidate)) return candidate;
	}
	throw new Error('npm is not on PATH');
}

export async function startLocalRegistry(): Promise<LocalRegistry> {
	const verdaccio = verdaccioPaths();
	if (!existsSync(verdaccio.readyMarker)) {
		throw new Error(
			`verdaccio is not installed; run \`node local-n8n/install.mjs registry\` first`,
		);
	}
	const work = mkdtempSync(join(tmpdir(), 'clio-registry-'));
	const [port] = await freePorts(1);
	const url = `http://127.0.0.1:${port}`;
	// No uplinks: a package this registry does not hold is not looked up anywhere else.
	writeFileSync(
		join(work, 'config.yaml'),
		[
			`storage: ${join(work, 'storage')}`,
			'auth:',
			'  htpasswd:',
			`    file: ${join(work, 'htpasswd')}`,
			'    max_users: 1',
			'uplinks: {}',
			'packages:',
			"  '**':",
			'    access: $all',
			'    publish: $authenticated',
			'    unpublish: $authenticated',
			'web:',
			'  enable: false',
			'log: { type: stdout, format: pretty, level: warn }',
			'',
		].join('\n'),
	);
	const proc = spawnGroup(
		process.execPath,
		[verdaccio.bin, '--config', join(work, 'config.yaml'), '--listen', `127.0.0.1:${port}`],
		{ cwd: work, env: { ...process.env }, logFile: join(work, 'verdaccio.log') },
	);
	const close = async (): Promise<void> => {
		await proc.stop(5_000);
		rmSync(work, { recursive: true, force: true });
	};
	try {
		await pollUntil('the local npm registry', 60_000, async () => {
			const response = await fetch(`${url}/-/ping`);
			await response.text();
			return response.ok ? true : undefined;
		});
	} catch (error) {
		const logs = proc.logs();
		await close();
		throw new Error(`${(error as Error).message}\n${logs}`);
	}

	// The publisher's account (npm adduser does the same request).
	const user = await fetch(`${url}/-/user/org.couchdb.user:publisher`, {
		method: 'PUT',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ name: 'publisher', password: 'local-registry-only', type: 'user' }),
	});
	const { token } = (await user.json()) as { token?: string };
	if (!token) throw new Error(`the local registry refused the publisher account (${user.status})`);

	const npmWrapperDir = join(work, 'bin');
	const callsLog = join(work, 'npm-calls.log');
	mkdirSync(npmWrapperDir);
	const wrapper = join(npmWrapperDir, 'npm');
	writeFileSync(
		wrapper,
		`#!/usr/bin/env bash
# n8n's community-package installer calls npm with --registry=${NPMJS}; this local registry
# stands in for it. Nothing else of the call changes.
printf '%s\\n' "$*" >> '${callsLog}'
args=()
for arg in "$@"; do
	case "$arg" in
		--registry=${NPMJS} | --registry=${NPMJS}/) arg='--registry=${url}' ;;
	esac
	args+=("$arg")
done
export npm_config_registry='${url}'
export npm_config_cache='${join(work, 'npm-cache')}'
exec '${realNpm()}' "\${args[@]}"
`,
	);
	chmodSync(wrapper, 0o755);

	return {
		url,
		npmWrapperDir,
		npmCalls: () =>
			existsSync(callsLog) ? readFileSync(callsLog, 'utf8').split('\n').filter(Boolean) : [],
		async publish(tarball) {
			const host = url.replace(/^http:/, '');
			// Provenance exists only for releases from GitHub Actions (.github/workflows/publish.yml);
			// a local registry stands in for npmjs here, so the publish says so explicitly.
			await run(
				'npm',
				[
					'publish',
					tarball,
					`--registry=${url}`,
					`--${host}/:_authToken=${token}`,
					'--provenance=false',
				],
				{ cwd: work, env: { ...process.env, npm_config_cache: join(work, 'npm-cache') } },
			);
		},
		async versions(name) {
			const response = await fetch(`${url}/${encodeURIComponent(name)}`);
			if (response.status === 404) return [];
			const packument = (await response.json()) as { versions?: Record<string, unknown> };
			return Object.keys(packument.versions ?? {}).sort();
		},
		close,
	};
}
