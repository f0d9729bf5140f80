// The unit-test runtime runs nodes in n8n-core's real contexts: these tests pin down that the
// request, OAuth2, error and binary paths a node uses are n8n's own, against a loopback server.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, beforeEach, describe, it } from 'node:test';

import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodeType,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

import {
	NodeApiError,
	binaryFilePath,
	binaryItemFromFile,
	clioCredential,
	listSearch,
	loadOptions,
	readBinary,
	runHook,
	runNode,
	runPoll,
	runWebhook,
	runtime,
} from '../support/n8n.mts';

interface Seen {
	method: string;
	path: string;
	authorization?: string;
	contentType?: string;
	body: string;
}

const seen: Seen[] = [];
let rejectNextWith401 = false;
let server: Server;
let baseUrl = '';

async function bodyOf(req: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString();
}

before(async () => {
	server = createServer(async (req, res) => {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const body = await bodyOf(req);
		seen.push({
			method: req.method ?? '',
			path: url.pathname,
			authorization: req.headers.authorization,
			contentType: req.headers['content-type'],
			body,
		});
		const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
			res.writeHead(status, { 'content-type': 'application/json', ...headers });
			res.end(JSON.stringify(payload));
		};
		if (url.pathname === '/oauth/token') {
			const form = new URLSearchParams(body);
			if (form.get('grant_type') !== 'refresh_token' || form.get('refresh_token') !== 'refresh-1') {
				return send(400, { error: 'invalid_grant' });
			}
			return send(200, {
				access_token: 'access-2',
				refresh_token: 'refresh-2',
				token_type: 'bearer',
				expires_in: 3600,
			});
		}
		if (url.pathname === '/api/v4/probe.json') {
			if (rejectNextWith401) {
				rejectNextWith401 = false;
				return send(401, { error: { type: 'UnauthorizedError', message: 'expired' } });
			}
			return send(200, { data: { path: url.pathname, query: url.search } });
		}
		if (url.pathname === '/api/v4/broken.json') {
			return send(
				422,
				{ error: { type: 'UnprocessableEntity', message: 'Name is required' } },
				{ 'x-request-id': 'req-42' },
			);
		}
		if (url.pathname === '/api/v4/webhooks.json' && req.method === 'POST') {
			return send(201, { data: { id: 77, url: JSON.parse(body).data.url } });
		}
		return send(404, { error: { message: 'no route' } });
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
	await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
	seen.length = 0;
	rejectNextWith401 = false;
});

const tokens = { access_token: 'access-1', refresh_token: 'refresh-1', expires_in: 3600 };

async function apiBase(
	ctx: IExecuteFunctions | IPollFunctions | IHookFunctions | ILoadOptionsFunctions,
) {
	const credentials = await ctx.getCredentials('clioOAuth2Api');
	return `${String(credentials.customBaseUrl)}/api/v4`;
}

async function authenticated(
	ctx: IExecuteFunctions | IPollFunctions | IHookFunctions | ILoadOptionsFunctions,
	path: string,
	extra: IDataObject = {},
) {
	return (await ctx.helpers.httpRequestWithAuthentication.call(ctx, 'clioOAuth2Api', {
		method: 'GET',
		url: `${await apiBase(ctx)}${path}`,
		json: true,
		...extra,
	})) as IDataObject;
}

// A node written the way the package's nodes are: everything goes through n8n's helpers.
const probe: INodeType = {
	description: {
		displayName: 'Probe',
		name: 'probe',
		group: ['transform'],
		version: 1,
		description: 'Exercises n8n helpers',
		defaults: { name: 'Probe' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'clioOAuth2Api', required: true }],
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		],
		properties: [
			{ displayName: 'Operation', name: 'operation', type: 'string', default: 'get' },
			{ displayName: 'Path', name: 'path', type: 'string', default: '/probe.json' },
		],
	},
	methods: {
		loadOptions: {
			async paths(this: ILoadOptionsFunctions) {
				const response = await authenticated(this, '/probe.json');
				return [{ name: String((response.data as IDataObject).path), value: 'probe' }];
			},
		},
		listSearch: {
			async search(this: ILoadOptionsFunctions, filter?: string) {
				return { results: [{ name: `match ${filter}`, value: filter ?? '' }] };
			},
		},
	},
	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < this.getInputData().length; i++) {
			try {
				const operation = this.getNodeParameter('operation', i) as string;
				if (operation === 'credentials') {
					const credentials = await this.getCredentials('clioOAuth2Api', i);
					out.push({ json: credentials as IDataObject, pairedItem: { item: i } });
					continue;
				}
				if (operation === 'binary') {
					const input = this.helpers.assertBinaryData(i, 'data');
					const stream = await this.helpers.getBinaryStream(input.id as string);
					const text = (await this.helpers.binaryToBuffer(stream)).toString();
					const copy = await this.helpers.prepareBinaryData(
						Readable.from([Buffer.from(`${text}!`)]),
						'copy.txt',
						'text/plain',
					);
					out.push({ json: { text }, binary: { copy }, pairedItem: { item: i } });
					continue;
				}
				const path = this.getNodeParameter('path', i) as string;
				out.push({ json: await authenticated(this, path), pairedItem: { item: i } });
			} catch (error) {
				if (!this.continueOnFail()) throw error;
				out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
			}
		}
		return [out];
	},
	async poll(this: IPollFunctions) {
		const state = this.getWorkflowStaticData('node');
		state.polls = Number(state.polls ?? 0) + 1;
		const response = await authenticated(this, '/probe.json');
		return [[{ json: { polls: state.polls, mode: this.getMode(), ...response } }]];
	},
	webhookMethods: {
		default: {
			async checkExists(this: IHookFunctions) {
				return this.getWorkflowStaticData('node').webhookId !== undefined;
			},
			async create(this: IHookFunctions) {
				const url = this.getNodeWebhookUrl('default') as string;
				const response = await authenticated(this, '/webhooks.json', {
					method: 'POST',
					body: { data: { url } },
				});
				this.getWorkflowStaticData('node').webhookId = (response.data as IDataObject).id;
				return true;
			},
			async delete(this: IHookFunctions) {
				delete this.getWorkflowStaticData('node').webhookId;
				return true;
			},
		},
	},
	async webhook(this: IWebhookFunctions) {
		const request = this.getRequestObject() as unknown as { rawBody: Buffer };
		if (this.getHeaderData()['x-signature'] !== 'good') {
			this.getResponseObject().status(401).send('bad signature');
			return { noWebhookResponse: true };
		}
		return {
			workflowData: [[{ json: { body: this.getBodyData(), raw: request.rawBody.toString() } }]],
		};
	},
};

