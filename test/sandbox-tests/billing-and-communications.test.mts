import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { openSandbox, type Client } from './client.mts';

const COMMUNICATION_FIELDS =
	'id,subject,body,type,date,received_at,matter{id},user{id},senders{id,type,name},receivers{id,type,name}';

describe('communications, bills, relationships, deletes and spec readings', () => {
	let c: Client;
	before(async () => {
		c = await openSandbox({ matters: 40 });
	});
	after(() => c.sandbox.close());
	beforeEach(() => {
		c.sandbox.readings.personName = 'lenient';
		c.sandbox.readings.noteTypeCasing = 'either';
	});

	function noViolations() {
		assert.deepEqual(c.sandbox.log.violations(), []);
	}

	it('seeds communications on matters, between a user and the client', async () => {
		const list = await c.get(`/communications.json?fields=${COMMUNICATION_FIELDS}`);
		assert.equal(list.status, 200);
		assert.ok(list.body.data.length >= 30);
		const first = list.body.data[0];
		assert.ok(['EmailCommunication', 'PhoneCommunication'].includes(first.type));
		assert.equal(first.date, first.received_at.slice(0, 10));
		const types = [...first.senders, ...first.receivers]
			.map((p: { type: string }) => p.type)
			.sort();
		assert.deepEqual(types, ['Contact', 'User']);
		noViolations();
	});

	it('creates, filters, updates and deletes a communication', async () => {
		const matter = c.sandbox.store.matters.get(5);
		const created = await c.post(`/communications.json?fields=${COMMUNICATION_FIELDS}`, {
			data: {
				type: 'PhoneCommunication',
				subject: 'Call with opposing counsel',
				body: 'Agreed to extend discovery by two weeks.',
				received_at: '2026-03-02T15:30:00-05:00',
				matter: { id: 5 },
				senders: [{ id: 2, type: 'User' }],
				receivers: [{ id: matter?.client_id, type: 'Contact' }],
			},
		});
		assert.equal(created.status, 201);
		const id = created.body.data.id;
		assert.equal(created.body.data.received_at, '2026-03-02T20:30:00.000Z');
		assert.equal(created.body.data.date, '2026-03-02');
		assert.equal(created.body.data.user.id, 1);

		const byContact = await c.get(
			`/communications.json?contact_id=${matter?.client_id}&type=PhoneCommunication&received_since=2026-03-01T00:00:00Z&received_before=2026-03-03T00:00:00Z&fields=id`,
		);
		assert.deepEqual(
			byContact.body.data.map((x: { id: number }) => x.id),
			[id],
		);
		const byUser = await c.get(`/communications.json?user_id=2&date=2026-03-02&fields=id`);
		assert.ok(byUser.body.data.some((x: { id: number }) => x.id === id));
		const search = await c.get('/communications.json?query=discovery%20by&fields=id');
		assert.deepEqual(
			search.body.data.map((x: { id: number }) => x.id),
			[id],
		);

		const updated = await c.patch(`/communications/${id}.json?fields=${COMMUNICATION_FIELDS}`, {
			data: {
				subject: 'Call with opposing counsel (extension)',
				senders: [
					{ id: 2, type: 'User', _deleted: true },
					{ id: 3, type: 'User' },
				],
			},
		});
		assert.equal(updated.status, 200);
		assert.equal(updated.body.data.subject, 'Call with opposing counsel (extension)');
		assert.deepEqual(
			updated.body.data.senders.map((p: { id: number }) => p.id),
			[3],
		);

		assert.equal((await c.del(`/communications/${id}.json`)).status, 204);
		assert.equal((await c.get(`/communications/${id}.json`)).status, 404);
		assert.equal((await c.del(`/communications/${id}.json`)).status, 404);
		noViolations();
	});

	it('refuses a communication without its required attributes or with unknown people', async () => {
		const missing = await c.post('/communications.json', {
			data: { type: 'EmailCommunication', subject: 'No body' },
		});
		assert.equal(missing.status, 422);
		assert.ok(
			c.sandbox.log.violations().length > 0,
			'a body missing required attributes breaks the spec',
		);
		c.sandbox.log.clear();

		const unknown = await c.post('/communications.json', {
			data: {
				type: 'EmailCommunication',
				subject: 'Hello',
				body: 'Text',
				received_at: '2026-03-02T10:00:00Z',
				receivers: [{ id: 999_999, type: 'Contact' }],
			},
		});
		assert.equal(unknown.status, 422);
		assert.match(unknown.body.error.message, /Contact 999999 in receivers must exist/);
		const badType = await c.post('/communications.json', {
			data: {
				type: 'LetterCommunication',
				subject: 'x',
				body: 'x',
				received_at: '2026-03-02T10:00:00Z',
			},
		});
		assert.equal(badType.status, 422);
		assert.equal(c.sandbox.log.violations().length, 1, 'a type outside the enum breaks the spec');
		c.sandbox.log.clear();
		assert.equal(
			c.sandbox.store.table('communications').size,
			(await c.get('/communications.json?fields=id&limit=1')).body.meta.records,
			'nothing half-written',
		);
	});

	it('seeds bills in every state and filters them like Clio', async () => {
		const all = await c.get(
			'/bills.json?fields=id,number,state,total,balance,due_at,issued_at,client{id},matters{id}',
		);
		assert.equal(all.status, 200);
		const states = new Set(all.body.data.map((b: { state: string }) => b.state));
		for (const state of ['draft', 'awaiting_approval', 'awaiting_payment', 'paid', 'void']) {
			assert.ok(states.has(state), `a ${state} bill is seeded`);
		}
		const awaiting = await c.get('/bills.json?state=awaiting_payment&fields=id,state');
		assert.ok(awaiting.body.data.every((b: { state: string }) => b.state === 'awaiting_payment'));
		const overdue = await c.get('/bills.json?overdue_only=true&fields=id,state,due_at,balance');
		assert.ok(overdue.body.data.length > 0);
		const today = c.sandbox.clock.now().toISOString().slice(0, 10);
		for (const bill of overdue.body.data) {
			assert.equal(bill.state, 'awaiting_payment');
			assert.ok(bill.due_at < today && bill.balance > 0);
		}
		const bill = all.body.data[0];
		const byMatter = await c.get(
			`/bills.json?matter_id=${bill.matters[0].id}&client_id=${bill.client.id}&fields=id`,
		);
		assert.ok(byMatter.body.data.some((b: { id: number }) => b.id === bill.id));
		const dated = await c.get(
			`/bills.json?issued_after=${bill.issued_at}&issued_before=${bill.issued_at}&fields=id,issued_at`,
		);
		assert.ok(dated.body.data.every((b: { issued_at: string }) => b.issued_at === bill.issued_at));
		const byNumber = await c.get(`/bills.json?query=${Number(bill.number)}&fields=id,number`);
		assert.ok(byNumber.body.data.some((b: { id: number }) => b.id === bill.id));
		noViolations();
		const wrongQuery = await c.get('/bills.json?query=INV-1');
		assert.equal(wrongQuery.status, 400, 'the spec types a bill search as a number');
		c.sandbox.log.clear();
	});

	it('moves a bill through its states only as Clio allows', async () => {
		const draft = c.sandbox.bills.draftBill(3, 1500);
		assert.equal(draft.state, 'draft');
		const before = (
			await c.get(`/bills/${draft.id}.json?fields=state,available_state_transitions,updated_at`)
		).body.data;
		assert.deepEqual(before.available_state_transitions, [
			'awaiting_approval',
			'awaiting_payment',
			'deleted',
		]);
		c.sandbox.clock.advance(1000);
		c.sandbox.bills.moveBill(draft.id, 'awaiting_payment');
		const sent = (await c.get(`/bills/${draft.id}.json?fields=state,due_at,balance,updated_at`))
			.body.data;
		assert.equal(sent.state, 'awaiting_payment');
		assert.ok(sent.updated_at > before.updated_at);
		assert.equal(sent.balance, 1500);
		assert.throws(
			() => c.sandbox.bills.moveBill(draft.id, 'draft'),
			/cannot move from awaiting_payment to draft/,
		);
		c.sandbox.bills.moveBill(draft.id, 'paid');
		const paid = (await c.get(`/bills/${draft.id}.json?fields=state,paid,balance,paid_at`)).body
			.data;
		assert.deepEqual([paid.state, paid.paid, paid.balance], ['paid', 1500, 0]);
		assert.equal(typeof paid.paid_at, 'string');
		noViolations();
	});

	it('creates, lists and deletes relationships between contacts and matters', async () => {
		const seeded = await c.get(
			'/relationships.json?matter_id=1&fields=id,description,matter{id},contact{id,name}',
		);
		assert.ok(seeded.body.data.length >= 1);
		const created = await c.post(
			'/relationships.json?fields=id,description,matter{id},contact{id}',
			{
				data: { description: 'Opposing counsel', matter: { id: 2 }, contact: { id: 9 } },
			},
		);
		assert.equal(created.status, 201);
		assert.deepEqual(created.body.data.matter, { id: 2 });
		const ofContact = await c.get('/relationships.json?contact_id=9&fields=id');
		assert.ok(ofContact.body.data.some((r: { id: number }) => r.id === created.body.data.id));
		const noMatter = await c.post('/relationships.json', {
			data: { description: 'Expert', contact: { id: 9 } },
		});
		assert.equal(noMatter.status, 422);
		assert.match(noMatter.body.error.message, /Matter must exist/);
		assert.equal((await c.del(`/relationships/${created.body.data.id}.json`)).status, 204);
		assert.equal((await c.del(`/relationships/${created.body.data.id}.json`)).status, 404);
		noViolations();
	});

	it('deletes contacts, tasks and notes; a second delete answers 404', async () => {
		for (const [path, id] of [
			['contacts', 240],
			['tasks', 7],
			['notes', 8],
		] as const) {
			assert.equal((await c.del(`/${path}/${id}.json`)).status, 204, path);
			assert.equal((await c.del(`/${path}/${id}.json`)).status, 404, path);
		}
		noViolations();
	});

	it('plays each reading of `name` on a Person (api-facts §9.1)', async () => {
		const person = { type: 'Person', first_name: 'Grace', last_name: 'Hopper' };
		c.sandbox.readings.personName = 'required';
		const refused = await c.post('/contacts.json', { data: person });
		assert.equal(refused.status, 422);
		assert.match(refused.body.error.message, /Name can't be blank/);
		const withName = await c.post('/contacts.json?fields=id,name', {
			data: { ...person, name: 'Grace Hopper' },
		});
		assert.equal(withName.status, 201);

		c.sandbox.readings.personName = 'refused';
		const named = await c.post('/contacts.json', { data: { ...person, name: 'Grace Hopper' } });
		assert.equal(named.status, 422);
		assert.match(named.body.error.message, /Name cannot be set on a Person/);
		assert.equal((await c.post('/contacts.json', { data: person })).status, 201);
		noViolations();
	});

	it('plays each reading of the notes `type` casing (api-facts §9.5)', async () => {
		c.sandbox.readings.noteTypeCasing = 'lowercase';
		const capitalised = await c.get('/notes.json?type=Matter&fields=id');
		assert.equal(capitalised.status, 422);
		assert.equal((await c.get('/notes.json?type=matter&fields=id')).status, 200);
		noViolations();

		c.sandbox.readings.noteTypeCasing = 'capitalised';
		assert.equal((await c.get('/notes.json?type=Matter&fields=id')).status, 200);
		assert.equal((await c.get('/notes.json?type=matter&fields=id')).status, 400);
		assert.equal(c.sandbox.log.violations().length, 1, 'lowercase breaks the spec’s enum');
		c.sandbox.log.clear();
	});
});
