// The release path: GitHub Actions workflows (they cannot run here, so their structure is checked),
// the guard that refuses a publish from anywhere else, and the changelog.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { parse } from 'yaml';

const ROOT = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
	version: string;
	scripts: Record<string, string>;
};
const run = promisify(execFile);

interface Step {
	name?: string;
	uses?: string;
	run?: string;
	with?: Record<string, unknown>;
	env?: Record<string, string>;
}
interface Job {
	'runs-on': string;
	permissions?: Record<string, string>;
	steps: Step[];
}
interface Workflow {
	on: Record<string, unknown>;
	permissions?: Record<string, string>;
	jobs: Record<string, Job>;
}

function workflow(name: string): Workflow {
	return parse(readFileSync(join(ROOT, '.github', 'workflows', name), 'utf8')) as Workflow;
}

function steps(wf: Workflow): Step[] {
	return Object.values(wf.jobs).flatMap((job) => job.steps);
}

/** Every npm command the workflow runs, one per line of its `run` steps. */
function npmCommands(wf: Workflow): string[] {
	return steps(wf)
		.flatMap((step) => (step.run ?? '').split('\n'))
		.map((line) => line.trim())
		.filter((line) => /^npm\s/.test(line));
}

/** `npm run x` and `npm test` need a script of that name in package.json. */
function missingScripts(commands: string[]): string[] {
	const missing: string[] = [];
	for (const command of commands) {
		const name =
			/^npm (?:run|run-script) (\S+)/.exec(command)?.[1] ??
			/^npm (test|start)\b/.exec(command)?.[1];
		if (name && !pkg.scripts[name]) missing.push(command);
	}
	return missing;
}

function index(commands: string[], pattern: RegExp): number {
	return commands.findIndex((command) => pattern.test(command));
}

describe('the CI workflow', () => {
	const ci = workflow('ci.yml');
	const commands = npmCommands(ci);

	it('runs on every push and pull request, reading the repository only', () => {
		assert.ok('push' in ci.on && 'pull_request' in ci.on);
		assert.equal(ci.on.push, null, 'no branch filter on push');
		assert.deepEqual(ci.permissions, { contents: 'read' });
	});

	it('installs cleanly, then lints, builds and tests, with scripts that exist', () => {
		assert.ok(steps(ci).some((step) => step.uses?.startsWith('actions/checkout@')));
		const order = [/^npm ci$/, /^npm run lint$/, /^npm run build$/, /^npm test$/].map((p) =>
			index(commands, p),
		);
		assert.ok(
			order.every((at) => at >= 0),
			`missing a step: ${commands.join(' | ')}`,
		);
		assert.deepEqual(
			[...order].sort((a, b) => a - b),
			order,
			'in this order',
		);
		assert.deepEqual(missingScripts(commands), []);
	});
});

