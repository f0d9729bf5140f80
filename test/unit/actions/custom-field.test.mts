// Custom fields on matters and contacts, against the sandbox: every one of Clio's 12 field types
// is written, changed, cleared and read back; invalid values are refused before anything is sent.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { Clio } from '../../../nodes/Clio/Clio.node.ts';
import type { LogEntry } from '../../sandbox/index.mts';
import type { Rec } from '../../sandbox/store.mts';
import { resourceMapping, runNode } from '../support/n8n.mts';
import { apiRequests, byId, type ClioTestBed, clioTestBed, runClio } from './clio-sandbox.mts';

const bed = clioTestBed(240);
const DEFINITIONS = '/api/v4/custom_fields.json';

function store() {
	return bed.sandbox.store;
}

function definition(name: string, parentType: 'Matter' | 'Contact' = 'Matter'): Rec {
	const found = [...store().customFields.values()].find(
		(field) => field.name === name && field.parent_type === parentType,
	);
	assert.ok(found, `the sandbox defines "${name}"`);
	return found;
}

function optionId(field: Rec, label: string): number {
	const option = (field.picklist_options as Rec[]).find((entry) => entry.option === label);
	assert.ok(option, `"${field.name}" has the option "${label}"`);
	return option.id;
}

const taken = new Set<number>();

/** A matter of the seed with no custom field values that no other test has used. */
function blankMatter(): number {
	const found = [...store().matters.values()].find(
		(matter) => !taken.has(matter.id) && !(matter.custom_field_values as Rec[]).length,
	);
	assert.ok(found, 'the sandbox has an unused matter without custom fields');
	taken.add(found.id);
	return found.id;
}

/** The value records of a matter or contact as stored, copied. */
function storedValues(id: number, table: 'matters' | 'contacts' = 'matters'): Rec[] {
	const record = store()[table].get(id);
	assert.ok(record, `the sandbox has ${table} ${id}`);
	return structuredClone(record.custom_field_values as Rec[]);
}

function storedInstance(matterId: number, field: Rec): Rec | undefined {
	return storedValues(matterId).find((value) => value.custom_field_id === field.id);
}

function setValuesParameters(
	recordId: number,
	value: Record<string, unknown>,
	options: IDataObject = {},
	parentType: 'matter' | 'contact' = 'matter',
): INodeParameters {
	return {
		resource: 'customField',
		operation: 'setValues',
		parentType,
		[parentType === 'matter' ? 'matterId' : 'contactId']: byId(recordId),
		fields: { mappingMode: 'defineBelow', value },
		options,
	} as INodeParameters;
}

/** Set Values as the editor stores it: values keyed by the definition ID. */
async function setValues(
	matterId: number,
	value: Record<string, unknown>,
	options: IDataObject = {},
): Promise<IDataObject> {
	const [output] = await runClio(bed, setValuesParameters(matterId, value, options));
	return output;
}

async function getValues(
	recordId: number,
	parentType: 'matter' | 'contact' = 'matter',
): Promise<IDataObject> {
	const [output] = await runClio(bed, {
		resource: 'customField',
		operation: 'getValues',
		parentType,
		[parentType === 'matter' ? 'matterId' : 'contactId']: byId(recordId),
	} as INodeParameters);
	return output;
}

async function runWith(
	testBed: ClioTestBed,
	parameters: INodeParameters | ((itemIndex: number) => INodeParameters),
	items: INodeExecutionData[],
	continueOnFail = false,
): Promise<IDataObject[]> {
	const [output] = await runNode(new Clio(), {
		parameters,
		credential: testBed.credential,
		items,
		continueOnFail,
	});
	return output.map((item) => item.json);
}

function emptyItems(count: number): INodeExecutionData[] {
	return Array.from({ length: count }, () => ({ json: {} }));
}

function calls(requests: LogEntry[]): string[] {
	return requests.map((request) => `${request.method} ${request.path}`);
}

