import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { IDataObject } from 'n8n-workflow';

import type { Rec } from '../../sandbox/store.mts';
import { apiRequests, byId, clioTestBed, runClio } from './clio-sandbox.mts';

const bed = clioTestBed(240);
const MATTERS = '/api/v4/matters.json';

function store() {
	return bed.sandbox.store;
}

function matters(): Rec[] {
	return [...store().matters.values()];
}

function practiceArea(name: string): Rec {
	const area = [...store().practiceAreas.values()].find((entry) => entry.name === name);
	assert.ok(area, `the sandbox has the practice area ${name}`);
	return area;
}

function stage(areaName: string, stageName: string): Rec {
	const area = practiceArea(areaName);
	const found = [...store().matterStages.values()].find(
		(entry) => entry.practice_area_id === area.id && entry.name === stageName,
	);
	assert.ok(found, `${areaName} has the stage ${stageName}`);
	return found;
}

function stagesOf(areaId: number): Rec[] {
	return [...store().matterStages.values()].filter((entry) => entry.practice_area_id === areaId);
}

async function getMany(parameters: IDataObject): Promise<IDataObject[]> {
	return await runClio(bed, { resource: 'matter', operation: 'getMany', ...parameters });
}

function refusedWithoutRequests(message: RegExp) {
	return (error: Error) => {
		assert.match(error.message, message);
		return true;
	};
}

describe('Matter › Get', () => {
	it('reads a matter with its custom fields keyed by name and typed, picklists by label', async () => {
		const matter = matters().find((entry) => (entry.custom_field_values as Rec[]).length === 5);
		assert.ok(matter, 'the seed has a matter with five custom field values');
		const [output] = await runClio(bed, {
			resource: 'matter',
			operation: 'get',
			matterId: byId(matter.id),
		});
		const values = matter.custom_field_values as Rec[];
		const valueOf = (name: string) => {
			const field = [...store().customFields.values()].find((entry) => entry.name === name);
			return values.find((value) => value.custom_field_id === field?.id)?.value;
		};
		const picklist = [...store().customFields.values()].find(
			(entry) => entry.field_type === 'picklist',
		);
		const label = (picklist?.picklist_options as Rec[]).find(
			(option) => option.id === valueOf('Referral Source'),
		)?.option;
		assert.deepEqual(output.customFields, {
			'Court File Number': valueOf('Court File Number'),
			'Referral Source': label,
			'Claim Amount': valueOf('Claim Amount'),
			'Incident Date': valueOf('Incident Date'),
			'Conflict Checked': true,
		});
		assert.equal(typeof (output.customFields as IDataObject)['Claim Amount'], 'number');
		assert.equal((output.custom_field_values as IDataObject[]).length, 5);
		assert.equal(output.id, matter.id);
		assert.equal(String(output.status).toLowerCase(), matter.status);
		// The picklist label needs the definitions: read once, only because a picklist is set.
		assert.deepEqual(
			apiRequests(bed).map((request) => request.path),
			[`/api/v4/matters/${matter.id}.json`, '/api/v4/custom_fields.json'],
		);
	});

	it('reads a matter without custom fields in one request', async () => {
		const matter = matters().find((entry) => !(entry.custom_field_values as Rec[]).length);
		assert.ok(matter);
		const [output] = await runClio(bed, {
			resource: 'matter',
			operation: 'get',
			matterId: byId(matter.id),
			includeCustomFields: false,
		});
		assert.equal(output.display_number, matter.display_number);
		assert.equal((output.client as IDataObject).id, matter.client_id);
		assert.equal(output.customFields, undefined);
		const [request] = apiRequests(bed);
		assert.equal(apiRequests(bed).length, 1);
		assert.ok(!String(request.query.fields).includes('custom_field_values'));
	});
});

