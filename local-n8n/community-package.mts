// Places a built package where n8n scans for community packages:
// <user folder>/.n8n/nodes/node_modules/<name>/ with package.json and the top-level folders its
// `n8n.nodes`/`n8n.credentials` point into (dist/ for this repository); no node_modules: n8n-workflow
// resolves from n8n's own (it prepends its module paths to NODE_PATH). Node types become `<name>.<node>`.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';

export interface InstalledPackage {
	name: string;
	version: string;
	dir: string;
}

export function installCommunityPackage(packageDir: string, userFolder: string): InstalledPackage {
	const manifestPath = join(packageDir, 'package.json');
	const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
		name: string;
		version: string;
		n8n?: { nodes?: string[]; credentials?: string[] };
	};
	const declared = [...(manifest.n8n?.nodes ?? []), ...(manifest.n8n?.credentials ?? [])];
	const missing = declared.filter((file) => !existsSync(join(packageDir, file)));
	if (missing.length > 0) {
		throw new Error(`package is not built (run the build first); missing: ${missing.join(', ')}`);
	}
	const dir = join(userFolder, '.n8n', 'nodes', 'node_modules', manifest.name);
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	cpSync(manifestPath, join(dir, 'package.json'));
	for (const top of new Set(declared.map((file) => normalize(file).split(sep)[0]))) {
		cpSync(join(packageDir, top), join(dir, top), { recursive: true });
	}
	return { name: manifest.name, version: manifest.version, dir };
}