function patchBody(request: LogEntry | undefined): IDataObject[] {
	assert.equal(request?.method, 'PATCH');
	return ((request.body as IDataObject).data as IDataObject).custom_field_values as IDataObject[];
}

/** The error a run was refused with. */
async function refusal(run: Promise<unknown>): Promise<{ message: string; description: string }> {
	try {
		await run;
	} catch (error) {
		const { message, description } = error as { message: string; description?: string };
		return { message, description: description ?? '' };
	}
	assert.fail('the run was not refused');
}

interface TypeCase {
	field: string;
	type: string;
	/** First value written (the record has none yet), as sent and as read back. */
	first: unknown;
	firstSent: () => string;
	firstRead: unknown;
	second: unknown;
	secondSent: () => string;
	secondRead: unknown;
	invalid: unknown;
	/** Part of the accepted form the refusal must name. */
	accepted: string;
}

const referral = () => definition('Referral Source');

const TYPES: TypeCase[] = [
	{
		field: 'Conflict Checked',
		type: 'checkbox',
		first: 'Yes',
		firstSent: () => 'true',
		firstRead: true,
		second: false,
		secondSent: () => 'false',
		secondRead: false,
		invalid: 'maybe',
		accepted: 'true or false',
	},
	{
		field: 'Opposing Party',
		type: 'contact',
		first: ' 5 ',
		firstSent: () => '5',
		firstRead: 5,
		second: 6,
		secondSent: () => '6',
		secondRead: 6,
		invalid: 'Ada Lovelace',
		accepted: 'numeric ID of a Clio contact',
	},
	{
		field: 'Claim Amount',
		type: 'currency',
		first: '1250.50',
		firstSent: () => '1250.5',
		firstRead: 1250.5,
		second: 99.99,
		secondSent: () => '99.99',
		secondRead: 99.99,
		invalid: '$1,250.00',
		accepted: 'a number such as 1250.50',
	},
	{
		field: 'Incident Date',
		type: 'date',
		first: '31.03.2026',
		firstSent: () => '2026-03-31',
		firstRead: '2026-03-31',
		second: 'March 1, 2026',
		secondSent: () => '2026-03-01',
		secondRead: '2026-03-01',
		invalid: '03/04/2026',
		accepted: 'a real calendar date such as 2026-03-31',
	},
	{
		field: 'Hearing Time',
		type: 'time',
		first: '2:30 PM',
		firstSent: () => '14:30:00',
		firstRead: '14:30:00',
		second: '09:15',
		secondSent: () => '09:15:00',
		secondRead: '09:15:00',
		invalid: '25:00',
		accepted: 'a time such as 14:30',
	},
	{
		field: 'Adjuster Email',
		type: 'email',
		first: ' ada@example.com ',
		firstSent: () => 'ada@example.com',
		firstRead: 'ada@example.com',
		second: 'claims@example.org',
		secondSent: () => 'claims@example.org',
		secondRead: 'claims@example.org',
		invalid: 'ada at example.com',
		accepted: 'an email address',
	},
	{
		field: 'Related Matter',
		type: 'matter',
		first: 2,
		firstSent: () => '2',
		firstRead: 2,
		second: '3',
		secondSent: () => '3',
		secondRead: 3,
		invalid: '12.5',
		accepted: 'numeric ID of a Clio matter',
	},
	{
		field: 'Court File Count',
		type: 'numeric',
		first: 42,
		firstSent: () => '42',
		firstRead: 42,
		second: '3.5',
		secondSent: () => '3.5',
		secondRead: 3.5,
		invalid: 'forty-two',
		accepted: 'a number such as 42',
	},
	{
		field: 'Referral Source',
		type: 'picklist',
		first: 'website',
		firstSent: () => String(optionId(referral(), 'Website')),
		firstRead: 'Website',
		second: 'ADVERTISING',
		secondSent: () => String(optionId(referral(), 'Advertising')),
		secondRead: 'Advertising',
		invalid: 'Billboard',
		accepted: '"Referral", "Website", "Advertising"',
	},
	{
		field: 'Case Summary',
		type: 'text_area',
		first: 'Rear-end collision.\nPolice report filed.',
		firstSent: () => 'Rear-end collision.\nPolice report filed.',
		firstRead: 'Rear-end collision.\nPolice report filed.',
		second: 'Settled out of court.',
		secondSent: () => 'Settled out of court.',
		secondRead: 'Settled out of court.',
		invalid: true,
		accepted: 'text',
	},
	{
		field: 'Court File Number',
		type: 'text_line',
		first: 'CV-2026-001',
		firstSent: () => 'CV-2026-001',
		firstRead: 'CV-2026-001',
		second: 'CV-2026-002',
		secondSent: () => 'CV-2026-002',
		secondRead: 'CV-2026-002',
		invalid: 'x'.repeat(256),
		accepted: 'at most 255 characters',
	},
	{
		field: 'Portal Link',
		type: 'url',
		first: 'https://portal.example.com/case/1',
		firstSent: () => 'https://portal.example.com/case/1',
		firstRead: 'https://portal.example.com/case/1',
		second: 'http://example.org',
		secondSent: () => 'http://example.org',
		secondRead: 'http://example.org',
		invalid: 'portal.example.com',
		accepted: 'starting with http:// or https://',
	},
];

