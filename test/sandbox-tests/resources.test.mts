import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openSandbox, type Client } from './client.mts';

describe('users, contacts, tasks, notes, folders', () => {
	let c: Client;
	before(async () => {
		c = await openSandbox({ matters: 30 });
	});
	after(() => c.sandbox.close());

	it('seeds 5 users; who_am_i is user 1 with a default calendar', async () => {
		const users = await c.get('/users.json?fields=id,name,subscription_type');
		assert.equal(users.body.data.length, 5);
		const me = await c.get(
			'/users/who_am_i.json?fields=id,name,email,default_calendar_id,account{name}',
		);
		assert.equal(me.body.data.id, 1);
		assert.equal(typeof me.body.data.default_calendar_id, 'number');
		assert.equal(typeof me.body.data.account.name, 'string');
		const attorneys = await c.get(
			'/users.json?subscription_type=attorney&fields=subscription_type',
		);
		assert.ok(
			attorneys.body.data.every(
				(u: { subscription_type: string }) => u.subscription_type === 'Attorney',
			),
		);
	});

	it('seeds people and companies as clients', async () => {
		const people = await c.get('/contacts.json?type=Person&fields=id,type');
		const companies = await c.get('/contacts.json?type=Company&fields=id,type');
		assert.ok(people.body.meta.records + companies.body.meta.records >= 200);
		assert.ok(companies.body.meta.records > 0);
		const clients = await c.get('/contacts.json?client_only=true&fields=id,is_client');
		assert.ok(clients.body.data.length > 0);
		assert.ok(clients.body.data.every((x: { is_client: boolean }) => x.is_client));
	});

	it('creates contacts per the Person/Company rules', async () => {
		const person = await c.post(
			'/contacts.json?fields=id,name,first_name,last_name,type,primary_email_address,email_addresses{name,address}',
			{
				data: {
					type: 'Person',
					first_name: 'Ada',
					last_name: 'Lovelace',
					email_addresses: [{ name: 'Work', address: 'ada@example.com', default_email: true }],
				},
			},
		);
		assert.equal(person.status, 201);
		assert.equal(person.body.data.name, 'Ada Lovelace');
		assert.equal(person.body.data.primary_email_address, 'ada@example.com');

		const parsed = await c.post('/contacts.json?fields=first_name,last_name', {
			data: { type: 'Person', name: 'Grace Hopper' },
		});
		assert.equal(parsed.status, 201);
		assert.deepEqual(parsed.body.data, { first_name: 'Grace', last_name: 'Hopper' });

		const nameless = await c.post('/contacts.json', { data: { type: 'Person', name: ' ' } });
		assert.equal(nameless.status, 422);
		assert.match(nameless.body.error.message, /first name or last name/);

		const company = await c.post('/contacts.json?fields=name,type,folder{id}', {
			data: { type: 'Company', name: 'Analytical Engines Ltd.' },
		});
		assert.equal(company.status, 201);
		assert.equal(typeof company.body.data.folder.id, 'number');
	});

	it('refuses email and address names outside Work/Home/Billing/Other', async () => {
		const email = await c.post('/contacts.json', {
			data: {
				type: 'Person',
				last_name: 'X',
				email_addresses: [{ name: 'Personal', address: 'x@example.com' }],
			},
		});
		assert.equal(email.status, 422);
		const address = await c.post('/contacts.json', {
			data: { type: 'Person', last_name: 'X', addresses: [{ name: 'Office', city: 'Y' }] },
		});
		assert.equal(address.status, 422);
		const billing = await c.post('/contacts.json?fields=addresses{name}', {
			data: { type: 'Person', last_name: 'X', addresses: [{ name: 'Billing', city: 'Y' }] },
		});
		assert.equal(billing.status, 201);
	});

	it('updates, adds and destroys nested email addresses', async () => {
		const created = await c.post('/contacts.json?fields=id,email_addresses{id,address}', {
			data: {
				type: 'Person',
				last_name: 'N',
				email_addresses: [{ name: 'Home', address: 'one@example.com' }],
			},
		});
		const [email] = created.body.data.email_addresses;
		const res = await c.patch(
			`/contacts/${created.body.data.id}.json?fields=email_addresses{id,address}`,
			{
				data: {
					email_addresses: [
						{ id: email.id, _destroy: true },
						{ name: 'Work', address: 'two@example.com' },
					],
				},
			},
		);
		assert.equal(res.status, 200);
		assert.deepEqual(
			res.body.data.email_addresses.map((e: { address: string }) => e.address),
			['two@example.com'],
		);
	});

	it('creates tasks and filters them with lowercase priority', async () => {
		const res = await c.post(
			'/tasks.json?fields=id,name,status,priority,assignee{id,type},matter{id}',
			{
				data: {
					name: 'Call opposing counsel',
					description: 'Re: settlement',
					priority: 'High',
					assignee: { id: 2, type: 'User' },
					matter: { id: 3 },
				},
			},
		);
		assert.equal(res.status, 201);
		assert.equal(res.body.data.status, 'pending');
		assert.deepEqual(res.body.data.assignee, { id: 2, type: 'User' });
		const high = await c.get('/tasks.json?priority=high&matter_id=3&fields=id,priority');
		assert.ok(high.body.data.some((t: { id: number }) => t.id === res.body.data.id));
		assert.ok(high.body.data.every((t: { priority: string }) => t.priority === 'High'));
		const wrongCase = await c.get('/tasks.json?priority=High');
		assert.equal(wrongCase.status, 400);
		const done = await c.patch(`/tasks/${res.body.data.id}.json?fields=status,completed_at`, {
			data: { status: 'complete' },
		});
		assert.equal(done.body.data.status, 'complete');
		assert.ok(done.body.data.completed_at);
		const missing = await c.post('/tasks.json', {
			data: { name: 'x', description: 'y', assignee: { id: 999, type: 'User' } },
		});
		assert.equal(missing.status, 422);
	});

	it('creates notes for the record matching their type', async () => {
		const res = await c.post('/notes.json?fields=id,type,subject,matter{id}', {
			data: { type: 'Matter', matter: { id: 4 }, subject: 'Call', detail: 'Discussed' },
		});
		assert.equal(res.status, 201);
		assert.deepEqual(res.body.data.matter, { id: 4 });
		const list = await c.get('/notes.json?type=Matter&matter_id=4&fields=id');
		assert.ok(list.body.data.some((n: { id: number }) => n.id === res.body.data.id));
		const wrong = await c.post('/notes.json', { data: { type: 'Contact', matter: { id: 4 } } });
		assert.equal(wrong.status, 422);
	});

	it('creates folders under a matter root and lists children and descendants', async () => {
		const matter = await c.post('/matters.json?fields=id,folder{id,name}', {
			data: { client: { id: 1 }, description: 'Folders' },
		});
		const matterId = matter.body.data.id as number;
		const rootId = matter.body.data.folder.id;
		const a = await c.post('/folders.json?fields=id,name,parent{id}', {
			data: { name: 'Pleadings', parent: { id: matterId, type: 'Matter' } },
		});
		assert.equal(a.status, 201);
		assert.equal(a.body.data.parent.id, rootId);
		const b = await c.post('/folders.json?fields=id,parent{id}', {
			data: { name: 'Drafts', parent: { id: a.body.data.id, type: 'Folder' } },
		});
		assert.equal(b.body.data.parent.id, a.body.data.id);
		const children = await c.get(`/folders.json?parent_id=${rootId}&fields=id`);
		assert.deepEqual(children.body.data, [{ id: a.body.data.id }]);
		const descendants = await c.get(
			`/folders.json?parent_id=${rootId}&scope=descendants&fields=id`,
		);
		assert.deepEqual(
			descendants.body.data.map((f: { id: number }) => f.id),
			[a.body.data.id, b.body.data.id],
		);
		const byMatter = await c.get(`/folders.json?matter_id=${matterId}&fields=id`);
		assert.equal(byMatter.body.data.length, 3);
		assert.equal(
			(
				await c.post('/folders.json', {
					data: { name: 'x', parent: { id: 99999, type: 'Folder' } },
				})
			).status,
			404,
		);
		assert.equal((await c.del(`/folders/${a.body.data.id}.json`)).status, 204);
		const afterDelete = await c.get(
			`/folders.json?parent_id=${rootId}&scope=descendants&fields=id`,
		);
		assert.deepEqual(afterDelete.body.data, []);
	});

	it('creates a contact folder on demand for parent type Contact', async () => {
		const res = await c.post('/folders.json?fields=id,contact{id}', {
			data: { name: 'ID documents', parent: { id: 7, type: 'Contact' } },
		});
		assert.equal(res.status, 201);
		assert.equal(res.body.data.contact.id, 7);
	});

	it('is deterministic for a seed', async () => {
		const other = await openSandbox({ matters: 30 });
		try {
			const a = [...c.sandbox.store.matters.values()]
				.slice(0, 20)
				.map((m) => [m.client_id, m.status, m.matter_stage_id]);
			const b = [...other.sandbox.store.matters.values()]
				.slice(0, 20)
				.map((m) => [m.client_id, m.status, m.matter_stage_id]);
			assert.deepEqual(a, b);
		} finally {
			await other.sandbox.close();
		}
	});
});
