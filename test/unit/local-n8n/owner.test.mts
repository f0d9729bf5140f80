// `npm start` signs in with one password per data folder: made at the first start and kept, or
// the one N8N_OWNER_PASSWORD gives, which is then kept too.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import { compareSync } from 'bcryptjs';

import { folderOwner } from '../../../local-n8n/environment.mts';

const folders: string[] = [];
const folder = () => {
	const path = mkdtempSync(join(tmpdir(), 'clio-owner-'));
	folders.push(path);
	return path;
};

describe('npm start: the login of a data folder', () => {
	after(() => {
		for (const path of folders) rmSync(path, { recursive: true, force: true });
	});

	it('makes a password at the first start and signs in with it at every later one', () => {
		const data = folder();
		const first = folderOwner(data);
		assert.match(first.password, /^(?=.*\d)(?=.*[A-Z]).{8,}$/, 'n8n’s password rules');
		assert.ok(compareSync(first.password, first.passwordHash));
		assert.equal(folderOwner(data).password, first.password);
		assert.equal(folderOwner(data).password, first.password);
		assert.equal(
			statSync(join(data, 'clio-owner.json')).mode & 0o077,
			0,
			'readable by its owner only',
		);
	});

	it('gives each data folder its own password', () => {
		assert.notEqual(folderOwner(folder()).password, folderOwner(folder()).password);
	});

	it('takes the chosen password, and keeps it for the starts without one', () => {
		const data = folder();
		folderOwner(data);
		const chosen = folderOwner(data, 'Chosen-Passw0rd');
		assert.equal(chosen.password, 'Chosen-Passw0rd');
		assert.ok(compareSync('Chosen-Passw0rd', chosen.passwordHash));
		assert.equal(folderOwner(data).password, 'Chosen-Passw0rd');
	});
});
