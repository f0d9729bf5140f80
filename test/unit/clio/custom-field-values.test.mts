import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { normalizeCustomFieldValue, normalizeDate, normalizeTime } from '../../../nodes/Clio/clio/custom-fields/normalize.ts';
import type { CustomFieldDefinition, CustomFieldType } from '../../../nodes/Clio/clio/custom-fields/types.ts';

function field(field_type: CustomFieldType, extra: Partial<CustomFieldDefinition> = {}): CustomFieldDefinition {
	return { id: 1, name: `A ${field_type}`, field_type, ...extra };
}

const stage = field('picklist', {
	picklist_options: [
		{ id: 11, option: 'Intake' },
		{ id: 12, option: 'Discovery' },
		{ id: 13, option: 'Archived', deleted_at: '2026-01-01T00:00:00Z' },
	],
});

// [type, input, expected normalized value | null for refused]
const cases: Array<[CustomFieldDefinition, unknown, string | null]> = [
	[field('checkbox'), true, 'true'],
	[field('checkbox'), 'Yes', 'true'],
	[field('checkbox'), '0', 'false'],
	[field('checkbox'), 'maybe', null],
	[field('date'), '2026-03-31', '2026-03-31'],
	[field('date'), '2026-03-31T10:00:00Z', '2026-03-31'],
	[field('date'), '31.03.2026', '2026-03-31'],
	[field('date'), 'March 31, 2026', '2026-03-31'],
	[field('date'), '31 Mar 2026', '2026-03-31'],
	[field('date'), '03/31/2026', '2026-03-31'],
	[field('date'), '03/04/2026', null],
	[field('date'), '2026-02-30', null],
	[field('date'), '2024-02-29', '2024-02-29'],
	[field('date'), 'next week', null],
	[field('time'), '14:30', '14:30:00'],
	[field('time'), '2:30 PM', '14:30:00'],
	[field('time'), '12:05 am', '00:05:00'],
	[field('time'), '25:00', null],
	[field('numeric'), 42, '42'],
	[field('numeric'), ' 3.50 ', '3.5'],
	[field('numeric'), 'forty', null],
	[field('currency'), '1250.50', '1250.5'],
	[field('currency'), '$1,250', null],
	[field('currency'), Number.NaN, null],
	[field('text_line'), 'Smith v. Jones', 'Smith v. Jones'],
	[field('text_line'), 'x'.repeat(255), 'x'.repeat(255)],
	[field('text_line'), 'x'.repeat(256), null],
	[field('text_line'), 'two\nlines', null],
	[field('text_area'), 'two\nlines', 'two\nlines'],
	[field('email'), 'clerk@firm.example', 'clerk@firm.example'],
	[field('email'), 'clerk at firm', null],
	[field('url'), 'https://firm.example/case/1', 'https://firm.example/case/1'],
	[field('url'), 'firm.example', null],
	[field('contact'), '1234', '1234'],
	[field('matter'), 77, '77'],
	[field('matter'), 'M-77', null],
	[stage, 'discovery', '12'],
	[stage, ' Intake ', '11'],
	[stage, 12, '12'],
	[stage, 'Archived', null],
	[stage, 13, null],
	[stage, 'Trial', null],
];

describe('custom field values are checked and normalised by type before sending', () => {
	for (const [definition, input, expected] of cases) {
		it(`${definition.field_type}: ${JSON.stringify(input)} → ${expected === null ? 'refused' : JSON.stringify(expected)}`, () => {
			const result = normalizeCustomFieldValue(definition, input);
			if (expected === null) {
				assert.equal(result.ok, false);
			} else {
				assert.deepEqual(result, { ok: true, value: expected });
			}
		});
	}

	it('a refused picklist value lists the labels that are allowed, without deleted options', () => {
		const result = normalizeCustomFieldValue(stage, 'Trial');
		assert.equal(result.ok, false);
		assert.ok(!result.ok && result.accepted.includes('"Intake", "Discovery"'));
		assert.ok(!result.ok && !result.accepted.includes('Archived'));
	});

	it('dates and times are only accepted when they exist on a calendar and a clock', () => {
		assert.equal(normalizeDate('2026-04-31'), undefined);
		assert.equal(normalizeDate(new Date('2026-05-01T12:00:00Z')), '2026-05-01');
		assert.equal(normalizeTime('11:60'), undefined);
		assert.equal(normalizeTime('13:00 PM'), undefined);
	});
});
