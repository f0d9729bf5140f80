// The example workflows of examples/*.json, imported as they are (only the credential references
// changed) into a real n8n 2.41.1 and run end to end against the Clio sandbox: what each one
// writes to Clio, and what it must not write, is checked in the sandbox's store and log.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

import { type Sandbox, startSandbox } from '../sandbox/index.mts';
import type { LogEntry } from '../sandbox/types.mts';
import type { Rec } from '../sandbox/store.mts';
import { type TriggerBed, updateMatter, uploadDocument } from '../unit/trigger/bed.mts';
import {
	CLIO_CREDENTIAL_NAME,
	DEMAND_DOCUMENTS,
	DEMAND_STAGE_ID,
	exampleCredentials,
	exampleFiles,
	importExamples,
	prepareSandboxForExamples,
} from '../../local-n8n/examples.mts';
import {
	createSandboxCredential,
	type Execution,
	executionError,
	type N8n,
	nodeOutput,
	pollUntil,
	startN8n,
} from './harness/index.mts';

const REPO_ROOT = join(import.meta.dirname, '..', '..');
const ENGAGEMENT_STAGE_ID = 13;
const ENGAGEMENT_TEMPLATE_ID = 1;
const SETTLED = new Set(['success', 'error', 'canceled', 'crashed']);

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('example workflows on n8n 2.41.1', () => {
	let sandbox: Sandbox;
	let n8n: N8n;
	let bed: TriggerBed;
	let workflows: Map<string, { id: string; created: boolean }>;
	let n8nToken: string;

	before(async () => {
		sandbox = await startSandbox({ matters: 40, quiet: true });
		prepareSandboxForExamples(sandbox);
		n8n = await startN8n({ packageDir: REPO_ROOT });
		console.log(`n8n ready in ${n8n.startupMs} ms`);
		const clio = await createSandboxCredential(n8n, sandbox, CLIO_CREDENTIAL_NAME);
		n8nToken = clio.tokens.access_token;
		// The bed's Clio helpers need only the sandbox and a token: they act as another Clio app.
		bed = { sandbox, token: sandbox.issueTokens().access_token } as TriggerBed;
		const credentials = await exampleCredentials(n8n, sandbox, clio);
		workflows = await importExamples(n8n, credentials);
	});

	after(async () => {
		await n8n?.stop();
		await sandbox?.close();
	});

	function workflowId(prefix: string): string {
		const file = exampleFiles().find((name) => name.startsWith(prefix));
		const entry = file && workflows.get(file);
		assert.ok(entry, `example ${prefix} was imported`);
		return entry.id;
	}

	/** A matter of a practice area that is not in the given stage and has a responsible attorney. */
	function matterOf(areaId: number, stageId: number, skip: number[] = []): Rec {
		const found = [...sandbox.store.matters.values()].find(
			(matter) =>
				matter.practice_area_id === areaId &&
				matter.matter_stage_id !== stageId &&
				matter.responsible_attorney_id &&
				!skip.includes(matter.id),
		);
		assert.ok(found, `the sandbox has a matter of practice area ${areaId}`);
		return found;
	}

	function areaOfStage(stageId: number): number {
		return sandbox.store.matterStages.get(stageId)?.practice_area_id as number;
	}

	async function moveMatter(matterId: number, stageId: number): Promise<void> {
		await updateMatter(bed, matterId, { matter_stage: { id: stageId } });
		await sandbox.webhooks.settled();
	}

	/** The executions of a workflow once `count` exist and none is running; all must succeed. */
	async function executionsOf(id: string, count: number, timeoutMs = 90_000): Promise<Execution[]> {
		const list = await pollUntil(`${count} execution(s) of workflow ${id}`, timeoutMs, async () => {
			const found = await n8n.executions(id);
			return found.length >= count && found.every((e) => SETTLED.has(e.status)) ? found : undefined;
		});
		for (const execution of list) {
			assert.equal(execution.status, 'success', executionError(execution));
		}
		return list;
	}

	function documentsIn(matter: Rec): Rec[] {
		return [...sandbox.store.table('documents').values()].filter(
			(document) => document.matter_id === matter.id && !document.deleted_at,
		);
	}

	function versionsOf(documentId: number): Rec[] {
		return [...sandbox.store.table('document_versions').values()]
			.filter((version) => version.document_id === documentId)
			.sort((a, b) => a.version_number - b.version_number);
	}

	function tasksOf(matterId: number): Rec[] {
		return [...sandbox.store.table('tasks').values()].filter((task) => task.matter_id === matterId);
	}

	/** What the workflows wrote to Clio (not the changes the test makes as another app). */
	const apiWrites = (entries: LogEntry[]) =>
		entries.filter(
			(entry) =>
				entry.kind === 'api' &&
				entry.method !== 'GET' &&
				entry.headers.authorization === `Bearer ${n8nToken}`,
		);

	test('every example is a workflow n8n accepts as it is', async () => {
		assert.equal(exampleFiles().length, 5);
		assert.equal(workflows.size, 5);
		for (const { created } of workflows.values()) assert.equal(created, true);
	});

	test('1: a matter reaching Demand logs the documents Clio’s stage automation generated', async () => {
		const id = workflowId('1-');
		await n8n.publish(id);
		await sandbox.webhooks.settled();
		const matter = matterOf(areaOfStage(DEMAND_STAGE_ID), DEMAND_STAGE_ID);
		const before = documentsIn(matter).length;
		sandbox.log.clear();

		await moveMatter(matter.id, DEMAND_STAGE_ID);
		const [execution] = await executionsOf(id, 1);
		const logged = nodeOutput(execution, 'Log Documents');
		assert.deepEqual(logged.map((entry) => entry.document).sort(), [...DEMAND_DOCUMENTS].sort());
		const generated = documentsIn(matter).slice(before);
		assert.deepEqual(
			logged.map((entry) => entry.document_id).sort(),
			generated.map((document) => document.id).sort(),
		);
		for (const entry of logged) {
			assert.equal(entry.matter, matter.display_number);
			assert.equal(entry.stage, 'Demand');
			assert.equal(entry.link, `https://app.clio.com/nc/#/matters/${matter.id}`);
		}
		// The workflow only read from Clio.
		assert.deepEqual(apiWrites(sandbox.log.entries), [], 'nothing written');
		assert.deepEqual(sandbox.log.violations(), []);
		await n8n.unpublish(id);
	});

	/** Moves a matter into Engagement; returns the execution waiting for the lawyer and its form. */
	async function awaitApproval(id: string, matter: Rec, runsBefore: number) {
		await moveMatter(matter.id, ENGAGEMENT_STAGE_ID);
		const waiting = await pollUntil('an execution waiting for approval', 60_000, async () => {
			const list = await n8n.executions(id);
			const found = list[runsBefore];
			if (found && SETTLED.has(found.status)) {
				assert.fail(`the execution ended before the approval: ${executionError(found)}`);
			}
			return found?.status === 'waiting' ? found : undefined;
		});
		const [request] = nodeOutput(waiting, 'Ask Lawyer to Approve');
		assert.equal(request.matter, matter.display_number);
		const [generated] = nodeOutput(waiting, 'Generate Engagement Letter');
		assert.equal(generated.name, `Engagement Letter ${matter.display_number}.pdf`);
		assert.equal(request.letter, generated.name);
		return { execution: waiting, form: String(request.approval_form), generated };
	}

	/** Answers the approval form as the lawyer's browser does (multipart, fields by position). */
	async function answerForm(url: string, decision: string, comment: string): Promise<void> {
		const page = await fetch(url);
		assert.equal(page.status, 200, 'the approval form opens');
		assert.match(await page.text(), /Approve the engagement letter/);
		const form = new FormData();
		form.append('field-0', decision);
		form.append('field-1', comment);
		const response = await fetch(url, { method: 'POST', body: form });
		assert.equal(response.status, 200, await response.text());
	}

	test('2: an approved engagement letter gets an approved version and a review task', async () => {
		const id = workflowId('2-');
		await n8n.publish(id);
		await sandbox.webhooks.settled();
		const matter = matterOf(areaOfStage(ENGAGEMENT_STAGE_ID), ENGAGEMENT_STAGE_ID);
		const tasksBefore = tasksOf(matter.id).length;
		sandbox.log.clear();

		const { form, generated } = await awaitApproval(id, matter, 0);
		const documentId = Number(generated.id);
		assert.equal(versionsOf(documentId).length, 1, 'nothing written before the approval');
		assert.equal(tasksOf(matter.id).length, tasksBefore);
		await answerForm(form, 'Approve', 'Fee cap agreed by phone.');

		const [execution] = await executionsOf(id, 1);
		const [uploaded] = nodeOutput(execution, 'Upload Approved Version');
		assert.equal(uploaded.id, documentId, 'a new version of the same document');
		const versions = versionsOf(documentId);
		assert.deepEqual(
			versions.map((version) => [version.version_number, version.fully_uploaded, version.filename]),
			[
				[1, true, generated.name],
				[2, true, `Engagement Letter ${matter.display_number} - Approved.pdf`],
			],
		);
		assert.equal(sandbox.store.table('documents').get(documentId)?.name, generated.name);
		const [first, second] = await Promise.all(
			versions.map((version) => sandbox.documents.content(documentId, version.id)),
		);
		assert.ok(first && second);
		assert.equal(sha256(second), sha256(first), 'the approved version is the reviewed file');
		const automation = [...sandbox.store.table('document_automations').values()].at(-1);
		assert.equal(automation?.document_template_id, ENGAGEMENT_TEMPLATE_ID);

		const tasks = tasksOf(matter.id);
		assert.equal(tasks.length, tasksBefore + 1);
		const task = tasks.at(-1) as Rec;
		assert.equal(task.name, `Send engagement letter ${matter.display_number}`);
		assert.deepEqual(task.assignee, { id: matter.responsible_attorney_id, type: 'User' });
		assert.match(String(task.description), /Fee cap agreed by phone\./);
		assert.match(String(task.description), /Custom fields: /);
		assert.equal(task.priority, 'High');
		assert.deepEqual(sandbox.store.incompleteDocuments(), []);
		assert.deepEqual(sandbox.log.violations(), []);
	});

	test('2: a rejected engagement letter leaves no new version and no task', async () => {
		const id = workflowId('2-');
		const first = matterOf(areaOfStage(ENGAGEMENT_STAGE_ID), ENGAGEMENT_STAGE_ID);
		const matter = matterOf(areaOfStage(ENGAGEMENT_STAGE_ID), ENGAGEMENT_STAGE_ID, [first.id]);
		const tasksBefore = tasksOf(matter.id).length;
		sandbox.log.clear();

		const { form, generated } = await awaitApproval(id, matter, 1);
		const writesBefore = apiWrites(sandbox.log.entries).length;
		await answerForm(form, 'Reject', 'Wrong fee schedule.');
		const runs = await executionsOf(id, 2);
		const execution = runs[1];
		assert.deepEqual(nodeOutput(execution, 'Upload Approved Version'), []);
		assert.equal(versionsOf(Number(generated.id)).length, 1, 'no new version');
		assert.equal(tasksOf(matter.id).length, tasksBefore, 'no task');
		assert.equal(apiWrites(sandbox.log.entries).length, writesBefore, 'nothing written after');
		assert.deepEqual(sandbox.log.violations(), []);
		await n8n.unpublish(id);
	});

	test('4: a CSV file uploaded to the form writes valid rows whole and reports invalid ones', async () => {
		const id = workflowId('4-');
		await n8n.publish(id);
		const matters = [...sandbox.store.matters.values()].slice(20, 24);
		const [good, textOnly, halfBad, badPicklist] = matters;
		const untouched = [halfBad, badPicklist].map((matter) => structuredClone(matter));
		const csv = [
			'Matter ID,Claim Amount,Incident Date,Referral Source,Court File Number',
			`${good.id},1500.50,2026-03-01,Advertising,`,
			`${textOnly.id},,,,CV-2026-0042`,
			`${halfBad.id},99,31/31/2026,,`,
			`${badPicklist.id},,,Billboard,`,
			'999999,10,,,',
		].join('\n');
		sandbox.log.clear();

		const upload = new FormData();
		upload.append('field-0', new Blob([csv], { type: 'text/csv' }), 'matter updates.csv');
		const response = await fetch(`${n8n.baseUrl}/form/clio-custom-fields-csv`, {
			method: 'POST',
			body: upload,
		});
		assert.equal(response.status, 200, await response.text());
		const [execution] = await executionsOf(id, 1);

		const written = nodeOutput(execution, 'Written Rows');
		assert.deepEqual(
			written.map((row) => [row.matter_id, row.fields_changed]),
			[
				[String(good.id), 3],
				[String(textOnly.id), 1],
			],
		);
		const fieldsOf = (matter: Rec) =>
			nodeOutput(execution, 'Written Rows').find((row) => row.matter_id === String(matter.id))
				?.fields as Record<string, unknown>;
		assert.equal(fieldsOf(good)['Claim Amount'], 1500.5);
		assert.equal(fieldsOf(good)['Incident Date'], '2026-03-01');
		assert.equal(fieldsOf(good)['Referral Source'], 'Advertising');
		assert.equal(fieldsOf(textOnly)['Court File Number'], 'CV-2026-0042');

		const rejected = nodeOutput(execution, 'Rejected Rows');
		assert.deepEqual(
			rejected.map((row) => row.matter_id),
			[String(halfBad.id), String(badPicklist.id), '999999'],
		);
		const [dateRow, picklistRow, missingRow] = rejected;
		assert.equal((dateRow.problems as string[]).length, 1);
		assert.match(
			String((dateRow.problems as string[])[0]),
			/^Incident Date = "31\/31\/2026": not valid for a date field/,
		);
		assert.match(String(dateRow.reason), /1 invalid value \(Incident Date\)/);
		assert.equal((picklistRow.problems as string[]).length, 1);
		assert.match(String((picklistRow.problems as string[])[0]), /^Referral Source = "Billboard": /);
		assert.match(String(missingRow.reason), /999999|not found|exist/i);

		// Each valid row in one PATCH; the invalid rows were not written at all.
		const patches = sandbox.log.entries.filter((entry) => entry.method === 'PATCH');
		assert.deepEqual(
			patches.map((entry) => entry.path),
			[`/api/v4/matters/${good.id}.json`, `/api/v4/matters/${textOnly.id}.json`],
		);
		for (const before of untouched) {
			assert.deepEqual(
				sandbox.store.matters.get(before.id),
				before,
				`matter ${before.id} unchanged`,
			);
		}
		assert.deepEqual(sandbox.log.violations(), []);
		await n8n.unpublish(id);
	});

	test('5: the AI assistant answers from Clio through read-only Clio tools', async () => {
		const id = workflowId('5-');
		const matter = sandbox.store.matters.get(16) as Rec;
		sandbox.log.clear();
		const execution = await n8n.runManually(id, 'Ask a Question', 60_000);
		assert.equal(execution.status, 'success', executionError(execution));

		const chats = sandbox.log.entries.filter((entry) => entry.path === '/v1/chat/completions');
		assert.equal(chats.length, 2, 'a tool call, then the answer');
		const offered = ((chats[0].body as Record<string, any>).tools ?? []) as Array<
			Record<string, any>
		>;
		assert.deepEqual(offered.map((tool) => tool.function.name).sort(), [
			'Get_Matter',
			'Get_Matter_Tasks',
		]);
		const toolMessages = (
			(chats[1].body as Record<string, any>).messages as Array<Record<string, any>>
		).filter((message) => message.role === 'tool');
		assert.equal(toolMessages.length, 2);

		// The answer: the matter's line, then one line per task, as the tools read them from Clio.
		const [answer] = nodeOutput(execution, 'Clio Assistant');
		const text = String(answer.output);
		console.log(`the assistant answered: ${text}`);
		const tasks = tasksOf(matter.id);
		assert.ok(tasks.length > 0, 'the matter of the question has tasks');
		const [heading, matterLine, ...taskLines] = text.split('\n');
		assert.equal(heading, 'Here is what Clio shows:');
		// The store keeps Clio's lowercase status; the API (and so the answer) capitalises it.
		const status = new RegExp(
			`^Matter ${matter.display_number} \\(.+\\) is ${matter.status}\\b`,
			'i',
		);
		assert.match(matterLine, status);
		assert.deepEqual(
			taskLines.map((line) => line.replace(/ \(.*$/, '')).sort(),
			tasks.map((task) => `- ${task.name}`).sort(),
		);

		// The tools read the matter and its tasks, and wrote nothing.
		const api = sandbox.log.entries.filter((entry) => entry.kind === 'api');
		assert.ok(api.some((entry) => entry.path === `/api/v4/matters/${matter.id}.json`));
		assert.ok(
			api.some(
				(entry) =>
					entry.path === '/api/v4/tasks.json' && entry.query.matter_id === String(matter.id),
			),
		);
		assert.deepEqual(apiWrites(api), []);
		assert.deepEqual(sandbox.log.violations(), []);
	});

	/** Polls of the New Document trigger so far. */
	function documentPolls(): number {
		return sandbox.log.entries.filter(
			(entry) =>
				entry.kind === 'api' &&
				entry.path === '/api/v4/documents.json' &&
				entry.query.updated_since !== undefined,
		).length;
	}

	test('3: a new document gets a date-named new version, once', async () => {
		const id = workflowId('3-');
		sandbox.log.clear();
		await n8n.publish(id);
		const matter = sandbox.store.matters.get(3) as Rec;
		const documentId = await uploadDocument(bed, matter.folder_id, 'Witness statement.pdf');
		const created = String(sandbox.store.table('documents').get(documentId)?.created_at);

		const [execution] = await executionsOf(id, 1, 150_000);
		const [renamed] = nodeOutput(execution, 'Upload Renamed Version');
		assert.equal(renamed.id, documentId);
		const versions = versionsOf(documentId);
		assert.deepEqual(
			versions.map((version) => [version.version_number, version.fully_uploaded, version.filename]),
			[
				[1, true, 'Witness statement.pdf'],
				[2, true, `${created.slice(0, 10)} Witness statement.pdf`],
			],
		);
		assert.equal(sandbox.store.table('documents').get(documentId)?.name, 'Witness statement.pdf');
		const [first, second] = await Promise.all(
			versions.map((version) => sandbox.documents.content(documentId, version.id)),
		);
		assert.ok(first && second);
		assert.equal(sha256(second), sha256(first), 'the same file, under its new name');

		// The next polls see the new version and do not take it for a new document (after two: the
		// first may have begun before the upload).
		const polls = documentPolls();
		await pollUntil('two more polls', 150_000, async () =>
			documentPolls() >= polls + 2 ? true : undefined,
		);
		const runs = await executionsOf(id, 1);
		assert.equal(runs.length, 1, 'the renamed document is not renamed again');
		assert.equal(versionsOf(documentId).length, 2);
		assert.deepEqual(sandbox.log.violations(), []);
		await n8n.unpublish(id);
	});
});