describe('Matter › Get Many', () => {
	it('filters by several statuses', async () => {
		const output = await getMany({ returnAll: true, filters: { status: ['open', 'pending'] } });
		assert.equal(apiRequests(bed)[0].query.status, 'open,pending');
		const expected = matters().filter((matter) => matter.status !== 'closed').length;
		assert.equal(output.length, expected);
		assert.ok(output.every((matter) => ['Open', 'Pending'].includes(String(matter.status))));
	});

	it('accepts a status mapped by expression in any case, and refuses an unknown one', async () => {
		const output = await getMany({ limit: 3, filters: { status: '={{ "Closed" }}' } });
		assert.equal(apiRequests(bed)[0].query.status, 'closed');
		assert.ok(output.every((matter) => matter.status === 'Closed'));
		bed.sandbox.log.clear();
		await assert.rejects(
			getMany({ limit: 3, filters: { status: '={{ "archived" }}' } }),
			refusedWithoutRequests(/Status: "archived" is not accepted/),
		);
		assert.equal(apiRequests(bed).length, 0);
	});

	it('filters by client', async () => {
		const clientId = matters()[0].client_id as number;
		const output = await getMany({ returnAll: true, filters: { clientId: byId(clientId) } });
		assert.equal(apiRequests(bed)[0].query.client_id, String(clientId));
		assert.equal(output.length, matters().filter((matter) => matter.client_id === clientId).length);
		assert.ok(output.every((matter) => (matter.client as IDataObject).id === clientId));
	});

	it('filters by practice area', async () => {
		const area = practiceArea('Corporate');
		const output = await getMany({ returnAll: true, filters: { practiceAreaId: area.id } });
		assert.equal(apiRequests(bed)[0].query.practice_area_id, String(area.id));
		assert.equal(
			output.length,
			matters().filter((matter) => matter.practice_area_id === area.id).length,
		);
		assert.ok(output.every((matter) => (matter.practice_area as IDataObject).id === area.id));
	});

	it('filters by stage here, reading only the pages needed', async () => {
		const intake = stage('Family Law', 'Intake');
		const trial = stage('Family Law', 'Trial');
		const wanted = new Set([intake.id, trial.id]);
		const inStages = matters().filter((matter) => wanted.has(matter.matter_stage_id));
		const firstPage = matters()
			.slice(0, 200)
			.filter((matter) => wanted.has(matter.matter_stage_id));
		assert.ok(firstPage.length >= 3 && inStages.length > firstPage.length, 'stages on both pages');

		const few = await getMany({ limit: 3, filters: { stages: [intake.id, trial.id] } });
		assert.deepEqual(
			few.map((matter) => matter.id),
			firstPage.slice(0, 3).map((matter) => matter.id),
		);
		const [request] = apiRequests(bed);
		assert.equal(apiRequests(bed).length, 1, 'three matches are on the first page');
		assert.equal(request.query.matter_stage_id, undefined, 'Clio has no stage filter');

		bed.sandbox.log.clear();
		const all = await getMany({ returnAll: true, filters: { stages: [intake.id, trial.id] } });
		assert.equal(apiRequests(bed).length, 2);
		assert.deepEqual(
			all.map((matter) => matter.id),
			inStages.map((matter) => matter.id),
		);
	});

	it('refuses a stage that is not an ID before asking Clio', async () => {
		await assert.rejects(
			getMany({ limit: 3, filters: { stages: '={{ ["Intake"] }}' } }),
			refusedWithoutRequests(/Matter Stage Names or IDs: "Intake" is not a stage ID/),
		);
		assert.equal(apiRequests(bed).length, 0);
	});

	it('filters by created and updated since, and by search text', async () => {
		const since = new Date(Date.now() - 200 * 86_400_000).toISOString();
		const output = await getMany({
			returnAll: true,
			filters: { createdSince: since, updatedSince: since, query: '  Estate of ' },
		});
		const [request] = apiRequests(bed);
		assert.equal(request.query.created_since, since);
		assert.equal(request.query.updated_since, since);
		assert.equal(request.query.query, 'Estate of');
		const expected = matters().filter(
			(matter) =>
				Date.parse(matter.created_at) > Date.parse(since) &&
				Date.parse(matter.updated_at) > Date.parse(since) &&
				String(matter.description).startsWith('Estate of'),
		);
		assert.ok(expected.length > 0);
		assert.deepEqual(
			output.map((matter) => matter.id),
			expected.map((matter) => matter.id),
		);
	});

	it('returns up to the limit in one request, or every matter page by page', async () => {
		const five = await getMany({ returnAll: false, limit: 5 });
		assert.equal(five.length, 5);
		assert.equal(apiRequests(bed).length, 1);
		assert.equal(apiRequests(bed)[0].query.limit, '5');

		bed.sandbox.log.clear();
		const all = await getMany({ returnAll: true });
		assert.equal(all.length, 240);
		assert.equal(new Set(all.map((matter) => matter.id)).size, 240);
		const pages = apiRequests(bed);
		assert.equal(pages.length, 2);
		assert.equal(pages[0].query.limit, '200');
		assert.ok(pages[1].query.page_token, 'the second page follows Clio’s cursor');
	});

	it('adds custom fields by name when asked, reading the definitions once', async () => {
		const output = await getMany({ limit: 12, filters: { includeCustomFields: true } });
		const withPicklist = output.find(
			(matter) => (matter.customFields as IDataObject)['Referral Source'],
		);
		assert.ok(withPicklist);
		assert.ok(
			['Referral', 'Website', 'Advertising'].includes(
				String((withPicklist.customFields as IDataObject)['Referral Source']),
			),
		);
		assert.equal(
			apiRequests(bed).filter((request) => request.path === '/api/v4/custom_fields.json').length,
			1,
		);
	});
});

