import type { IPollFunctions } from 'n8n-workflow';

import { BILL_FIELDS } from '../../clio/fields';
import { DAY_MS } from '../../clio/webhook-lifetime';
import { clioApiRequestAllItems } from '../../transport/paginate';
import { timeOf } from '../state';
import { type CursorState, isNewRecord } from './cursor';
import { latestRecord } from './latest';
import { remembered } from './matters';
import { eventItem, type PollEvent } from './types';

/** Bills remembered for telling state changes (most recently changed kept). */
const MAX_BILLS = 20_000;
/** The states a bill still leaves in the normal course (api-facts §9.7): learnt at activation. */
const OPEN_STATES = ['draft', 'awaiting_approval', 'awaiting_payment'];

interface BillState extends CursorState {
	/** [bill id, state] as last seen. */
	billStates?: Array<[number, string]>;
}

/**
 * Bill state changes (draft → awaiting_payment → paid …). Clio records no time of a bill's state
 * change and bills cannot be ordered by updated_at (api-facts §9.7), so each bill's last known state
 * is remembered: the states of the bills still open, and of those changed in the last day, are learnt
 * when the trigger starts (one request per 200 of them, once); afterwards an idle poll is one request. A bill first met in a final state
 * (paid, void) or created already past draft counts as changed, its previous state unknown (null).
 */
export const billStateChanged: PollEvent<BillState> = {
	source: () => ({ path: '/bills.json', query: { fields: BILL_FIELDS }, orderByUpdatedAt: false }),
	async seed(ctx, state, source) {
		const known = remembered<[string]>(state.billStates, MAX_BILLS);
		// Also every bill changed in the day before the cursor, whatever its state: the first polls
		// look a little before the cursor and must not take those for changes.
		const cursorMs = timeOf(state.cursor) ?? Date.now();
		const filters = [
			...OPEN_STATES.map((open) => ({ state: open })),
			{ updated_since: new Date(cursorMs - DAY_MS).toISOString() },
		];
		for (const filter of filters) {
			const bills = await clioApiRequestAllItems(
				ctx,
				source.path,
				{ fields: 'id,state', ...filter },
				{ limit: MAX_BILLS },
			);
			for (const bill of bills) known.set(Number(bill.id), [String(bill.state)]);
		}
		state.billStates = known.list();
	},
	report(ctx: IPollFunctions, state, window) {
		const only = ctx.getNodeParameter('billStates', []) as string[];
		const known = remembered<[string]>(state.billStates, MAX_BILLS);
		const items = [];
		for (const bill of window.records) {
			const id = Number(bill.id);
			const current = String(bill.state ?? '');
			const previous = known.get(id)?.[0];
			const isNew = isNewRecord(state, bill);
			known.set(id, [current]);
			const changed =
				previous !== undefined ? previous !== current : !(isNew && current === 'draft');
			if (!changed) continue;
			if (only.length > 0 && !only.includes(current)) continue;
			items.push(eventItem(bill, 'billStateChanged', { previous_state: previous ?? null }));
		}
		state.billStates = known.list();
		return items;
	},
	async sample(ctx, source) {
		const bill = await latestRecord(ctx, source, 'id(desc)');
		return bill && eventItem(bill, 'billStateChanged', { previous_state: null });
	},
};
