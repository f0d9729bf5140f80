// Shared pieces of the transport tests: a sandbox per file, a fresh connected credential when a
// test needs its own token (Clio's limits and n8n's pacing are per token), and the error a run
// ends with.
import assert from 'node:assert/strict';
import { afterEach } from 'node:test';

import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { FaultRule } from '../../sandbox/index.mts';
import { Clio } from '../../../nodes/Clio/Clio.node.ts';
import { type ClioTestBed, byId, clioTestBed } from '../actions/clio-sandbox.mts';
import { type CredentialStore, NodeApiError, clioCredential, runNode } from '../support/n8n.mts';

export { apiRequests, byId, runClio, type ClioTestBed } from '../actions/clio-sandbox.mts';

/**
 * The actions' test bed (a sandbox per file, the log cleared per test), plus: after each test no
 * request broke the Clio API contract, and no injected fault is left for the next test.
 */
export function transportTestBed(matters: number): ClioTestBed {
	const bed = clioTestBed(matters);
	afterEach(() => {
		bed.sandbox.faults.clear();
		const violations = bed.sandbox.log.violations();
		assert.deepEqual(
			violations.map((entry) => `${entry.method} ${entry.path}: ${entry.violations.join('; ')}`),
			[],
		);
	});
	return bed;
}

/** A second credential connected to the same sandbox: a new access token, a new rate-limit window. */
export function freshCredential(bed: ClioTestBed): CredentialStore {
	return clioCredential(bed.sandbox.url, bed.sandbox.issueTokens());
}

/** Runs the node with `credential` instead of the bed's own; parameters may differ per item. */
export async function runClioWith(
	bed: ClioTestBed,
	credential: CredentialStore,
	parameters: INodeParameters | ((itemIndex: number) => INodeParameters),
	items?: INodeExecutionData[],
): Promise<IDataObject[]> {
	const [output] = await runNode(new Clio(), { parameters, credential, items });
	return output.map((item) => item.json);
}

/** A "By ID" resource locator, typed as a node parameter. */
function locator(id: number): INodeParameters {
	return byId(id) as unknown as INodeParameters;
}

/** Matter → Get of one matter, without custom fields. */
export function getMatter(id: number): INodeParameters {
	return {
		resource: 'matter',
		operation: 'get',
		matterId: locator(id),
		includeCustomFields: false,
	};
}

/** Note → Create on a matter: the package's simplest create (a POST). */
export function createNote(matterId: number): INodeParameters {
	return {
		resource: 'note',
		operation: 'create',
		parentType: 'matter',
		matterId: locator(matterId),
		subject: 'Call with client',
	};
}

/** A fault rule answering Clio's error body `{"error":{"type","message"}}` (api-facts §3.6). */
export function clioFault(
	method: string,
	path: string,
	status: number,
	type: string,
	message: string,
): FaultRule {
	return { method, path, status, body: { error: { type, message } } };
}

/** The NodeApiError a run fails with. */
export async function apiFailure(
	run: Promise<unknown>,
): Promise<InstanceType<typeof NodeApiError>> {
	let caught: unknown;
	await assert.rejects(
		run.catch((error: unknown) => {
			caught = error;
			throw error;
		}),
	);
	assert.ok(caught instanceof NodeApiError, `a NodeApiError, got ${String(caught)}`);
	return caught;
}

/** Requests of the sandbox log to `path` (API, OAuth or anything else). */
export function attempts(bed: ClioTestBed, path: string, method = 'GET'): number {
	return bed.sandbox.log.count({ path, method });
}