describe('Matter › Create', () => {
	it('opens a matter with a practice area, a stage of it, dates and an attorney', async () => {
		const client = matters()[0].client_id as number;
		const area = practiceArea('Estate Planning');
		const drafting = stage('Estate Planning', 'Drafting');
		const [created] = await runClio(bed, {
			resource: 'matter',
			operation: 'create',
			clientId: byId(client),
			description: '  Will and trust  ',
			additionalFields: {
				practice_area: area.id,
				matter_stage: drafting.id,
				status: 'pending',
				open_date: '2026-01-05T00:00:00',
				billable: false,
				client_reference: 'REF-7',
				responsible_attorney: byId(2),
			},
		});
		const requests = apiRequests(bed);
		assert.deepEqual(
			requests.map((request) => `${request.method} ${request.path}`),
			['GET /api/v4/matter_stages.json', `POST ${MATTERS}`],
		);
		assert.equal(requests[0].query.practice_area_id, String(area.id));
		assert.deepEqual(requests[1].body, {
			data: {
				billable: false,
				client_reference: 'REF-7',
				status: 'pending',
				open_date: '2026-01-05',
				practice_area: { id: area.id },
				matter_stage: { id: drafting.id },
				responsible_attorney: { id: 2 },
				client: { id: client },
				description: 'Will and trust',
			},
		});
		assert.equal(created.status, 'Pending');
		assert.deepEqual(created.matter_stage, { id: drafting.id, name: 'Drafting' });
		assert.equal(store().matters.get(created.id as number)?.matter_stage_id, drafting.id);
	});

	it('refuses a date it cannot read, an ID that is not one, or a stage without its practice area', async () => {
		const base = { resource: 'matter', operation: 'create', clientId: byId(1), description: 'X' };
		await assert.rejects(
			runClio(bed, { ...base, additionalFields: { open_date: 'March 3, 2026' } }),
			refusedWithoutRequests(/Open Date: "March 3, 2026" is not a date/),
		);
		await assert.rejects(
			runClio(bed, { ...base, additionalFields: { practice_area: '={{ "Family Law" }}' } }),
			refusedWithoutRequests(/Practice Area: "Family Law" is not a Clio ID/),
		);
		await assert.rejects(
			runClio(bed, {
				...base,
				additionalFields: { matter_stage: stage('Corporate', 'Closing').id },
			}),
			refusedWithoutRequests(/Matter Stage: stage \d+ needs a practice area/),
		);
		await assert.rejects(
			runClio(bed, { ...base, description: '   ' }),
			refusedWithoutRequests(/Description: a matter needs a description/),
		);
		assert.equal(apiRequests(bed).length, 0);
	});
});

