import type { View } from '../fields.mts';
import type { Store } from '../store.mts';
import { contactName } from './contacts.mts';

/** A sender or receiver of a communication: a User or a Contact (spec `Participant`). */
export interface ParticipantRef {
	id: number;
	type: 'User' | 'Contact';
}

/** Whether the referenced user or contact exists. */
export function participantExists(store: Store, ref: ParticipantRef): boolean {
	return (ref.type === 'User' ? store.users : store.contacts).has(ref.id);
}

/** The spec's `Participant` view of a user or contact, or null when it is gone. */
export function participantView(store: Store, ref: ParticipantRef): View | null {
	const rec = (ref.type === 'User' ? store.users : store.contacts).get(ref.id);
	if (!rec) return null;
	const name = ref.type === 'User' ? `${rec.first_name} ${rec.last_name}` : contactName(rec);
	return {
		fields: {
			id: ref.id,
			etag: rec.etag,
			created_at: rec.created_at,
			updated_at: rec.updated_at,
			type: ref.type,
			identifier: `${ref.type}-${ref.id}`,
			secondary_identifier: null,
			enabled: ref.type === 'User' ? rec.enabled : true,
			name,
			initials: name
				.split(/\s+/)
				.map((word) => word[0] ?? '')
				.join(''),
			job_title_name: ref.type === 'Contact' ? (rec.title ?? null) : null,
		},
	};
}
