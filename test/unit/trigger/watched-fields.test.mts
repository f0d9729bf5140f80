// "Watched Fields" of the Clio Trigger in Webhook mode: a list of each record type's fields, true
// to Clio's API description; an expression in Clio's syntax for experts; and the free text that
// saved workflows hold from earlier versions, still read.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { triggerProperties } from '../../../nodes/Clio/trigger/description.ts';
import { WEBHOOK_MODELS } from '../../../nodes/Clio/trigger/webhook/models.ts';
import {
	WATCHABLE_FIELDS,
	watchedFieldOptions,
} from '../../../nodes/Clio/trigger/webhook/watched-fields.ts';
import { parseFields } from '../../sandbox/fields.mts';
import { MODELS } from '../../sandbox/resources/webhooks.mts';
import { n8nWorkflow } from '../support/runtime.mts';
import { apiRequests, hook, trigger, triggerBed } from './bed.mts';

const bed = triggerBed(20);

const MATTER_WEBHOOK: INodeParameters = {
	mode: 'webhook',
	model: 'matter',
	onlyStageChanges: false,
	matterEvents: ['created', 'updated'],
	webhookOptions: {},
};

/** Publishes the trigger with these parameters; the `fields` of the webhook Clio was asked for. */
async function createdFields(parameters: INodeParameters): Promise<string> {
	const staticData: IDataObject = {};
	await hook(bed, 'create', parameters, staticData);
	const create = apiRequests(bed).find(
		(entry) => entry.method === 'POST' && entry.path.endsWith('/webhooks.json'),
	);
	assert.ok(create, 'the webhook was created');
	await hook(bed, 'delete', parameters, staticData);
	return String(((create.body as IDataObject).data as IDataObject).fields);
}

/** The parameters n8n keeps for a node saved with these values (hidden ones are dropped). */
function kept(values: INodeParameters): INodeParameters {
	const description = trigger.description;
	const node = {
		id: 'n',
		name: 'Clio Trigger',
		type: 'n8n-nodes-clio-manage.clioTrigger',
		typeVersion: 1,
		position: [0, 0] as [number, number],
		parameters: values,
	};
	return n8nWorkflow.NodeHelpers.getNodeParameters(
		description.properties,
		values,
		false,
		false,
		node,
		description,
	) as INodeParameters;
}

describe('Watched Fields', () => {
	it('offers, per record type, only fields Clio accepts in a webhook', () => {
		for (const model of WEBHOOK_MODELS) {
			const fields = WATCHABLE_FIELDS[model.value];
			assert.ok(fields?.length, `${model.name} has fields to choose`);
			const schema = MODELS[model.value].resource;
			// The sandbox refuses a field the way Clio does: unknown, or nested beyond one level.
			for (const field of fields) assert.doesNotThrow(() => parseFields(field, schema), field);
			const options = watchedFieldOptions(model.value);
			assert.equal(new Set(options.map((option) => option.name)).size, options.length);
		}
	});

	it('shows one list per record type, labelled in words, with the Clio syntax beside it', () => {
		const lists = triggerProperties.filter((property) => property.name === 'watchedFieldList');
		// One per record type under "Any Change to a Record Type", one for the choices that watch it.
		assert.deepEqual(
			lists.flatMap((list) => list.displayOptions?.show?.model ?? []),
			WEBHOOK_MODELS.map((model) => model.value),
		);
		assert.deepEqual(
			lists.flatMap((list) => (list.displayOptions?.show?.model ? [] : [list.options])),
			['matter', 'calendar_entry', 'communication', 'contact'].map((model) => watchedFieldOptions(model)),
		);
		const matter = lists[0];
		const options = (matter.options ?? []) as unknown as IDataObject[];
		assert.deepEqual(
			options.find((option) => option.value === 'matter_stage{id,name}'),
			{
				name: 'Matter Stage',
				value: 'matter_stage{id,name}',
				description: 'matter_stage{id,name}',
			},
		);
		assert.match(
			String(matter.description),
			/Leave empty for: Display Number, Description, Status/,
		);
	});

	it('watches the fields chosen in the list', async () => {
		const fields = await createdFields({
			...MATTER_WEBHOOK,
			watchedFieldList: ['status', 'matter_stage{id,name}'],
		});
		assert.deepEqual(fields.split(/,(?![^{]*\})/), [
			'status',
			'matter_stage{id,name}',
			'id',
			'etag',
		]);
	});

	it('takes an expression in Clio’s syntax', async () => {
		const fields = await createdFields({
			...MATTER_WEBHOOK,
			watchedFieldList: '={{ "display_number, client{id,name}" }}',
		});
		assert.equal(fields, 'display_number,client{id,name},id,etag');
	});

	it('still reads the free text of a workflow saved by an earlier version', async () => {
		const saved = { ...MATTER_WEBHOOK, watchedFields: 'display_number,matter_stage{name}' };
		assert.equal(kept(saved).watchedFields, 'display_number,matter_stage{name}');
		assert.equal(await createdFields(saved), 'display_number,matter_stage{name},id,etag');
		// Chosen fields and the earlier text are watched together, each once.
		bed.sandbox.log.clear();
		const both = await createdFields({ ...saved, watchedFieldList: ['status', 'display_number'] });
		assert.equal(both, 'status,display_number,matter_stage{name},id,etag');
	});

	it('shows the free-text field only to workflows that have some', () => {
		const shown = (values: INodeParameters) =>
			n8nWorkflow.NodeHelpers.displayParameter(
				values,
				triggerProperties.find((property) => property.name === 'watchedFields')!,
				null,
				trigger.description,
			);
		assert.equal(shown({ ...MATTER_WEBHOOK, watchedFields: 'status' }), true);
		assert.equal(shown({ ...MATTER_WEBHOOK, watchedFields: '' }), false);
		assert.equal(shown({ ...MATTER_WEBHOOK }), false);
		assert.equal('watchedFields' in kept({ ...MATTER_WEBHOOK, watchedFields: '' }), false);
	});

	it('leaves the usual set when nothing is chosen', async () => {
		const matter = WEBHOOK_MODELS.find((model) => model.value === 'matter')!;
		assert.equal(await createdFields(MATTER_WEBHOOK), matter.defaultFields);
	});

	it('names a field of another record type instead of sending it', async () => {
		await assert.rejects(
			hook(bed, 'create', { ...MATTER_WEBHOOK, watchedFieldList: ['status', 'priority'] }, {}),
			(error: Error) => {
				assert.equal(error.message, 'Watched Fields: "priority" is not a field of a Matter');
				return true;
			},
		);
		assert.deepEqual(apiRequests(bed), []);
	});
});
