// The READMEs stay true to the repository: the files and pictures they name exist, and the main
// README keeps its two set-up commands.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = join(import.meta.dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** Local targets of Markdown links and images, relative to the file. */
function localLinks(markdown: string): string[] {
	return [...markdown.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)]
		.map((match) => match[1])
		.filter((target) => !/^[a-z]+:/.test(target));
}

describe('README files', () => {
	for (const file of [
		'README.md',
		'examples/README.md',
		'test/sandbox/README.md',
		'local-n8n/README.md',
	]) {
		it(`${file} links only to files that exist`, () => {
			const missing = localLinks(read(file)).filter(
				(target) => !existsSync(join(ROOT, dirname(file), target)),
			);
			assert.deepEqual(missing, []);
		});
	}

	it('README.md keeps exactly two set-up commands', () => {
		const blocks = [...read('README.md').matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
		const setUp = blocks.flatMap((block) =>
			block.split('\n').filter((line) => line.startsWith('npm install &&')),
		);
		assert.deepEqual(setUp, ['npm install && npm start', 'npm install && npm test']);
	});

	for (const folder of ['test/sandbox', 'local-n8n']) {
		it(`${folder}/README.md names only files the folder has`, () => {
			const text = read(`${folder}/README.md`);
			const named = [...text.matchAll(/`((?:resources\/)?[\w-]+\.m?[jt]s)`/g)].map((m) => m[1]);
			assert.ok(named.length > 10, `${named.length} files named`);
			const missing = named.filter(
				(name) =>
					!existsSync(join(ROOT, folder, name)) &&
					!existsSync(join(ROOT, folder, 'resources', name)),
			);
			assert.deepEqual(missing, []);
		});
	}

	it('README.md names the folders of its layout table as they are', () => {
		const table = read('README.md').split('### Layout')[1]?.split('###')[0] ?? '';
		const paths = [...table.matchAll(/^\| `([^`<]+)`/gm)].map((match) => match[1]);
		assert.ok(paths.length > 5, 'the layout table lists the folders');
		assert.deepEqual(
			paths.filter((path) => !existsSync(join(ROOT, path))),
			[],
		);
	});
});

describe('README.md says each thing once', () => {
	it('has no sentence twice', () => {
		const prose = read('README.md')
			.replace(/```[\s\S]*?```/g, '')
			.split('\n')
			.filter((line) => !line.startsWith('|') && !line.startsWith('#'))
			.join(' ');
		const sentences = prose
			.split(/(?<=[.!?:])\s+/)
			.map((sentence) => sentence.replace(/[*_`]/g, '').replace(/\s+/g, ' ').trim().toLowerCase())
			.filter((sentence) => sentence.length > 30);
		const seen = new Set<string>();
		const repeated = sentences.filter((sentence) => seen.has(sentence) || !seen.add(sentence));
		assert.ok(sentences.length > 100, `${sentences.length} sentences read`);
		assert.deepEqual(repeated, []);
	});
});

describe('README.md reads top-down', () => {
	const readme = read('README.md');
	const headings = [...readme.matchAll(/^## (.+)$/gm)].map((match) => match[1]);
	/** The text of a `## ` section, up to the next one. */
	const section = (title: string) => readme.split(`\n## ${title}\n`)[1]?.split('\n## ')[0] ?? '';

	it('installs first, connects to Clio, then a first workflow; contributing and resources last', () => {
		const order = [
			'Install',
			'Connect n8n to Clio',
			'Your first workflow in five minutes',
			'What it does',
			'Contributing',
			'Resources',
			'Licence',
		].map((title) => headings.indexOf(title));
		assert.ok(
			order.every((index) => index >= 0),
			headings.join(' | '),
		);
		assert.deepEqual(
			[...order].sort((a, b) => a - b),
			order,
		);
		assert.equal(order[0], 0, 'Install follows the summary');
	});

	it('says where the package installs: Community Nodes on self-hosted n8n, by hand, Docker', () => {
		const install = section('Install');
		assert.match(install, /self-hosted n8n/);
		assert.match(install, /Settings → Community Nodes/);
		assert.match(install, /~\/\.n8n\/nodes/);
		assert.match(install, /npm install n8n-nodes-clio-manage/);
		assert.match(install, /N8N_REINSTALL_MISSING_PACKAGES/);
		assert.match(install, /-v n8n_data:\/home\/node\/\.n8n/);
	});

	it('shows the first workflow with one screenshot', () => {
		const first = section('Your first workflow in five minutes');
		assert.match(first, /Matter\*\* → \*\*Get Many/);
		assert.match(first, /Custom Field\*\* → \*\*Set Values/);
		assert.equal([...first.matchAll(/!\[/g)].length, 1);
	});

	it('tells a contributor the layout, the commands, how to add an operation and a resource, and how releases happen', () => {
		for (const title of [
			'Layout',
			'Commands',
			'Adding an operation',
			'Adding a resource',
			'Releases',
		]) {
			assert.ok(section('Contributing').includes(`\n### ${title}\n`), title);
		}
		const commands = section('Contributing').split('### Commands')[1] ?? '';
		for (const command of ['lint', 'typecheck', 'test', 'test:e2e', 'bench', 'sandbox']) {
			assert.match(commands, new RegExp(`\`npm (run )?${command}\``), command);
		}
	});

	it('links Clio’s API documentation, each region’s developer portal and n8n’s community-node docs', () => {
		const resources = section('Resources');
		for (const link of [
			'https://docs.developers.clio.com/',
			'https://developers.clio.com',
			'https://ca.developers.clio.com',
			'https://eu.developers.clio.com',
			'https://au.developers.clio.com',
			'https://docs.n8n.io/integrations/community-nodes/',
		]) {
			assert.ok(resources.includes(link), link);
		}
	});

	it('keeps the benchmark figures in bench/RESULTS.md, with a short summary here', () => {
		const bench = section('Benchmarks');
		assert.match(bench, /\(bench\/RESULTS\.md\)/);
		assert.ok(!bench.includes('\n|'), 'no table in the README');
		assert.ok(bench.trim().split('\n').length <= 5);
	});
});