describe('n8n runtime for unit tests', () => {
	it('signs requests with the stored access token', async () => {
		const credential = clioCredential(baseUrl, tokens);
		const [items] = await runNode(probe, { parameters: { operation: 'get' }, credential });

		assert.deepEqual(items[0].json, { data: { path: '/api/v4/probe.json', query: '' } });
		assert.equal(seen.length, 1);
		assert.equal(seen[0].authorization, 'Bearer access-1');
		assert.equal(credential.updates, 0);
	});

	it('refreshes the token on a 401, retries, and stores the new token', async () => {
		const credential = clioCredential(baseUrl, tokens);
		rejectNextWith401 = true;
		const [items] = await runNode(probe, { parameters: { operation: 'get' }, credential });

		assert.equal((items[0].json.data as IDataObject).path, '/api/v4/probe.json');
		assert.deepEqual(
			seen.map((request) => `${request.method} ${request.path} ${request.authorization ?? '-'}`),
			[
				'GET /api/v4/probe.json Bearer access-1',
				'POST /oauth/token -',
				'GET /api/v4/probe.json Bearer access-2',
			],
		);
		const form = new URLSearchParams(seen[1].body);
		assert.equal(seen[1].contentType, 'application/x-www-form-urlencoded');
		assert.equal(form.get('grant_type'), 'refresh_token');
		assert.equal(form.get('refresh_token'), 'refresh-1');
		assert.equal(form.get('client_id'), 'sandbox-client-id');
		assert.equal(form.get('client_secret'), 'sandbox-client-secret');

		assert.equal(credential.updates, 1);
		const stored = credential.data.oauthTokenData as IDataObject;
		assert.equal(stored.access_token, 'access-2');
		assert.equal(stored.refresh_token, 'refresh-2');

		// The next run reads the refreshed token from the store.
		await runNode(probe, { parameters: { operation: 'get' }, credential });
		assert.equal(seen.at(-1)?.authorization, 'Bearer access-2');
	});

	it('resolves the credential as n8n does, hidden fields from the credential type', async () => {
		const credential = clioCredential(baseUrl, tokens, {
			data: { accessTokenUrl: 'http://127.0.0.1:9/stale', authentication: 'header' },
		});
		const [items] = await runNode(probe, { parameters: { operation: 'credentials' }, credential });

		const resolved = items[0].json;
		assert.equal(resolved.accessTokenUrl, `${baseUrl}/oauth/token`);
		assert.equal(resolved.authUrl, `${baseUrl}/oauth/authorize`);
		assert.equal(resolved.authentication, 'body');
		assert.equal(resolved.grantType, 'authorizationCode');
		assert.equal(resolved.ignoreSSLIssues, false);
		assert.equal((resolved.oauthTokenData as IDataObject).access_token, 'access-1');
	});

	it('surfaces an error response as NodeApiError with the response readable', async () => {
		const credential = clioCredential(baseUrl, tokens);
		const error = await runNode(probe, {
			parameters: { operation: 'get', path: '/broken.json' },
			credential,
		}).then(
			() => assert.fail('expected the run to fail'),
			(thrown: unknown) => thrown,
		);

		assert.ok(error instanceof NodeApiError);
		assert.equal(error.httpCode, '422');
		const cause = error.cause as unknown as {
			status?: number;
			response: { status: number; headers: Record<string, string>; data: unknown };
		};
		assert.equal(cause.response.status, 422);
		assert.equal(cause.response.headers['x-request-id'], 'req-42');
		assert.deepEqual(cause.response.data, {
			error: { type: 'UnprocessableEntity', message: 'Name is required' },
		});
	});

	it('evaluates per-item parameters and honours continue on fail', async () => {
		const credential = clioCredential(baseUrl, tokens);
		const [items] = await runNode(probe, {
			parameters: (i) => ({ operation: 'get', path: i === 1 ? '/broken.json' : '/probe.json' }),
			items: [{ json: {} }, { json: {} }],
			credential,
			continueOnFail: true,
		});

		assert.equal(items.length, 2);
		assert.equal((items[0].json.data as IDataObject).path, '/api/v4/probe.json');
		assert.match(String(items[1].json.error), /422|Unprocessable|could not be processed/i);
		assert.deepEqual(
			seen.map((request) => request.path),
			['/api/v4/probe.json', '/api/v4/broken.json'],
		);
	});

	it('keeps binary data in the filesystem store and streams it through n8n helpers', async () => {
		const { binaryDir } = await runtime();
		const dir = mkdtempSync(join(tmpdir(), 'clio-unit-file-'));
		after(() => rmSync(dir, { recursive: true, force: true }));
		const file = join(dir, 'note.txt');
		writeFileSync(file, 'hello from disk');

		const input = await binaryItemFromFile(file, 'note.txt', 'text/plain');
		const data = input.binary?.data;
		assert.ok(data?.id, 'the item refers to the store by id');
		assert.equal(data.data, 'filesystem-v2');
		assert.equal(data.fileName, 'note.txt');
		assert.ok((await binaryFilePath(input)).startsWith(binaryDir));

		const [items] = await runNode(probe, {
			parameters: { operation: 'binary' },
			items: [input],
			credential: clioCredential(baseUrl, tokens),
		});

		assert.equal(items[0].json.text, 'hello from disk');
		const copy = items[0].binary?.copy;
		assert.ok(copy?.id);
		assert.equal(copy.fileName, 'copy.txt');
		assert.equal(copy.mimeType, 'text/plain');
		const path = await binaryFilePath(items[0], 'copy');
		assert.ok(path.startsWith(binaryDir));
		assert.equal(readFileSync(path, 'utf8'), 'hello from disk!');
		assert.equal((await readBinary(items[0], 'copy')).toString(), 'hello from disk!');
	});

	it('runs poll() in a PollContext and keeps static data between polls', async () => {
		const credential = clioCredential(baseUrl, tokens);
		const staticData: IDataObject = {};

		const first = await runPoll(probe, { parameters: {}, credential, staticData });
		const second = await runPoll(probe, { parameters: {}, credential, staticData });
		assert.equal(first?.[0][0].json.polls, 1);
		assert.equal(second?.[0][0].json.polls, 2);
		assert.equal(second?.[0][0].json.mode, 'trigger');
		assert.deepEqual(staticData, { polls: 2 });

		// n8n does not save static data from manual executions.
		const manual = await runPoll(probe, { parameters: {}, credential, staticData, mode: 'manual' });
		assert.equal(manual?.[0][0].json.polls, 3);
		assert.deepEqual(staticData, { polls: 2 });
	});

	it('runs webhook methods in a HookContext with the node webhook URL', async () => {
		const credential = clioCredential(baseUrl, tokens);
		const staticData: IDataObject = {};
		const options = { parameters: {}, credential, staticData, webhookId: 'hook-1' };

		assert.equal((await runHook(probe, 'checkExists', options)).result, false);
		const created = await runHook(probe, 'create', options);
		assert.equal(created.webhookUrl, 'http://127.0.0.1:5678/webhook/hook-1/webhook');
		assert.deepEqual(JSON.parse(seen[0].body), { data: { url: created.webhookUrl } });
		assert.deepEqual(staticData, { webhookId: 77 });
		assert.equal((await runHook(probe, 'checkExists', options)).result, true);
		await runHook(probe, 'delete', options);
		assert.deepEqual(staticData, {});
	});

	it('runs webhook() in a WebhookContext with a request and a response', async () => {
		const body = { id: 5, event: 'created' };
		const accepted = await runWebhook(probe, {
			parameters: {},
			headers: { 'X-Signature': 'good' },
			body,
		});
		assert.deepEqual(accepted.result.workflowData?.[0][0].json, {
			body,
			raw: JSON.stringify(body),
		});
		assert.equal(accepted.response.sent, false);

		const rejected = await runWebhook(probe, { parameters: {}, headers: {}, body });
		assert.equal(rejected.result.noWebhookResponse, true);
		assert.deepEqual(rejected.response, {
			sent: true,
			status: 401,
			headers: {},
			body: 'bad signature',
		});
	});

	it('runs load options and list search in a LoadOptionsContext', async () => {
		const credential = clioCredential(baseUrl, tokens);
		const options = await loadOptions(probe, 'paths', { parameters: {}, credential });
		assert.deepEqual(options, [{ name: '/api/v4/probe.json', value: 'probe' }]);
		assert.equal(seen[0].authorization, 'Bearer access-1');

		const found = await listSearch(probe, 'search', { parameters: {}, filter: 'abc' });
		assert.deepEqual(found.results, [{ name: 'match abc', value: 'abc' }]);
	});
});
