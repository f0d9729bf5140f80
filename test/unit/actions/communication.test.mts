import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { COMMUNICATION_FIELDS } from '../../../nodes/Clio/clio/fields.ts';
import { apiRequests, byId, clioTestBed, runClio, runItems } from './clio-sandbox.mts';

const bed = clioTestBed();

describe('Communication', () => {
	it('logs a phone call on a matter, from a user to the client, and reads it back', async () => {
		const matter = bed.sandbox.store.matters.get(4) as IDataObject;
		const [created] = await runClio(bed, {
			resource: 'communication',
			operation: 'create',
			communicationType: 'PhoneCommunication',
			subject: ' Call about settlement ',
			body: 'Client accepts the offer.',
			receivedAt: '2026-03-02T15:30:00-05:00',
			additionalFields: {
				matter: byId(4),
				senders: { person: [{ kind: 'User', user: byId(2) }] },
				receivers: {
					person: [
						{
							kind: 'Contact',
							contact: {
								__rl: true,
								mode: 'url',
								value: `https://app.clio.com/nc/#/contacts/${matter.client_id}`,
							},
						},
					],
				},
			},
		});
		const [request] = apiRequests(bed);
		assert.equal(request.query.fields, COMMUNICATION_FIELDS);
		assert.deepEqual(request.body, {
			data: {
				type: 'PhoneCommunication',
				subject: 'Call about settlement',
				body: 'Client accepts the offer.',
				received_at: '2026-03-02T20:30:00.000Z',
				matter: { id: 4 },
				senders: [{ id: 2, type: 'User' }],
				receivers: [{ id: matter.client_id, type: 'Contact' }],
			},
		});
		assert.equal(created.date, '2026-03-02');
		assert.deepEqual(
			(created.senders as IDataObject[]).map((person) => person.type),
			['User'],
		);
		assert.deepEqual(
			Object.keys(created).sort(),
			COMMUNICATION_FIELDS.replace(/\{[^}]*\}/g, '')
				.split(',')
				.sort(),
		);

		const [read] = await runClio(bed, {
			resource: 'communication',
			operation: 'get',
			communicationId: created.id as number,
		});
		assert.deepEqual(read, created);
	});

	it('lists by matter, contact, type and date range, honouring Return All and Limit', async () => {
		const matter = bed.sandbox.store.matters.get(4) as IDataObject;
		const filtered = await runClio(bed, {
			resource: 'communication',
			operation: 'getMany',
			returnAll: true,
			filters: {
				matter: byId(4),
				contact: byId(matter.client_id as number),
				type: 'PhoneCommunication',
				receivedSince: '2026-03-02T00:00:00Z',
				receivedBefore: '2026-03-03T00:00:00Z',
			},
		});
		assert.equal(filtered.length, 1);
		assert.equal(filtered[0].subject, 'Call about settlement');
		const [list] = apiRequests(bed);
		assert.equal(list.query.matter_id, '4');
		assert.equal(list.query.contact_id, String(matter.client_id));
		assert.equal(list.query.received_since, '2026-03-02T00:00:00.000Z');

		bed.sandbox.log.clear();
		const three = await runClio(bed, {
			resource: 'communication',
			operation: 'getMany',
			returnAll: false,
			limit: 3,
		});
		assert.equal(three.length, 3);
		assert.equal(apiRequests(bed)[0].query.limit, '3');
		const all = await runClio(bed, {
			resource: 'communication',
			operation: 'getMany',
			returnAll: true,
		});
		assert.equal(all.length, bed.sandbox.store.table('communications').size);
	});

	it('updates the subject and adds a receiver; refuses an update with nothing to change', async () => {
		const id = [...bed.sandbox.store.table('communications').keys()][0];
		const [updated] = await runClio(bed, {
			resource: 'communication',
			operation: 'update',
			communicationId: id,
			updateFields: {
				subject: 'Follow-up call',
				receivers: { person: [{ kind: 'User', user: byId(5) }] },
			},
		});
		assert.deepEqual(apiRequests(bed)[0].body, {
			data: { subject: 'Follow-up call', receivers: [{ id: 5, type: 'User' }] },
		});
		assert.equal(updated.subject, 'Follow-up call');
		assert.ok((updated.receivers as IDataObject[]).some((person) => person.id === 5));
		await assert.rejects(
			runClio(bed, {
				resource: 'communication',
				operation: 'update',
				communicationId: id,
				updateFields: {},
			}),
			/Update Fields: nothing to update/,
		);
	});

	it('refuses bad input before calling Clio, and reports an unknown contact from Clio', async () => {
		await assert.rejects(
			runClio(bed, {
				resource: 'communication',
				operation: 'create',
				communicationType: 'EmailCommunication',
				subject: '',
				body: 'x',
			}),
			/Subject: this field is empty/,
		);
		await assert.rejects(
			runClio(bed, {
				resource: 'communication',
				operation: 'create',
				communicationType: 'EmailCommunication',
				subject: 'x',
				body: 'x',
				receivedAt: 'next tuesday',
			}),
			/Date: "next tuesday" is not a date and time/,
		);
		assert.equal(apiRequests(bed).length, 0);
		const output = await runItems(
			bed,
			(itemIndex) => ({
				resource: 'communication',
				operation: 'create',
				communicationType: 'EmailCommunication',
				subject: 'Engagement letter',
				body: 'Attached.',
				additionalFields: {
					receivers: {
						person: [{ kind: 'Contact', contact: byId(itemIndex === 0 ? 999_999 : 3) }],
					},
				},
			}),
			2,
			true,
		);
		assert.match(String(output[0].json.error), /Contact 999999 in receivers must exist/);
		assert.deepEqual(output[0].pairedItem, { item: 0 });
		assert.equal(output[1].json.subject, 'Engagement letter');
		assert.deepEqual(output[1].pairedItem, { item: 1 });
	});

	it('deletes a communication once; the second time it reports it gone', async () => {
		const id = [...bed.sandbox.store.table('communications').keys()].at(-1) as number;
		const [first] = await runClio(bed, {
			resource: 'communication',
			operation: 'delete',
			communicationId: id,
		});
		const [second] = await runClio(bed, {
			resource: 'communication',
			operation: 'delete',
			communicationId: id,
		});
		assert.deepEqual(first, { id, deleted: true });
		assert.equal(second.deleted, false);
		assert.match(String(second.reason), /No communication with ID/);
		await assert.rejects(
			runClio(bed, { resource: 'communication', operation: 'get', communicationId: id }),
			/Not found in Clio/,
		);
	});
});
