// "Trigger On" in Webhook mode: the polling events that a Clio webhook delivers with the same
// meaning, instantly. Each stands for a record type and its events; "Any Change to a Record Type"
// leaves both to the settings below it. n8n's node creator lists these options as the trigger's
// instant actions, so they are found where the polling events are.

export const ANY_CHANGE = 'anyChange';

export interface WebhookPreset {
	/** The same value as the polling event it mirrors. */
	value: string;
	name: string;
	description: string;
	model: string;
	events: string[];
	onlyStageChanges?: boolean;
}

export const WEBHOOK_PRESETS: WebhookPreset[] = [
	{
		value: 'calendarEntryCreatedOrUpdated',
		name: 'Calendar Entry Created or Updated',
		description: 'An entry was added to or changed in any calendar',
		model: 'calendar_entry',
		events: ['created', 'updated'],
	},
	{
		value: 'contactCreatedOrUpdated',
		name: 'Contact Created or Updated',
		description: 'A contact was added or changed',
		model: 'contact',
		events: ['created', 'updated'],
	},
	{
		value: 'matterCreated',
		name: 'Matter Created',
		description: 'A matter was added',
		model: 'matter',
		events: ['created'],
	},
	{
		value: 'matterStageChanged',
		name: 'Matter Stage Changed',
		description: 'A matter moved to another stage (the output shows the previous stage when known)',
		model: 'matter',
		events: ['updated'],
		onlyStageChanges: true,
	},
	{
		value: 'matterStatusChanged',
		name: 'Matter Status Changed',
		description: 'A matter was opened, pended or closed',
		model: 'matter',
		events: ['matter_opened', 'matter_pended', 'matter_closed'],
	},
	{
		value: 'matterUpdated',
		name: 'Matter Updated',
		description: 'One of the watched fields of a matter changed',
		model: 'matter',
		events: ['updated'],
	},
	{
		value: 'newCommunication',
		name: 'New Communication',
		description: 'An email or phone call was logged in Clio',
		model: 'communication',
		events: ['created'],
	},
];

export function webhookPreset(value: string): WebhookPreset | undefined {
	return WEBHOOK_PRESETS.find((preset) => preset.value === value);
}

/** The presets that watch this record type. */
export function presetsOf(model: string): string[] {
	return WEBHOOK_PRESETS.filter((preset) => preset.model === model).map((preset) => preset.value);
}

/** "Only Into Statuses" of Matter Status Changed, as the matter events Clio sends for them. */
export const STATUS_EVENTS: Record<string, string> = {
	open: 'matter_opened',
	pending: 'matter_pended',
	closed: 'matter_closed',
};
