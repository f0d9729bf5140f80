import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { parentTypeField, readParentRecord, recordLocators } from '../customField/definitions';

/** Record Type + the matching matter or contact locator: what a note belongs to. */
export const noteOwnerFields: INodeProperties[] = [
	{ ...parentTypeField, description: 'Whether the notes belong to a matter or to a contact' },
	...recordLocators,
];

/** Clio's note `type` and the owner, e.g. { type: 'Matter', key: 'matter', id: 12 } (api-facts §9.5). */
export function readNoteOwner(
	ctx: IExecuteFunctions,
	itemIndex: number,
): { type: 'Matter' | 'Contact'; key: 'matter' | 'contact'; id: number } {
	const { parentType, id } = readParentRecord(ctx, itemIndex);
	return parentType === 'contact'
		? { type: 'Contact', key: 'contact', id }
		: { type: 'Matter', key: 'matter', id };
}
