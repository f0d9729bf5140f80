// Time entries and expenses against the sandbox: hours typed by people become Clio's seconds,
// bad input is refused before anything is sent, and every request conforms to the spec.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { Clio } from '../../../nodes/Clio/Clio.node.ts';
import { ACTIVITY_FIELDS } from '../../../nodes/Clio/clio/fields.ts';
import type { Rec } from '../../sandbox/store.mts';
import { listSearch, loadOptions } from '../support/n8n.mts';
import { apiRequests, byId, clioTestBed, runClio, runItems } from './clio-sandbox.mts';

const bed = clioTestBed(60);
const ACTIVITIES = '/api/v4/activities.json';

function timeEntry(parameters: IDataObject): INodeParameters {
	return {
		resource: 'activity',
		operation: 'createTimeEntry',
		matterId: byId(3),
		duration: '1:30',
		note: 'Drafted the reply brief',
		date: '2026-03-02T00:00:00',
		additionalFields: {},
		...parameters,
	} as INodeParameters;
}

function stored(id: unknown): Rec {
	const activity = bed.sandbox.store.table('activities').get(Number(id));
	assert.ok(activity, `activity ${String(id)} is in the sandbox`);
	return activity;
}

function named(table: string, name: string): Rec {
	const found = [...bed.sandbox.store.table(table).values()].find((record) => record.name === name);
	assert.ok(found, `the sandbox has "${name}" in ${table}`);
	return found;
}

describe('Activity › Create Time Entry', () => {
	it('logs 1:30 on a matter as 5,400 seconds and reads back 1.5 hours', async () => {
		const court = named('activity_descriptions', 'Court Appearance');
		const [output] = await runItems(
			bed,
			() =>
				timeEntry({
					additionalFields: {
						activity_description: court.id,
						user: byId(2),
						price: 400,
						non_billable: false,
					},
				}),
			1,
		);
		const [request] = apiRequests(bed);
		assert.equal(request.method, 'POST');
		assert.equal(request.path, ACTIVITIES);
		assert.equal(request.query.fields, ACTIVITY_FIELDS);
		assert.deepEqual(request.body, {
			data: {
				type: 'TimeEntry',
				date: '2026-03-02',
				quantity: 5400,
				matter: { id: 3 },
				note: 'Drafted the reply brief',
				activity_description: { id: court.id },
				user: { id: 2 },
				price: 400,
				non_billable: false,
			},
		});
		assert.deepEqual(output.pairedItem, { item: 0 });
		assert.equal(output.json.quantity, 5400);
		assert.equal(output.json.quantity_in_hours, 1.5);
		assert.equal(output.json.total, 600);
		assert.deepEqual(output.json.matter, {
			id: 3,
			display_number: bed.sandbox.store.matters.get(3)?.display_number,
		});
		assert.equal(stored(output.json.id).quantity, 5400);
	});

	it('reads each way people write hours, one item each, paired with its input', async () => {
		const typed = ['1.5', '90m', '1h 30m', '1:30', '1,5', '0:45', '2 hours'];
		const output = await runItems(
			bed,
			(itemIndex) => timeEntry({ duration: typed[itemIndex] }),
			typed.length,
		);
		assert.deepEqual(
			output.map((item) => [item.json.quantity, item.pairedItem]),
			[5400, 5400, 5400, 5400, 5400, 2700, 7200].map((seconds, item) => [seconds, { item }]),
		);
		assert.deepEqual(
			apiRequests(bed).map(
				(request) => (request.body as IDataObject & { data: IDataObject }).data.quantity,
			),
			[5400, 5400, 5400, 5400, 5400, 2700, 7200],
		);
	});

	it('refuses hours typed as text that is not a duration, naming the field, value and forms; sends nothing', async () => {
		await assert.rejects(
			runClio(bed, timeEntry({ duration: 'an hour and a half' })),
			(error: Error & { description?: string }) => {
				assert.equal(error.message, 'Duration: "an hour and a half" is not a duration');
				assert.match(
					String(error.description),
					/1\.5 \(hours\), 1:30 \(hours:minutes\), 90m \(minutes\) or 1h 30m/,
				);
				return true;
			},
		);
		await assert.rejects(
			runClio(bed, timeEntry({ duration: '0' })),
			/Duration: "0" is not a duration/,
		);
		await assert.rejects(
			runClio(bed, timeEntry({ duration: ' ' })),
			/Duration: this field is empty/,
		);
		assert.equal(apiRequests(bed).length, 0);
	});

	it('with Continue On Fail, a bad duration fails its item alone', async () => {
		const output = await runItems(
			bed,
			(itemIndex) => timeEntry({ duration: itemIndex === 0 ? 'ninety' : '0.25' }),
			2,
			true,
		);
		assert.equal(output.length, 2);
		assert.equal(output[0].json.error, 'Duration: "ninety" is not a duration');
		assert.match(String(output[0].json.details), /Nothing was sent to Clio/);
		assert.deepEqual(output[0].pairedItem, { item: 0 });
		assert.equal(output[1].json.quantity, 900);
		assert.deepEqual(output[1].pairedItem, { item: 1 });
		assert.equal(apiRequests(bed).length, 1);
	});

	it('dates an entry today in the workflow’s time zone and leaves out what was not given', async () => {
		const [output] = await runClio(bed, timeEntry({ date: '', matterId: byId(''), note: '' }));
		const [request] = apiRequests(bed);
		const data = (request.body as { data: IDataObject }).data;
		assert.deepEqual(Object.keys(data).sort(), ['date', 'quantity', 'type']);
		assert.match(String(data.date), /^\d{4}-\d{2}-\d{2}$/);
		const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(
			new Date(),
		);
		assert.equal(data.date, today, 'n8n’s default workflow time zone');
		assert.equal((output.user as IDataObject).id, 1, 'the connected user');
		assert.equal(output.matter, null);
	});

	it('refuses an impossible date and a bad matter ID before sending', async () => {
		await assert.rejects(
			runClio(bed, timeEntry({ date: '2026-02-30' })),
			/Date: "2026-02-30" is not a date/,
		);
		await assert.rejects(
			runClio(bed, timeEntry({ matterId: byId('abc') })),
			/Matter: "abc" is not a Clio ID/,
		);
		assert.equal(apiRequests(bed).length, 0);
	});
});

