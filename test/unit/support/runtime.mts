// The n8n-core runtime the unit tests run in: the same dependency-injection container, instance
// settings, binary data store (filesystem mode) and lock service that n8n itself sets up, pointed at
// a throw-away user folder. Nothing here replaces n8n code; it only does the start-up work that
// n8n's command line would do before it runs a node.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { BinaryDataConfig, BinaryDataService, ExternalSecretsProxy } from 'n8n-core';
import type * as N8nWorkflow from 'n8n-workflow';

// n8n-core carries its own copies of the @n8n/* packages (the top-level ones belong to the n8n
// CLI tooling and are older). The container must be the one n8n-core resolves, or the services
// registered here would not be the ones n8n-core asks for.
const coreRequire = createRequire(import.meta.resolve('n8n-core'));

interface Constructor<T> {
	new (...args: never[]): T;
}
interface DiContainer {
	get<T>(type: Constructor<T>): T;
}
interface InstanceSettingsConfigShape {
	n8nFolder: string;
	userHome: string;
	encryptionKey: string;
}
interface GlobalConfigShape {
	logging: { level: string };
}

const { Container } = coreRequire('@n8n/di') as { Container: DiContainer };
const { InstanceSettingsConfig, GlobalConfig } = coreRequire('@n8n/config') as {
	InstanceSettingsConfig: Constructor<InstanceSettingsConfigShape>;
	GlobalConfig: Constructor<GlobalConfigShape>;
};

export { Container };

// n8n-workflow ships an ESM and a CommonJS build. n8n-core and the package's node code (CommonJS
// under tsx) load the CommonJS one, so the harness and the tests must use that same copy: an
// `import { NodeApiError } from 'n8n-workflow'` in an .mts file would load the other build, whose
// classes fail `instanceof` against the errors n8n actually throws.
export const n8nWorkflow = createRequire(import.meta.url)('n8n-workflow') as typeof N8nWorkflow;

export interface Runtime {
	/** The n8n user folder (`<root>/.n8n` holds the instance settings and the binary store). */
	userFolder: string;
	/** Where n8n's filesystem binary data mode writes its files. */
	binaryDir: string;
	externalSecretsProxy: ExternalSecretsProxy;
}

let starting: Promise<Runtime> | undefined;

async function start(): Promise<Runtime> {
	const root = mkdtempSync(join(tmpdir(), 'clio-unit-n8n-'));
	process.once('exit', () => rmSync(root, { recursive: true, force: true }));

	// What N8N_USER_FOLDER and N8N_ENCRYPTION_KEY would set, without touching the environment.
	const instanceConfig = Container.get(InstanceSettingsConfig);
	instanceConfig.userHome = root;
	instanceConfig.n8nFolder = join(root, '.n8n');
	instanceConfig.encryptionKey = 'unit-test-encryption-key';
	Container.get(GlobalConfig).logging.level = process.env.N8N_LOG_LEVEL ?? 'silent';

	const binaryConfig = Container.get(BinaryDataConfig);
	binaryConfig.mode = 'filesystem';
	await Container.get(BinaryDataService).init();

	return {
		userFolder: root,
		binaryDir: binaryConfig.localStoragePath,
		externalSecretsProxy: Container.get(ExternalSecretsProxy),
	};
}

/** Starts the runtime once per process; every harness entry point awaits it. */
export async function runtime(): Promise<Runtime> {
	starting ??= start();
	return await starting;
}
