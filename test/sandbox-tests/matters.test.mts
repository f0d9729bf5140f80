import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openSandbox, type Client } from './client.mts';

describe('matters', () => {
	let c: Client;
	before(async () => {
		c = await openSandbox({ matters: 200, now: '2025-06-01T12:00:00Z' });
	});
	after(() => c.sandbox.close());

	const stagesOf = (areaId: number) =>
		[...c.sandbox.store.matterStages.values()].filter((s) => s.practice_area_id === areaId);

	it('lists practice areas with 3–5 stages each', async () => {
		const areas = await c.get('/practice_areas.json?fields=id,name');
		assert.ok(areas.body.data.length >= 4);
		for (const area of areas.body.data) {
			const stages = await c.get(
				`/matter_stages.json?practice_area_id=${area.id}&fields=id,name,practice_area_id,order`,
			);
			assert.ok(stages.body.data.length >= 3 && stages.body.data.length <= 5);
			assert.ok(
				stages.body.data.every((s: { practice_area_id: number }) => s.practice_area_id === area.id),
			);
		}
	});

	it('refuses a stage from another practice area with 422 and changes nothing', async () => {
		const matter = c.sandbox.store.matters.get(10);
		assert.ok(matter);
		const before = { etag: matter.etag, stage: matter.matter_stage_id };
		const foreign = [...c.sandbox.store.matterStages.values()].find(
			(s) => s.practice_area_id !== matter.practice_area_id,
		);
		assert.ok(foreign);
		c.sandbox.log.clear();
		const res = await c.patch('/matters/10.json', { data: { matter_stage: { id: foreign.id } } });
		assert.equal(res.status, 422);
		assert.match(res.body.error.message, /practice area/);
		assert.equal(matter.matter_stage_id, before.stage);
		assert.equal(matter.etag, before.etag);
		assert.equal(c.sandbox.log.violations().length, 0, 'a business rule, not a protocol violation');
	});

	it('moves a matter to a stage of its practice area and stamps matter_stage_updated_at', async () => {
		const matter = c.sandbox.store.matters.get(11);
		assert.ok(matter);
		const target = stagesOf(matter.practice_area_id).find((s) => s.id !== matter.matter_stage_id);
		assert.ok(target);
		const before = await c.get(
			'/matters/11.json?fields=id,etag,updated_at,matter_stage_updated_at',
		);
		c.sandbox.clock.advance(60_000);
		const res = await c.patch(
			'/matters/11.json?fields=id,etag,updated_at,matter_stage{id,name},matter_stage_updated_at',
			{
				data: { matter_stage: { id: target.id } },
			},
		);
		assert.equal(res.status, 200);
		assert.deepEqual(res.body.data.matter_stage, { id: target.id, name: target.name });
		assert.notEqual(res.body.data.etag, before.body.data.etag);
		assert.ok(res.body.data.updated_at > before.body.data.updated_at);
		assert.equal(res.body.data.matter_stage_updated_at, res.body.data.updated_at);
	});

	it('changes the etag on every update, even without changes', async () => {
		const a = await c.patch('/matters/12.json?fields=etag', { data: {} });
		const b = await c.patch('/matters/12.json?fields=etag', { data: {} });
		assert.notEqual(a.body.data.etag, b.body.data.etag);
	});

	it('takes lowercase status in bodies and answers capitalised', async () => {
		const res = await c.patch('/matters/13.json?fields=status,close_date', {
			data: { status: 'closed' },
		});
		assert.equal(res.status, 200);
		assert.equal(res.body.data.status, 'Closed');
		assert.equal(res.body.data.close_date, '2025-06-01');
		const bad = await c.patch('/matters/13.json', { data: { status: 'Closed' } });
		assert.equal(bad.status, 422);
	});

	it('creates a matter with a root folder and answers 201 shaped by fields', async () => {
		c.sandbox.log.clear();
		const area = c.sandbox.store.practiceAreas.get(1);
		const stage = stagesOf(1)[0];
		const res = await c.post(
			'/matters.json?fields=id,display_number,description,status,client{id},practice_area{id},matter_stage{id},folder{id,name}',
			{
				data: {
					client: { id: 5 },
					description: 'New engagement',
					practice_area: { id: area?.id },
					matter_stage: { id: stage.id },
				},
			},
		);
		assert.equal(res.status, 201);
		assert.equal(res.body.data.status, 'Open');
		assert.equal(res.body.data.client.id, 5);
		assert.equal(res.body.data.matter_stage.id, stage.id);
		assert.match(res.body.data.display_number, /^\d{5}-/);
		assert.equal(res.body.data.folder.name, res.body.data.display_number);
		const bare = await c.post('/matters.json', {
			data: { client: { id: 5 }, description: 'Only id back' },
		});
		assert.deepEqual(Object.keys(bare.body.data).sort(), ['etag', 'id']);
		assert.equal(c.sandbox.log.violations().length, 0);
	});

	it('requires client and description on create', async () => {
		const res = await c.post('/matters.json', { data: { description: 'No client' } });
		assert.equal(res.status, 422);
		const missing = await c.post('/matters.json', {
			data: { client: { id: 99999 }, description: 'x' },
		});
		assert.equal(missing.status, 422);
	});

	it('filters by status list, client, practice area, updated_since and query', async () => {
		const all = [...c.sandbox.store.matters.values()];
		const open = await c.get('/matters.json?status=open,pending&fields=id,status');
		assert.equal(open.body.meta.records, all.filter((m) => m.status !== 'closed').length);
		assert.ok(open.body.data.every((m: { status: string }) => m.status !== 'Closed'));

		const clientId = all[0].client_id;
		const byClient = await c.get(`/matters.json?client_id=${clientId}&fields=id,client{id}`);
		assert.ok(byClient.body.data.length >= 1);
		assert.ok(
			byClient.body.data.every((m: { client: { id: number } }) => m.client.id === clientId),
		);

		const byArea = await c.get('/matters.json?practice_area_id=2&fields=id');
		assert.equal(byArea.body.meta.records, all.filter((m) => m.practice_area_id === 2).length);

		const since = c.sandbox.clock.now().toISOString();
		c.sandbox.clock.advance(1000);
		await c.patch('/matters/20.json', { data: { location: 'Room 4' } });
		const changed = await c.get(
			`/matters.json?updated_since=${encodeURIComponent(since)}&fields=id`,
		);
		assert.deepEqual(changed.body.data, [{ id: 20 }]);

		const number = c.sandbox.store.matters.get(30)?.display_number as string;
		const found = await c.get(`/matters.json?query=${encodeURIComponent(number)}&fields=id`);
		assert.ok(found.body.data.some((m: { id: number }) => m.id === 30));
	});

	it('deletes a matter', async () => {
		assert.equal((await c.del('/matters/199.json')).status, 204);
		assert.equal((await c.get('/matters/199.json')).status, 404);
	});
});
