// Documents in a real n8n (2.41.1, or 1.123.x with CLIO_N8N_LINE=1): a file posted to an n8n Webhook as multipart/form-data is
// uploaded into a matter (in one PUT, or in parts), downloaded again and hashed in the workflow:
// byte-identical, fully uploaded, no token at storage. A document generated from a template gets
// a reviewed copy as its new version.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import FormData from 'form-data';

import { type Sandbox, startSandbox } from '../sandbox/index.mts';
import type { Rec } from '../sandbox/store.mts';
import type { ClioTestBed } from '../unit/actions/clio-sandbox.mts';
import { storageRequests as storageRequestsOf } from '../unit/actions/document-support.mts';
import {
	chain,
	type Execution,
	executionError,
	manualTrigger,
	type N8n,
	nodeOutput,
	startN8n,
	webhookTrigger,
	clioNode as sandboxClioNode,
	createSandboxCredential,
	type SandboxCredential,
	n8nUnderTest,
	pollUntil,
} from './harness/index.mts';

const REPO_ROOT = join(import.meta.dirname, '..', '..');
/** Non-ASCII on purpose: the name travels through multipart, n8n's binary store and Clio. */
const FILE_NAME = 'Akte Müller – Beweisstück Nº 7 (日本).zip';
const MIB = 1024 * 1024;
const REVIEW_NOTE = '% Reviewed and approved for sending\n';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

interface Answer {
	status: number;
	body: string;
}

