// The Clio Trigger against a sandbox started once per test file: runs poll(), the webhook
// lifecycle and webhook() in n8n-core's contexts, and changes Clio data through its HTTP API.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach } from 'node:test';

import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { ClioTrigger } from '../../../nodes/Clio/ClioTrigger.node.ts';
import { type LogEntry, type Sandbox, startSandbox } from '../../sandbox/index.mts';
import {
	type CredentialStore,
	clioCredential,
	runHook,
	runPoll,
	runWebhook,
	type WebhookRun,
} from '../support/n8n.mts';

export interface TriggerBed {
	sandbox: Sandbox;
	credential: CredentialStore;
	token: string;
}

export function triggerBed(matters = 60): TriggerBed {
	const bed = {} as TriggerBed;
	before(async () => {
		bed.sandbox = await startSandbox({
			matters,
			quiet: true,
			webhookRetryDelaysMs: [1],
			webhookTimeoutMs: 2000,
		});
		const tokens = bed.sandbox.issueTokens();
		bed.token = tokens.access_token;
		bed.credential = clioCredential(bed.sandbox.url, tokens);
	});
	beforeEach(() => bed.sandbox.log.clear());
	// Whatever a test made the trigger send must conform to the Clio API.
	afterEach(() => void apiRequests(bed));
	after(async () => await bed.sandbox.close());
	return bed;
}

export const trigger = new ClioTrigger();

/** The Clio API requests since the log was cleared; fails on any protocol violation. */
export function apiRequests(bed: TriggerBed): LogEntry[] {
	const requests = bed.sandbox.log.entries.filter((entry) => entry.kind === 'api');
	assert.deepEqual(
		requests.flatMap((entry) =>
			entry.violations.map((violation) => `${entry.method} ${entry.path}: ${violation}`),
		),
		[],
		'every request conforms to the Clio API',
	);
	return requests;
}

export async function poll(
	bed: TriggerBed,
	parameters: INodeParameters,
	staticData: IDataObject,
	options: { mode?: 'trigger' | 'manual'; activation?: 'activate' | 'init' } = {},
): Promise<IDataObject[] | null> {
	const result = await runPoll(trigger, {
		parameters,
		credential: bed.credential,
		staticData,
		...options,
	});
	return result === null ? null : result[0].map((item: INodeExecutionData) => item.json);
}

/** The parameters of a polling-mode trigger for an event. */
export function pollingParams(event: string, extra: IDataObject = {}): INodeParameters {
	return { mode: 'polling', event, ...extra } as INodeParameters;
}

/** Publishes a polling trigger: its first poll places the cursor and emits nothing. */
export async function activatePolling(
	bed: TriggerBed,
	event: string,
	extra: IDataObject = {},
): Promise<IDataObject> {
	return await activatePoll(bed, pollingParams(event, extra));
}

export async function hook(
	bed: TriggerBed,
	method: 'checkExists' | 'create' | 'delete',
	parameters: INodeParameters,
	staticData: IDataObject,
	options: { webhookId?: string; mode?: 'trigger' | 'manual' } = {},
) {
	return await runHook(trigger, method, {
		parameters,
		credential: bed.credential,
		staticData,
		...options,
	});
}

export async function deliver(
	bed: TriggerBed,
	parameters: INodeParameters,
	staticData: IDataObject,
	request: { headers: Record<string, string>; body: string },
): Promise<WebhookRun> {
	return await runWebhook(trigger, {
		parameters,
		credential: bed.credential,
		staticData,
		headers: request.headers,
		rawBody: request.body,
		body: JSON.parse(request.body) as unknown,
	});
}

/** Webhook mode on matters, created and updated events. */
export const MATTER_WEBHOOK: INodeParameters = {
	mode: 'webhook',
	model: 'matter',
	onlyStageChanges: false,
	matterEvents: ['created', 'updated'],
	watchedFields: '',
	webhookOptions: {},
};

/** The webhook-mode state in a node's static data. */
export function webhookState(staticData: IDataObject): IDataObject {
	return staticData.webhook as IDataObject;
}

/** Publishes the trigger: checkExists, then create when it answered false (as n8n does). */
export async function publishWebhook(
	bed: TriggerBed,
	parameters: INodeParameters,
	staticData: IDataObject = {},
) {
	const exists = await hook(bed, 'checkExists', parameters, staticData);
	if (!exists.result) await hook(bed, 'create', parameters, staticData);
	const id = Number(webhookState(staticData).webhookId);
	// The handshake cannot reach the test's n8n URL; confirm it the delayed way (api-facts §8.4).
	bed.sandbox.webhooks.activate(id);
	return { staticData, id, url: exists.webhookUrl as string };
}

/**
 * Clio's handshake for a new webhook (api-facts §8.4) at the trigger's address. The sandbox enables
 * the webhook first, as Clio does on the echo, which this fake request cannot pass on.
 */