describe('Custom Field › Set Values and Get Values, for each of the 12 field types', () => {
	it('covers every field type Clio has', () => {
		assert.deepEqual(TYPES.map((entry) => entry.type).sort(), [
			'checkbox',
			'contact',
			'currency',
			'date',
			'email',
			'matter',
			'numeric',
			'picklist',
			'text_area',
			'text_line',
			'time',
			'url',
		]);
	});

	for (const entry of TYPES) {
		it(`${entry.type}: sets a new value, changes it, clears it, reads each back typed`, async () => {
			const field = definition(entry.field);
			const matterId = blankMatter();
			const key = String(field.id);

			// New value: Clio needs the definition id, under custom_field (api-facts §7.3).
			const written = await setValues(matterId, { [key]: entry.first });
			let requests = apiRequests(bed);
			assert.deepEqual(calls(requests), [
				`GET ${DEFINITIONS}`,
				`GET /api/v4/matters/${matterId}.json`,
				`PATCH /api/v4/matters/${matterId}.json`,
			]);
			assert.deepEqual(patchBody(requests[2]), [
				{ custom_field: { id: field.id }, value: entry.firstSent() },
			]);
			assert.equal(written.written, 1);
			assert.deepEqual((written.fields as IDataObject)[entry.field], entry.firstRead);
			const instance = storedInstance(matterId, field);
			assert.ok(instance, 'the value is stored on the matter');
			assert.match(String(instance.id), new RegExp(`^${entry.type}-\\d+$`));
			bed.sandbox.log.clear();
			assert.deepEqual((await getValues(matterId)).fields, { [entry.field]: entry.firstRead });

			// Changed value: the composite value id, never the definition id.
			bed.sandbox.log.clear();
			await setValues(matterId, { [key]: entry.second });
			requests = apiRequests(bed);
			assert.deepEqual(patchBody(requests.at(-1)), [
				{ id: instance.id, value: entry.secondSent() },
			]);
			assert.notEqual(instance.id, field.id);
			assert.equal(storedValues(matterId).length, 1, 'changed in place, not duplicated');
			assert.deepEqual((await getValues(matterId)).fields, { [entry.field]: entry.secondRead });

			// Cleared by a null value.
			bed.sandbox.log.clear();
			const cleared = await setValues(matterId, { [key]: null });
			assert.deepEqual(patchBody(apiRequests(bed).at(-1)), [{ id: instance.id, _destroy: true }]);
			assert.equal(cleared.written, 1);
			assert.equal(storedInstance(matterId, field), undefined);
			assert.deepEqual((await getValues(matterId)).fields, {});

			// Set again, then cleared by an empty value with Empty Values = clear.
			await setValues(matterId, { [key]: entry.first });
			const again = storedInstance(matterId, field);
			assert.ok(again);
			bed.sandbox.log.clear();
			await setValues(matterId, { [key]: '' }, { emptyValues: 'clear' });
			assert.deepEqual(patchBody(apiRequests(bed).at(-1)), [{ id: again.id, _destroy: true }]);
			assert.equal(storedInstance(matterId, field), undefined);
		});

		it(`${entry.type}: refuses ${JSON.stringify(entry.invalid).slice(0, 40)} before reading or writing the matter`, async () => {
			const field = definition(entry.field);
			const matterId = blankMatter();
			const { message, description } = await refusal(
				setValues(matterId, { [String(field.id)]: entry.invalid }),
			);
			assert.match(message, new RegExp(`invalid value \\(${entry.field}\\)`));
			assert.ok(
				description.includes(`${entry.field} = ${JSON.stringify(entry.invalid)}`),
				description,
			);
			assert.ok(description.includes(`not valid for a ${entry.type} field`), description);
			assert.ok(description.includes(entry.accepted), description);
			assert.ok(description.includes('Nothing was written'), description);
			// Only the definitions, which the check needs, are read.
			assert.deepEqual(calls(apiRequests(bed)), [`GET ${DEFINITIONS}`]);
			assert.deepEqual(storedValues(matterId), []);
		});
	}
});

