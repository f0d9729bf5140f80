import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Rec } from '../sandbox/store.mts';
import { openSandbox, type Client } from './client.mts';

const CFV_FIELDS =
	'id,custom_field_values{id,field_name,field_type,value,custom_field,picklist_option}';

interface Value {
	id: string;
	field_type: string;
	value: unknown;
	custom_field: { id: number };
	picklist_option: { id: number } | null;
}

describe('custom fields', () => {
	let c: Client;
	let fields: Map<string, Rec>;
	let matterId = 0;

	before(async () => {
		c = await openSandbox({ matters: 20 });
		fields = new Map(
			[...c.sandbox.store.customFields.values()]
				.filter((f) => f.parent_type === 'Matter')
				.map((f) => [f.field_type as string, f]),
		);
	});
	after(() => c.sandbox.close());

	/** A fresh matter without values for each test. */
	async function freshMatter(): Promise<number> {
		const res = await c.post('/matters.json?fields=id', {
			data: { client: { id: 1 }, description: 'CF test' },
		});
		assert.equal(res.status, 201);
		matterId = res.body.data.id;
		return matterId;
	}

	const values = async (id: number): Promise<Value[]> =>
		(await c.get(`/matters/${id}.json?fields=${CFV_FIELDS}`)).body.data.custom_field_values;

	const write = (id: number, items: unknown[]) =>
		c.patch(`/matters/${id}.json?fields=${CFV_FIELDS}`, { data: { custom_field_values: items } });

	it('seeds all 12 field types for matters and picklist options including deleted ones', async () => {
		assert.equal(fields.size, 12);
		const res = await c.get(
			'/custom_fields.json?parent_type=matter&fields=id,name,field_type,picklist_options{id,option,deleted_at}',
		);
		assert.equal(res.body.data.length, 12);
		const picklist = res.body.data.find((f: { field_type: string }) => f.field_type === 'picklist');
		assert.ok(
			picklist.picklist_options.some((o: { deleted_at: string | null }) => o.deleted_at !== null),
		);
		assert.ok(
			picklist.picklist_options.some((o: { deleted_at: string | null }) => o.deleted_at === null),
		);
		const contact = await c.get('/custom_fields.json?parent_type=Contact&fields=id,parent_type');
		assert.ok(contact.body.data.length >= 4);
		assert.ok(contact.body.data.every((f: { parent_type: string }) => f.parent_type === 'Contact'));
	});

	it('creates, updates and destroys a value of every type', async () => {
		const id = await freshMatter();
		const picklist = fields.get('picklist') as Rec;
		const [opt1, opt2] = picklist.picklist_options as { id: number }[];
		const cases: [string, unknown, unknown, unknown, unknown][] = [
			// type, create value, expected, update value, expected
			['checkbox', true, true, 'false', false],
			['contact', 3, 3, '4', 4],
			['currency', '1250.50', 1250.5, 99, 99],
			['date', '2024-02-29', '2024-02-29', '2025-01-31', '2025-01-31'],
			['time', '09:30', '09:30:00', '17:45:10', '17:45:10'],
			['email', 'a@example.com', 'a@example.com', 'b@example.org', 'b@example.org'],
			['matter', 2, 2, '3', 3],
			['numeric', 7, 7, '12', 12],
			['picklist', opt1.id, opt1.id, String(opt2.id), opt2.id],
			['text_area', 'line 1\nline 2', 'line 1\nline 2', 'changed', 'changed'],
			['text_line', 'CV-1', 'CV-1', 'CV-2', 'CV-2'],
			['url', 'https://example.com/a', 'https://example.com/a', 'example.org', 'example.org'],
		];
		for (const [type, createValue, created, updateValue, updated] of cases) {
			const def = fields.get(type) as Rec;
			const res = await write(id, [{ custom_field: { id: def.id }, value: createValue }]);
			assert.equal(res.status, 200, `${type}: ${JSON.stringify(res.body)}`);
			const value = (res.body.data.custom_field_values as Value[]).find(
				(v) => v.custom_field.id === def.id,
			);
			assert.ok(value, type);
			assert.match(value.id, new RegExp(`^${type}-\\d+$`), 'composite value id');
			assert.deepEqual(value.value, created, type);
			if (type === 'picklist') assert.equal(value.picklist_option?.id, opt1.id);

			const upd = await write(id, [{ id: value.id, value: updateValue }]);
			assert.equal(upd.status, 200, `${type}: ${JSON.stringify(upd.body)}`);
			const after = (upd.body.data.custom_field_values as Value[]).filter(
				(v) => v.custom_field.id === def.id,
			);
			assert.equal(after.length, 1, `${type}: updated in place`);
			assert.equal(after[0].id, value.id);
			assert.deepEqual(after[0].value, updated, type);
		}
		assert.equal((await values(id)).length, 12);
		const all = await values(id);
		const del = await write(
			id,
			all.map((v) => ({ id: v.id, _destroy: true })),
		);
		assert.equal(del.status, 200);
		assert.deepEqual(await values(id), []);
	});

	it('reproduces the duplicate trap: the create shape on a filled field adds a second value', async () => {
		const id = await freshMatter();
		const def = fields.get('text_line') as Rec;
		await write(id, [{ custom_field: { id: def.id }, value: 'first' }]);
		const res = await write(id, [{ custom_field: { id: def.id }, value: 'second' }]);
		assert.equal(res.status, 200);
		const mine = (await values(id)).filter((v) => v.custom_field.id === def.id);
		assert.equal(mine.length, 2);
		assert.deepEqual(
			mine.map((v) => v.value),
			['first', 'second'],
		);
		assert.notEqual(mine[0].id, mine[1].id);
	});

	it('reproduces the definition-id trap: a number in id does not address the field', async () => {
		const id = await freshMatter();
		const def = fields.get('text_line') as Rec;
		await write(id, [{ custom_field: { id: def.id }, value: 'kept' }]);
		const res = await write(id, [{ id: def.id, value: 'lost' }]);
		assert.equal(res.status, 404);
		assert.equal(res.body.error.message, 'Not Found');
		assert.deepEqual(
			(await values(id)).map((v) => v.value),
			['kept'],
		);
	});

	it("reproduces the worse definition-id trap: a number can hit another field's value", async () => {
		const id = await freshMatter();
		const textLine = fields.get('text_line') as Rec;
		const textArea = fields.get('text_area') as Rec;
		// A value whose composite id happens to end in the text_line definition id.
		c.sandbox.store.matters
			.get(id)
			?.custom_field_values.push(
				c.sandbox.store.nested({
					id: `text_area-${textLine.id}`,
					custom_field_id: textArea.id,
					value: 'notes',
				}),
			);
		const res = await write(id, [{ id: textLine.id, value: 'meant for text_line' }]);
		assert.equal(res.status, 200);
		const [value] = await values(id);
		assert.equal(value.field_type, 'text_area');
		assert.equal(value.value, 'meant for text_line');
	});

	it('answers 404 for an unknown composite id', async () => {
		const id = await freshMatter();
		const res = await write(id, [{ id: 'text_line-987654', value: 'x' }]);
		assert.equal(res.status, 404);
	});

	it('validates values per type with 422 and leaves the record untouched', async () => {
		const id = await freshMatter();
		const picklist = fields.get('picklist') as Rec;
		const deleted = (picklist.picklist_options as { id: number; deleted_at: string | null }[]).find(
			(o) => o.deleted_at,
		);
		const otherOption = [...c.sandbox.store.customFields.values()]
			.filter((f) => f.parent_type === 'Contact' && f.field_type === 'picklist')
			.flatMap((f) => f.picklist_options as { id: number }[])[0];
		const bad: [string, unknown][] = [
			['text_line', 'x'.repeat(256)],
			['numeric', 'twelve'],
			['currency', '12,50'],
			['date', '2024-02-30'],
			['date', '01/02/2024'],
			['time', '25:00'],
			['checkbox', 'yes'],
			['picklist', deleted?.id],
			['picklist', otherOption.id],
			['picklist', 'Referral'],
			['email', 'not-an-email'],
			['url', 'not a url'],
			['contact', 999999],
			['matter', 999999],
		];
		const etag = c.sandbox.store.matters.get(id)?.etag;
		c.sandbox.log.clear();
		for (const [type, value] of bad) {
			const def = fields.get(type) as Rec;
			const res = await write(id, [{ custom_field: { id: def.id }, value }]);
			assert.equal(res.status, 422, `${type} ${JSON.stringify(value)}`);
			assert.equal(res.body.error.type, 'ValidationError');
		}
		assert.equal(c.sandbox.log.violations().length, 0);
		assert.deepEqual(await values(id), []);
		assert.equal(c.sandbox.store.matters.get(id)?.etag, etag);
	});

	it('rejects a whole batch when one item is invalid', async () => {
		const id = await freshMatter();
		const res = await write(id, [
			{ custom_field: { id: (fields.get('text_line') as Rec).id }, value: 'ok' },
			{ custom_field: { id: (fields.get('numeric') as Rec).id }, value: 'nope' },
		]);
		assert.equal(res.status, 422);
		assert.deepEqual(await values(id), []);
	});

	it('refuses the update shape on create, as the spec only allows custom_field + value there', async () => {
		c.sandbox.log.clear();
		const res = await c.post('/matters.json', {
			data: {
				client: { id: 1 },
				description: 'x',
				custom_field_values: [{ id: 'text_line-1', value: 'x' }],
			},
		});
		assert.equal(res.status, 422);
		assert.equal(c.sandbox.log.violations().length, 1);
	});

	it('writes values on create and filters lists by custom field value', async () => {
		const numeric = fields.get('numeric') as Rec;
		const res = await c.post(`/matters.json?fields=${CFV_FIELDS}`, {
			data: {
				client: { id: 1 },
				description: 'with values',
				custom_field_values: [{ custom_field: { id: numeric.id }, value: 4242 }],
			},
		});
		assert.equal(res.status, 201);
		assert.equal(res.body.data.custom_field_values[0].value, 4242);
		const found = await c.get(`/matters.json?custom_field_values[${numeric.id}]=>=4242&fields=id`);
		assert.deepEqual(found.body.data, [{ id: res.body.data.id }]);
		const narrowed = await c.get(
			`/matters/3.json?custom_field_ids[]=${(fields.get('currency') as Rec).id}&fields=${CFV_FIELDS}`,
		);
		assert.ok(
			narrowed.body.data.custom_field_values.every((v: Value) => v.field_type === 'currency'),
		);
	});

	it('handles contact custom field values the same way', async () => {
		const checkbox = [...c.sandbox.store.customFields.values()].find(
			(f) => f.parent_type === 'Contact' && f.field_type === 'checkbox',
		) as Rec;
		const created = await c.patch(`/contacts/2.json?fields=${CFV_FIELDS}`, {
			data: { custom_field_values: [{ custom_field: { id: checkbox.id }, value: true }] },
		});
		assert.equal(created.status, 200);
		const value = (created.body.data.custom_field_values as Value[]).find(
			(v) => v.custom_field.id === checkbox.id,
		);
		assert.equal(value?.value, true);
		const matterField = fields.get('text_line') as Rec;
		const wrongParent = await c.patch('/contacts/2.json', {
			data: { custom_field_values: [{ custom_field: { id: matterField.id }, value: 'x' }] },
		});
		assert.equal(wrongParent.status, 422);
	});
});
