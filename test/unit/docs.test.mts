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