describe('Custom Field › Set Values rules', () => {
	it('takes a picklist option by label in any case, or by option ID', async () => {
		const field = referral();
		const matterId = blankMatter();
		await setValues(matterId, { [String(field.id)]: '  rEfErRaL ' });
		assert.equal(storedInstance(matterId, field)?.value, optionId(field, 'Referral'));
		await setValues(matterId, { [String(field.id)]: String(optionId(field, 'Website')) });
		assert.equal(storedInstance(matterId, field)?.value, optionId(field, 'Website'));
		assert.deepEqual((await getValues(matterId)).fields, { 'Referral Source': 'Website' });
	});

	it('refuses a deleted picklist option, by label and by ID, listing the live options', async () => {
		const field = referral();
		const deleted = (field.picklist_options as Rec[]).find((option) => option.deleted_at);
		assert.ok(deleted, 'the seed has a deleted option');
		for (const value of [deleted.option, deleted.id]) {
			bed.sandbox.log.clear();
			const matterId = blankMatter();
			const { description } = await refusal(setValues(matterId, { [String(field.id)]: value }));
			assert.ok(description.includes('one of "Referral", "Website", "Advertising"'), description);
			assert.ok(!description.includes(`"${String(deleted.option)}"`.concat(',')), description);
			assert.deepEqual(calls(apiRequests(bed)), [`GET ${DEFINITIONS}`]);
			assert.deepEqual(storedValues(matterId), []);
		}
	});

	it('refuses an impossible date and an unknown field, naming the known fields', async () => {
		const matterId = blankMatter();
		const { message, description } = await refusal(
			setValues(matterId, {
				[String(definition('Incident Date').id)]: '2026-02-30',
				'Court Room': '4B',
			}),
		);
		assert.match(message, /2 invalid values \(Incident Date, Court Room\)/);
		assert.ok(description.includes('Incident Date = "2026-02-30"'), description);
		assert.ok(description.includes('Court Room = "4B": no such custom field'), description);
		assert.ok(description.includes('"Claim Amount"'), description);
		assert.deepEqual(calls(apiRequests(bed)), [`GET ${DEFINITIONS}`]);
	});

	it('writes nothing at all when one field of the record is invalid', async () => {
		const matter = [...store().matters.values()].find(
			(entry) => (entry.custom_field_values as Rec[]).length >= 5,
		);
		assert.ok(matter, 'the seed has a matter with five custom field values');
		const before = storedValues(matter.id);
		const updatedAt = matter.updated_at;
		const { message } = await refusal(
			setValues(matter.id, {
				[String(definition('Court File Number').id)]: 'CV-NEW',
				[String(definition('Claim Amount').id)]: 1,
				[String(definition('Incident Date').id)]: 'someday',
			}),
		);
		assert.match(message, /1 invalid value \(Incident Date\)/);
		assert.equal(apiRequests(bed).filter((request) => request.method === 'PATCH').length, 0);
		assert.deepEqual(storedValues(matter.id), before);
		assert.equal(store().matters.get(matter.id)?.updated_at, updatedAt);
	});

	it('leaves the matter unchanged when Clio itself refuses one value', async () => {
		const matterId = blankMatter();
		await assert.rejects(
			setValues(matterId, {
				[String(definition('Court File Number').id)]: 'CV-9',
				[String(definition('Opposing Party').id)]: 999999,
			}),
			(error: Error) =>
				/Opposing Party/.test(
					`${error.message} ${(error as { description?: string }).description ?? ''}`,
				),
		);
		assert.equal(apiRequests(bed).at(-1)?.status, 422);
		assert.deepEqual(storedValues(matterId), []);
	});

	it('sends nothing for a value already set, nor for an empty value left as it is', async () => {
		const matter = [...store().matters.values()].find((entry) =>
			(entry.custom_field_values as Rec[]).some(
				(value) => value.custom_field_id === definition('Court File Number').id,
			),
		);
		assert.ok(matter);
		const current = (matter.custom_field_values as Rec[]).find(
			(value) => value.custom_field_id === definition('Court File Number').id,
		);
		const output = await setValues(matter.id, {
			[String(definition('Court File Number').id)]: current?.value,
			[String(definition('Claim Amount').id)]: '',
		});
		assert.deepEqual(calls(apiRequests(bed)), [
			`GET ${DEFINITIONS}`,
			`GET /api/v4/matters/${matter.id}.json`,
		]);
		assert.equal(output.written, 0);
		assert.deepEqual(output.unchanged, ['Court File Number']);
	});

	it('with Continue On Fail, outputs an error naming every invalid field and goes on', async () => {
		const [bad, good] = [blankMatter(), blankMatter()];
		const date = String(definition('Incident Date').id);
		const count = String(definition('Court File Count').id);
		const output = await runWith(
			bed,
			(itemIndex) =>
				setValuesParameters(
					itemIndex === 0 ? bad : good,
					itemIndex === 0
						? { [date]: 'soon', [count]: 'many' }
						: { [date]: '2026-01-02', [count]: 7 },
				),
			emptyItems(2),
			true,
		);
		assert.equal(output.length, 2);
		assert.match(String(output[0].error), /2 invalid values \(Incident Date, Court File Count\)/);
		assert.ok(String(output[0].details).includes('Incident Date = "soon"'));
		assert.ok(String(output[0].details).includes('Court File Count = "many"'));
		assert.deepEqual(output[1].fields, { 'Incident Date': '2026-01-02', 'Court File Count': 7 });
		assert.deepEqual(storedValues(bad), []);
		const patches = apiRequests(bed).filter((request) => request.method === 'PATCH');
		assert.deepEqual(calls(patches), [`PATCH /api/v4/matters/${good}.json`]);
	});

	it('writes ten fields to each of two matters with one read and one PATCH each', async () => {
		const matters = [blankMatter(), blankMatter()];
		const ten = TYPES.filter((entry) => !['contact', 'matter'].includes(entry.type));
		assert.equal(ten.length, 10);
		const value = Object.fromEntries(
			ten.map((entry) => [String(definition(entry.field).id), entry.first]),
		);
		const output = await runWith(
			bed,
			(itemIndex) => setValuesParameters(matters[itemIndex], value),
			emptyItems(2),
		);
		const requests = apiRequests(bed);
		assert.deepEqual(calls(requests), [
			`GET ${DEFINITIONS}`,
			`GET /api/v4/matters/${matters[0]}.json`,
			`PATCH /api/v4/matters/${matters[0]}.json`,
			`GET /api/v4/matters/${matters[1]}.json`,
			`PATCH /api/v4/matters/${matters[1]}.json`,
		]);
		assert.equal(patchBody(requests[2]).length, 10);
		assert.equal(patchBody(requests[4]).length, 10);
		for (const [index, matterId] of matters.entries()) {
			assert.equal(output[index].written, 10);
			assert.equal(storedValues(matterId).length, 10);
			for (const entry of ten) {
				assert.deepEqual((output[index].fields as IDataObject)[entry.field], entry.firstRead);
			}
		}
	});

	it('reads the definitions once for 100 items of one execution', async () => {
		const matters = Array.from({ length: 10 }, () => blankMatter());
		const count = String(definition('Court File Count').id);
		const output = await runWith(
			bed,
			(itemIndex) => setValuesParameters(matters[itemIndex % 10], { [count]: itemIndex + 1 }),
			emptyItems(100),
		);
		assert.equal(output.length, 100);
		const requests = apiRequests(bed);
		assert.equal(requests.filter((request) => request.path === DEFINITIONS).length, 1);
		assert.equal(requests.length, 1 + 100 * 2);
		assert.deepEqual(
			matters.map((matterId) => storedInstance(matterId, definition('Court File Count'))?.value),
			matters.map((_, index) => 91 + index),
		);
	});

	it('in "Map Automatically" mode, writes input fields named like a custom field and ignores the rest', async () => {
		const matterId = blankMatter();
		const output = await runWith(
			bed,
			{
				resource: 'customField',
				operation: 'setValues',
				parentType: 'matter',
				matterId: byId(matterId),
				fields: { mappingMode: 'autoMapInputData', value: null },
			},
			[{ json: { 'Claim Amount': '500', 'incident date': '2026-02-03', Client: 'Ada', id: 7 } }],
		);
		const requests = apiRequests(bed);
		assert.deepEqual(patchBody(requests.at(-1)), [
			{ custom_field: { id: definition('Claim Amount').id }, value: '500' },
			{ custom_field: { id: definition('Incident Date').id }, value: '2026-02-03' },
		]);
		assert.deepEqual(output[0].fields, { 'Claim Amount': 500, 'Incident Date': '2026-02-03' });
	});

	it('resolves the editor’s keys as definition IDs even when a field is named like another field’s ID', async () => {
		const claim = definition('Claim Amount');
		const decoy = store().insert('custom_fields', {
			name: String(claim.id),
			parent_type: 'Matter',
			field_type: 'text_line',
			displayed: true,
			deleted: false,
			required: false,
			display_order: 99,
			picklist_options: [],
		});
		try {
			const matterId = blankMatter();
			await setValues(matterId, { [String(claim.id)]: '75' });
			assert.deepEqual(patchBody(apiRequests(bed).at(-1)), [
				{ custom_field: { id: claim.id }, value: '75' },
			]);
		} finally {
			store().customFields.delete(decoy.id);
		}
	});
});

