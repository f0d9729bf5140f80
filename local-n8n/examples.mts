// The example workflows of examples/*.json: read as a user imports them, with their credential
// references pointed at this n8n's credentials, and imported into n8n once (by name).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Sandbox } from '../test/sandbox/index.mts';
import type { N8n, WorkflowDefinition } from './index.mts';

export const EXAMPLES_DIR = join(import.meta.dirname, '..', 'examples');

export const CLIO_CREDENTIAL_NAME = 'Clio (sandbox)';
export const OPENAI_CREDENTIAL_NAME = 'OpenAI (sandbox)';

/** The documents Clio's stage automation makes in example 1 (Personal Injury › Demand). */
export const DEMAND_STAGE_ID = 8;
export const DEMAND_DOCUMENTS = ['Demand Letter.pdf', 'Medical Records Request.pdf'];

export interface CredentialRef {
	id: string;
	name: string;
}

/** The credentials the examples use, by credential type. */
export type ExampleCredentials = Record<'clioOAuth2Api' | 'openAiApi', CredentialRef>;

export function exampleFiles(): string[] {
	return readdirSync(EXAMPLES_DIR)
		.filter((file) => file.endsWith('.json'))
		.sort();
}

/** An example as saved in the repository, its credential references replaced by ours. */
export function loadExample(file: string, credentials: ExampleCredentials): WorkflowDefinition {
	const workflow = JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8')) as WorkflowDefinition;
	for (const node of workflow.nodes) {
		for (const type of Object.keys(node.credentials ?? {})) {
			const ours = credentials[type as keyof ExampleCredentials];
			if (!ours) throw new Error(`${file}: node "${node.name}" uses an unknown credential ${type}`);
			(node.credentials as Record<string, CredentialRef>)[type] = { ...ours };
		}
	}
	return workflow;
}

/** What the sandbox does for the examples: Clio's stage automation of example 1. */
export function prepareSandboxForExamples(sandbox: Sandbox): void {
	sandbox.documents.generateOnStage({ stageId: DEMAND_STAGE_ID, names: DEMAND_DOCUMENTS });
}

/**
 * The credentials for the examples: the given Clio one, and an OpenAI credential whose Base URL
 * is the sandbox's chat model stand-in (created unless n8n has one of that name).
 */
export async function exampleCredentials(
	n8n: N8n,
	sandbox: Sandbox,
	clio: CredentialRef,
): Promise<ExampleCredentials> {
	const listed = await n8n.rest<Array<{ id: string; name: string; type: string }>>(
		'GET',
		'/credentials',
	);
	const found = listed.find(
		(entry) => entry.name === OPENAI_CREDENTIAL_NAME && entry.type === 'openAiApi',
	);
	const openAi =
		found ??
		(await n8n.createCredential({
			name: OPENAI_CREDENTIAL_NAME,
			type: 'openAiApi',
			data: { apiKey: 'sandbox-api-key', url: `${sandbox.url}/v1`, header: false },
		}));
	return {
		clioOAuth2Api: { id: clio.id, name: clio.name },
		openAiApi: { id: openAi.id, name: OPENAI_CREDENTIAL_NAME },
	};
}

/** Creates each example that n8n does not have yet (by name); returns the IDs by file name. */
export async function importExamples(
	n8n: N8n,
	credentials: ExampleCredentials,
): Promise<Map<string, { id: string; created: boolean }>> {
	const ids = new Map<string, { id: string; created: boolean }>();
	for (const file of exampleFiles()) {
		const workflow = loadExample(file, credentials);
		const query = new URLSearchParams({ name: workflow.name });
		const found = await n8n.api<{ data: Array<{ id: string; name: string }> }>(
			'GET',
			`/workflows?${query}`,
		);
		const existing = found.data.find((entry) => entry.name === workflow.name);
		ids.set(
			file,
			existing
				? { id: existing.id, created: false }
				: { id: (await n8n.createWorkflow(workflow)).id, created: true },
		);
	}
	return ids;
}
