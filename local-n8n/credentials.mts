// Credentials through n8n's CLI: `n8n import:credentials --input=<file>` takes a JSON array of
// { id, name, type, data } and encrypts a plain-object `data` with the instance key. Works before the
// first start and while n8n runs (same user folder, same key).
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NewCredential } from './types.mts';

/** A credential id in n8n's format (16 alphanumerics). */
export function newCredentialId(): string {
	return randomBytes(12).toString('base64url').replace(/[-_]/g, 'x').slice(0, 16);
}

export async function importCredentials(
	creds: Array<NewCredential & { id: string }>,
	userFolder: string,
	runCli: (args: string[]) => Promise<void>,
): Promise<void> {
	const file = join(userFolder, `credentials-${randomBytes(4).toString('hex')}.json`);
	writeFileSync(file, JSON.stringify(creds), { mode: 0o600 });
	try {
		await runCli(['import:credentials', `--input=${file}`]);
	} finally {
		rmSync(file, { force: true });
	}
}
