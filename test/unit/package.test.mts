// The rules n8n applies to a verified community package, checked on package.json and on what
// `npm pack` would publish.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

describe('package.json follows n8n’s community package rules', () => {
	it('has no runtime dependencies and only n8n-workflow as a peer', () => {
		assert.equal(pkg.dependencies, undefined);
		assert.deepEqual(pkg.peerDependencies, { 'n8n-workflow': '*' });
		assert.ok(pkg.devDependencies['n8n-core'], 'n8n-core is a development dependency');
		assert.ok(pkg.devDependencies['form-data'], 'form-data is a development dependency');
	});

	it('is named and tagged for the community node registry', () => {
		assert.equal(pkg.name, 'n8n-nodes-clio-manage');
		assert.ok(pkg.keywords.includes('n8n-community-node-package'));
		assert.equal(pkg.license, 'MIT');
		assert.equal(pkg.n8n.n8nNodesApiVersion, 1);
		assert.equal(pkg.n8n.strict, true);
		assert.deepEqual(pkg.files, ['dist']);
	});

	it('publishes the built nodes, credential, icons and codex files, and nothing from the sources or tests', () => {
		const [packed] = JSON.parse(
			execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' }),
		);
		const files: string[] = packed.files.map((file: { path: string }) => file.path);
		for (const registered of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
			assert.ok(files.includes(registered), `${registered} is published`);
		}
		assert.ok(files.includes('dist/nodes/Clio/Clio.node.json'));
		assert.ok(files.includes('dist/nodes/Clio/clio.svg'));
		assert.ok(files.includes('dist/nodes/Clio/clio.dark.svg'));
		const stray = files.filter(
			(file) => !file.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE.md'].includes(file),
		);
		assert.deepEqual(stray, []);
		assert.ok(!files.some((file) => file.startsWith('dist/test/')));
	});
});

describe('npm install on the Node.js versions package.json promises', () => {
	// npm's own version-range rules (a dependency of npm's tooling in the tree; no types needed).
	const semver = createRequire(import.meta.url)('semver') as {
		minVersion(range: string): { version: string };
		satisfies(version: string, range: string): boolean;
	};
	const lowest = semver.minVersion(pkg.engines.node).version;
	const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
	const refusing = (version: string) =>
		Object.entries(lock.packages as Record<string, { engines?: { node?: string } }>)
			.filter(([path, entry]) => path && entry.engines?.node)
			.filter(([, entry]) => !semver.satisfies(version, String(entry.engines?.node)))
			.map(([path, entry]) => `${path.replace(/^.*node_modules\//, '')} ${entry.engines?.node}`);

	it('warns on the lowest one only about isolated-vm, which the README explains', () => {
		assert.deepEqual(refusing(lowest), ['isolated-vm >=24.0.0']);
		const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
		assert.match(readme, /EBADENGINE isolated-vm … node >=24/);
		assert.ok(readme.includes(`Node.js ${lowest.replace(/\.0$/, '')} or later`), lowest);
	});

	it('warns about nothing on Node.js 24, which n8n 2.x runs on', () => {
		assert.deepEqual(refusing('24.0.0'), []);
	});
});
