// The Clio Trigger's polling mode in a real n8n (2.41.1, or 1.123.x with CLIO_N8N_LINE=1): a published "New Document" trigger emits
// each document uploaded into the sandbox exactly once, also one whose upload finished after a
// poll had passed it, and after n8n was stopped it emits what was uploaded meanwhile, nothing twice.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { type Sandbox, startSandbox } from '../sandbox/index.mts';
import {
	completeUpload,
	startUpload,
	type TriggerBed,
	uploadDocument,
} from '../unit/trigger/bed.mts';
import {
	chain,
	clioNode,
	EVERY_TEN_SECONDS,
	createSandboxCredential,
	executionError,
	type Execution,
	type N8n,
	nodeOutput,
	pollUntil,
	type SandboxCredential,
	startN8n,
	n8nUnderTest,
} from './harness/index.mts';

const REPO_ROOT = join(import.meta.dirname, '..', '..');
const TRIGGER = 'Clio Trigger';
const SETTLED = new Set(['success', 'error', 'canceled', 'crashed']);


describe(`Clio Trigger polling on ${n8nUnderTest()}`, () => {
	let sandbox: Sandbox;
	let n8n: N8n;
	let clio: TriggerBed;
	let credential: SandboxCredential;
	let workflowId: string;
	// Kept across the stop: the second start must find the same database.
	const userFolder = mkdtempSync(join(tmpdir(), 'clio-n8n-polling-'));
	const uploaded: number[] = [];

	before(async () => {
		sandbox = await startSandbox({ matters: 20, quiet: true });
		n8n = await startN8n({ packageDir: REPO_ROOT, userFolder });
		console.log(`n8n ready in ${n8n.startupMs} ms`);
		credential = await createSandboxCredential(n8n, sandbox);
		// The bed's upload helpers need only the sandbox and a token.
		clio = { sandbox, token: credential.tokens.access_token } as TriggerBed;
	});

	after(async () => {
		await n8n?.stop();
		await sandbox?.close();
		if (process.env.CLIO_E2E_KEEP !== '1') rmSync(userFolder, { recursive: true, force: true });
	});

	function folderOf(matterId: number): number {
		return sandbox.store.matters.get(matterId)?.folder_id as number;
	}

	/** The trigger's polls so far: each one lists documents changed since its cursor. */
	function polls(): number {
		return sandbox.log.entries.filter(
			(entry) =>
				entry.kind === 'api' &&
				entry.method === 'GET' &&
				entry.path === '/api/v4/documents.json' &&
				entry.query.updated_since !== undefined,
		).length;
	}

	/** Waits until `count` more polls have started than had when called. */
	async function morePolls(count: number): Promise<void> {
		const from = polls();
		await pollUntil(`${count} more poll(s)`, 60_000, async () =>
			polls() >= from + count ? true : undefined,
		);
	}

	/** Every execution of the workflow once none is running; all must have succeeded. */
	async function settledExecutions(): Promise<Execution[]> {
		const executions = await pollUntil('no running execution', 30_000, async () => {
			const list = await n8n.executions(workflowId);
			return list.every((execution) => SETTLED.has(execution.status)) ? list : undefined;
		});
		for (const execution of executions) {
			assert.equal(execution.status, 'success', executionError(execution));
			assert.equal(execution.mode, 'trigger');
		}
		return executions;
	}

	/** How often each document was emitted, over all executions. */
	async function emitted(): Promise<Map<number, number>> {
		const counts = new Map<number, number>();
		for (const execution of await settledExecutions()) {
			for (const item of nodeOutput(execution, TRIGGER)) {
				assert.equal(item.event, 'newDocument');
				const id = Number(item.id);
				counts.set(id, (counts.get(id) ?? 0) + 1);
			}
		}
		return counts;
	}

	async function waitForEmitted(ids: number[]): Promise<void> {
		await pollUntil(`documents ${ids.join(', ')} emitted`, 60_000, async () => {
			const counts = await emitted();
			return ids.every((id) => counts.has(id)) ? true : undefined;
		});
	}

	/** After two more polls (the first may have begun before the last emission): each once. */
	async function assertEachEmittedOnce(): Promise<void> {
		await morePolls(2);
		const counts = await emitted();
		assert.deepEqual(
			[...counts.entries()].sort(([a], [b]) => a - b),
			uploaded.map((id) => [id, 1]).sort(([a], [b]) => a - b),
			'every uploaded document once, and nothing else',
		);
		assert.deepEqual(sandbox.log.violations(), []);
	}

	test('emits each document uploaded while the workflow runs exactly once', async () => {
		const started = Date.now();
		const workflow = chain('new clio documents', [
			clioNode(
				credential,
				TRIGGER,
				{
					pollTimes: EVERY_TEN_SECONDS,
					mode: 'polling',
					event: 'newDocument',
					documentScope: 'any',
				},
				'clioTrigger',
			),
		]);
		workflowId = (await n8n.createWorkflow(workflow)).id;
		await n8n.publish(workflowId);
		// The poll at activation placed the cursor at the newest document and emitted nothing.
		assert.ok(
			sandbox.log.entries.some(
				(entry) =>
					entry.path === '/api/v4/documents.json' && entry.query.order === 'updated_at(desc)',
			),
			'the activation poll placed the cursor',
		);
		assert.equal((await n8n.executions(workflowId)).length, 0);

		uploaded.push(await uploadDocument(clio, folderOf(1), 'Engagement letter.pdf'));
		uploaded.push(await uploadDocument(clio, folderOf(2), 'Medical records.pdf'));
		// A large upload: created now, its content confirmed only after a poll has run.
		const late = await startUpload(clio, folderOf(3), 'Deposition transcript.pdf');
		await waitForEmitted(uploaded);
		await morePolls(1);
		await completeUpload(clio, late);
		uploaded.push(late.id);
		await waitForEmitted(uploaded);
		await assertEachEmittedOnce();

		const items = (await settledExecutions()).flatMap((e) => nodeOutput(e, TRIGGER));
		const transcript = items.find((item) => item.id === late.id);
		assert.equal(transcript?.name, 'Deposition transcript.pdf');
		assert.deepEqual(transcript?.matter, {
			id: 3,
			display_number: sandbox.store.matters.get(3)?.display_number,
		});
		console.log(
			`published, 3 uploads emitted once each in ${Date.now() - started} ms (${polls()} polls)`,
		);
	});

	test('after n8n was stopped, emits the documents uploaded meanwhile, none twice', async () => {
		const started = Date.now();
		const executionsBefore = (await settledExecutions()).length;
		await n8n.stop();
		// While n8n is down: two complete uploads, and one whose upload never finishes.
		const whileDown = [
			await uploadDocument(clio, folderOf(4), 'Signed settlement.pdf'),
			await uploadDocument(clio, folderOf(5), 'Court order.pdf'),
		];
		await startUpload(clio, folderOf(6), 'Abandoned upload.pdf');
		uploaded.push(...whileDown);

		n8n = await startN8n({ packageDir: REPO_ROOT, userFolder });
		console.log(`n8n restarted in ${n8n.startupMs} ms`);
		await waitForEmitted(whileDown);
		await assertEachEmittedOnce();
		const executions = await settledExecutions();
		const fresh = executions.slice(executionsBefore).flatMap((e) => nodeOutput(e, TRIGGER));
		assert.deepEqual(fresh.map((item) => item.id).sort(), [...whileDown].sort());
		console.log(`restart round trip in ${Date.now() - started} ms`);
	});
});
