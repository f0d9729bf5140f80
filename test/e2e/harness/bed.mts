// One sandbox and one n8n with this package per test file, with the sandbox credential in n8n.
import { join } from 'node:path';
import { after, before } from 'node:test';

import {
	createSandboxCredential,
	type N8n,
	type SandboxCredential,
	startN8n,
} from '../../../local-n8n/index.mts';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../sandbox/index.mts';

const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');

export interface SandboxedN8n {
	sandbox: Sandbox;
	n8n: N8n;
	credential: SandboxCredential;
}

/** Starts them before the file's tests and stops them after; the fields are set once started. */
export function sandboxedN8n(sandboxOptions: SandboxOptions = {}): SandboxedN8n {
	const bed = {} as SandboxedN8n;
	before(async () => {
		bed.sandbox = await startSandbox({ quiet: true, ...sandboxOptions });
		bed.n8n = await startN8n({ packageDir: REPO_ROOT });
		bed.credential = await createSandboxCredential(bed.n8n, bed.sandbox);
	});
	after(async () => {
		await bed.n8n?.stop();
		await bed.sandbox?.close();
	});
	return bed;
}
