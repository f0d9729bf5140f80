import type { INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { modeState } from '../state';
import { newActivity } from './activities';
import { calendarEntryCreatedOrUpdated } from './calendar-entries';
import { billStateChanged } from './bills';
import { newCommunication } from './communications';
import { contactCreatedOrUpdated } from './contacts';
import { type CursorState, placeCursor, readChanges } from './cursor';
import { newDocument } from './documents';
import { matterCreated, matterStageChanged, matterStatusChanged, matterUpdated } from './matters';
import { taskCreatedOrCompleted } from './tasks';
import type { PollEvent } from './types';

const EVENTS: Record<string, PollEvent> = {
	newDocument,
	matterStageChanged: matterStageChanged as PollEvent,
	matterCreated,
	matterUpdated,
	matterStatusChanged: matterStatusChanged as PollEvent,
	contactCreatedOrUpdated,
	taskCreatedOrCompleted,
	newActivity,
	calendarEntryCreatedOrUpdated,
	billStateChanged: billStateChanged as PollEvent,
	newCommunication,
};

/**
 * Polling mode. The first poll after activation only places the cursor; later polls report what
 * changed since. "Fetch Test Event" returns the latest matching record and leaves the cursor alone.
 */
export async function pollChanges(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const eventName = this.getNodeParameter('event', '') as string;
	const event = EVENTS[eventName];
	if (!event) {
		throw new NodeOperationError(
			this.getNode(),
			`Trigger On: "${eventName}" is not a Clio Trigger event`,
			{
				description: `Choose one of: ${Object.keys(EVENTS).join(', ')}.`,
			},
		);
	}
	const source = event.source(this);
	if (this.getMode() === 'manual') {
		const item = await event.sample(this, source);
		return item ? [[item]] : null;
	}

	const state = modeState<CursorState>(this, 'polling');
	// The cursor belongs to the event and its filters; the fields read may change between versions.
	const filters = { ...source.query };
	delete filters.fields;
	const fingerprint = JSON.stringify([eventName, source.path, filters]);
	if (state.fingerprint !== fingerprint || state.startedAt === undefined) {
		for (const key of Object.keys(state)) delete (state as Record<string, unknown>)[key];
		state.fingerprint = fingerprint;
		await placeCursor(this, state, source);
		await event.seed?.(this, state, source);
		return null;
	}
	const window = await readChanges(this, state, source);
	const items = event.report(this, state, window);
	return items.length > 0 ? [items] : null;
}
