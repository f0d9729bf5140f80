// n8n's verification scan (@n8n/scan-community-package), run offline on what npm would publish and
// on the source, the two halves n8n lints before it lists a package as verified. The scanner's own
// command also downloads both from npm and GitHub; its exported analysis is the same lint without
// the network.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

const ROOT = join(import.meta.dirname, '..', '..');

interface Analysis {
	passed: boolean;
	message?: string;
	details?: string;
}
interface Scanner {
	analyzePackage(dir: string, patterns?: string[]): Promise<Analysis>;
	SOURCE_FILE_PATTERNS: string[];
}

// No type declarations ship with the scanner; a computed specifier keeps the type checker out of it.
const SCANNER = '@n8n/scan-community-package/scanner/scanner.mjs';
const scanner = (await import(SCANNER)) as Scanner;

function report(result: Analysis): string {
	return `${result.message ?? ''}\n${result.details ?? ''}`;
}

/** `npm pack` of the built package, unpacked the way the scanner unpacks a downloaded tarball. */
function packAndUnpack(work: string): string {
	const [packed] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], {
			cwd: ROOT,
			encoding: 'utf8',
		}),
	) as Array<{ filename: string }>;
	const dir = join(work, 'package');
	mkdirSync(dir);
	execFileSync('tar', ['-xzf', join(work, packed.filename), '-C', dir, '--strip-components=1']);
	return dir;
}

describe('n8n’s verification scan', () => {
	let work: string;
	let unpacked: string;

	before(() => {
		work = mkdtempSync(join(tmpdir(), 'clio-scan-'));
		unpacked = packAndUnpack(work);
	});
	after(() => rmSync(work, { recursive: true, force: true }));

	it('passes on the packed tarball, every published .js, .ts and .json file included', async () => {
		// The scanner lints the tarball's .js and package.json; linting .ts and .json too is stricter.
		const result = await scanner.analyzePackage(unpacked);
		assert.ok(result.passed, report(result));
		assert.equal(result.message, undefined, 'files were found and linted');
	});

	it('passes on the source the package is published from', async () => {
		const result = await scanner.analyzePackage(ROOT, scanner.SOURCE_FILE_PATTERNS);
		assert.ok(result.passed, report(result));
		assert.equal(result.message, undefined, 'files were found and linted');
	});

	it('the tarball carries no declaration files or source maps (the scan fails on a credential’s .d.ts)', async () => {
		const files = readdirSync(join(unpacked, 'dist'), { recursive: true, encoding: 'utf8' });
		assert.deepEqual(
			files.filter((file) => /\.(d\.ts|map)$/.test(file)),
			[],
		);
		// What declarations did to the scan: the same tarball with one declaration file fails.
		const withDeclaration = join(work, 'with-declaration');
		cpSync(unpacked, withDeclaration, { recursive: true });
		writeFileSync(
			join(withDeclaration, 'dist', 'credentials', 'ClioOAuth2Api.credentials.d.ts'),
			'import type { ICredentialType } from "n8n-workflow";\nexport declare class ClioOAuth2Api implements ICredentialType {\n\tname: string;\n}\n',
		);
		const result = await scanner.analyzePackage(withDeclaration);
		assert.equal(result.passed, false);
		assert.match(result.details ?? '', /cred-filename-against-convention/);
	});
});