describe('Activity › Create Expense Entry', () => {
	function expense(parameters: IDataObject): INodeParameters {
		return {
			resource: 'activity',
			operation: 'createExpenseEntry',
			matterId: byId(4),
			expense_category: '',
			price: 0,
			quantity: 1,
			note: '',
			date: '2026-03-03',
			additionalFields: {},
			...parameters,
		} as INodeParameters;
	}

	it('records a filing fee with its price, and courier runs at the category’s rate', async () => {
		const filing = named('expense_categories', 'Court Filing Fee');
		const courier = named('expense_categories', 'Courier');
		const [fee, runs] = await runItems(
			bed,
			(itemIndex) =>
				itemIndex === 0
					? expense({ expense_category: filing.id, price: 350.5, note: 'Complaint filing fee' })
					: expense({
							expense_category: courier.id,
							quantity: 2,
							additionalFields: { user: byId(4) },
						}),
			2,
		);
		const [first, second] = apiRequests(bed);
		assert.equal(first.query.fields, ACTIVITY_FIELDS);
		assert.deepEqual(first.body, {
			data: {
				type: 'ExpenseEntry',
				date: '2026-03-03',
				quantity: 1,
				matter: { id: 4 },
				note: 'Complaint filing fee',
				expense_category: { id: filing.id },
				price: 350.5,
			},
		});
		assert.deepEqual(second.body, {
			data: {
				type: 'ExpenseEntry',
				date: '2026-03-03',
				quantity: 2,
				matter: { id: 4 },
				expense_category: { id: courier.id },
				user: { id: 4 },
			},
		});
		assert.equal(fee.json.total, 350.5);
		assert.equal(runs.json.price, 45);
		assert.equal(runs.json.total, 90);
		assert.deepEqual(runs.pairedItem, { item: 1 });
	});

	it('refuses an expense without price or category, and a quantity of zero, before sending', async () => {
		await assert.rejects(runClio(bed, expense({})), /Price: 0 with no expense category/);
		await assert.rejects(
			runClio(bed, expense({ price: 10, quantity: 0 })),
			/Quantity: "0" is not above zero/,
		);
		assert.equal(apiRequests(bed).length, 0);
	});

	it('reports Clio’s refusal when the category has no rate and no price was given', async () => {
		const filing = named('expense_categories', 'Court Filing Fee');
		await assert.rejects(
			runClio(bed, expense({ expense_category: filing.id })),
			/Price can't be blank/,
		);
	});
});

