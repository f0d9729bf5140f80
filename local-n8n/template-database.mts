// A migrated, empty SQLite database cached next to the n8n install (once per machine and n8n
// version), copied into each fresh user folder: skips ~5 s of migrations on every cold start.
// It holds no encrypted data (only the migration rows, roles and an owner shell), so any encryption
// key works with it. CLIO_E2E_TEMPLATE_DB=0 turns it off.
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const FILES = ['database.sqlite', 'database.sqlite-wal'];

export interface TemplateInput {
	cacheRoot: string;
	n8nVersion: string;
	/** Runs an n8n CLI command with N8N_USER_FOLDER set to the given folder. */
	runCli: (userFolder: string, args: string[]) => Promise<void>;
}

async function ensureTemplate(input: TemplateInput): Promise<string> {
	const dir = join(input.cacheRoot, `db-template-${input.n8nVersion}`);
	if (existsSync(join(dir, 'database.sqlite'))) return dir;
	const work = join(input.cacheRoot, `.db-template-${randomBytes(6).toString('hex')}`);
	try {
		mkdirSync(join(work, '.n8n'), { recursive: true });
		// any command runs the migrations on start-up; this one then does nothing
		await input.runCli(work, ['list:workflow']);
		const staged = join(work, 'staged');
		mkdirSync(staged);
		for (const file of FILES) {
			const source = join(work, '.n8n', file);
			if (existsSync(source)) copyFileSync(source, join(staged, file));
		}
		try {
			renameSync(staged, dir);
		} catch {
			// another test process published the template first
		}
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
	return dir;
}

/** Copies the template into `<userFolder>/.n8n/` unless that folder already has a database. */
export async function seedDatabase(userFolder: string, input: TemplateInput): Promise<boolean> {
	if (process.env.CLIO_E2E_TEMPLATE_DB === '0') return false;
	const target = join(userFolder, '.n8n');
	if (existsSync(join(target, 'database.sqlite'))) return false;
	const dir = await ensureTemplate(input);
	mkdirSync(target, { recursive: true });
	for (const file of FILES) {
		const source = join(dir, file);
		if (existsSync(source)) copyFileSync(source, join(target, file));
	}
	return true;
}
