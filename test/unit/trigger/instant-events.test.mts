// Webhook mode's "Trigger On": the polling events Clio's webhooks deliver with the same meaning,
// each a record type and its events; "Any Change to a Record Type" keeps the settings saved
// workflows have. Its options are the trigger's instant actions in n8n's node creator.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { IDataObject, INodeParameters, INodeProperties } from 'n8n-workflow';

import { triggerProperties } from '../../../nodes/Clio/trigger/description.ts';
import { WEBHOOK_PRESETS } from '../../../nodes/Clio/trigger/webhook/presets.ts';
import { hook, triggerBed } from './bed.mts';

const bed = triggerBed(20);

/** The webhook Clio was asked to create for these parameters (removed again afterwards). */
async function createdWebhook(parameters: INodeParameters): Promise<IDataObject> {
	const staticData: IDataObject = {};
	await hook(bed, 'create', { mode: 'webhook', ...parameters }, staticData);
	const webhooks = [...bed.sandbox.store.table('webhooks').values()] as IDataObject[];
	const created = webhooks.find(
		(webhook) => webhook.id === (staticData.webhook as IDataObject).webhookId,
	);
	assert.ok(created, 'a webhook was created');
	const copy = { ...created };
	await hook(bed, 'delete', { mode: 'webhook', ...parameters }, staticData);
	return copy;
}

const property = (name: string, mode: string): INodeProperties | undefined =>
	triggerProperties.find(
		(candidate) =>
			candidate.name === name && candidate.displayOptions?.show?.mode?.includes(mode) === true,
	);

describe('Clio Trigger: instant events', () => {
	it('creates, for each choice, the webhook of its polling twin', async () => {
		const expected: Record<string, [string, string[]]> = {
			calendarEntryCreatedOrUpdated: ['calendar_entry', ['created', 'updated']],
			contactCreatedOrUpdated: ['contact', ['created', 'updated']],
			matterCreated: ['matter', ['created']],
			matterStageChanged: ['matter', ['updated']],
			matterStatusChanged: ['matter', ['matter_closed', 'matter_opened', 'matter_pended']],
			matterUpdated: ['matter', ['updated']],
			newCommunication: ['communication', ['created']],
		};
		assert.deepEqual(
			WEBHOOK_PRESETS.map((preset) => preset.value),
			Object.keys(expected),
		);
		for (const [operation, [model, events]] of Object.entries(expected)) {
			const webhook = await createdWebhook({ operation });
			assert.deepEqual(
				[webhook.model, [...(webhook.events as string[])].sort()],
				[model, events],
				operation,
			);
		}
	});

	it('watches the stage for Matter Stage Changed, and only the chosen statuses', async () => {
		const stage = await createdWebhook({ operation: 'matterStageChanged', stages: [3] });
		assert.match(String(stage.fields), /matter_stage\{id,name\}/);
		assert.match(String(stage.fields), /matter_stage_updated_at/);
		const closing = await createdWebhook({
			operation: 'matterStatusChanged',
			statuses: ['closed', 'pending'],
		});
		assert.deepEqual([...(closing.events as string[])].sort(), ['matter_closed', 'matter_pended']);
	});

	it('keeps a workflow saved without a choice on its own record type and events', async () => {
		const webhook = await createdWebhook({ model: 'task', events: ['deleted'] });
		assert.deepEqual([webhook.model, webhook.events], ['task', ['deleted']]);
	});

	it('offers the choices where n8n’s node creator finds them', () => {
		// The node creator takes the first property labelled "Trigger On" (or "Event", "Events") for
		// the polling actions, and the one named `operation` for more; each action sets the
		// property's value and the first value of each of its show conditions.
		const labelled = triggerProperties.find((candidate) =>
			['event', 'events', 'trigger on'].includes(candidate.displayName.toLowerCase()),
		);
		assert.equal(labelled?.name, 'event');
		assert.deepEqual(labelled?.displayOptions?.show, { mode: ['polling'] });
		const instant = triggerProperties.find((candidate) => candidate.name === 'operation');
		assert.deepEqual(instant?.displayOptions?.show, { mode: ['webhook'] });
		const options = (instant?.options ?? []) as Array<{ value: string; action?: string }>;
		assert.ok(options.every((option) => option.action?.endsWith('(instant)')));
		assert.equal(options.length, WEBHOOK_PRESETS.length + 1);
		assert.ok(property('stages', 'webhook') && property('statuses', 'webhook'));
	});

	it('refuses a choice it does not know, naming it', async () => {
		await assert.rejects(hook(bed, 'create', { mode: 'webhook', operation: 'newDocument' }, {}), {
			message: 'Trigger On: "newDocument" is not one of the choices',
		});
	});
});
