import type {
	IDisplayOptions,
	INodeProperties,
	INodePropertyOptions,
	TriggerPanelDefinition,
} from 'n8n-workflow';

import { billStateOptions } from '../actions/bill/fields';
import { calendarLocator, matterLocator } from '../actions/common/locators';
import {
	MATTER_EVENTS,
	PAYMENT_EVENTS,
	topLevelFields,
	WEBHOOK_MODELS,
	type WebhookModel,
} from './webhook/models';
import { ANY_CHANGE, presetsOf, WEBHOOK_PRESETS } from './webhook/presets';
import { fieldLabel, watchedFieldOptions } from './webhook/watched-fields';

const EVENT_NAMES: Record<string, { name: string; description: string }> = {
	created: { name: 'Created', description: 'A record was added' },
	updated: { name: 'Updated', description: 'One of the watched fields of a record changed' },
	deleted: { name: 'Deleted', description: 'A record was deleted' },
	matter_opened: { name: 'Matter Opened', description: 'A matter’s status became Open' },
	matter_pended: { name: 'Matter Pended', description: 'A matter’s status became Pending' },
	matter_closed: { name: 'Matter Closed', description: 'A matter’s status became Closed' },
};

function eventOptions(events: string[]) {
	return events.map((value) => ({ value, ...EVENT_NAMES[value] }));
}

/** "Only Into Stages": the stages a matter must move into, for either mode. */
function stagesProperty(show: IDisplayOptions['show']): INodeProperties {
	return {
		displayName: 'Only Into Stages Names or IDs',
		name: 'stages',
		type: 'multiOptions',
		default: [],
		typeOptions: { loadOptionsMethod: 'getMatterStages' },
		description:
			'Only trigger when a matter moves into one of these stages. Leave empty for every stage change. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: { show },
	};
}

/** "Only Into Statuses": the statuses a matter must get, for either mode. */
function statusesProperty(show: IDisplayOptions['show']): INodeProperties {
	return {
		displayName: 'Only Into Statuses',
		name: 'statuses',
		type: 'multiOptions',
		default: [],
		description:
			'Only trigger when a matter gets one of these statuses. Leave empty for any status change.',
		options: [
			{ name: 'Closed', value: 'closed' },
			{ name: 'Open', value: 'open' },
			{ name: 'Pending', value: 'pending' },
		],
		displayOptions: { show },
	};
}

/** The webhook events of a record type (api-facts §8.2). */
function eventsProperty(
	name: string,
	events: string[],
	description: string,
	show: IDisplayOptions['show'],
): INodeProperties {
	return {
		displayName: 'Events',
		name,
		type: 'multiOptions',
		required: true,
		default: ['created', 'updated'],
		options: eventOptions(events),
		description,
		displayOptions: { show },
	};
}

const polling = { mode: ['polling'] };
const webhook = { mode: ['webhook'] };
const anyChange = { ...webhook, operation: [ANY_CHANGE] };

/**
 * "Watched Fields" of one record type: its fields by name, empty for the usual set. Shown for the
 * record type chosen below "Any Change to a Record Type", and for the choices that watch it.
 */
function watchedFieldsProperties(model: WebhookModel): INodeProperties[] {
	const presets = presetsOf(model.value);
	const property = watchedFieldsProperty(model);
	return [
		{ ...property, displayOptions: { show: { ...anyChange, model: [model.value] } } },
		...(presets.length
			? [{ ...property, displayOptions: { show: { ...webhook, operation: presets } } }]
			: []),
	];
}

function watchedFieldsProperty(model: WebhookModel): INodeProperties {
	const usual = topLevelFields(model.defaultFields)
		.filter((field) => field !== 'id' && field !== 'etag')
		.map(fieldLabel)
		.join(', ');
	return {
		displayName: 'Watched Fields',
		name: 'watchedFieldList',
		type: 'multiOptions',
		default: [],
		options: watchedFieldOptions(model.value),
		description: `Clio sends these fields with each event and fires "Updated" only when one of them changes. Leave empty for: ${usual}. For Clio’s own syntax, use an expression giving the names comma-separated.`,
	};
}

/** The webhook "Trigger On" choices; each is one instant action in n8n's node creator. */
const instantEventOptions: INodePropertyOptions[] = [
	...WEBHOOK_PRESETS.map((preset) => ({
		name: preset.name,
		value: preset.value,
		action: `On ${preset.name.toLowerCase()} (instant)`,
		description: `${preset.description}; Clio sends it at once`,
	})),
	{
		name: 'Any Change to a Record Type',
		value: ANY_CHANGE,
		action: 'On any change to a Clio record (instant)',
		description: 'Choose the record type and its events below',
	},
];

const OTHER_MODELS = WEBHOOK_MODELS.map((model) => model.value).filter(
	(value) => value !== 'matter' && value !== 'clio_payments_payment',
);