describe('the publish workflow', () => {
	const publish = workflow('publish.yml');
	const commands = npmCommands(publish);
	const [job] = Object.values(publish.jobs);

	it('runs only for a pushed version tag', () => {
		assert.deepEqual(Object.keys(publish.on), ['push']);
		const push = publish.on.push as { tags?: string[]; branches?: string[] };
		assert.deepEqual(push.tags, ['v*.*.*']);
		assert.equal(push.branches, undefined);
	});

	it('may sign provenance (id-token: write) and otherwise only read', () => {
		assert.deepEqual(publish.permissions, { contents: 'read' });
		assert.deepEqual(job.permissions, { contents: 'read', 'id-token': 'write' });
	});

	it('builds and tests before it publishes with provenance to npmjs', () => {
		const setup = job.steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
		assert.equal(setup?.with?.['registry-url'], 'https://registry.npmjs.org');
		const publishAt = index(commands, /^npm publish\b/);
		assert.ok(publishAt >= 0, 'publishes');
		assert.match(commands[publishAt], /\s--provenance(\s|$)/);
		assert.match(commands[publishAt], /\s--access public(\s|$)/);
		for (const before of [/^npm ci$/, /^npm run build$/, /^npm test$/]) {
			const at = index(commands, before);
			assert.ok(at >= 0 && at < publishAt, `${before} runs before npm publish`);
		}
		const step = job.steps.find((s) => s.run?.includes('npm publish'));
		assert.equal(step?.env?.NODE_AUTH_TOKEN, '${{ secrets.NPM_TOKEN }}');
		assert.deepEqual(missingScripts(commands), []);
	});

	it('refuses a tag that package.json or CHANGELOG.md does not name', async () => {
		const check = job.steps.find((step) => step.name?.startsWith('The tag, package.json'));
		assert.ok(check?.run, 'has the version check step');
		const dir = mkdtempSync(join(tmpdir(), 'clio-release-'));
		try {
			writeFileSync(join(dir, 'package.json'), JSON.stringify({ version: '1.4.2' }));
			const attempt = async (tag: string, changelog: string): Promise<string> => {
				writeFileSync(join(dir, 'CHANGELOG.md'), changelog);
				try {
					await run('bash', ['-e', '-c', check.run as string], {
						cwd: dir,
						env: { ...process.env, GITHUB_REF_NAME: tag },
					});
					return 'passed';
				} catch (error) {
					return (error as { stderr: string }).stderr.trim();
				}
			};
			const released = '# Changelog\n\n## [Unreleased]\n\n## [1.4.2] - 2026-12-01\n\n### Fixed\n';
			assert.equal(await attempt('v1.4.2', released), 'passed');
			assert.match(
				await attempt('v1.4.3', released),
				/does not match package\.json version 1\.4\.2/,
			);
			assert.match(
				await attempt('v1.4.2', '# Changelog\n\n## [Unreleased]\n'),
				/CHANGELOG\.md has no entry "## \[1\.4\.2\] - <date>"/,
			);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe('publishing from anywhere but the publish workflow is refused', () => {
	// A loopback stand-in for the registry that accepts any upload and records it.
	let server: Server;
	let registry: string;
	const uploads: string[] = [];

	before(async () => {
		server = createServer((req, res) => {
			req.resume();
			req.on('end', () => {
				if (req.method === 'PUT') uploads.push(req.url ?? '');
				res.writeHead(req.method === 'PUT' ? 201 : 404, { 'content-type': 'application/json' });
				res.end('{}');
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
	});
	after(() => new Promise<void>((resolve) => server.close(() => resolve())));

	/** `npm publish` in the repository (install scripts off, as `.npmrc` says), as a user would type it. */
	async function publish(extraArgs: string[], ciEnv: Record<string, string>) {
		const env: NodeJS.ProcessEnv = {};
		for (const [key, value] of Object.entries(process.env)) {
			// the runner of this test may itself be a CI service: decide which one npm sees
			if (
				/^(CI|GITHUB_|GITLAB_|ACTIONS_|SIGSTORE_|BUILDKITE|CIRCLECI|TRAVIS|npm_config_)/i.test(key)
			)
				continue;
			env[key] = value;
		}
		const host = registry.replace(/^http:/, '');
		try {
			const { stdout, stderr } = await run(
				'npm',
				['publish', `--registry=${registry}`, `--${host}:_authToken=test-token`, ...extraArgs],
				{ cwd: ROOT, env: { ...env, ...ciEnv } },
			);
			return { ok: true, output: stdout + stderr };
		} catch (error) {
			const failed = error as { stdout: string; stderr: string };
			return { ok: false, output: failed.stdout + failed.stderr };
		}
	}

	it('a plain `npm publish` on a machine stops before uploading anything', async () => {
		const result = await publish([], {});
		assert.equal(result.ok, false);
		assert.match(result.output, /Automatic provenance generation not supported/);
		assert.deepEqual(uploads, []);
	});

	it('in GitHub Actions without the id-token permission it stops too', async () => {
		const result = await publish([], { CI: 'true', GITHUB_ACTIONS: 'true' });
		assert.equal(result.ok, false);
		assert.match(result.output, /requires "write" access to the "id-token" permission/);
		assert.deepEqual(uploads, []);
	});

	it('only an explicit opt-out reaches the registry (what the local-registry tests do)', async () => {
		const result = await publish(['--provenance=false'], {});
		assert.ok(result.ok, result.output);
		assert.deepEqual(uploads, ['/n8n-nodes-clio-manage']);
	});
});

describe('the changelog', () => {
	const changelog = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8');

	it('follows Keep a Changelog with semantic versions, newest first', () => {
		assert.match(changelog, /^# Changelog\n/);
		assert.match(changelog, /keepachangelog\.com/);
		const headings = [...changelog.matchAll(/^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?$/gm)];
		assert.ok(headings.length > 0);
		assert.equal(headings[0][1], 'Unreleased');
		const versions = headings.slice(1).map(([, version, date]) => {
			assert.match(version, /^\d+\.\d+\.\d+$/, `${version} is a semantic version`);
			assert.ok(date, `${version} has a release date`);
			return version.split('.').map(Number);
		});
		const newerFirst = versions.every(
			(v, i) =>
				i === 0 ||
				versions[i - 1][0] * 1e6 + versions[i - 1][1] * 1e3 + versions[i - 1][2] >
					v[0] * 1e6 + v[1] * 1e3 + v[2],
		);
		assert.ok(newerFirst);
		for (const heading of changelog.matchAll(/^### (.+)$/gm)) {
			assert.ok(
				['Added', 'Changed', 'Deprecated', 'Removed', 'Fixed', 'Security'].includes(heading[1]),
				`"${heading[1]}" is a Keep a Changelog section`,
			);
		}
		assert.match(pkg.version, /^\d+\.\d+\.\d+$/);
	});
});
