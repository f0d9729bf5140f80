// The package installed the way firms install it: published to an npm registry and installed
// through n8n's own community-package installer (the REST calls of Settings › Community Nodes),
// then updated and uninstalled there; on n8n 2.41.1, or 1.123.x with CLIO_N8N_LINE=1. The registry
// is a local verdaccio standing in for registry.npmjs.org (see harness/local-registry.mts), and an
// outbound guard keeps every other request n8n makes on this machine.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
	cpSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import type { IDataObject } from 'n8n-workflow';

import { installCommunityPackage } from '../../local-n8n/community-package.mts';
import { n8nPaths } from '../../local-n8n/paths.mjs';
import { type Sandbox, startSandbox } from '../sandbox/index.mts';
import {
	clio,
	matterWithStages,
	otherStages,
	type TriggerBed,
	updateMatter,
} from '../unit/trigger/bed.mts';
import {
	HttpError,
	chain,
	clioNode,
	createSandboxCredential,
	executionError,
	manualTrigger,
	n8nUnderTest,
	nodeOutput,
	stageChangeWebhookTrigger,
	startN8n,
	type N8n,
	type SandboxCredential,
} from './harness/index.mts';
import { startLocalRegistry, type LocalRegistry } from './harness/local-registry.mts';
import { startOutboundGuard, type OutboundGuard } from './harness/outbound-guard.mts';

const REPO_ROOT = join(import.meta.dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
	name: string;
	version: string;
};
const PACKAGE = manifest.name;
const FIRST = manifest.version;
// The next patch release, packed from a copy with the version raised (as `npm version patch` would).
const NEXT = FIRST.replace(/\d+$/, (patch) => String(Number(patch) + 1));
const NODE_TYPES = [`${PACKAGE}.clio`, `${PACKAGE}.clioTrigger`];
/** How n8n's node-type descriptions name them. */
const NODE_NAMES = ['clio', 'clioTrigger'];

interface InstalledPackage {
	packageName: string;
	installedVersion: string;
	installedNodes: Array<{ name: string; type: string }>;
}

/** `npm pack` of the built package in `dir`; returns the tarball's path. */
function pack(dir: string, destination: string): string {
	const [packed] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], {
			cwd: dir,
			encoding: 'utf8',
		}),
	) as Array<{ filename: string }>;
	return join(destination, packed.filename);
}

/** A copy of what the package publishes, its version raised to `version`, packed. */
function packVersion(version: string, work: string): string {
	const copy = join(work, `copy-${version}`);
	mkdirSync(copy);
	for (const entry of ['dist', 'README.md', 'LICENSE.md']) {
		cpSync(join(REPO_ROOT, entry), join(copy, entry), { recursive: true });
	}
	writeFileSync(join(copy, 'package.json'), JSON.stringify({ ...manifest, version }, null, 2));
	return pack(copy, work);
}