export async function handshake(
	bed: TriggerBed,
	parameters: INodeParameters,
	staticData: IDataObject,
	webhook: { id: number; secret: string },
): Promise<WebhookRun> {
	bed.sandbox.webhooks.activate(webhook.id);
	const run = await runWebhook(trigger, {
		parameters,
		credential: bed.credential,
		staticData,
		headers: { 'X-Hook-Secret': webhook.secret },
		body: { data: { webhook_id: webhook.id } },
	});
	assert.equal(run.response.status, 200);
	assert.equal(run.response.headers['x-hook-secret'], webhook.secret, 'the secret echoed');
	return run;
}

export async function unpublishWebhook(
	bed: TriggerBed,
	staticData: IDataObject,
	parameters: INodeParameters,
) {
	await hook(bed, 'delete', parameters, staticData);
}

/** The signed requests Clio sent for events since `from` (each delivery once). */
export async function sentDeliveries(bed: TriggerBed, from: number) {
	await bed.sandbox.webhooks.settled();
	const seen = new Set<number>();
	return bed.sandbox.webhooks.deliveries
		.slice(from)
		.filter(
			(attempt) =>
				attempt.kind === 'event' && !seen.has(attempt.delivery) && seen.add(attempt.delivery),
		);
}

/** A request to the sandbox's Clio API, as another Clio user or app would make it. */
export async function clio<T = IDataObject>(
	bed: TriggerBed,
	method: string,
	path: string,
	body?: IDataObject,
	query = '',
): Promise<T> {
	const response = await fetch(`${bed.sandbox.apiBase}${path}${query}`, {
		method,
		headers: {
			Authorization: `Bearer ${bed.token}`,
			'X-API-VERSION': '4.0.9',
			Accept: 'application/json',
			...(body ? { 'Content-Type': 'application/json' } : {}),
		},
		body: body ? JSON.stringify({ data: body }) : undefined,
	});
	const text = await response.text();
	assert.ok(response.ok, `${method} ${path} answered ${response.status}: ${text}`);
	return (text ? JSON.parse(text) : {}) as T;
}

export async function updateMatter(bed: TriggerBed, id: number, data: IDataObject): Promise<void> {
	await clio(bed, 'PATCH', `/matters/${id}.json`, data);
}

/** Stages of the matter's practice area other than its current one. */
export function otherStages(bed: TriggerBed, matterId: number): number[] {
	const matter = bed.sandbox.store.matters.get(matterId) as IDataObject;
	return [...bed.sandbox.store.matterStages.values()]
		.filter(
			(stage) =>
				stage.practice_area_id === matter.practice_area_id && stage.id !== matter.matter_stage_id,
		)
		.map((stage) => Number(stage.id));
}

/** A matter that has a practice area with at least three stages. */
export function matterWithStages(bed: TriggerBed, skip: number[] = []): number {
	for (const matter of bed.sandbox.store.matters.values()) {
		if (skip.includes(matter.id as number) || !matter.practice_area_id) continue;
		if (otherStages(bed, matter.id as number).length >= 2) return matter.id as number;
	}
	throw new Error('no matter with stages');
}

interface UploadStart {
	data: {
		id: number;
		latest_document_version: {
			uuid: string;
			put_url: string;
			put_headers: Array<{ name: string; value: string }>;
		};
	};
}

/** Upload steps 1 and 2 (api-facts §6.5); returns what step 3 needs. */
export async function startUpload(bed: TriggerBed, folderId: number, name: string) {
	const started = await clio<UploadStart>(
		bed,
		'POST',
		'/documents.json',
		{ name, parent: { id: folderId, type: 'Folder' } },
		'?fields=id,latest_document_version{uuid,put_url,put_headers}',
	);
	const version = started.data.latest_document_version;
	const put = await fetch(version.put_url, {
		method: 'PUT',
		headers: Object.fromEntries(version.put_headers.map((header) => [header.name, header.value])),
		body: `contents of ${name}`,
	});
	assert.ok(put.ok, `storage PUT answered ${put.status}`);
	return { id: started.data.id, uuid: version.uuid };
}

/** Upload step 3: the document becomes visible in listings. */
export async function completeUpload(
	bed: TriggerBed,
	upload: { id: number; uuid: string },
): Promise<void> {
	await clio(bed, 'PATCH', `/documents/${upload.id}.json`, {
		uuid: upload.uuid,
		fully_uploaded: true,
	});
}

export async function uploadDocument(
	bed: TriggerBed,
	folderId: number,
	name: string,
): Promise<number> {
	const upload = await startUpload(bed, folderId, name);
	await completeUpload(bed, upload);
	return upload.id;
}

/** The first poll after publishing: it only places the cursor, and emits nothing. */
export async function activatePoll(
	bed: TriggerBed,
	parameters: INodeParameters,
): Promise<IDataObject> {
	const staticData: IDataObject = {};
	assert.equal(await poll(bed, parameters, staticData), null, 'the first poll emits nothing');
	return staticData;
}
