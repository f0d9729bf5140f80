import type { IDataObject } from 'n8n-workflow';

import { asObject, timeOf } from '../state';
import type { StageMemory, TriggerMemory } from './memory';
import type { WebhookSettings } from './settings';

/**
 * api-facts §8.8: Clio re-attempts a failed delivery for about an hour. A matter met for the
 * first time counts as having changed stage when its stage changed within this time.
 */
const RECENT_STAGE_CHANGE_MS = 2 * 60 * 60 * 1000;

export interface StageChange {
	previous: IDataObject | null;
	previousAt: string | null;
}

export interface StageDecision {
	change?: StageChange;
	/** Puts the matter's remembered stage back, when the delivery could not be handled. */
	undo: () => void;
}

/**
 * Whether a matter (as delivered, or as read in a catch-up) shows a stage change into a chosen
 * stage. The last stage seen of each matter is remembered; for a matter not met before,
 * `matter_stage_updated_at` must be recent, or after `unknownChangedAfterMs` when given (Clio also
 * sends the first update of a record even when no watched field changed, §8.7). A record older than the stage already known (a late re-attempt)
 * changes nothing. Synchronous: concurrent deliveries of one matter are decided one after another.
 */
export function stageChange(
	memory: TriggerMemory,
	settings: WebhookSettings,
	matter: IDataObject,
	unknownChangedAfterMs = Date.now() - RECENT_STAGE_CHANGE_MS,
): StageDecision {
	const stage = asObject(matter.matter_stage);
	const id = Number(matter.id);
	const seen: StageMemory = {
		stageId: stage?.id === undefined || stage.id === null ? null : Number(stage.id),
		name: stage?.name === undefined || stage.name === null ? null : String(stage.name),
		changedAt:
			typeof matter.matter_stage_updated_at === 'string' ? matter.matter_stage_updated_at : null,
	};
	const known = memory.stages.get(id);
	if (known && (timeOf(known.changedAt) ?? 0) > (timeOf(seen.changedAt) ?? 0)) {
		return { undo: () => {} };
	}
	// Deleted and set again: the most recently seen matters stay last in the map.
	memory.stages.delete(id);
	memory.stages.set(id, seen);
	const undo = () => {
		if (memory.stages.get(id) !== seen) return;
		memory.stages.delete(id);
		if (known) memory.stages.set(id, known);
	};
	const at = timeOf(seen.changedAt);
	const changed = known
		? known.stageId !== seen.stageId
		: at !== undefined && at > unknownChangedAfterMs;
	if (!changed || seen.stageId === null) return { undo };
	if (settings.stages.length > 0 && !settings.stages.includes(seen.stageId)) return { undo };
	return {
		undo,
		change: {
			previous: known && known.stageId !== null ? { id: known.stageId, name: known.name } : null,
			previousAt: known?.changedAt ?? null,
		},
	};
}
