import { CONTACT_FIELDS } from '../../clio/fields';
import { isNewRecord } from './cursor';
import { latestRecord } from './latest';
import { eventItem, type PollEvent } from './types';

// api-facts §3.3: contacts cannot be ordered by updated_at, so a window cut short by the poll
// budget is read again from the same cursor (see cursor.ts).
export const contactCreatedOrUpdated: PollEvent = {
	source: () => ({
		path: '/contacts.json',
		query: { fields: CONTACT_FIELDS },
		orderByUpdatedAt: false,
	}),
	report(_ctx, state, window) {
		return window.records.map((contact) =>
			eventItem(contact, isNewRecord(state, contact) ? 'contactCreated' : 'contactUpdated'),
		);
	},
	async sample(ctx, source) {
		const contact = await latestRecord(ctx, source, 'id(desc)');
		return contact && eventItem(contact, 'contactCreated');
	},
};
