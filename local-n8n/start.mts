// `npm start`: the local Clio sandbox and a real n8n 2.41.1 with this package installed, an owner
// account and a ready "Clio (sandbox)" credential. n8n's data lives in a folder that survives
// restarts, so workflows built in the editor are kept. Ctrl-C stops everything started here.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { startSandbox } from '../test/sandbox/index.mts';
import { exampleCredentials, importExamples, prepareSandboxForExamples } from './examples.mts';
import { folderOwner } from './environment.mts';
import { createSandboxCredential, startN8n } from './index.mts';
import { n8nPaths } from './paths.mjs';

const REPO_ROOT = join(import.meta.dirname, '..');
const SANDBOX_PORT = Number(process.env.CLIO_SANDBOX_PORT ?? 8787);
const N8N_PORT = Number(process.env.N8N_PORT ?? 5678);
const USER_FOLDER = process.env.CLIO_N8N_USER_FOLDER ?? join(n8nPaths().root, 'start-user-folder');
const STATE_FILE = join(USER_FOLDER, 'clio-sandbox-credential.json');
const CREDENTIAL_NAME = 'Clio (sandbox)';

// A real Clio account can be connected as well: CLIO_REGION (us, ca, eu or au), CLIO_CLIENT_ID
// and CLIO_CLIENT_SECRET create a "Clio (<region>)" credential that is connected in the editor.
const REGIONS: Record<string, string> = {
	us: 'https://app.clio.com',
	ca: 'https://ca.app.clio.com',
	eu: 'https://eu.app.clio.com',
	au: 'https://au.app.clio.com',
};
const REAL_REGION = process.env.CLIO_REGION?.toLowerCase();

interface SavedState {
	credentialId: string;
	tokens: { access_token: string; refresh_token: string };
}

function readState(): SavedState | undefined {
	if (!existsSync(STATE_FILE)) return undefined;
	return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as SavedState;
}

async function main() {
	mkdirSync(USER_FOLDER, { recursive: true });
	console.log(`Starting the Clio sandbox on http://127.0.0.1:${SANDBOX_PORT} …`);
	const sandbox = await startSandbox({ port: SANDBOX_PORT }).catch((error: unknown) => {
		if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
		throw new Error(
			`Port ${SANDBOX_PORT} is in use: is another \`npm start\` or \`npm run sandbox\` running? Stop it, or choose another port with CLIO_SANDBOX_PORT.`,
		);
	});
	prepareSandboxForExamples(sandbox);
	console.log('Starting n8n 2.41.1 with n8n-nodes-clio-manage (about 10–20 s) …');
	const n8n = await startN8n({
		packageDir: REPO_ROOT,
		port: N8N_PORT,
		userFolder: USER_FOLDER,
		owner: folderOwner(USER_FOLDER, process.env.N8N_OWNER_PASSWORD),
		// The test harness runs n8n without its editor; here the editor is the point. Webhook-mode
		// triggers need a public https address for real Clio: pass it as WEBHOOK_URL.
		env: {
			N8N_DISABLE_UI: 'false',
			...(process.env.WEBHOOK_URL ? { WEBHOOK_URL: process.env.WEBHOOK_URL } : {}),
		},
	});

	let state = readState();
	if (state) {
		// The sandbox keeps no data between runs; it accepts the credential's tokens again.
		sandbox.restoreTokens(state.tokens);
	} else {
		const credential = await createSandboxCredential(n8n, sandbox, CREDENTIAL_NAME);
		state = { credentialId: credential.id, tokens: credential.tokens };
		writeFileSync(STATE_FILE, JSON.stringify(state, null, 2));
	}

	// The example workflows (examples/*.json), each imported once, using the sandbox credentials.
	const credentials = await exampleCredentials(n8n, sandbox, {
		id: state.credentialId,
		name: CREDENTIAL_NAME,
	});
	const imported = [...(await importExamples(n8n, credentials)).values()];
	const added = imported.filter((entry) => entry.created).length;
	console.log(`Example workflows: ${added} imported, ${imported.length - added} already there.`);

	const realCredential = await connectRealRegion(n8n);

	console.log(`
n8n is ready: ${n8n.baseUrl}
  sign in as  ${n8n.ownerEmail}
  password    ${n8n.ownerPassword}  (kept for this data folder; N8N_OWNER_PASSWORD sets another)
Credential "${CREDENTIAL_NAME}" connects the Clio nodes to the sandbox at ${sandbox.url}
(client ID ${sandbox.clientId}, client secret ${sandbox.clientSecret}, for a new credential: region "Custom Base URL").
${realCredential}n8n data: ${USER_FOLDER} (n8n's log: ${join(USER_FOLDER, 'n8n.log')})
Press Ctrl-C to stop.`);

	const stop = async () => {
		console.log('\nStopping n8n and the sandbox …');
		await n8n.stop();
		await sandbox.close();
		process.exit(0);
	};
	process.removeAllListeners('SIGINT');
	process.removeAllListeners('SIGTERM');
	process.once('SIGINT', () => void stop());
	process.once('SIGTERM', () => void stop());
}

/** Creates the real-region credential once; the user connects it in the editor (OAuth sign-in). */
async function connectRealRegion(n8n: Awaited<ReturnType<typeof startN8n>>): Promise<string> {
	if (!REAL_REGION) return '';
	const base = REGIONS[REAL_REGION];
	const { CLIO_CLIENT_ID: clientId, CLIO_CLIENT_SECRET: clientSecret } = process.env;
	if (!base || !clientId || !clientSecret) {
		throw new Error(
			`CLIO_REGION must be one of ${Object.keys(REGIONS).join(', ')}, with CLIO_CLIENT_ID and CLIO_CLIENT_SECRET set (got region "${REAL_REGION}")`,
		);
	}
	const name = `Clio (${REAL_REGION.toUpperCase()})`;
	const marker = join(USER_FOLDER, `clio-${REAL_REGION}-credential.json`);
	if (!existsSync(marker)) {
		const { id } = await n8n.createCredential({
			name,
			type: 'clioOAuth2Api',
			data: { region: base, clientId, clientSecret },
		});
		writeFileSync(marker, JSON.stringify({ id }));
	}
	return `Credential "${name}" is ready to connect: open it in the editor and click Connect.
  Redirect URL to register on the Clio app: ${n8n.baseUrl}/rest/oauth2-credential/callback
`;
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exit(1);
});