describe('Custom Field › contacts', () => {
	it('sets a date and a picklist on a contact, changes a checkbox it had, and reads them back', async () => {
		const contact = [...store().contacts.values()].find((entry) =>
			(entry.custom_field_values as Rec[]).some(
				(value) => value.custom_field_id === definition('VIP', 'Contact').id,
			),
		);
		assert.ok(contact, 'the seed has a contact with the VIP checkbox');
		const vip = (contact.custom_field_values as Rec[]).find(
			(value) => value.custom_field_id === definition('VIP', 'Contact').id,
		);
		assert.ok(vip);
		const wasVip = vip.value as boolean;
		const since = definition('Client Since', 'Contact');
		const preference = definition('Contact Preference', 'Contact');
		await runClio(
			bed,
			setValuesParameters(
				contact.id,
				{
					[String(since.id)]: '2019-07-01',
					[String(preference.id)]: 'phone',
					[String(definition('VIP', 'Contact').id)]: !wasVip,
				},
				{},
				'contact',
			),
		);
		const requests = apiRequests(bed);
		assert.equal(requests[0].query.parent_type, 'contact');
		// The editor keys values by definition ID, so they arrive in ID order.
		assert.deepEqual(patchBody(requests.at(-1)), [
			{ id: vip.id, value: String(!wasVip) },
			{ custom_field: { id: since.id }, value: '2019-07-01' },
			{ custom_field: { id: preference.id }, value: String(optionId(preference, 'Phone')) },
		]);
		assert.equal(requests.at(-1)?.path, `/api/v4/contacts/${contact.id}.json`);
		const read = await getValues(contact.id, 'contact');
		assert.equal((read.fields as IDataObject)['Client Since'], '2019-07-01');
		assert.equal((read.fields as IDataObject)['Contact Preference'], 'Phone');
		assert.equal((read.fields as IDataObject).VIP, !wasVip);
		assert.equal(read.recordType, 'contact');
	});

	it('refuses a matter field name on a contact', async () => {
		const contact = [...store().contacts.values()][0];
		const { description } = await refusal(
			runClio(bed, setValuesParameters(contact.id, { 'Claim Amount': 5 }, {}, 'contact')),
		);
		assert.ok(description.includes('Claim Amount = 5: no such custom field'), description);
		assert.ok(description.includes('"Client Since"'), description);
	});
});

