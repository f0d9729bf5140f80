import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';

import type { ChangeSource, CursorState, Window } from './cursor';

/** One family of polling events: where its records come from and which of them it reports. */
export interface PollEvent<S extends CursorState = CursorState> {
	/** The list endpoint and filters, from the node's settings. */
	source(ctx: IPollFunctions): ChangeSource;
	/** Called once when the cursor is placed, to learn what is needed to tell changes later. */
	seed?(ctx: IPollFunctions, state: S, source: ChangeSource): Promise<void>;
	/** The output items for the records a poll found changed. */
	report(ctx: IPollFunctions, state: S, window: Window): INodeExecutionData[];
	/** For "Fetch Test Event": the latest matching record, shaped like a real event. */
	sample(ctx: IPollFunctions, source: ChangeSource): Promise<INodeExecutionData | undefined>;
}

export function eventItem(
	record: IDataObject,
	event: string,
	extra: IDataObject = {},
): INodeExecutionData {
	return { json: { ...record, event, ...extra } };
}
