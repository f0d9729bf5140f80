import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { planCustomFieldWrites } from '../../../nodes/Clio/clio/custom-fields/plan.ts';
import { valuesByName } from '../../../nodes/Clio/clio/custom-fields/read.ts';
import type { CustomFieldDefinition, CustomFieldValue } from '../../../nodes/Clio/clio/custom-fields/types.ts';

const definitions: CustomFieldDefinition[] = [
	{ id: 101, name: 'Court', field_type: 'text_line' },
	{ id: 102, name: 'Hearing Date', field_type: 'date' },
	{ id: 103, name: 'Claim Value', field_type: 'currency' },
	{ id: 104, name: 'Stage', field_type: 'picklist', picklist_options: [{ id: 7, option: 'Open' }, { id: 8, option: 'Won' }] },
	{ id: 105, name: 'Retired', field_type: 'checkbox', deleted: true },
];

const current: CustomFieldValue[] = [
	{ id: 'text_line-5001', field_name: 'Court', field_type: 'text_line', value: 'High Court', custom_field: { id: 101 } },
	{ id: 'picklist-5002', field_name: 'Stage', field_type: 'picklist', value: 7, custom_field: { id: 104 }, picklist_option: { id: 7, option: 'Open' } },
	// Clio lists a displayed field with no value with a null id (api-facts §7.2).
	{ id: null, field_name: 'Hearing Date', field_type: 'date', value: null, custom_field: { id: 102 } },
];

describe('custom field write planning', () => {
	it('updates existing values through their composite id and creates new ones through the definition id', () => {
		const plan = planCustomFieldWrites(definitions, current, {
			Court: 'County Court',
			'hearing date': '2026-07-01',
			'Claim Value': 1250.5,
			Stage: 'won',
		});
		assert.deepEqual(plan.problems, []);
		assert.deepEqual(plan.writes, [
			{ id: 'text_line-5001', value: 'County Court' },
			{ custom_field: { id: 102 }, value: '2026-07-01' },
			{ custom_field: { id: 103 }, value: '1250.5' },
			{ id: 'picklist-5002', value: '8' },
		]);
	});

	it('never puts a definition id in the id slot', () => {
		const plan = planCustomFieldWrites(definitions, current, { 101: 'x', 104: 'Open', 103: '1' });
		for (const write of plan.writes) {
			if ('id' in write) assert.match(write.id, /^[a-z_]+-\d+$/);
		}
	});

	it('clears with _destroy on null, and ignores empty strings unless told to clear', () => {
		assert.deepEqual(planCustomFieldWrites(definitions, current, { Court: null }).writes, [
			{ id: 'text_line-5001', _destroy: true },
		]);
		assert.deepEqual(planCustomFieldWrites(definitions, current, { Court: '' }).writes, []);
		assert.deepEqual(planCustomFieldWrites(definitions, current, { Court: '' }, 'clear').writes, [
			{ id: 'text_line-5001', _destroy: true },
		]);
		const noValue = planCustomFieldWrites(definitions, current, { 'Hearing Date': null });
		assert.deepEqual(noValue.writes, []);
		assert.deepEqual(noValue.unchanged, ['Hearing Date']);
	});

	it('skips values that are already stored', () => {
		const plan = planCustomFieldWrites(definitions, current, { Court: 'High Court', Stage: 'Open' });
		assert.deepEqual(plan.writes, []);
		assert.deepEqual(plan.unchanged, ['Court', 'Stage']);
	});

	it('writes nothing for a record when any value is invalid, and names every bad field', () => {
		const plan = planCustomFieldWrites(definitions, current, {
			Court: 'County Court',
			'Hearing Date': '2026-02-30',
			Stage: 'Lost',
			Nope: 1,
			Retired: true,
		});
		assert.deepEqual(plan.writes, []);
		assert.deepEqual(
			plan.problems.map((problem) => problem.field),
			['Hearing Date', 'Stage', 'Nope', 'Retired'],
		);
		assert.match(plan.problems[1].problem, /"Open", "Won"/);
		assert.match(plan.problems[0].problem, /date field/);
	});

	it('reads values back by field name with their natural types', () => {
		const friendly = valuesByName(
			[
				...current,
				{ id: 'currency-1', field_name: 'Claim Value', field_type: 'currency', value: '1250.5', custom_field: { id: 103 } },
				{ id: 'checkbox-1', field_name: 'Urgent', field_type: 'checkbox', value: 'true' },
			],
			definitions,
		);
		assert.deepEqual(friendly, {
			Court: 'High Court',
			Stage: 'Open',
			'Hearing Date': null,
			'Claim Value': 1250.5,
			Urgent: true,
		});
	});
});
