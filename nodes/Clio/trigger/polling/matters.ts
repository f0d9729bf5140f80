import type { IDataObject, IPollFunctions } from 'n8n-workflow';

import { MATTER_FIELDS } from '../../clio/fields';
import { clioApiRequestAllItems } from '../../transport/paginate';
import { asObject, newest, timeOf } from '../state';
import {
	type ChangeSource,
	type CursorState,
	isNewRecord,
	OVERLAP_MS,
	type Window,
} from './cursor';
import { latestRecord } from './latest';
import { eventItem, type PollEvent } from './types';

/** Matters remembered for telling stage and status changes (most recently changed kept). */
const MAX_MATTERS = 5_000;

interface MatterState extends CursorState {
	/** [matter id, stage id, stage name] as last seen. */
	stages?: Array<[number, number | null, string | null]>;
	/** [matter id, status] as last seen (Clio's casing, api-facts §5.3). */
	statuses?: Array<[number, string]>;
}

function matterSource(): ChangeSource {
	// api-facts §3.3: matters can be ordered by updated_at.
	return { path: '/matters.json', query: { fields: MATTER_FIELDS }, orderByUpdatedAt: true };
}

/** A bounded map kept as a list in static data (JSON keeps no order for numeric object keys). */
export function remembered<V extends unknown[]>(list: Array<[number, ...V]> | undefined, max = MAX_MATTERS) {
	const map = new Map<number, V>((list ?? []).map(([id, ...rest]) => [id, rest as unknown as V]));
	return {
		get: (id: number) => map.get(id),
		set(id: number, value: V) {
			map.delete(id);
			map.set(id, value);
		},
		list: () =>
			newest(
				[...map].map(([id, value]) => [id, ...value] as [number, ...V]),
				max,
			),
	};
}

/** Records changed after this moment count as changed since the trigger last looked. */
function threshold(state: CursorState, window: Window): number {
	return (window.sinceMs ?? timeOf(state.startedAt) ?? 0) - OVERLAP_MS;
}

function stageOf(matter: IDataObject): { id: number | null; name: string | null } {
	const stage = asObject(matter.matter_stage);
	return {
		id: stage?.id === undefined || stage.id === null ? null : Number(stage.id),
		name: stage?.name === undefined || stage.name === null ? null : String(stage.name),
	};
}

export const matterCreated: PollEvent = {
	source: matterSource,
	report(_ctx, state, window) {
		return window.records
			.filter((matter) => isNewRecord(state, matter))
			.map((matter) => eventItem(matter, 'matterCreated'));
	},
	async sample(ctx, source) {
		const matter = await latestRecord(ctx, source, 'created_at(desc)');
		return matter && eventItem(matter, 'matterCreated');
	},
};

export const matterUpdated: PollEvent = {
	source: matterSource,
	report(_ctx, state, window) {
		// A matter seen for the first time since it was created is a creation, not an update.
		return window.records
			.filter((matter) => !isNewRecord(state, matter))
			.map((matter) => eventItem(matter, 'matterUpdated'));
	},
	async sample(ctx, source) {
		const matter = await latestRecord(ctx, source, 'updated_at(desc)');
		return matter && eventItem(matter, 'matterUpdated');
	},
};

/**
 * Stage changes: each matter's last known stage is remembered. A matter not seen before whose
 * `matter_stage_updated_at` is after the cursor counts as changed, with the previous stage
 * unknown (null): the trigger never saw it in its old stage.
 */
export const matterStageChanged: PollEvent<MatterState> = {
	source: matterSource,
	report(ctx: IPollFunctions, state, window) {
		const only = (ctx.getNodeParameter('stages', []) as Array<number | string>).map(Number);
		const stages = remembered<[number | null, string | null]>(state.stages);
		const since = threshold(state, window);
		const items = [];
		for (const matter of window.records) {
			const id = Number(matter.id);
			const current = stageOf(matter);
			const known = stages.get(id);
			let changed: boolean;
			let previous: IDataObject | null = null;
			if (known) {
				changed = known[0] !== current.id;
				if (known[0] !== null) previous = { id: known[0], name: known[1] };
			} else {
				const stageUpdatedMs = timeOf(matter.matter_stage_updated_at);
				changed = stageUpdatedMs !== undefined && stageUpdatedMs > since;
			}
			stages.set(id, [current.id, current.name]);
			if (!changed || current.id === null) continue;
			if (only.length > 0 && !only.includes(current.id)) continue;
			items.push(eventItem(matter, 'matterStageChanged', { previous_matter_stage: previous }));
		}
		state.stages = stages.list();
		return items;
	},
	async sample(ctx, source) {
		const matter = await latestRecord(ctx, source, 'matter_stage_updated_at(desc)');
		return matter && eventItem(matter, 'matterStageChanged', { previous_matter_stage: null });
	},
};

/** The date Clio sets when a matter gets each status (api-facts §5.2). */
const STATUS_DATE: Record<string, string> = {
	open: 'open_date',
	pending: 'pending_date',
	closed: 'close_date',
};

/**
 * Status changes: each matter's last known status is remembered; the statuses of matters changed
 * in the day before the trigger started are learnt when it starts. A matter not known otherwise
 * counts as changed when the date of its current status is on or after the cursor's day.
 */
export const matterStatusChanged: PollEvent<MatterState> = {
	source: matterSource,
	async seed(ctx, state, source) {
		const cursorMs = timeOf(state.cursor);
		if (cursorMs === undefined) return;
		const matters = await clioApiRequestAllItems(
			ctx,
			source.path,
			{ fields: 'id,status', updated_since: new Date(cursorMs - 24 * 3600 * 1000).toISOString() },
			{ limit: MAX_MATTERS },
		);
		const statuses = remembered<[string]>(state.statuses);
		for (const matter of matters) statuses.set(Number(matter.id), [String(matter.status)]);
		state.statuses = statuses.list();
	},
	report(ctx: IPollFunctions, state, window) {
		const only = (ctx.getNodeParameter('statuses', []) as string[]).map((status) =>
			status.toLowerCase(),
		);
		const statuses = remembered<[string]>(state.statuses);
		const sinceDay = new Date(Math.max(0, threshold(state, window))).toISOString().slice(0, 10);
		const items = [];
		for (const matter of window.records) {
			const id = Number(matter.id);
			const status = String(matter.status ?? '');
			const lower = status.toLowerCase();
			const known = statuses.get(id);
			statuses.set(id, [status]);
			let changed: boolean;
			if (known) {
				changed = known[0].toLowerCase() !== lower;
			} else {
				const date = matter[STATUS_DATE[lower] ?? ''];
				changed = typeof date === 'string' && date >= sinceDay;
			}
			if (!changed) continue;
			if (only.length > 0 && !only.includes(lower)) continue;
			items.push(
				eventItem(matter, 'matterStatusChanged', { previous_status: known ? known[0] : null }),
			);
		}
		state.statuses = statuses.list();
		return items;
	},
	async sample(ctx, source) {
		const matter = await latestRecord(ctx, source, 'updated_at(desc)');
		return matter && eventItem(matter, 'matterStatusChanged', { previous_status: null });
	},
};