describe('Activity › Get, Get Many', () => {
	it('gets one entry with the exact fields', async () => {
		const seeded = [...bed.sandbox.store.table('activities').values()].find(
			(a) => a.type === 'TimeEntry',
		) as Rec;
		const [output] = await runClio(bed, {
			resource: 'activity',
			operation: 'get',
			activityId: byId(seeded.id),
		});
		const [request] = apiRequests(bed);
		assert.equal(request.path, `/api/v4/activities/${seeded.id}.json`);
		assert.equal(request.query.fields, ACTIVITY_FIELDS);
		assert.equal(output.id, seeded.id);
		assert.equal(output.quantity, seeded.quantity);
		assert.equal(output.quantity_in_hours, seeded.quantity / 3600);
		assert.deepEqual(
			Object.keys(output).sort(),
			ACTIVITY_FIELDS.replace(/\{[^}]*\}/g, '')
				.split(',')
				.sort(),
		);
	});

	it('reports an entry that does not exist as not found', async () => {
		await assert.rejects(
			runClio(bed, { resource: 'activity', operation: 'get', activityId: byId(987654) }),
			/Not found in Clio \(GET \/activities\/987654\.json\)/,
		);
	});

	it('lists the unbilled time of a matter in a date range, with Clio’s filters', async () => {
		const seeded = [...bed.sandbox.store.table('activities').values()];
		const matterId = seeded[0].matter_id as number;
		const output = await runClio(bed, {
			resource: 'activity',
			operation: 'getMany',
			returnAll: true,
			filters: {
				matterId: byId(matterId),
				type: 'TimeEntry',
				status: 'unbilled',
				startDate: '2000-01-01',
				endDate: '2100-12-31T00:00:00',
			},
		});
		const [request] = apiRequests(bed);
		assert.deepEqual(request.query, {
			fields: ACTIVITY_FIELDS,
			matter_id: String(matterId),
			type: 'TimeEntry',
			status: 'unbilled',
			start_date: '2000-01-01',
			end_date: '2100-12-31',
			limit: '200',
		});
		const expected = seeded.filter(
			(a) =>
				a.matter_id === matterId &&
				a.type === 'TimeEntry' &&
				a.bill_state === null &&
				!a.non_billable &&
				!a.written_off,
		);
		assert.ok(expected.length > 0);
		assert.deepEqual(
			output.map((a) => a.id),
			expected.map((a) => a.id),
		);
	});

	it('Return All follows every page; Limit stops early and asks for no more than needed', async () => {
		const total = bed.sandbox.store.table('activities').size;
		const all = await runClio(bed, {
			resource: 'activity',
			operation: 'getMany',
			returnAll: true,
			filters: {},
		});
		assert.equal(all.length, total);
		assert.equal(apiRequests(bed).length, Math.ceil(total / 200));
		bed.sandbox.log.clear();
		const some = await runClio(bed, {
			resource: 'activity',
			operation: 'getMany',
			returnAll: false,
			limit: 5,
			filters: { userId: byId(2), query: 'call' },
		});
		assert.equal(some.length, 5);
		const [request] = apiRequests(bed);
		assert.equal(request.query.limit, '5');
		assert.equal(request.query.user_id, '2');
		assert.equal(request.query.query, 'call');
		assert.ok(some.every((a) => (a.user as IDataObject).id === 2 && /call/i.test(String(a.note))));
	});

	it('refuses a date range that ends before it starts', async () => {
		await assert.rejects(
			runClio(bed, {
				resource: 'activity',
				operation: 'getMany',
				returnAll: true,
				filters: { startDate: '2026-02-01', endDate: '2026-01-01' },
			}),
			/From Date: 2026-02-01 is after To Date \(2026-01-01\)/,
		);
		assert.equal(apiRequests(bed).length, 0);
	});
});