export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Receive Changes By',
		name: 'mode',
		type: 'options',
		noDataExpression: true,
		default: 'polling',
		description:
			'How changes reach this workflow. It decides what the Poll Times above do and which settings follow.',
		options: [
			{
				name: 'Polling',
				value: 'polling',
				description:
					'At each Poll Time, ask Clio what changed. Works everywhere, also without a public address.',
			},
			{
				name: 'Webhook (Instant)',
				value: 'webhook',
				description:
					'Clio sends each change at once; the Poll Times only keep the webhook alive. Needs n8n to be reachable from the internet over https.',
			},
		],
	},
	{
		displayName:
			'Polling: at each of the Poll Times above the trigger asks Clio what changed since the previous poll (one request when nothing did) and starts the workflow once per change. Changes made while n8n was stopped are picked up at the next poll.',
		name: 'pollingNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: polling },
	},
	{
		displayName:
			'Webhook: Clio sends each change at once. The Poll Times above do not look for records here: they keep the Clio webhook alive (Clio lets a webhook live at most 31 days) and re-create it if Clio dropped it, then send on what changed meanwhile. Every few hours is enough, for example every 6 hours.',
		name: 'webhookNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: webhook },
	},

	// ---- Polling ----
	{
		displayName: 'Trigger On',
		name: 'event',
		type: 'options',
		noDataExpression: true,
		default: 'newDocument',
		displayOptions: { show: polling },
		options: [
			{
				name: 'Bill State Changed',
				value: 'billStateChanged',
				description:
					'A bill moved to another state, for example from draft to awaiting payment or to paid (the output shows the previous and the new state)',
			},
			{
				name: 'Calendar Entry Created or Updated',
				value: 'calendarEntryCreatedOrUpdated',
				description: 'A hearing, meeting or deadline was added to a calendar or changed',
			},
			{
				name: 'Contact Created or Updated',
				value: 'contactCreatedOrUpdated',
				description: 'A contact was added or changed',
			},
			{ name: 'Matter Created', value: 'matterCreated', description: 'A matter was added' },
			{
				name: 'Matter Stage Changed',
				value: 'matterStageChanged',
				description:
					'A matter moved to another stage (the output shows the previous and the new stage)',
			},
			{
				name: 'Matter Status Changed',
				value: 'matterStatusChanged',
				description: 'A matter was opened, pended or closed',
			},
			{
				name: 'Matter Updated',
				value: 'matterUpdated',
				description: 'An existing matter was changed',
			},
			{
				name: 'New Communication',
				value: 'newCommunication',
				description: 'An email or phone call was logged in Clio',
			},
			{ name: 'New Document', value: 'newDocument', description: 'A document finished uploading' },
			{
				name: 'New Time Entry or Expense',
				value: 'newActivity',
				description: 'Time was logged or an expense recorded (the output shows hours and seconds)',
			},
			{
				name: 'Task Created or Completed',
				value: 'taskCreatedOrCompleted',
				description: 'A task was added or marked complete',
			},
		],
	},
	{
		displayName: 'Documents In',
		name: 'documentScope',
		type: 'options',
		default: 'any',
		displayOptions: { show: { ...polling, event: ['newDocument'] } },
		options: [
			{ name: 'Any Matter or Folder', value: 'any' },
			{ name: 'One Matter', value: 'matter', description: 'Documents filed on this matter' },
			{
				name: 'One Folder',
				value: 'folder',
				description: 'Documents in this folder or any folder inside it',
			},
		],
	},
	{
		...matterLocator({ description: 'Only documents of this matter' }),
		displayOptions: { show: { ...polling, event: ['newDocument'], documentScope: ['matter'] } },
	},
	{
		displayName: 'Folder ID',
		name: 'folderId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '12345',
		description: 'The numeric ID of the Clio folder; documents in its sub-folders count too',
		displayOptions: { show: { ...polling, event: ['newDocument'], documentScope: ['folder'] } },
	},
	{
		displayName: 'Entries',
		name: 'entryKind',
		type: 'options',
		default: 'all',
		displayOptions: { show: { ...polling, event: ['newActivity'] } },
		options: [
			{
				name: 'Expenses Only',
				value: 'expense',
				description: 'Expenses, including hard and soft costs',
			},
			{ name: 'Time Entries and Expenses', value: 'all' },
			{ name: 'Time Entries Only', value: 'time' },
		],
	},
	{
		...calendarLocator({
			required: false,
			description:
				'Only entries on this calendar, or to which it is invited. Empty: every calendar the connected user sees.',
		}),
		displayOptions: { show: { ...polling, event: ['calendarEntryCreatedOrUpdated'] } },
	},
	stagesProperty({ ...polling, event: ['matterStageChanged'] }),
	{
		displayName: 'Only Into States',
		name: 'billStates',
		type: 'multiOptions',
		default: [],
		description: 'Only trigger when a bill moves into one of these states. Leave empty for any state change.',
		options: billStateOptions.filter((option) => option.value !== 'draft'),
		displayOptions: { show: { ...polling, event: ['billStateChanged'] } },
	},
	statusesProperty({ ...polling, event: ['matterStatusChanged'] }),

	// ---- Webhook ----
	{
		// After the polling "Trigger On": n8n's node creator makes the first one its polling actions,
		// and this one (named `operation`) its instant actions, each opening the node in Webhook mode.
		displayName: 'Trigger On',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: ANY_CHANGE,
		displayOptions: { show: webhook },
		options: instantEventOptions,
	},
	stagesProperty({ ...webhook, operation: ['matterStageChanged'] }),
	statusesProperty({ ...webhook, operation: ['matterStatusChanged'] }),
	{
		displayName: 'Record Type',
		name: 'model',
		type: 'options',
		noDataExpression: true,
		default: 'matter',
		displayOptions: { show: anyChange },
		options: WEBHOOK_MODELS.map((model) => ({ name: model.name, value: model.value })).sort(
			(a, b) => a.name.localeCompare(b.name),
		),
	},
	{
		displayName: 'Only Stage Changes',
		name: 'onlyStageChanges',
		type: 'boolean',
		default: false,
		description:
			'Whether to trigger only when a matter moves to another stage (the output shows the previous stage when known)',
		displayOptions: { show: { ...anyChange, model: ['matter'] } },
	},
	stagesProperty({ ...anyChange, model: ['matter'], onlyStageChanges: [true] }),
	eventsProperty('matterEvents', MATTER_EVENTS, 'Which changes of a matter start the workflow', {
		...anyChange,
		model: ['matter'],
		onlyStageChanges: [false],
	}),
	eventsProperty('events', ['created', 'updated', 'deleted'], 'Which changes start the workflow', {
		...anyChange,
		model: OTHER_MODELS,
	}),
	eventsProperty(
		'paymentEvents',
		PAYMENT_EVENTS,
		'Which changes start the workflow (Clio sends no event for deleted payments)',
		{ ...anyChange, model: ['clio_payments_payment'] },
	),
	...WEBHOOK_MODELS.flatMap(watchedFieldsProperties),
	{
		// Free text in Clio's syntax, as earlier versions of the node asked for; shown only where a
		// saved workflow still has some, and read together with the list above.
		displayName: 'Watched Fields (Clio Syntax)',
		name: 'watchedFields',
		type: 'string',
		default: '',
		description:
			'Clio field names, comma-separated, from an earlier version of this node. They are watched together with the fields chosen above; empty this box to use only the list.',
		displayOptions: { show: { ...webhook, watchedFields: [{ _cnd: { exists: true } }] } },
	},
	{
		displayName: 'Options',
		name: 'webhookOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: webhook },
		options: [
			{
				displayName: 'Fetch Full Record',
				name: 'fetchRecord',
				type: 'boolean',
				default: false,
				description:
					'Whether to read the whole record from Clio after each event (one more request per event; not for deletions)',
			},
			{
				displayName: 'Record Fields',
				name: 'recordFields',
				type: 'string',
				default: '',
				description:
					'With "Fetch Full Record": the Clio fields to read, comma-separated. Leave empty for a full set.',
			},
			{
				displayName: 'Attach New Documents',
				name: 'attachDocuments',
				type: 'boolean',
				default: false,
				description:
					'Whether to add, for a matter stage change, the matter’s documents created since the previous event (with "Matter Stage Changed" or "Only Stage Changes")',
			},
		],
	},
];

// The editor's panel left of the settings. Its texts cannot depend on the mode, so each one says
// what happens in both.
const MODES_EXPLAINED =
	'<b>Polling</b>: at each Poll Time the trigger asks Clio what changed since the previous poll and starts one execution per change. <b>Webhook</b>: Clio sends each change at once and the execution starts right away; the Poll Times only keep the Clio webhook alive and re-create it if Clio dropped it.';

export const triggerPanel: TriggerPanelDefinition = {
	header: 'Get a sample event from Clio',
	activationHint: {
		inactive:
			'The sample comes from a recent record in Clio. Once the workflow is published, each change in Clio starts it: at each Poll Time in Polling mode, at once in Webhook mode.',
		active:
			'The workflow is published: each change in Clio starts it, at each Poll Time in Polling mode, at once in Webhook mode.',
	},
	executionsHelp: {
		inactive: `While you build, <i>Fetch Test Event</i> shows a sample shaped like a real event. Once the workflow is <a data-key="activate">published</a>, it depends on <i>Receive Changes By</i>.<br /><br />${MODES_EXPLAINED}`,
		active: `The workflow is published; its runs are listed under <a data-key="executions">Executions</a>.<br /><br />${MODES_EXPLAINED}`,
	},
};
