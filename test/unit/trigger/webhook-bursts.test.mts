// Webhook mode under bursts, the way n8n runs them: every request loads the workflow's static data,
// runs webhook() and writes the whole object back, with many requests in flight at once and copies
// of one delivery among them (Clio re-attempts a delivery whose answer was slow).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { DeliveryAttempt } from '../../sandbox/webhook-delivery.mts';
import {
	clio,
	deliver,
	handshake,
	MATTER_WEBHOOK,
	otherStages,
	poll,
	publishWebhook,
	sentDeliveries,
	triggerBed,
	unpublishWebhook,
	updateMatter,
	webhookState,
} from './bed.mts';

const MATTERS = 200;
const bed = triggerBed(MATTERS + 20);

const STAGE_WEBHOOK: INodeParameters = {
	...MATTER_WEBHOOK,
	onlyStageChanges: true,
	stages: [],
	pollTimes: { item: [{ mode: 'everyHour' }] },
};

type Sent = Pick<DeliveryAttempt, 'headers' | 'body'>;

/**
 * Every delivery `copies` times, all requests at once, sharing one static data object as n8n's
 * database row; returns the items of every execution started, and the answers' statuses.
 */
async function burst(
	parameters: INodeParameters,
	staticData: IDataObject,
	deliveries: Sent[],
	copies: number,
) {
	const requests = deliveries.flatMap((sent) => Array.from({ length: copies }, () => sent));
	const runs = await Promise.all(
		requests.map(async (sent) => await deliver(bed, parameters, staticData, sent)),
	);
	return {
		items: runs.flatMap((run) => (run.result.workflowData?.[0] ?? []).map((item) => item.json)),
		statuses: runs.map((run) => run.response.status),
	};
}

function countBy<T>(values: T[]): Map<T, number> {
	const counts = new Map<T, number>();
	for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
	return counts;
}

function stageOf(item: IDataObject, key: 'matter_stage' | 'previous_matter_stage') {
	return (item[key] as IDataObject | null)?.id ?? null;
}

/** Moves each matter to a stage; returns the signed deliveries Clio sent for it. */
async function moveAll(moves: Map<number, number>): Promise<Sent[]> {
	const from = bed.sandbox.webhooks.deliveries.length;
	for (const [matterId, stageId] of moves) {
		await updateMatter(bed, matterId, { matter_stage: { id: stageId } });
	}
	return await sentDeliveries(bed, from);
}

function rememberedStages(staticData: IDataObject): Map<number, unknown> {
	const stages = (webhookState(staticData).stages ?? []) as Array<[number, number | null]>;
	return new Map(stages.map(([matterId, stageId]) => [matterId, stageId]));
}

