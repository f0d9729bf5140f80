import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { IDataObject } from 'n8n-workflow';

import { apiRequests, byId, clioTestBed, runClio } from './clio-sandbox.mts';

const bed = clioTestBed();

function firstContact(type: 'Person' | 'Company'): IDataObject {
	const found = [...bed.sandbox.store.contacts.values()].find((contact) => contact.type === type);
	assert.ok(found, `the sandbox has a ${type}`);
	return found as IDataObject;
}

describe('Contact', () => {
	it('creates a person with email addresses, phone numbers, an address and a company', async () => {
		const company = firstContact('Company');
		const [created] = await runClio(bed, {
			resource: 'contact',
			operation: 'create',
			contactType: 'Person',
			firstName: ' Ada ',
			lastName: 'Lovelace',
			additionalFields: {
				emailAddresses: {
					entry: [
						{ address: 'ada@example.com', type: 'Work', isDefault: true },
						{ address: '', type: 'Home', isDefault: false },
					],
				},
				phoneNumbers: { entry: [{ number: '555-0100', type: 'Mobile', isDefault: true }] },
				addresses: {
					entry: [{ street: '1 Main St', city: 'Springfield', postal_code: '62701', type: 'Home' }],
				},
				company: byId(company.id as number),
				date_of_birth: '1815-12-10T00:00:00',
				title: 'Analyst',
			},
		});

		const [request] = apiRequests(bed);
		assert.equal(request.method, 'POST');
		assert.equal(request.path, '/api/v4/contacts.json');
		assert.deepEqual(request.body, {
			data: {
				type: 'Person',
				first_name: 'Ada',
				last_name: 'Lovelace',
				title: 'Analyst',
				date_of_birth: '1815-12-10',
				company: { id: company.id },
				email_addresses: [{ name: 'Work', address: 'ada@example.com', default_email: true }],
				phone_numbers: [{ name: 'Mobile', number: '555-0100', default_number: true }],
				addresses: [
					{ name: 'Home', street: '1 Main St', city: 'Springfield', postal_code: '62701' },
				],
			},
		});
		assert.equal(created.name, 'Ada Lovelace');
		assert.equal(created.primary_email_address, 'ada@example.com');
		assert.equal((created.company as IDataObject).id, company.id);
		assert.equal((created.email_addresses as IDataObject[])[0].primary, true);
	});

	it('creates a company from its name', async () => {
		const [created] = await runClio(bed, {
			resource: 'contact',
			operation: 'create',
			contactType: 'Company',
			name: 'Acme Holdings',
		});
		assert.deepEqual(apiRequests(bed)[0].body, {
			data: { type: 'Company', name: 'Acme Holdings' },
		});
		assert.equal(created.type, 'Company');
	});

	it('refuses a person without a name, before asking Clio', async () => {
		await assert.rejects(
			runClio(bed, {
				resource: 'contact',
				operation: 'create',
				contactType: 'Person',
				firstName: '',
				lastName: ' ',
			}),
			/First Name, Last Name: both are empty/,
		);
		assert.equal(apiRequests(bed).length, 0);
	});

	it('leaves out person fields, which the editor hides, when creating a company', async () => {
		await runClio(bed, {
			resource: 'contact',
			operation: 'create',
			contactType: 'Company',
			name: 'Acme',
			additionalFields: { middle_name: 'Q', title: 'Supplier' },
		});
		assert.deepEqual(apiRequests(bed)[0].body, {
			data: { type: 'Company', name: 'Acme', title: 'Supplier' },
		});
	});

	it('refuses a label Clio does not accept', async () => {
		await assert.rejects(
			runClio(bed, {
				resource: 'contact',
				operation: 'create',
				contactType: 'Person',
				lastName: 'Byron',
				additionalFields: {
					emailAddresses: { entry: [{ address: 'b@example.com', type: 'Billing' }] },
				},
			}),
			/Email Addresses › Type: "Billing" is not accepted/,
		);
		assert.equal(apiRequests(bed).length, 0);
	});

	it('gets one contact', async () => {
		const person = firstContact('Person');
		const [contact] = await runClio(bed, {
			resource: 'contact',
			operation: 'get',
			contactId: byId(person.id as number),
		});
		assert.equal(contact.id, person.id);
		assert.equal(contact.type, 'Person');
		assert.ok(Array.isArray(contact.phone_numbers));
	});

	it('lists companies that are clients, up to the limit', async () => {
		const contacts = await runClio(bed, {
			resource: 'contact',
			operation: 'getMany',
			returnAll: false,
			limit: 3,
			filters: { type: 'Company', clientOnly: true, updatedSince: '2000-01-01T00:00:00Z' },
		});
		const [request] = apiRequests(bed);
		assert.equal(request.query.type, 'Company');
		assert.equal(request.query.client_only, 'true');
		assert.equal(request.query.updated_since, '2000-01-01T00:00:00.000Z');
		assert.ok(contacts.length > 0 && contacts.length <= 3);
		assert.ok(
			contacts.every((contact) => contact.type === 'Company' && contact.is_client === true),
		);
	});

	it('adds a phone number to a contact and keeps the ones it had', async () => {
		const person = firstContact('Person');
		const before = (person.phone_numbers as IDataObject[]).length;
		const [updated] = await runClio(bed, {
			resource: 'contact',
			operation: 'update',
			contactId: byId(person.id as number),
			updateFields: {
				phoneNumbers: { entry: [{ number: '555-0199', type: 'Fax' }] },
				title: 'Partner',
			},
		});
		const requests = apiRequests(bed);
		assert.deepEqual(
			requests.map((request) => request.method),
			['PATCH'],
		);
		assert.deepEqual(requests[0].body, {
			data: {
				title: 'Partner',
				phone_numbers: [{ name: 'Fax', number: '555-0199', default_number: false }],
			},
		});
		assert.equal((updated.phone_numbers as IDataObject[]).length, before + 1);
		assert.equal(updated.title, 'Partner');
	});

	it('refuses a company name on a person, after reading the contact’s type', async () => {
		const person = firstContact('Person');
		await assert.rejects(
			runClio(bed, {
				resource: 'contact',
				operation: 'update',
				contactId: byId(person.id as number),
				updateFields: { name: 'Acme' },
			}),
			new RegExp(`Company Name: contact ${String(person.id)} is a person`),
		);
		assert.deepEqual(
			apiRequests(bed).map((request) => request.method),
			['GET'],
		);
	});

	it('refuses an update with nothing to change', async () => {
		await assert.rejects(
			runClio(bed, {
				resource: 'contact',
				operation: 'update',
				contactId: byId(1),
				updateFields: { title: ' ' },
			}),
			/Update Fields: nothing to update/,
		);
	});
});
