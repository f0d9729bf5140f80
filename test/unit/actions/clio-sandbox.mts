// Runs the Clio node in n8n's execution context against a sandbox started once per test file, and
// reads back the API requests the node made.
import assert from 'node:assert/strict';
import { after, before, beforeEach } from 'node:test';

import type {
	IDataObject,
	INodeExecutionData,
	INodeParameterResourceLocator,
	INodeParameters,
} from 'n8n-workflow';

import { Clio } from '../../../nodes/Clio/Clio.node.ts';
import { type LogEntry, type Sandbox, startSandbox } from '../../sandbox/index.mts';
import { type CredentialStore, clioCredential, runNode } from '../support/n8n.mts';

export interface ClioTestBed {
	sandbox: Sandbox;
	credential: CredentialStore;
}

/** Starts a sandbox before the file's tests and stops it after; the request log is cleared per test. */
export function clioTestBed(matters = 60): ClioTestBed {
	const bed = {} as ClioTestBed;
	before(async () => {
		bed.sandbox = await startSandbox({ matters, quiet: true });
		bed.credential = clioCredential(bed.sandbox.url, bed.sandbox.issueTokens());
	});
	beforeEach(() => bed.sandbox.log.clear());
	after(async () => await bed.sandbox.close());
	return bed;
}

/** A resource locator value, as the editor stores it for "By ID". */
export function byId(id: number | string): INodeParameterResourceLocator {
	return { __rl: true, mode: 'id', value: String(id) };
}

/** Runs the node once with these parameters and returns the output items' JSON. */
export async function runClio(
	bed: ClioTestBed,
	parameters: INodeParameters,
	items?: INodeExecutionData[],
): Promise<IDataObject[]> {
	const [output] = await runNode(new Clio(), { parameters, credential: bed.credential, items });
	return output.map((item) => item.json);
}

/**
 * Runs the node once over `count` input items with per-item parameters; the output items keep
 * their `pairedItem`, and with Continue On Fail a failing item comes out as `{ error }`.
 */
export async function runItems(
	bed: ClioTestBed,
	parameters: (itemIndex: number) => INodeParameters,
	count: number,
	continueOnFail = false,
): Promise<INodeExecutionData[]> {
	const [output] = await runNode(new Clio(), {
		parameters,
		credential: bed.credential,
		items: Array.from({ length: count }, () => ({ json: {} })),
		continueOnFail,
	});
	return output;
}

/** The Clio API requests made since the test started; fails the test on any protocol violation. */
export function apiRequests(bed: ClioTestBed): LogEntry[] {
	const requests = bed.sandbox.log.entries.filter((entry) => entry.kind === 'api');
	assert.deepEqual(
		requests.flatMap((entry) => entry.violations),
		[],
		'every request conforms to the Clio API',
	);
	return requests;
}