describe('Matter › Update', () => {
	function matterWithStage(): Rec {
		const found = matters().find((matter) => matter.matter_stage_id && matter.id > 200);
		assert.ok(found);
		return found;
	}

	it('refuses a stage of another practice area before any PATCH, listing the allowed stages', async () => {
		const matter = matterWithStage();
		const before = structuredClone(matter);
		const foreign = [...store().matterStages.values()].find(
			(entry) => entry.practice_area_id !== matter.practice_area_id,
		);
		assert.ok(foreign);
		await assert.rejects(
			runClio(bed, {
				resource: 'matter',
				operation: 'update',
				matterId: byId(matter.id),
				updateFields: { matter_stage: foreign.id },
			}),
			(error: Error & { description?: string }) => {
				assert.match(error.message, new RegExp(`stage ${foreign.id} does not belong`));
				for (const allowed of stagesOf(matter.practice_area_id)) {
					assert.ok(
						error.description?.includes(`"${allowed.name}" (${allowed.id})`),
						error.description,
					);
				}
				return true;
			},
		);
		assert.deepEqual(
			apiRequests(bed).map((request) => `${request.method} ${request.path}`),
			[`GET /api/v4/matters/${matter.id}.json`, 'GET /api/v4/matter_stages.json'],
		);
		assert.deepEqual(store().matters.get(matter.id), before);
	});

	it('moves a matter to another stage of its practice area', async () => {
		const matter = matterWithStage();
		const next = stagesOf(matter.practice_area_id).find(
			(entry) => entry.id !== matter.matter_stage_id,
		);
		assert.ok(next);
		const [updated] = await runClio(bed, {
			resource: 'matter',
			operation: 'update',
			matterId: byId(matter.id),
			updateFields: { matter_stage: next.id, description: 'Moved on' },
		});
		const requests = apiRequests(bed);
		assert.equal(requests.at(-1)?.method, 'PATCH');
		assert.deepEqual(requests.at(-1)?.body, {
			data: { matter_stage: { id: next.id }, description: 'Moved on' },
		});
		assert.deepEqual(updated.matter_stage, { id: next.id, name: next.name });
		assert.equal(store().matters.get(matter.id)?.matter_stage_id, next.id);
		assert.equal(store().matters.get(matter.id)?.description, 'Moved on');
	});

	it('changes practice area and stage together without reading the matter', async () => {
		const matter = matterWithStage();
		const area = [...store().practiceAreas.values()].find(
			(entry) => entry.id !== matter.practice_area_id,
		);
		assert.ok(area);
		const [first] = stagesOf(area.id);
		const [updated] = await runClio(bed, {
			resource: 'matter',
			operation: 'update',
			matterId: byId(matter.id),
			updateFields: {
				practice_area: area.id,
				matter_stage: first.id,
				status: 'closed',
				close_date: '2026-02-01',
			},
		});
		assert.deepEqual(
			apiRequests(bed).map((request) => `${request.method} ${request.path}`),
			['GET /api/v4/matter_stages.json', `PATCH /api/v4/matters/${matter.id}.json`],
		);
		assert.deepEqual(updated.practice_area, { id: area.id, name: area.name });
		assert.equal(updated.status, 'Closed');
		assert.equal(updated.close_date, '2026-02-01');
	});

	it('refuses an update with nothing to change', async () => {
		await assert.rejects(
			runClio(bed, {
				resource: 'matter',
				operation: 'update',
				matterId: byId(1),
				updateFields: { description: '  ' },
			}),
			refusedWithoutRequests(/Update Fields: nothing to update/),
		);
		assert.equal(apiRequests(bed).length, 0);
	});
});