describe(`installed through n8n’s community-package installer on ${n8nUnderTest()}`, () => {
	let work: string;
	let registry: LocalRegistry;
	let guard: OutboundGuard;
	let sandbox: Sandbox;
	let n8n: N8n;
	let credential: SandboxCredential;
	let bed: TriggerBed;
	let actionWorkflow: string;
	let triggerWorkflow: string;
	let matterId: number;
	let stages: number[];

	/** n8n with the `npm` wrapper first on its PATH and every outbound request through the guard. */
	function installerEnv(extra: Record<string, string> = {}): Record<string, string> {
		const { nodeBinDir } = n8nPaths();
		return {
			...guard.env(),
			PATH: `${registry.npmWrapperDir}:${nodeBinDir}:${process.env.PATH ?? ''}`,
			...extra,
		};
	}

	before(async () => {
		work = mkdtempSync(join(tmpdir(), 'clio-install-'));
		registry = await startLocalRegistry();
		guard = await startOutboundGuard();
		sandbox = await startSandbox({ matters: 20, quiet: true });
		await registry.publish(pack(REPO_ROOT, work));
		assert.deepEqual(await registry.versions(PACKAGE), [FIRST]);
		// No package copied into the nodes folder: the installer puts it there.
		n8n = await startN8n({ env: installerEnv() });
		console.log(`n8n ready in ${n8n.startupMs} ms`);
	});

	after(async () => {
		await n8n?.stop();
		await sandbox?.close();
		await registry?.close();
		await guard?.close();
		if (work) rmSync(work, { recursive: true, force: true });
		if (guard) console.log(`outbound requests refused: ${guard.refused.join(', ') || 'none'}`);
	});

	const packageFolder = () => join(n8n.userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE);

	async function installedPackages(): Promise<InstalledPackage[]> {
		return await n8n.rest<InstalledPackage[]>('GET', '/community-packages');
	}

	/** The node types n8n knows among this package's (what the node panel lists). */
	async function knownNodeTypes(instance = n8n): Promise<string[]> {
		const known: string[] = [];
		for (const name of NODE_TYPES) {
			try {
				const described = await instance.rest<Array<{ name: string }>>('POST', '/node-types', {
					nodeInfos: [{ name, version: 1 }],
				});
				known.push(...described.map((type) => type.name));
			} catch (error) {
				if (error instanceof HttpError && /Unrecognized node type/.test(error.body)) continue;
				throw error;
			}
		}
		return known.sort();
	}

	async function clioWebhooks(): Promise<IDataObject[]> {
		const listed = await clio<{ data: IDataObject[] }>(
			bed,
			'GET',
			'/webhooks.json',
			undefined,
			'?fields=id,url,status',
		);
		return listed.data;
	}

	test('Settings › Community Nodes installs it from the registry: both nodes and the credential, no restart', async () => {
		const started = Date.now();
		const installed = await n8n.rest<InstalledPackage>('POST', '/community-packages', {
			name: PACKAGE,
			// n8n 1.x looks "latest" up at registry.npmjs.org itself; a version goes through npm.
			version: FIRST,
		});
		console.log(`installed ${PACKAGE}@${FIRST} in ${Date.now() - started} ms`);
		assert.equal(installed.packageName, PACKAGE);
		assert.equal(installed.installedVersion, FIRST);
		assert.deepEqual(installed.installedNodes.map((node) => node.name).sort(), [
			'Clio',
			'Clio Trigger',
		]);
		assert.deepEqual(
			(await installedPackages()).map((entry) => `${entry.packageName}@${entry.installedVersion}`),
			[`${PACKAGE}@${FIRST}`],
		);
		// n8n's own npm calls fetched it, addressed to npmjs.
		const packs = registry.npmCalls().filter((call) => call.startsWith(`pack ${PACKAGE}@${FIRST}`));
		assert.equal(packs.length, 1, registry.npmCalls().join('\n'));
		assert.match(packs[0], /--registry=https:\/\/registry\.npmjs\.org/);
		// What landed in the nodes folder: the published files, no dependencies.
		const landed = JSON.parse(readFileSync(join(packageFolder(), 'package.json'), 'utf8'));
		assert.equal(landed.version, FIRST);
		assert.ok(existsSync(join(packageFolder(), 'dist', 'nodes', 'Clio', 'Clio.node.js')));
		assert.equal(existsSync(join(packageFolder(), 'node_modules', 'n8n-workflow')), false);

		assert.deepEqual(await knownNodeTypes(), NODE_NAMES);
		// The credential type is known: n8n accepts a credential of it and its test passes.
		credential = await createSandboxCredential(n8n, sandbox);
		const tested = await n8n.testCredential(credential.id);
		assert.equal(tested.status, 'OK', tested.message);
	});

	test('a workflow with the credential runs, and a Webhook-mode trigger registers one Clio webhook', async () => {
		bed = { sandbox, token: credential.tokens.access_token } as TriggerBed;
		const workflow = chain('who am i', [
			manualTrigger(),
			clioNode(credential, 'Clio', { resource: 'user', operation: 'getCurrent' }),
		]);
		actionWorkflow = (await n8n.createWorkflow(workflow)).id;
		const execution = await n8n.runManually(actionWorkflow);
		assert.equal(execution.status, 'success', executionError(execution));
		assert.equal(nodeOutput(execution, 'Clio')[0].id, sandbox.store.users.get(1)?.id);

		matterId = matterWithStages(bed);
		stages = otherStages(bed, matterId);
		const webhookId = randomUUID();
		const trigger = { ...stageChangeWebhookTrigger(credential, 'Clio Trigger'), webhookId };
		triggerWorkflow = (await n8n.createWorkflow(chain('stages', [trigger]))).id;
		await n8n.publish(triggerWorkflow);
		await sandbox.webhooks.settled();
		const webhooks = await clioWebhooks();
		assert.equal(webhooks.length, 1);
		assert.equal(webhooks[0].url, `${n8n.webhookBaseUrl}/${webhookId}/webhook`);
		assert.equal(webhooks[0].status, 'enabled');
	});

	test(`updating to ${NEXT} through the installer keeps the credential, the workflows and the one webhook`, async () => {
		await registry.publish(packVersion(NEXT, work));
		assert.deepEqual(await registry.versions(PACKAGE), [FIRST, NEXT]);
		const [webhookBefore] = await clioWebhooks();

		const updated = await n8n.rest<InstalledPackage>('PATCH', '/community-packages', {
			name: PACKAGE,
			version: NEXT,
		});
		assert.equal(updated.installedVersion, NEXT);
		assert.equal(
			JSON.parse(readFileSync(join(packageFolder(), 'package.json'), 'utf8')).version,
			NEXT,
		);
		assert.deepEqual(await knownNodeTypes(), NODE_NAMES);

		const execution = await n8n.runManually(actionWorkflow);
		assert.equal(execution.status, 'success', executionError(execution));
		assert.equal((await n8n.testCredential(credential.id)).status, 'OK');

		// The published trigger still receives Clio's deliveries, through the same single webhook.
		await updateMatter(bed, matterId, { matter_stage: { id: stages[0] } });
		await sandbox.webhooks.settled();
		const [run] = await n8n.waitForExecutions(triggerWorkflow, 1);
		assert.equal(run.status, 'success', executionError(run));
		assert.equal(run.mode, 'webhook');
		assert.deepEqual(nodeOutput(run, 'Clio Trigger')[0].matter_stage, {
			id: stages[0],
			name: sandbox.store.matterStages.get(stages[0])?.name,
		});
		const webhooks = await clioWebhooks();
		assert.deepEqual(
			webhooks.map((webhook) => webhook.id),
			[webhookBefore.id],
		);
		assert.deepEqual(sandbox.log.violations(), []);
	});

	test('uninstalling removes the package, its nodes and its files', async () => {
		await n8n.unpublish(triggerWorkflow);
		await sandbox.webhooks.settled();
		assert.deepEqual(await clioWebhooks(), [], 'unpublishing deleted the Clio webhook');

		await n8n.rest('DELETE', `/community-packages?name=${encodeURIComponent(PACKAGE)}`);
		assert.deepEqual(await installedPackages(), []);
		assert.deepEqual(await knownNodeTypes(), []);
		assert.equal(existsSync(packageFolder()), false);
	});

	test('with N8N_UNVERIFIED_PACKAGES_ENABLED=false (n8n 3.x’s default) the installer refuses it; a copy in the nodes folder loads', async () => {
		const strict = await startN8n({
			env: installerEnv({ N8N_UNVERIFIED_PACKAGES_ENABLED: 'false' }),
		});
		try {
			const refused = await strict
				.rest('POST', '/community-packages', { name: PACKAGE, version: FIRST })
				.then(
					() => undefined,
					(error: unknown) => error,
				);
			assert.ok(refused instanceof HttpError, 'the install was refused');
			assert.match(refused.body, /Installation of unverified community packages is forbidden!/);
			assert.deepEqual(await strict.rest('GET', '/community-packages'), []);
			assert.deepEqual(await knownNodeTypes(strict), []);

			// The README's other way: the package placed in n8n's nodes folder by hand, then a restart.
			installCommunityPackage(REPO_ROOT, strict.userFolder);
			await strict.restart();
			assert.deepEqual(await knownNodeTypes(strict), NODE_NAMES);
		} finally {
			await strict.stop();
		}
	});
});
