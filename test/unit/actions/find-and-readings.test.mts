import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { apiRequests, byId, clioTestBed, runClio, runItems } from './clio-sandbox.mts';

const bed = clioTestBed();

function withEmail(email: string): IDataObject[] {
	return [...bed.sandbox.store.contacts.values()].filter((contact) =>
		(contact.email_addresses as IDataObject[]).some(
			(entry) => String(entry.address).toLowerCase() === email.toLowerCase(),
		),
	);
}

const findOrCreate = (email: string, extra: INodeParameters = {}): INodeParameters => ({
	resource: 'contact',
	operation: 'findOrCreate',
	contactType: 'Person',
	email,
	firstName: 'Rosa',
	lastName: 'Parks',
	additionalFields: {},
	...extra,
});

describe('Contact → Find or Create', () => {
	it('creates the contact the first time and finds it the second, by email ignoring case', async () => {
		const [first] = await runClio(bed, findOrCreate('rosa.parks@example.com'));
		assert.equal(first.found, false);
		assert.equal(first.created, true);
		assert.equal(first.primary_email_address, 'rosa.parks@example.com');
		const post = apiRequests(bed).find((request) => request.method === 'POST');
		assert.deepEqual((post?.body as IDataObject).data, {
			first_name: 'Rosa',
			last_name: 'Parks',
			type: 'Person',
			email_addresses: [{ name: 'Work', address: 'rosa.parks@example.com', default_email: true }],
		});

		bed.sandbox.log.clear();
		const [second] = await runClio(bed, findOrCreate('Rosa.Parks@Example.com'));
		assert.deepEqual(
			[second.found, second.created, second.matchedBy, second.id],
			[true, false, 'email', first.id],
		);
		assert.deepEqual(
			apiRequests(bed).map((request) => request.method),
			['GET'],
		);
		assert.equal(withEmail('rosa.parks@example.com').length, 1);
	});

	it('never creates the same contact twice within one execution: the burst shares one lookup', async () => {
		const known = new Set(bed.sandbox.store.contacts.keys());
		const output = await runItems(
			bed,
			() => findOrCreate('burst@example.com', { firstName: 'Burst', lastName: 'Item' }),
			5,
		);
		assert.equal(output.length, 5);
		assert.deepEqual(
			output.map((item) => item.pairedItem),
			[0, 1, 2, 3, 4].map((item) => ({ item })),
		);
		assert.deepEqual(
			output.map((item) => item.json.created),
			[true, false, false, false, false],
		);
		assert.equal(new Set(output.map((item) => item.json.id)).size, 1);
		assert.equal(withEmail('burst@example.com').length, 1);
		const requests = apiRequests(bed);
		assert.equal(requests.filter((request) => request.method === 'POST').length, 1);
		assert.equal(requests.length, 2, 'one search and one create for the whole burst');
		assert.equal([...bed.sandbox.store.contacts.keys()].filter((id) => !known.has(id)).length, 1);
	});

	it('finds a company by name when no email is given, and says when several match', async () => {
		const company = [...bed.sandbox.store.contacts.values()].find(
			(contact) => contact.type === 'Company',
		) as IDataObject;
		const [found] = await runClio(bed, {
			resource: 'contact',
			operation: 'findOrCreate',
			contactType: 'Company',
			email: '',
			name: String(company.name).toUpperCase(),
		});
		const sameName = [...bed.sandbox.store.contacts.values()].filter(
			(contact) => contact.type === 'Company' && contact.name === company.name,
		).length;
		assert.deepEqual([found.found, found.matchedBy, found.id], [true, 'name', company.id]);
		assert.equal(found.otherMatches, sameName > 1 ? sameName - 1 : undefined);
		assert.equal(apiRequests(bed)[0].query.type, 'Company');

		await runClio(bed, {
			resource: 'contact',
			operation: 'create',
			contactType: 'Company',
			name: String(company.name),
		});
		const [again] = await runClio(bed, {
			resource: 'contact',
			operation: 'findOrCreate',
			contactType: 'Company',
			email: '',
			name: String(company.name),
		});
		assert.equal(again.id, company.id, 'the oldest match');
		assert.equal(again.otherMatches, sameName);
	});

	it('refuses a malformed email before calling Clio', async () => {
		await assert.rejects(
			runClio(bed, findOrCreate('not-an-email')),
			/Email: "not-an-email" is not an email address/,
		);
		assert.equal(apiRequests(bed).length, 0);
	});
});

