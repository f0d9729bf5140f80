// One node in a one-node workflow, with the `additionalData` n8n builds for every execution
// (URLs, variables, credentials helper, external secrets), ready for n8n-core's execution contexts.
import { randomUUID } from 'node:crypto';

import type {
	IDataObject,
	INode,
	INodeParameters,
	INodeType,
	INodeTypes,
	IWorkflowExecuteAdditionalData,
	Workflow,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { type CredentialStore, HarnessCredentialsHelper } from './credentials.mts';
import { n8nWorkflow, runtime } from './runtime.mts';

const { UnexpectedError } = n8nWorkflow;

/** The package name n8n puts in front of node type names of an installed community package. */
export const PACKAGE_NAME = 'n8n-nodes-clio-manage';
export const WORKFLOW_ID = 'unit-test-workflow';
export const N8N_URL = 'http://127.0.0.1:5678';

export interface NodeSetup {
	parameters: INodeParameters;
	credential?: CredentialStore;
	continueOnFail?: boolean;
	/** The webhook id n8n gives a trigger node with webhooks; stable by default. */
	webhookId?: string;
	/** Node static data, kept by the caller between runs (as n8n keeps it with the workflow). */
	staticData?: IDataObject;
	/** Parameters as the editor holds them while the user edits (load options, list search). */
	currentNodeParameters?: INodeParameters;
}

export interface NodeRun {
	workflow: Workflow;
	node: INode;
	additionalData: IWorkflowExecuteAdditionalData;
	/** Writes the node's static data back into the caller's object, as n8n saves it (JSON). */
	saveStaticData(): void;
}

export function nodeTypeName(nodeType: INodeType): string {
	return `${PACKAGE_NAME}.${nodeType.description.name}`;
}

function latestVersion(nodeType: INodeType): number {
	const { version } = nodeType.description;
	return Array.isArray(version) ? Math.max(...version) : version;
}

function nodeTypesOf(nodeType: INodeType): INodeTypes {
	const name = nodeTypeName(nodeType);
	const lookup = (type: string) => (type === name ? nodeType : undefined) as INodeType;
	return {
		getByName: lookup,
		getByNameAndVersion: lookup,
		getKnownTypes: () => ({ [name]: { className: nodeType.constructor.name, sourcePath: '' } }),
	};
}

function jsonCopy<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

function nodeNameOf(nodeType: INodeType): string {
	return nodeType.description.defaults.name ?? nodeType.description.displayName;
}

export async function prepareRun(
	nodeType: INodeType,
	setup: NodeSetup,
	mode: WorkflowExecuteMode = 'manual',
): Promise<NodeRun> {
	const { externalSecretsProxy } = await runtime();
	const nodeTypes = nodeTypesOf(nodeType);
	const node: INode = {
		id: 'a1b2c3d4-0000-4000-8000-000000000001',
		name: nodeNameOf(nodeType),
		type: nodeTypeName(nodeType),
		typeVersion: latestVersion(nodeType),
		position: [0, 0],
		parameters: jsonCopy(setup.parameters),
		webhookId: setup.webhookId ?? 'b7e2f0c4-5a61-4c1e-9d0a-7f3e2a1c9b00',
	};
	if (setup.credential) {
		node.credentials = {
			[setup.credential.type]: { id: setup.credential.id, name: setup.credential.name },
		};
	}
	if (setup.continueOnFail) node.onError = 'continueRegularOutput';

	// n8n keeps static data as JSON with the workflow: what the node stores must survive that.
	const staticKey = `node:${node.name}`;
	const workflow = new n8nWorkflow.Workflow({
		id: WORKFLOW_ID,
		name: 'Unit test workflow',
		nodes: [node],
		connections: {},
		active: mode !== 'manual',
		nodeTypes,
		staticData: { [staticKey]: jsonCopy(setup.staticData ?? {}) },
		settings: { executionOrder: 'v1' },
	});
	const workflowFor = (credentialNode: INode) =>
		new n8nWorkflow.Workflow({
			nodes: [credentialNode],
			connections: {},
			active: false,
			nodeTypes,
		});
	const credentialsHelper = new HarnessCredentialsHelper(
		setup.credential ? [setup.credential] : [],
		workflowFor,
	);

	const notAvailable = (what: string) => async () => {
		throw new UnexpectedError(`${what} is not available in unit tests`);
	};
	const additionalData = {
		credentialsHelper,
		executionId: randomUUID(),
		workflowId: WORKFLOW_ID,
		currentNodeExecutionIndex: 0,
		currentNodeParameters: setup.currentNodeParameters,
		restApiUrl: `${N8N_URL}/rest`,
		instanceBaseUrl: `${N8N_URL}/`,
		formBaseUrl: `${N8N_URL}/form`,
		formWaitingBaseUrl: `${N8N_URL}/form-waiting`,
		formTestBaseUrl: `${N8N_URL}/form-test`,
		webhookBaseUrl: `${N8N_URL}/webhook`,
		webhookWaitingBaseUrl: `${N8N_URL}/webhook-waiting`,
		webhookTestBaseUrl: `${N8N_URL}/webhook-test`,
		mcpBaseUrl: `${N8N_URL}/mcp`,
		mcpTestBaseUrl: `${N8N_URL}/mcp-test`,
		variables: {},
		externalSecretsProxy,
		executeWorkflow: notAvailable('Executing a sub-workflow'),
		getRunExecutionData: notAvailable('Reading another execution'),
		getRuntimeCredential: notAvailable('A runtime credential'),
		startRunnerTask: notAvailable('A task runner'),
		logAiEvent: () => {},
	} as unknown as IWorkflowExecuteAdditionalData;

	const saveStaticData = () => {
		const target = setup.staticData;
		if (!target) return;
		const saved = jsonCopy(workflow.staticData[staticKey] ?? {}) as IDataObject;
		for (const key of Object.keys(target)) delete target[key];
		Object.assign(target, saved);
	};
	return { workflow, node, additionalData, saveStaticData };
}
