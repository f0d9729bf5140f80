// The local n8n runner: installs Node 24 and n8n into a cache outside the clone, starts n8n
// headless on loopback with this package installed, and drives it over HTTP (owner, API key,
// credentials, workflows, executions). `npm start`, `npm run bench` and the e2e suite all use it.
import { N8N_LINES, defaultLine, type N8nLine } from './paths.mjs';
export { startN8n, type N8n, type StartOptions, type ExecutionQuery } from './n8n.mts';
export { startCluster, type N8nCluster, type ClusterProcess } from './cluster.mts';
export { newCredentialId } from './credentials.mts';
export { pollUntil, HttpError } from './http.mts';
export type * from './types.mts';
export {
	createSandboxCredential,
	sandboxAppData,
	CLIO_CREDENTIAL_TYPE,
	type SandboxCredential,
} from './sandbox-credential.mts';
export { N8N_LINES, defaultLine, type N8nLine };

/** "n8n 2.41.1": the version a run drives, for test titles and messages. */
export function n8nUnderTest(line: N8nLine = defaultLine()): string {
	return `n8n ${N8N_LINES[line].version}`;
}