describe('Matter → Find', () => {
	it('finds one matter by its number, exactly', async () => {
		const matter = bed.sandbox.store.matters.get(12) as IDataObject;
		const [found] = await runClio(bed, {
			resource: 'matter',
			operation: 'find',
			findBy: 'displayNumber',
			value: ` ${String(matter.display_number).toLowerCase()} `,
		});
		assert.equal(found.id, 12);
		assert.equal(apiRequests(bed)[0].query.query, String(matter.display_number).toLowerCase());
	});

	it('finds by client reference, fails clearly on several matches, and can output nothing when none', async () => {
		for (const id of [20, 21]) {
			await runClio(bed, {
				resource: 'matter',
				operation: 'update',
				matterId: byId(id),
				updateFields: { client_reference: 'ACME-77' },
			});
		}
		await runClio(bed, {
			resource: 'matter',
			operation: 'update',
			matterId: byId(22),
			updateFields: { client_reference: 'ACME-78' },
		});
		const [one] = await runClio(bed, {
			resource: 'matter',
			operation: 'find',
			findBy: 'clientReference',
			value: 'acme-78',
		});
		assert.equal(one.id, 22);
		await assert.rejects(
			runClio(bed, {
				resource: 'matter',
				operation: 'find',
				findBy: 'clientReference',
				value: 'ACME-77',
			}),
			(error: Error & { description?: string }) =>
				/2 matters match "ACME-77"/.test(error.message) &&
				/\(ID 20\).*\(ID 21\)/.test(String(error.description)),
		);
		await assert.rejects(
			runClio(bed, {
				resource: 'matter',
				operation: 'find',
				findBy: 'displayNumber',
				value: 'NO-SUCH-1',
			}),
			/Matter Number: no matter matches "NO-SUCH-1"/,
		);
		const none = await runClio(bed, {
			resource: 'matter',
			operation: 'find',
			findBy: 'displayNumber',
			value: 'NO-SUCH-1',
			ifNotFound: 'empty',
		});
		assert.deepEqual(none, []);
	});
});

describe('Spec conflicts: both readings work', () => {
	const person = {
		resource: 'contact',
		operation: 'create',
		contactType: 'Person',
		firstName: 'Ida',
		lastName: 'Wells',
		additionalFields: {},
	};

	it('creates a person under every reading of `name`, at most one extra request, never twice', async () => {
		for (const reading of ['lenient', 'refused', 'required'] as const) {
			bed.sandbox.readings.personName = reading;
			bed.sandbox.log.clear();
			const before = bed.sandbox.store.contacts.size;
			const output = await runItems(bed, () => person, 2);
			assert.ok(
				output.every((item) => item.json.name === 'Ida Wells'),
				reading,
			);
			assert.equal(bed.sandbox.store.contacts.size, before + 2, `${reading}: one contact per item`);
			const posts = apiRequests(bed).filter((request) => request.method === 'POST');
			assert.deepEqual(
				posts.map((request) => request.status),
				reading === 'required' ? [422, 201, 201] : [201, 201],
				`${reading}: the second item sends the name at once`,
			);
		}
		bed.sandbox.readings.personName = 'lenient';
	});

	it('lists notes under either casing of `type`, at most one extra request per execution', async () => {
		const noteOf = [...bed.sandbox.store.notes.values()].find(
			(note) => note.type === 'Matter',
		) as IDataObject;
		const list = {
			resource: 'note',
			operation: 'getMany',
			parentType: 'matter',
			matterId: byId(noteOf.matter_id as number),
			returnAll: true,
		};
		for (const reading of ['either', 'capitalised', 'lowercase'] as const) {
			bed.sandbox.readings.noteTypeCasing = reading;
			bed.sandbox.log.clear();
			const output = await runItems(bed, () => list, 2);
			assert.ok(
				output.some((item) => item.json.id === noteOf.id),
				reading,
			);
			const sent = apiRequests(bed).map(
				(request) => `${String(request.query.type)} ${request.status}`,
			);
			assert.deepEqual(
				sent,
				reading === 'lowercase'
					? ['Matter 422', 'matter 200', 'matter 200']
					: ['Matter 200', 'Matter 200'],
				reading,
			);
		}
		bed.sandbox.readings.noteTypeCasing = 'either';
	});
});