describe('Activity › Update, Delete', () => {
	async function createTime(duration = '1:00'): Promise<number> {
		const [output] = await runClio(bed, timeEntry({ duration }));
		bed.sandbox.log.clear();
		return Number(output.id);
	}

	it('changes the note and rate in one PATCH, with the exact fields', async () => {
		const id = await createTime();
		const [output] = await runClio(bed, {
			resource: 'activity',
			operation: 'update',
			activityId: byId(id),
			updateFields: { note: 'Revised note', price: 275 },
		});
		const [request] = apiRequests(bed);
		assert.equal(request.method, 'PATCH');
		assert.equal(request.query.fields, ACTIVITY_FIELDS);
		assert.deepEqual(request.body, { data: { note: 'Revised note', price: 275 } });
		assert.equal(output.note, 'Revised note');
		assert.equal(output.price, 275);
	});

	it('changes a time entry’s hours after checking it is one: typed 2:15, sent 8,100 seconds', async () => {
		const id = await createTime();
		const [output] = await runClio(bed, {
			resource: 'activity',
			operation: 'update',
			activityId: byId(id),
			updateFields: { duration: '2:15' },
		});
		const [read, patch] = apiRequests(bed);
		assert.equal(read.method, 'GET');
		assert.equal(read.query.fields, 'id,type');
		assert.deepEqual(patch.body, { data: { quantity: 8100 } });
		assert.equal(output.quantity_in_hours, 2.25);
	});

	it('refuses a duration for an expense and a quantity for a time entry, changing nothing', async () => {
		const expense = [...bed.sandbox.store.table('activities').values()].find(
			(a) => a.type === 'ExpenseEntry',
		) as Rec;
		const before = structuredClone(expense);
		await assert.rejects(
			runClio(bed, {
				resource: 'activity',
				operation: 'update',
				activityId: byId(expense.id),
				updateFields: { duration: '1:00' },
			}),
			new RegExp(
				`Duration \\(Time Entries\\): entry ${expense.id} is an expense \\(ExpenseEntry\\)`,
			),
		);
		const timeId = await createTime();
		await assert.rejects(
			runClio(bed, {
				resource: 'activity',
				operation: 'update',
				activityId: byId(timeId),
				updateFields: { quantity: 3 },
			}),
			/Quantity \(Expenses\): entry \d+ is a time entry/,
		);
		assert.deepEqual(stored(expense.id), before);
		assert.ok(apiRequests(bed).every((request) => request.method === 'GET'));
		const [units] = await runClio(bed, {
			resource: 'activity',
			operation: 'update',
			activityId: byId(expense.id),
			updateFields: { quantity: 3 },
		});
		assert.equal(units.quantity, 3);
	});

	it('refuses an update with nothing to change, or hours that are not a duration', async () => {
		await assert.rejects(
			runClio(bed, {
				resource: 'activity',
				operation: 'update',
				activityId: byId(1),
				updateFields: {},
			}),
			/Update Fields: nothing to update/,
		);
		await assert.rejects(
			runClio(bed, {
				resource: 'activity',
				operation: 'update',
				activityId: byId(1),
				updateFields: { duration: 'tomorrow' },
			}),
			/Duration \(Time Entries\): "tomorrow" is not a duration/,
		);
		assert.equal(apiRequests(bed).length, 0);
	});

	it('deletes an entry once; deleting it again reports deleted: false with the reason', async () => {
		const id = await createTime();
		const [deleted] = await runClio(bed, {
			resource: 'activity',
			operation: 'delete',
			activityId: byId(id),
		});
		assert.deepEqual(deleted, { id, deleted: true });
		assert.equal(bed.sandbox.store.table('activities').has(id), false);
		const [again] = await runClio(bed, {
			resource: 'activity',
			operation: 'delete',
			activityId: byId(id),
		});
		assert.equal(again.deleted, false);
		assert.match(
			String(again.reason),
			new RegExp(`No time entry or expense with ID ${id} was found`),
		);
		assert.deepEqual(
			apiRequests(bed).map((request) => [request.method, request.path, request.status]),
			[
				['DELETE', `/api/v4/activities/${id}.json`, 204],
				['DELETE', `/api/v4/activities/${id}.json`, 404],
			],
		);
	});
});

describe('Activity › editor lists', () => {
	const parameters: INodeParameters = { resource: 'activity', operation: 'createTimeEntry' };

	it('offers the billing codes with their rates and the expense categories with theirs', async () => {
		const descriptions = await loadOptions(new Clio(), 'getActivityDescriptions', {
			credential: bed.credential,
			parameters,
		});
		const court = descriptions.find((option) => option.name === 'Court Appearance');
		assert.equal(court?.value, named('activity_descriptions', 'Court Appearance').id);
		assert.equal(court?.description, 'Hourly rate 450');
		assert.equal(
			descriptions.find((o) => o.name === 'Will Package')?.description,
			'Flat rate 1200',
		);
		assert.equal(
			descriptions.find((o) => o.name === 'Drafting')?.description,
			'Billed at the user’s rate',
		);
		const categories = await loadOptions(new Clio(), 'getExpenseCategories', {
			credential: bed.credential,
			parameters,
		});
		assert.deepEqual(
			categories.map((option) => option.name),
			['Courier', 'Court Filing Fee', 'Expert Witness Fee', 'Mileage', 'Photocopies', 'Postage'],
		);
		assert.equal(categories[0].description, 'Rate 45 per unit');
		assert.ok(apiRequests(bed).every((request) => request.query.fields));
	});

	it('searches entries by their note, newest first', async () => {
		const { results } = await listSearch(new Clio(), 'searchActivities', {
			credential: bed.credential,
			parameters,
			filter: 'hearing',
		});
		assert.ok(results.length > 0);
		const ids = results.map((result) => Number(result.value));
		assert.deepEqual(
			ids,
			[...ids].sort((a, b) => b - a),
		);
		const [request] = apiRequests(bed);
		assert.equal(request.query.query, 'hearing');
		assert.equal(request.query.order, 'id(desc)');
		assert.match(results[0].name, /^\d{4}-\d{2}-\d{2} · /);
	});
});
