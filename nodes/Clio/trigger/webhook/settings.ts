import { NodeOperationError } from 'n8n-workflow';

import type { TriggerContext } from '../state';
import {
	STAGE_FIELDS,
	topLevelFields,
	type WebhookModel,
	webhookModel,
	withFields,
} from './models';
import { ANY_CHANGE, STATUS_EVENTS, webhookPreset } from './presets';
import { watchableNames } from './watched-fields';

/** api-facts §3.2, §8.2: a webhook's `fields` string may be at most 1000 characters. */
const MAX_FIELDS_LENGTH = 1000;

export interface WebhookSettings {
	model: WebhookModel;
	events: string[];
	fields: string;
	onlyStageChanges: boolean;
	stages: number[];
	fetchRecord: boolean;
	recordFields: string;
	attachDocuments: boolean;
}

function parameter<T>(ctx: TriggerContext, name: string, fallback: T): T {
	return ctx.getNodeParameter(name, fallback) as T;
}

/**
 * The fields chosen in "Watched Fields" (a list, or an expression giving a list or Clio's comma
 * syntax) together with the text of the earlier free-text field, which saved workflows may hold.
 */
function watchedFields(ctx: TriggerContext, model: WebhookModel): string {
	const chosen = parameter<string[] | string>(ctx, 'watchedFieldList', []);
	const list = (Array.isArray(chosen) ? chosen.join(',') : String(chosen)).replace(/\s+/g, '');
	const earlier = parameter(ctx, 'watchedFields', '').replace(/\s+/g, '');
	const fields = withFields(list, topLevelFields(earlier));
	// A field of another record type (left over after changing Record Type, or mistyped) is named
	// here rather than refused by Clio with a bare 400.
	const known = watchableNames(model.value);
	const unknown = topLevelFields(fields).filter((field) => !known.has(field.replace(/\{.*$/s, '')));
	if (unknown.length) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Watched Fields: "${unknown.join('", "')}" ${unknown.length === 1 ? 'is not a field' : 'are not fields'} of a ${model.name}`,
			{ description: 'Choose the fields from the list, or leave it empty for the usual set.' },
		);
	}
	return fields;
}

/**
 * What "Trigger On" asks for: one of its choices (a record type and its events), or, with "Any
 * Change to a Record Type", the record type and events chosen below it.
 */
function watchedEvents(
	ctx: TriggerContext,
): Pick<WebhookSettings, 'model' | 'events' | 'onlyStageChanges'> {
	const choice = parameter(ctx, 'operation', ANY_CHANGE);
	if (choice === ANY_CHANGE) return chosenEvents(ctx);
	const preset = webhookPreset(choice);
	const model = preset && webhookModel(preset.model);
	if (!preset || !model) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Trigger On: "${choice}" is not one of the choices`,
			{
				description: 'Pick one of the events in the list.',
			},
		);
	}
	let events = preset.events;
	if (preset.value === 'matterStatusChanged') {
		const statuses = parameter<string[]>(ctx, 'statuses', []);
		if (statuses.length) events = statuses.map((status) => STATUS_EVENTS[status]).filter(Boolean);
	}
	return { model, events, onlyStageChanges: preset.onlyStageChanges === true };
}

/** The record type and events chosen under "Any Change to a Record Type". */
function chosenEvents(
	ctx: TriggerContext,
): Pick<WebhookSettings, 'model' | 'events' | 'onlyStageChanges'> {
	const modelValue = parameter(ctx, 'model', 'matter');
	const model = webhookModel(modelValue);
	if (!model) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Record Type: "${modelValue}" is not a Clio webhook model`,
			{
				description: 'Pick one of the record types in the list.',
			},
		);
	}
	const isMatter = model.value === 'matter';
	const onlyStageChanges = isMatter && parameter(ctx, 'onlyStageChanges', false);
	let events: string[];
	if (onlyStageChanges) {
		// A stage change is an `updated` delivery with a new matter_stage (api-facts §8.7).
		events = ['updated'];
	} else {
		const name = isMatter
			? 'matterEvents'
			: model.value === 'clio_payments_payment'
				? 'paymentEvents'
				: 'events';
		events = parameter<string[]>(ctx, name, []);
		const wrong = events.filter((event) => !model.events.includes(event));
		if (events.length === 0 || wrong.length > 0) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Events: ${events.length === 0 ? 'none chosen' : `"${wrong.join('", "')}" cannot be watched on a ${model.name}`}`,
				{ description: `Choose at least one of: ${model.events.join(', ')}.` },
			);
		}
	}
	return { model, events, onlyStageChanges };
}

/** The webhook the node's settings ask for, checked before anything is sent to Clio. */
export function webhookSettings(ctx: TriggerContext): WebhookSettings {
	const { model, events, onlyStageChanges } = watchedEvents(ctx);
	const typed = watchedFields(ctx, model);
	let fields = typed || model.defaultFields;
	if (onlyStageChanges) fields = withFields(fields, STAGE_FIELDS);
	// The id and etag name a record version: a delivery repeated by Clio is recognised by them.
	fields = withFields(fields, ['id', 'etag']);
	if (fields.length > MAX_FIELDS_LENGTH) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Watched Fields: ${fields.length} characters is more than Clio allows`,
			{
				description: `Clio accepts at most ${MAX_FIELDS_LENGTH} characters of field names for a webhook. Remove some fields.`,
			},
		);
	}
	const options = parameter<Record<string, unknown>>(ctx, 'webhookOptions', {});
	const stages = onlyStageChanges ? parameter<Array<number | string>>(ctx, 'stages', []) : [];
	return {
		model,
		events: [...events].sort(),
		fields,
		onlyStageChanges,
		stages: stages.map(Number).filter((id) => Number.isInteger(id)),
		fetchRecord: options.fetchRecord === true,
		recordFields: String(options.recordFields ?? '').replace(/\s+/g, '') || model.recordFields,
		attachDocuments: onlyStageChanges && options.attachDocuments === true,
	};
}
