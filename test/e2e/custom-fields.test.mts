// Custom fields in a real n8n (2.41.1, or 1.123.x with CLIO_N8N_LINE=1): a workflow reads a matter's custom fields, sets several of
// them and reads them back; another workflow with an invalid value fails and changes nothing.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import type { Rec } from '../sandbox/store.mts';
import {
	chain,
	executionError,
	manualTrigger,
	nodeOutput,
	clioNode as sandboxClioNode,
	n8nUnderTest,
	sandboxedN8n,
} from './harness/index.mts';

describe(`custom fields on ${n8nUnderTest()}`, () => {
	const bed = sandboxedN8n({ matters: 30 });

	function field(name: string): Rec {
		const found = [...bed.sandbox.store.customFields.values()].find(
			(entry) => entry.name === name && entry.parent_type === 'Matter',
		);
		assert.ok(found, `the sandbox defines "${name}"`);
		return found;
	}

	/** A matter of the seed that has a picklist, a date and a currency value already. */
	function matterWithValues(skip: number[] = []): Rec {
		const found = [...bed.sandbox.store.matters.values()].find(
			(matter) => !skip.includes(matter.id) && (matter.custom_field_values as Rec[]).length === 5,
		);
		assert.ok(found, 'the seed has a matter with five custom field values');
		return found;
	}

	function storedValue(matter: Rec, name: string): unknown {
		const values = bed.sandbox.store.matters.get(matter.id)?.custom_field_values as Rec[];
		return values.find((value) => value.custom_field_id === field(name).id)?.value;
	}

	function clioNode(name: string, parameters: Record<string, unknown>) {
		return sandboxClioNode(bed.credential, name, parameters);
	}

	const matterLocator = (id: number) => ({ __rl: true, mode: 'id', value: String(id) });

	function readValues(name: string, matterId: number) {
		return clioNode(name, {
			resource: 'customField',
			operation: 'getValues',
			parentType: 'matter',
			matterId: matterLocator(matterId),
		});
	}

	/** A column as the node's field mapper lists it (methods/resourceMapping.ts). */
	function column(fieldName: string) {
		const definition = field(fieldName);
		const type = String(definition.field_type);
		const options = (definition.picklist_options as Rec[])
			.filter((option) => !option.deleted_at)
			.map((option) => ({ name: String(option.option), value: String(option.option) }));
		return {
			id: String(definition.id),
			displayName: `${fieldName} (${type.replace('_', ' ')})`,
			required: false,
			defaultMatch: false,
			canBeUsedToMatch: false,
			display: true,
			type: type === 'picklist' ? 'options' : type === 'currency' ? 'number' : 'string',
			...(type === 'picklist' ? { options } : {}),
			removed: false,
		};
	}

	/** Set Values as the editor saves it: values and schema keyed by the definition ID. */
	function setValues(name: string, matterId: number, values: Record<string, unknown>) {
		return clioNode(name, {
			resource: 'customField',
			operation: 'setValues',
			parentType: 'matter',
			matterId: matterLocator(matterId),
			fields: {
				mappingMode: 'defineBelow',
				value: Object.fromEntries(
					Object.entries(values).map(([fieldName, value]) => [String(field(fieldName).id), value]),
				),
				matchingColumns: [],
				schema: Object.keys(values).map(column),
				attemptToConvertTypes: false,
				convertFieldsToString: false,
			},
			options: {},
		});
	}

	test('a workflow reads custom fields, sets a picklist, a date and an amount, and reads them changed', async () => {
		bed.sandbox.log.clear();
		const matter = matterWithValues();
		const workflow = chain('custom fields round trip', [
			manualTrigger(),
			readValues('Read Before', matter.id),
			setValues('Set Fields', matter.id, {
				// Picked from the list, the way the editor stores it: the option's label.
				'Referral Source': 'Advertising',
				'Incident Date': '2026-04-15',
				'Claim Amount': '2500.75',
			}),
			readValues('Read After', matter.id),
		]);
		const { id } = await bed.n8n.createWorkflow(workflow);
		const execution = await bed.n8n.runManually(id);
		assert.equal(execution.status, 'success', executionError(execution));

		const [before] = nodeOutput(execution, 'Read Before');
		const beforeFields = before.fields as Record<string, unknown>;
		assert.notEqual(beforeFields['Referral Source'], 'Advertising');
		assert.ok(['Referral', 'Website'].includes(String(beforeFields['Referral Source'])));
		assert.equal(typeof beforeFields['Claim Amount'], 'number');

		const [written] = nodeOutput(execution, 'Set Fields');
		assert.equal(written.written, 3);

		const [afterRead] = nodeOutput(execution, 'Read After');
		assert.deepEqual(afterRead.fields, {
			...beforeFields,
			'Referral Source': 'Advertising',
			'Incident Date': '2026-04-15',
			'Claim Amount': 2500.75,
		});

		const advertising = (field('Referral Source').picklist_options as Rec[]).find(
			(option) => option.option === 'Advertising',
		);
		assert.equal(storedValue(matter, 'Referral Source'), advertising?.id);
		assert.equal(storedValue(matter, 'Incident Date'), '2026-04-15');
		assert.equal(storedValue(matter, 'Claim Amount'), 2500.75);
		assert.equal((bed.sandbox.store.matters.get(matter.id)?.custom_field_values as Rec[]).length, 5);

		// Existing values were changed through their value ids, in one PATCH.
		const patches = bed.sandbox.log.entries.filter((entry) => entry.method === 'PATCH');
		assert.equal(patches.length, 1);
		const sent = ((patches[0].body as Record<string, Record<string, unknown>>).data
			.custom_field_values ?? []) as Array<Record<string, unknown>>;
		assert.ok(sent.every((write) => /^(picklist|date|currency)-\d+$/.test(String(write.id))));
		assert.deepEqual(bed.sandbox.log.violations(), []);
	});

	test('a workflow with an invalid value fails with a clear message and leaves the matter unchanged', async () => {
		const matter = matterWithValues([matterWithValues().id]);
		const before = structuredClone(bed.sandbox.store.matters.get(matter.id));
		bed.sandbox.log.clear();
		const workflow = chain('custom fields refused', [
			manualTrigger(),
			setValues('Set Fields', matter.id, {
				'Claim Amount': '10',
				'Incident Date': '31/31/2026',
			}),
		]);
		const { id } = await bed.n8n.createWorkflow(workflow);
		const execution = await bed.n8n.runManually(id);
		assert.equal(execution.status, 'error');
		const message = executionError(execution) ?? '';
		assert.match(message, /Custom fields not written: 1 invalid value \(Incident Date\)/);
		const failure = execution.data?.resultData?.runData?.['Set Fields']?.[0]?.error;
		assert.match(
			String(failure?.description),
			/Incident Date = "31\/31\/2026": not valid for a date field/,
		);
		assert.match(String(failure?.description), /Nothing was written/);

		assert.equal(bed.sandbox.log.entries.filter((entry) => entry.method === 'PATCH').length, 0);
		assert.equal(
			bed.sandbox.log.entries.filter((entry) => entry.path === `/api/v4/matters/${matter.id}.json`)
				.length,
			0,
			'the matter was not even read',
		);
		assert.deepEqual(bed.sandbox.store.matters.get(matter.id), before);
		assert.deepEqual(bed.sandbox.log.violations(), []);
	});
});