/** POSTs the form (its file streamed from disk, with a known length) and reads the answer. */
async function submit(form: FormData, url: string): Promise<Answer> {
	const response = await new Promise<IncomingMessage>((resolve, reject) =>
		form.submit(url, (error, answer) => (error ? reject(error) : resolve(answer))),
	);
	const chunks: Buffer[] = [];
	for await (const chunk of response) chunks.push(chunk as Buffer);
	return { status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') };
}

describe(`documents on ${n8nUnderTest()}`, () => {
	let sandbox: Sandbox;
	let n8n: N8n;
	let credential: SandboxCredential;
	let dir: string;

	before(async () => {
		dir = await mkdtemp(join(tmpdir(), 'clio-e2e-documents-'));
		sandbox = await startSandbox({ matters: 20, quiet: true });
		n8n = await startN8n({ packageDir: REPO_ROOT });
		console.log(`n8n ready in ${n8n.startupMs} ms`);
		credential = await createSandboxCredential(n8n, sandbox);
	});

	after(async () => {
		await n8n?.stop();
		await sandbox?.close();
		if (dir) await rm(dir, { recursive: true, force: true });
	});

	function clioNode(name: string, parameters: Record<string, unknown>) {
		return sandboxClioNode(credential, name, parameters);
	}

	const byId = (value: string | number) => ({ __rl: true, mode: 'id', value: String(value) });

	/** The document's versions in the sandbox, oldest first. */
	function versionsOf(documentId: number): Rec[] {
		return [...sandbox.store.table('document_versions').values()]
			.filter((version) => version.document_id === documentId)
			.sort((a, b) => a.version_number - b.version_number);
	}

	/** Storage requests since the log was cleared; none may carry the Clio credential. */
	const storageRequests = () => storageRequestsOf({ sandbox } as ClioTestBed);

	function binaryOf(execution: Execution, nodeName: string, property: string) {
		const run = execution.data?.resultData?.runData?.[nodeName]?.[0];
		const binary = run?.data?.main?.[0]?.[0]?.binary?.[property] as
			| Record<string, unknown>
			| undefined;
		assert.ok(binary, `${nodeName} output a binary "${property}"`);
		return binary;
	}

	/** Webhook (multipart/form-data) → Upload into a matter → Download → Crypto SHA-256. */
	let roundTrip: Promise<string> | undefined;
	function roundTripWorkflow(): Promise<string> {
		roundTrip ??= (async () => {
			const workflow = chain('document round trip', [
				webhookTrigger('clio-document-round-trip'),
				clioNode('Upload', {
					resource: 'document',
					operation: 'upload',
					binaryPropertyName: 'file',
					uploadTo: 'matter',
					matterId: byId('={{ $json.body.matterId }}'),
					additionalFields: {},
					// The form may ask for a multipart upload from a smaller size.
					options: { multipartThresholdMb: '={{ Number($json.body.multipartFromMb ?? 100) }}' },
				}),
				clioNode('Download', {
					resource: 'document',
					operation: 'download',
					documentId: '={{ $json.id }}',
					binaryPropertyName: 'data',
					options: {},
				}),
				{
					name: 'Hash',
					type: 'n8n-nodes-base.crypto',
					typeVersion: 2,
					parameters: {
						action: 'hash',
						binaryData: true,
						binaryPropertyName: 'data',
						type: 'SHA256',
						dataPropertyName: 'sha256',
						encoding: 'hex',
					},
				},
			]);
			const { id } = await n8n.createWorkflow(workflow);
			await n8n.publish(id);
			return id;
		})();
		return roundTrip;
	}

	/** The bytes behind an execution's binary, read from n8n's own store in the user folder. */
	async function storedBinarySha256(binary: Record<string, unknown>): Promise<string> {
		if (n8n.line === '1' && binary.id === undefined) {
			// n8n 1.x's default binary mode keeps the bytes in the execution record itself.
			assert.equal(typeof binary.data, 'string', 'n8n kept the file in the execution');
			return sha256(Buffer.from(binary.data as string, 'base64'));
		}
		const id = String(binary.id);
		assert.match(id, /^filesystem-v2:workflows\//, 'n8n kept the file in its binary store');
		const file = join(n8n.userFolder, '.n8n', 'storage', id.slice('filesystem-v2:'.length));
		return sha256(await readFile(file));
	}

	/**
	 * Posts a file of random bytes to the round-trip webhook and checks the whole way: the file as
	 * n8n received it, the document Clio holds, the file n8n downloaded back, and that the token
	 * never reached storage. Returns the storage requests made.
	 */
	async function roundTripFile(size: number, fields: Record<string, string> = {}) {
		const workflowId = await roundTripWorkflow();
		const runsBefore = (await n8n.executions(workflowId, { includeData: false })).length;
		const matter = sandbox.store.matters.get(5);
		assert.ok(matter, 'the sandbox has matter 5');
		const content = randomBytes(size);
		const path = join(dir, `upload-${size}.bin`);
		await writeFile(path, content);
		sandbox.log.clear();

		const form = new FormData();
		form.append('matterId', String(matter.id));
		for (const [name, value] of Object.entries(fields)) form.append(name, value);
		form.append('file', createReadStream(path), {
			filename: FILE_NAME,
			contentType: 'application/zip',
		});
		const started = Date.now();
		const answer = await submit(form, `${n8n.webhookBaseUrl}/clio-document-round-trip`);
		console.log(`upload, download and hash of ${size} bytes: ${Date.now() - started} ms`);
		assert.equal(answer.status, 200, answer.body);

		const execution = (await n8n.waitForExecutions(workflowId, runsBefore + 1)).at(-1);
		assert.ok(execution);
		assert.equal(execution.status, 'success', executionError(execution));
		const received = binaryOf(execution, 'Webhook', 'file');
		assert.equal(received.fileName, FILE_NAME);
		assert.equal(received.mimeType, 'application/zip');
		assert.equal(await storedBinarySha256(received), sha256(content));

		const [uploaded] = nodeOutput(execution, 'Upload');
		const documentId = Number(uploaded.id);
		assert.equal(uploaded.name, FILE_NAME);
		assert.deepEqual(uploaded.matter, { id: matter.id, display_number: matter.display_number });
		const latest = uploaded.latest_document_version as Rec;
		assert.equal(latest.fully_uploaded, true);
		assert.equal(latest.size, size);
		assert.equal(latest.content_type, 'application/zip');

		// The bytes n8n downloaded: hashed by n8n's Crypto node in the workflow, and on disk.
		const [hashed] = nodeOutput(execution, 'Hash');
		assert.equal(hashed.id, documentId);
		assert.equal(hashed.sha256, sha256(content));
		assert.equal(JSON.parse(answer.body).sha256, sha256(content), 'the webhook answered the hash');
		const downloaded = binaryOf(execution, 'Download', 'data');
		assert.equal(downloaded.fileName, FILE_NAME);
		assert.equal(downloaded.mimeType, 'application/zip');
		// 2.x stores each binary as a file of its own; 1.x keeps both inside the execution.
		if (received.id !== undefined) assert.notEqual(downloaded.id, received.id);
		assert.equal(await storedBinarySha256(downloaded), sha256(content));

		// What Clio holds: one fully uploaded version with the same bytes, nothing half-written.
		const versions = versionsOf(documentId);
		assert.equal(versions.length, 1);
		assert.equal(versions[0].fully_uploaded, true);
		assert.equal(versions[0].sha256, sha256(content));
		const stored = await sandbox.documents.content(documentId);
		assert.ok(stored, 'the sandbox holds the file');
		assert.equal(sha256(stored), sha256(content));
		assert.deepEqual(sandbox.store.incompleteDocuments(), []);
		assert.deepEqual(sandbox.log.violations(), []);
		// The sandbox logs an answer's status once it is flushed, which can trail the run's end.
		await pollUntil('the sandbox to log its answers', 5_000, async () =>
			sandbox.log.entries.every((entry) => entry.status !== 0) ? true : undefined,
		);
		return storageRequests();
	}

	test('a file posted to a webhook is uploaded to a matter and downloaded byte-identical', async () => {
		const storage = await roundTripFile(3 * MIB + 12_345);
		// One PUT up and one GET down, both without the token.
		assert.deepEqual(
			storage.map((request) => [request.method, request.status]),
			[
				['PUT', 200],
				['GET', 200],
			],
		);
		// The headers Clio signed arrived as given (so the log does see headers).
		assert.equal(storage[0].headers['x-amz-server-side-encryption'], 'AES256');
		assert.equal(storage[0].headers['content-type'], 'application/zip');
	});

	test('a larger file posted to the webhook goes up in parts and comes back byte-identical', async () => {
		const storage = await roundTripFile(12 * MIB + 777, { multipartFromMb: '5' });
		// Three parts of at most 5 MB, each its own signed PUT (sent at once, so in any order), then
		// one GET.
		assert.deepEqual(
			storage
				.slice(0, 3)
				.map((request) => [request.method, request.query.partNumber, request.status])
				.sort(),
			[
				['PUT', '1', 200],
				['PUT', '2', 200],
				['PUT', '3', 200],
			],
		);
		assert.deepEqual(
			storage.slice(3).map((request) => [request.method, request.status]),
			[['GET', 200]],
		);
		for (const part of storage.slice(0, 3)) assert.ok(part.headers['content-md5'], 'part checksum');
	});

	test('a generated document gets its reviewed copy as version 2 of the same document', async () => {
		const matter = sandbox.store.matters.get(7);
		assert.ok(matter, 'the sandbox has matter 7');
		const template = [...sandbox.store.table('document_templates').values()].find(
			(entry) => entry.filename === 'Engagement Letter.docx',
		);
		assert.ok(template, 'the sandbox has the engagement letter template');
		sandbox.documents.automations({ polls: 2, delayMs: 2000, outcome: 'completed' });

		const workflow = chain('generate and review', [
			manualTrigger(),
			clioNode('Generate', {
				resource: 'documentTemplate',
				operation: 'generate',
				templateId: String(template.id),
				matterId: byId(matter.id),
				fileName: 'Engagement Letter - Review',
				formats: ['pdf'],
				download: true,
				binaryPropertyName: 'data',
				timeoutSeconds: 60,
			}),
			{
				name: 'Read Text',
				type: 'n8n-nodes-base.extractFromFile',
				typeVersion: 1.1,
				parameters: {
					operation: 'text',
					binaryPropertyName: 'data',
					destinationKey: 'text',
					options: { encoding: 'utf8', keepSource: 'json' },
				},
			},
			{
				name: 'Review',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				parameters: {
					mode: 'manual',
					assignments: {
						assignments: [
							{
								id: 'reviewed-text',
								name: 'text',
								value: `={{ $json.text }}${REVIEW_NOTE}`,
								type: 'string',
							},
						],
					},
					includeOtherFields: true,
					options: {},
				},
			},
			{
				name: 'To File',
				type: 'n8n-nodes-base.convertToFile',
				typeVersion: 1.1,
				parameters: {
					operation: 'toText',
					sourceProperty: 'text',
					binaryPropertyName: 'data',
					options: { fileName: "={{ $('Generate').item.json.name }}" },
				},
			},
			clioNode('Upload Reviewed', {
				resource: 'document',
				operation: 'upload',
				binaryPropertyName: 'data',
				uploadTo: 'newVersion',
				documentId: "={{ $('Generate').item.json.id }}",
				additionalFields: { contentType: 'application/pdf' },
				options: {},
			}),
		]);
		const { id } = await n8n.createWorkflow(workflow);
		sandbox.log.clear();
		const started = Date.now();
		const execution = await n8n.runManually(id, 'Manual Trigger', 60_000);
		console.log(`generate, review and upload as new version: ${Date.now() - started} ms`);
		assert.equal(execution.status, 'success', executionError(execution));

		const [generated] = nodeOutput(execution, 'Generate');
		const documentId = Number(generated.id);
		assert.equal(generated.name, 'Engagement Letter - Review.pdf');
		assert.equal((generated.latest_document_version as Rec).version_number, 1);
		assert.equal(binaryOf(execution, 'Generate', 'data').mimeType, 'application/pdf');

		const [versioned] = nodeOutput(execution, 'Upload Reviewed');
		assert.equal(versioned.id, documentId);
		assert.equal(versioned.name, 'Engagement Letter - Review.pdf', 'the name stays');
		const latest = versioned.latest_document_version as Rec;
		assert.equal(latest.version_number, 2);
		assert.equal(latest.fully_uploaded, true);
		assert.equal(latest.content_type, 'application/pdf');

		// Version 2 holds exactly the generated bytes plus the review note; version 1 is kept.
		const versions = versionsOf(documentId);
		assert.deepEqual(
			versions.map((version) => [version.version_number, version.fully_uploaded]),
			[
				[1, true],
				[2, true],
			],
		);
		const original = await sandbox.documents.content(documentId, versions[0].id);
		const reviewed = await sandbox.documents.content(documentId);
		assert.ok(original && reviewed, 'the sandbox holds both versions');
		assert.match(original.toString('utf8'), /^%PDF-1\.4/);
		assert.ok(original.toString('utf8').includes(String(matter.display_number)));
		assert.equal(sha256(reviewed), sha256(Buffer.concat([original, Buffer.from(REVIEW_NOTE)])));
		assert.equal(versions[1].sha256, sha256(reviewed));
		assert.equal(
			[...sandbox.store.table('documents').values()].filter(
				(document) => document.name === 'Engagement Letter - Review.pdf',
			).length,
			1,
			'no second document was created',
		);
		assert.deepEqual(sandbox.store.incompleteDocuments(), []);

		// The generated file came down once and the reviewed one went up once, without the token.
		assert.deepEqual(
			storageRequests().map((request) => [request.method, request.status]),
			[
				['GET', 200],
				['PUT', 200],
			],
		);
		assert.deepEqual(sandbox.log.violations(), []);
	});
});
