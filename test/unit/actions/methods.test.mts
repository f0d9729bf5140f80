// The editor's searchable lists and dropdowns, run in n8n's LoadOptionsContext against the sandbox.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { INodeParameters } from 'n8n-workflow';

import { Clio } from '../../../nodes/Clio/Clio.node.ts';
import { listSearch, loadOptions } from '../support/n8n.mts';
import { apiRequests, clioTestBed } from './clio-sandbox.mts';

const bed = clioTestBed(120);
const matterGet: INodeParameters = { resource: 'matter', operation: 'get' };

function search(name: string, filter?: string, paginationToken?: string, parameters = matterGet) {
	return listSearch(new Clio(), name, {
		credential: bed.credential,
		parameters,
		filter,
		paginationToken,
	});
}

function options(name: string, parameters: INodeParameters) {
	return loadOptions(new Clio(), name, { credential: bed.credential, parameters });
}

describe('List search', () => {
	it('searches matters by text, each with a link to the matter in Clio', async () => {
		const { results, paginationToken } = await search('searchMatters', 'Estate of');
		const expected = [...bed.sandbox.store.matters.values()].filter((matter) =>
			String(matter.description).startsWith('Estate of'),
		);
		assert.ok(expected.length > 0);
		assert.deepEqual(
			results.map((result) => result.value),
			expected.slice(0, 50).map((matter) => String(matter.id)),
		);
		const first = expected[0];
		assert.equal(results[0].name, `${String(first.display_number)} · ${String(first.description)}`);
		assert.equal(results[0].url, `${bed.sandbox.url}/nc/#/matters/${String(first.id)}`);
		assert.equal(paginationToken, undefined, 'one page holds every match');
		const [request] = apiRequests(bed);
		assert.equal(request.query.query, 'Estate of');
		assert.equal(request.query.limit, '50');
	});

	it('pages through matters with the token Clio gives', async () => {
		const first = await search('searchMatters');
		assert.equal(first.results.length, 50);
		assert.ok(first.paginationToken);
		const second = await search('searchMatters', undefined, first.paginationToken);
		assert.equal(second.results.length, 50);
		const ids = new Set([...first.results, ...second.results].map((result) => result.value));
		assert.equal(ids.size, 100, 'the second page continues the first');
		const third = await search('searchMatters', undefined, second.paginationToken);
		assert.equal(third.results.length, 20);
		assert.equal(third.paginationToken, undefined);
		const requests = apiRequests(bed);
		assert.equal(requests.length, 3);
		assert.ok(requests[1].query.page_token);
	});

	it('searches contacts by name, with their email', async () => {
		const contact = [...bed.sandbox.store.contacts.values()].find(
			(entry) => entry.type === 'Company' && (entry.email_addresses as unknown[]).length,
		);
		assert.ok(contact);
		const { results } = await search('searchContacts', String(contact.name));
		const found = results.find((result) => result.value === String(contact.id));
		assert.ok(found, 'the contact is found by its name');
		assert.ok(found.name.startsWith(`${String(contact.name)} · `));
		assert.equal(found.url, `${bed.sandbox.url}/nc/#/contacts/${String(contact.id)}`);
		assert.equal(apiRequests(bed)[0].query.query, String(contact.name));
	});

	it('pages through contacts', async () => {
		const first = await search('searchContacts');
		assert.equal(first.results.length, 50);
		const second = await search('searchContacts', undefined, first.paginationToken);
		assert.notEqual(second.results[0].value, first.results[0].value);
	});

	it('searches users by name', async () => {
		const { results, paginationToken } = await search('searchUsers', 'Priya');
		assert.deepEqual(results, [
			{ name: 'Priya Shah · priya.shah@sandbox-law.example', value: '2' },
		]);
		assert.equal(paginationToken, undefined);
		assert.equal(apiRequests(bed)[0].query.name, 'Priya');
		const all = await search('searchUsers');
		assert.equal(all.results.length, 5);
	});
});

describe('Dropdowns', () => {
	it('lists practice areas by name', async () => {
		const areas = await options('getPracticeAreas', matterGet);
		const expected = [...bed.sandbox.store.practiceAreas.values()]
			.map((area) => ({ name: area.name, value: area.id }))
			.sort((a, b) => a.name.localeCompare(b.name));
		assert.deepEqual(areas, expected);
	});

	it('lists the stages of the chosen practice area in their order', async () => {
		const area = [...bed.sandbox.store.practiceAreas.values()].find(
			(entry) => entry.name === 'Family Law',
		);
		assert.ok(area);
		const expected = ['Intake', 'Discovery', 'Mediation', 'Trial', 'Closed Out'];
		for (const parameters of [
			{ resource: 'matter', operation: 'create', additionalFields: { practice_area: area.id } },
			{ resource: 'matter', operation: 'update', updateFields: { practice_area: String(area.id) } },
			{ resource: 'matter', operation: 'getMany', filters: { practiceAreaId: area.id } },
		]) {
			bed.sandbox.log.clear();
			const stages = await options('getMatterStages', parameters);
			assert.deepEqual(
				stages.map((stage) => stage.name),
				expected,
			);
			assert.equal(apiRequests(bed)[0].query.practice_area_id, String(area.id));
			assert.equal(apiRequests(bed).length, 1);
		}
	});

	it('lists every stage, labelled with its practice area, when none is chosen', async () => {
		const stages = await options('getMatterStages', { resource: 'matter', operation: 'create' });
		assert.equal(stages.length, bed.sandbox.store.matterStages.size);
		assert.ok(stages.some((stage) => stage.name === 'Family Law › Intake'));
		assert.ok(stages.some((stage) => stage.name === 'Personal Injury › Intake'));
		const names = stages.map((stage) => stage.name);
		assert.deepEqual(
			names,
			[...names].sort((a, b) => a.localeCompare(b)),
		);
		assert.equal(apiRequests(bed)[0].query.practice_area_id, undefined);
	});

	it('lists the enabled users by name', async () => {
		const users = await options('getUsers', { resource: 'task', operation: 'create' });
		assert.deepEqual(
			users.map((user) => user.name),
			['Alex Morgan', 'Daniel Okafor', 'Lucas Fischer', 'Mei Tanaka', 'Priya Shah'],
		);
		assert.equal(apiRequests(bed)[0].query.enabled, 'true');
	});
});
