import { COMMUNICATION_FIELDS } from '../../clio/fields';
import { isNewRecord } from './cursor';
import { latestRecord } from './latest';
import { eventItem, type PollEvent } from './types';

// api-facts §9.6: communications cannot be ordered by updated_at, so the cursor works as for
// contacts (a window cut short is read again from the same cursor).
export const newCommunication: PollEvent = {
	source: () => ({
		path: '/communications.json',
		query: { fields: COMMUNICATION_FIELDS },
		orderByUpdatedAt: false,
	}),
	report(_ctx, state, window) {
		return window.records
			.filter((communication) => isNewRecord(state, communication))
			.map((communication) => eventItem(communication, 'newCommunication'));
	},
	async sample(ctx, source) {
		const communication = await latestRecord(ctx, source, 'id(desc)');
		return communication && eventItem(communication, 'newCommunication');
	},
};