describe('Custom Field › Get Definitions and the field mapper', () => {
	it('lists the matter fields with their types and live picklist options', async () => {
		const { fields } = await resourceMapping(new Clio(), 'getCustomFieldColumns', {
			credential: bed.credential,
			parameters: { resource: 'customField', operation: 'setValues', parentType: 'matter' },
		});
		assert.equal(fields.length, 12);
		const byName = new Map(fields.map((field) => [field.displayName, field]));
		assert.equal(byName.get('Claim Amount (currency)')?.type, 'number');
		assert.equal(byName.get('Conflict Checked (checkbox)')?.type, 'boolean');
		assert.equal(byName.get('Incident Date (date)')?.type, 'string');
		assert.equal(
			byName.get('Court File Number (text line)')?.id,
			String(definition('Court File Number').id),
		);
		const picklist = byName.get('Referral Source (picklist)');
		assert.equal(picklist?.type, 'options');
		assert.deepEqual(
			picklist?.options?.map((option) => option.name),
			['Referral', 'Website', 'Advertising'],
		);
		assert.deepEqual(apiRequests(bed)[0].query.parent_type, 'matter');
	});

	it('lists the contact fields for Record Type = Contact', async () => {
		const { fields } = await resourceMapping(new Clio(), 'getCustomFieldColumns', {
			credential: bed.credential,
			parameters: { resource: 'customField', operation: 'setValues', parentType: 'contact' },
		});
		assert.deepEqual(
			fields.map((field) => field.displayName),
			[
				'VIP (checkbox)',
				'Client Since (date)',
				'Preferred Name (text line)',
				'Contact Preference (picklist)',
				'Secondary Email (email)',
				'LinkedIn (url)',
			],
		);
	});

	it('gets the definitions, with deleted fields only when asked', async () => {
		const retired = store().insert('custom_fields', {
			name: 'Retired Field',
			parent_type: 'Matter',
			field_type: 'text_line',
			displayed: false,
			deleted: true,
			required: false,
			display_order: 50,
			picklist_options: [],
		});
		try {
			const live = await runClio(bed, {
				resource: 'customField',
				operation: 'getDefinitions',
				parentType: 'matter',
			});
			assert.equal(live.length, 12);
			assert.ok(live.every((field) => field.deleted === false));
			const all = await runClio(bed, {
				resource: 'customField',
				operation: 'getDefinitions',
				parentType: 'matter',
				includeDeleted: true,
			});
			assert.equal(all.length, 13);
			assert.equal(all.at(-1)?.name, 'Retired Field');
			const picklist = all.find((field) => field.field_type === 'picklist');
			assert.equal((picklist?.picklist_options as IDataObject[]).length, 4);
		} finally {
			store().customFields.delete(retired.id);
		}
	});
});