describe('Clio Trigger webhook: bursts as n8n runs them', () => {
	it(`${MATTERS} stage changes at once, each delivered three times together: one run per matter, then exact previous stages`, async () => {
		const matterIds = [...bed.sandbox.store.matters.keys()].slice(0, MATTERS);
		const { staticData } = await publishWebhook(bed, STAGE_WEBHOOK);
		const first = new Map(matterIds.map((id) => [id, otherStages(bed, id)[0]]));
		const firstDeliveries = await moveAll(first);
		assert.equal(firstDeliveries.length, MATTERS);

		const one = await burst(STAGE_WEBHOOK, staticData, firstDeliveries, 3);
		assert.deepEqual(
			one.statuses.filter((status) => status !== 200),
			[],
			'every copy is answered 200',
		);
		assert.equal(one.items.length, MATTERS, 'one run per stage change');
		assert.deepEqual(
			[...countBy(one.items.map((item) => Number(item.id))).values()].filter((n) => n !== 1),
			[],
			'no matter twice',
		);
		for (const item of one.items) {
			assert.equal(stageOf(item, 'matter_stage'), first.get(Number(item.id)));
		}
		const afterFirst = rememberedStages(staticData);
		assert.equal(
			matterIds.filter((id) => afterFirst.get(id) === first.get(id)).length,
			MATTERS,
			'the saved static data remembers every matter’s stage',
		);

		const second = new Map(matterIds.map((id) => [id, otherStages(bed, id)[1]]));
		const secondDeliveries = await moveAll(second);
		const two = await burst(STAGE_WEBHOOK, staticData, secondDeliveries, 3);
		assert.equal(two.items.length, MATTERS, 'one run per stage change');
		const wrong = two.items.filter(
			(item) =>
				stageOf(item, 'previous_matter_stage') !== first.get(Number(item.id)) ||
				stageOf(item, 'matter_stage') !== second.get(Number(item.id)),
		);
		assert.deepEqual(
			wrong.map((item) => item.id),
			[],
			'every item carries the stage of the first burst as its previous stage',
		);
		const afterSecond = rememberedStages(staticData);
		assert.equal(matterIds.filter((id) => afterSecond.get(id) === second.get(id)).length, MATTERS);
		await unpublishWebhook(bed, staticData, STAGE_WEBHOOK);
	});

	it('created, updated and deleted deliveries, each three times together, start one run each', async () => {
		const parameters = {
			mode: 'webhook',
			model: 'task',
			events: ['created', 'updated', 'deleted'],
			watchedFields: '',
			webhookOptions: {},
		};
		const { staticData } = await publishWebhook(bed, parameters);
		const from = bed.sandbox.webhooks.deliveries.length;
		const user = [...bed.sandbox.store.users.keys()][0];
		const ids: number[] = [];
		for (let i = 0; i < 10; i++) {
			const created = await clio<{ data: { id: number } }>(bed, 'POST', '/tasks.json', {
				name: `Burst task ${i}`,
				description: 'Filed by the burst test',
				assignee: { id: user, type: 'User' },
			});
			ids.push(created.data.id);
		}
		for (const id of ids) await clio(bed, 'PATCH', `/tasks/${id}.json`, { priority: 'High' });
		for (const id of ids) await clio(bed, 'DELETE', `/tasks/${id}.json`);
		const sent = await sentDeliveries(bed, from);
		assert.equal(sent.length, 30);

		const { items, statuses } = await burst(parameters, staticData, sent, 3);
		assert.ok(statuses.every((status) => status === 200));
		assert.equal(items.length, 30, 'one run per delivery');
		const events = countBy(items.map((item) => `${String(item.id)} ${String(item.event)}`));
		assert.deepEqual(
			[...events.values()].filter((n) => n !== 1),
			[],
		);
		// Clio re-attempts later, after the burst: still nothing twice.
		const again = await burst(parameters, staticData, sent, 2);
		assert.equal(again.items.length, 0);
		await unpublishWebhook(bed, staticData, parameters);
	});

	it('while the heartbeat replaces a lapsed webhook, deliveries of the old one and the catch-up run each change once', async () => {
		const matterIds = [...bed.sandbox.store.matters.keys()].slice(0, 60);
		const { staticData, id: lapsedId } = await publishWebhook(bed, STAGE_WEBHOOK);
		// n8n polls with the copy of the static data it loaded at activation.
		const atActivation = structuredClone(staticData);
		const early = new Map(matterIds.map((id) => [id, otherStages(bed, id)[0]]));
		const oldDeliveries = await moveAll(early);
		// Half of them delivered before the webhook lapses, the rest (and copies) while it is replaced.
		const before = await burst(STAGE_WEBHOOK, staticData, oldDeliveries.slice(0, 30), 2);
		const beforeReplacement = structuredClone(staticData);
		bed.sandbox.webhooks.expire(lapsedId);
		const [during, caughtUp] = await Promise.all([
			burst(STAGE_WEBHOOK, staticData, oldDeliveries, 2),
			(async () => {
				assert.equal(await poll(bed, STAGE_WEBHOOK, atActivation), null);
				const made = webhookState(atActivation);
				const run = await handshake(bed, STAGE_WEBHOOK, staticData, {
					id: Number(made.webhookId),
					secret: String(made.secret),
				});
				return (run.result.workflowData?.[0] ?? []).map((item) => item.json);
			})(),
		]);
		const replacement = Number(webhookState(atActivation).webhookId);
		assert.notEqual(replacement, lapsedId, 'the heartbeat made a new webhook');
		assert.ok(caughtUp.every((item) => item.catch_up === true && item.webhook_id === replacement));
		const reported = [...before.items, ...during.items, ...caughtUp].map((item) => Number(item.id));
		assert.deepEqual(
			[...countBy(reported).entries()].filter(([, n]) => n !== 1),
			[],
			'each change once, by delivery or catch-up',
		);
		assert.deepEqual(new Set(reported), new Set(matterIds), 'none lost');
		assert.equal(webhookState(staticData).webhookId, replacement, 'the handshake recorded it');

		// The new webhook delivers with its own secret; static data loaded before it was recorded
		// does not know it.
		const later = new Map(matterIds.map((id) => [id, otherStages(bed, id)[1]]));
		const newDeliveries = await moveAll(later);
		assert.ok(newDeliveries.every((sent) => sent.body.includes(`"webhook_id":${replacement}`)));
		const fresh = await burst(STAGE_WEBHOOK, beforeReplacement, newDeliveries, 2);
		assert.ok(
			fresh.statuses.every((status) => status === 200),
			'no delivery refused',
		);
		assert.equal(fresh.items.length, matterIds.length);
		assert.ok(
			fresh.items.every(
				(item) => stageOf(item, 'previous_matter_stage') === early.get(Number(item.id)),
			),
			'previous stages exact across the replacement',
		);
		await unpublishWebhook(bed, staticData, STAGE_WEBHOOK);
	});
});
