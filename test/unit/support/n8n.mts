// Runs the package's nodes inside n8n-core's own execution contexts (ExecuteContext, PollContext,
// HookContext, WebhookContext, LoadOptionsContext), so every helper a node calls — authenticated
// requests with OAuth2 signing and refresh, plain requests, binary data, errors — is n8n's code.
import { Readable } from 'node:stream';
import { isDeepStrictEqual } from 'node:util';

import {
	HookContext,
	LoadOptionsContext,
	PollContext,
	TriggersAndPollers,
	WebhookContext,
	WorkflowExecute,
} from 'n8n-core';
import type {
	IDataObject,
	IExecuteData,
	INodeExecutionData,
	INodeListSearchResult,
	INodeParameters,
	INodePropertyOptions,
	INodeType,
	IWebhookData,
	IWebhookDescription,
	IWebhookResponseData,
	IWorkflowExecuteAdditionalData,
	ResourceMapperFields,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { type NodeRun, prepareRun } from './context.mts';
import type { CredentialStore } from './credentials.mts';
import { Container, n8nWorkflow } from './runtime.mts';

export {
	binaryFilePath,
	binaryItemFromFile,
	readBinary,
	type BinaryItemOptions,
} from './binary.mts';
export { N8N_URL, PACKAGE_NAME, WORKFLOW_ID, nodeTypeName } from './context.mts';
export {
	CLIO_CREDENTIAL_TYPE,
	clioCredential,
	type ClioCredentialOptions,
	type CredentialStore,
	type OAuth2Tokens,
} from './credentials.mts';
export { n8nWorkflow, runtime, type Runtime } from './runtime.mts';

/** n8n's error classes from the copy of n8n-workflow that n8n-core and the nodes use. */
export const { NodeApiError, NodeOperationError } = n8nWorkflow;

type Parameters = INodeParameters | ((itemIndex: number) => INodeParameters);

interface BaseOptions {
	credential?: CredentialStore;
}

interface StaticDataOptions {
	/** Node static data, kept by the caller between runs. Written back after runs outside manual mode. */
	staticData?: IDataObject;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// A JavaScript literal of `values` that cannot be mistaken for the `{{ }}` of an n8n expression:
// indentation keeps the braces of nested objects apart, and braces inside strings are escaped.
function expressionLiteral(values: unknown[]): string {
	return JSON.stringify(values, null, 1).replace(/\{\{/g, '{\\u007b').replace(/\}\}/g, '}\\u007d');
}

function mergeAcrossItems(values: unknown[]): unknown {
	const [first] = values;
	if (values.every((value) => isDeepStrictEqual(value, first))) return first;
	const [length] = values.map((value) => (Array.isArray(value) ? value.length : -1));
	if (length >= 0 && values.every((value) => Array.isArray(value) && value.length === length)) {
		return Array.from({ length }, (_, index) =>
			mergeAcrossItems(values.map((value) => (value as unknown[])[index])),
		);
	}
	if (values.some((value) => Array.isArray(value) && value.some(isPlainObject))) {
		throw new Error(
			'Per-item parameters cannot vary the number of collection entries: n8n cannot express that',
		);
	}
	if (values.every(isPlainObject)) {
		const keys = new Set(values.flatMap((value) => Object.keys(value)));
		return Object.fromEntries(
			[...keys].map((key) => [key, mergeAcrossItems(values.map((value) => value[key]))]),
		);
	}
	return `={{ ${expressionLiteral(values)}[$itemIndex] }}`;
}

/**
 * Parameters that differ between items become n8n expressions indexed by `$itemIndex`, the way a
 * user maps item data into a node: n8n evaluates them per item when the node reads them. Objects
 * and equally long lists are compared entry by entry, so only the differing leaves become
 * expressions. A list of plain values whose length differs between items becomes one expression
 * (a multi-option value); n8n cannot vary the number of collection entries per item, so neither
 * can this.
 */
function resolveParameters(parameters: Parameters, itemCount: number): INodeParameters {
	if (typeof parameters !== 'function') return parameters;
	const perItem = Array.from({ length: Math.max(itemCount, 1) }, (_, index) => parameters(index));
	return mergeAcrossItems(perItem) as INodeParameters;
}

function finishRun(run: NodeRun, mode: WorkflowExecuteMode): void {
	// n8n does not save static data changed by manual executions.
	if (mode !== 'manual') run.saveStaticData();
}

export interface RunNodeOptions extends BaseOptions {
	parameters: Parameters;
	/** Input items (default: one empty item, as after a manual trigger). */
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	mode?: WorkflowExecuteMode;
}

/** Runs `execute()` through n8n's WorkflowExecute.runNode, in a real ExecuteContext. */
export async function runNode(
	nodeType: INodeType,
	options: RunNodeOptions,
): Promise<INodeExecutionData[][]> {
	const items = options.items ?? [{ json: {} }];
	const mode = options.mode ?? 'manual';
	const run = await prepareRun(nodeType, {
		parameters: resolveParameters(options.parameters, items.length),
		credential: options.credential,
		continueOnFail: options.continueOnFail,
	});
	const runExecutionData = n8nWorkflow.createRunExecutionData();
	const executeData: IExecuteData = { node: run.node, data: { main: [items] }, source: null };
	const response = await new WorkflowExecute(run.additionalData, mode, runExecutionData).runNode(
		run.workflow,
		executeData,
		runExecutionData,
		0,
		run.additionalData,
		mode,
	);
	if (!('data' in response)) throw new Error('The node asked the engine for sub-node work');
	return response.data ?? [];
}

export interface RunPollOptions extends BaseOptions, StaticDataOptions {
	parameters: INodeParameters;
	mode?: 'trigger' | 'manual';
	/** How the workflow was activated (default `activate`, or `manual` in manual mode). */
	activation?: WorkflowActivateMode;
}

/** Runs `poll()` as n8n's TriggersAndPollers does, in a real PollContext. */
export async function runPoll(
	nodeType: INodeType,
	options: RunPollOptions,
): Promise<INodeExecutionData[][] | null> {
	const mode = options.mode ?? 'trigger';
	const run = await prepareRun(nodeType, options, mode);
	const activation = options.activation ?? (mode === 'manual' ? 'manual' : 'activate');
	const context = new PollContext(run.workflow, run.node, run.additionalData, mode, activation);
	try {
		return await Container.get(TriggersAndPollers).runPollFunction(run.workflow, run.node, context);
	} finally {
		finishRun(run, mode);
	}
}

interface WebhookOptions extends BaseOptions, StaticDataOptions {
	parameters: INodeParameters;
	/** Which of the node's webhooks (default `default`). */
	webhookName?: string;
	webhookId?: string;
}

function webhookData(
	run: NodeRun,
	nodeType: INodeType,
	options: WebhookOptions,
	isTest: boolean,
): IWebhookData {
	const name = options.webhookName ?? 'default';
	const description = nodeType.description.webhooks?.find((webhook) => webhook.name === name);
	if (!description) throw new Error(`The node has no webhook named "${name}"`);
	const value = (field: keyof IWebhookDescription, fallback: string) =>
		String(
			run.workflow.expression.getSimpleParameterValue(
				run.node,
				description[field] as string,
				'internal',
				{},
				undefined,
				fallback,
			),
		);
	return {
		httpMethod: value('httpMethod', 'GET') as IWebhookData['httpMethod'],
		node: run.node.name,
		path: value('path', ''),
		webhookDescription: description,
		workflowId: run.workflow.id,
		workflowExecuteAdditionalData: run.additionalData,
		webhookId: run.node.webhookId,
		isTest,
	};
}

export interface RunHookOptions extends WebhookOptions {
	mode?: 'trigger' | 'manual';
	activation?: WorkflowActivateMode;
}

export interface HookResult {
	result: boolean | undefined;
	/** What `getNodeWebhookUrl(webhookName)` gives the node (production or test URL). */
	webhookUrl: string | undefined;
}

/** Runs `webhookMethods[webhookName][method]` as n8n's WebhookService does, in a real HookContext. */
export async function runHook(
	nodeType: INodeType,
	method: 'checkExists' | 'create' | 'delete',
	options: RunHookOptions,
): Promise<HookResult> {
	const mode = options.mode ?? 'trigger';
	const run = await prepareRun(nodeType, options, mode);
	const data = webhookData(run, nodeType, options, mode === 'manual');
	const hook = nodeType.webhookMethods?.[data.webhookDescription.name]?.[method];
	if (!hook) throw new Error(`The node has no webhook method "${method}"`);
	const activation = options.activation ?? (mode === 'manual' ? 'manual' : 'activate');
	const context = new HookContext(
		run.workflow,
		run.node,
		run.additionalData,
		mode,
		activation,
		data,
	);
	try {
		const result = await hook.call(context);
		return { result, webhookUrl: context.getNodeWebhookUrl(data.webhookDescription.name) };
	} finally {
		finishRun(run, mode);
	}
}

export interface RunWebhookOptions extends WebhookOptions {
	method?: string;
	headers?: Record<string, string>;
	query?: IDataObject;
	/** The parsed body, as n8n's body parser leaves it on the request. */
	body?: unknown;
	/** The bytes as received (default: the JSON of `body`). */
	rawBody?: Buffer | string;
	mode?: 'webhook' | 'manual';
}

export interface WebhookResponse {
	/** Whether the node answered the request itself through the response object. */
	sent: boolean;
	status: number;
	headers: Record<string, string>;
	body: unknown;
}

export interface WebhookRun {
	result: IWebhookResponseData;
	response: WebhookResponse;
	/** Whether the request changed the workflow's static data, which n8n then writes to its database. */
	staticDataChanged: boolean;
}

function fakeRequest(options: RunWebhookOptions, method: string) {
	const raw = options.rawBody ?? (options.body === undefined ? '' : JSON.stringify(options.body));
	const rawBody = Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
	const headers = Object.fromEntries(
		Object.entries(options.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
	);
	// A readable stream of the raw bytes, carrying what n8n's middleware adds to the request.
	return Object.assign(Readable.from([rawBody]), {
		method,
		url: '/',
		headers,
		query: options.query ?? {},
		params: {},
		body: options.body ?? {},
		rawBody,
		readRawBody: async () => {},
		header: (name: string) => headers[name.toLowerCase()],
		get: (name: string) => headers[name.toLowerCase()],
	});
}

function fakeResponse(response: WebhookResponse) {
	const res = {
		get headersSent() {
			return response.sent;
		},
		get statusCode() {
			return response.status;
		},
		status(code: number) {
			response.status = code;
			return res;
		},
		setHeader(name: string, value: string) {
			response.headers[name.toLowerCase()] = String(value);
			return res;
		},
		getHeader: (name: string) => response.headers[name.toLowerCase()],
		set(name: string | Record<string, string>, value?: string) {
			const entries = typeof name === 'string' ? [[name, value ?? '']] : Object.entries(name);
			for (const [key, entry] of entries) res.setHeader(key, entry);
			return res;
		},
		header: (name: string, value: string) => res.setHeader(name, value),
		writeHead(code: number, headers: Record<string, string> = {}) {
			res.status(code).set(headers);
			return res;
		},
		send(body?: unknown) {
			response.body = body;
			response.sent = true;
			return res;
		},
		json: (body: unknown) => res.set('content-type', 'application/json').send(body),
		end: (body?: unknown) => res.send(body),
	};
	return res;
}

/** Runs `webhook()` as n8n's WebhookService does, in a real WebhookContext with a fake request. */
export async function runWebhook(
	nodeType: INodeType,
	options: RunWebhookOptions,
): Promise<WebhookRun> {
	const mode = options.mode ?? 'webhook';
	const run = await prepareRun(nodeType, options, mode);
	const data = webhookData(run, nodeType, options, mode === 'manual');
	const response: WebhookResponse = { sent: false, status: 200, headers: {}, body: undefined };
	const additionalData: IWorkflowExecuteAdditionalData = Object.assign(run.additionalData, {
		httpRequest: fakeRequest(options, options.method ?? data.httpMethod),
		httpResponse: fakeResponse(response),
	} as unknown as Partial<IWorkflowExecuteAdditionalData>);
	if (!nodeType.webhook) throw new Error('The node has no webhook() method');
	const closeFunctions: Array<() => Promise<void>> = [];
	const context = new WebhookContext(
		run.workflow,
		run.node,
		additionalData,
		mode,
		data,
		closeFunctions,
		null,
	);
	try {
		const result = await nodeType.webhook.call(context);
		const staticDataChanged = run.workflow.staticData.__dataChanged === true;
		return { result, response, staticDataChanged };
	} finally {
		await Promise.allSettled(closeFunctions.map(async (close) => await close()));
		finishRun(run, mode);
	}
}

export interface LoadOptionsOptions extends BaseOptions {
	/** The node's parameters as the editor holds them. */
	parameters: INodeParameters;
	/** The path of the parameter being filled in (e.g. `parameters.matterId`). */
	path?: string;
}

async function loadOptionsContext(nodeType: INodeType, options: LoadOptionsOptions) {
	const run = await prepareRun(nodeType, {
		...options,
		currentNodeParameters: options.parameters,
	});
	return new LoadOptionsContext(run.workflow, run.node, run.additionalData, options.path ?? '');
}

function method<T>(group: Record<string, T> | undefined, name: string, kind: string): T {
	const found = group?.[name];
	if (!found) throw new Error(`The node has no ${kind} method "${name}"`);
	return found;
}

/** Runs `methods.loadOptions[name]` in a real LoadOptionsContext. */
export async function loadOptions(
	nodeType: INodeType,
	name: string,
	options: LoadOptionsOptions,
): Promise<INodePropertyOptions[]> {
	const load = method(nodeType.methods?.loadOptions, name, 'loadOptions');
	return await load.call(await loadOptionsContext(nodeType, options));
}

export interface ListSearchOptions extends LoadOptionsOptions {
	filter?: string;
	paginationToken?: string;
}

/** Runs `methods.listSearch[name]` in a real LoadOptionsContext. */
export async function listSearch(
	nodeType: INodeType,
	name: string,
	options: ListSearchOptions,
): Promise<INodeListSearchResult> {
	const search = method(nodeType.methods?.listSearch, name, 'listSearch');
	const context = await loadOptionsContext(nodeType, options);
	return await search.call(context, options.filter, options.paginationToken);
}

/** Runs `methods.resourceMapping[name]` in a real LoadOptionsContext. */
export async function resourceMapping(
	nodeType: INodeType,
	name: string,
	options: LoadOptionsOptions,
): Promise<ResourceMapperFields> {
	const map = method(nodeType.methods?.resourceMapping, name, 'resourceMapping');
	return await map.call(await loadOptionsContext(nodeType, options));
}
