import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { NOTE_FIELDS } from '../../clio/fields';
import { returnAllAndLimit } from '../common/descriptions';
import {
	commonFilterQuery,
	filtersCollection,
	searchFilter,
	updatedSinceFilter,
} from '../common/collections';
import { asNodeError } from '../../transport/errors';
import { listWithLimit } from '../common/list';
import type { ExecutionState } from '../types';
import { noteOwnerFields, readNoteOwner } from './fields';

export const description: INodeProperties[] = [
	...noteOwnerFields,
	...returnAllAndLimit,
	filtersCollection([
		searchFilter('Text found in the note’s subject or detail'),
		updatedSinceFilter('notes'),
	]),
];

const LOWERCASE_TYPE = 'note.lowercaseType';

// api-facts §9.5 CONFLICT: the spec's enum is `Matter|Contact`, but Clio refused the capitalised
// filter with 422 before 4.0.10 and wanted `matter`. The spec's form goes first; a 422 about `type`
// (a GET, safe to repeat) is asked again in lower case, and the rest of the execution keeps to it.
function refusesType(error: unknown): boolean {
	const { httpCode, message } = (error ?? {}) as { httpCode?: unknown; message?: unknown };
	return String(httpCode) === '422' && /\btype\b/i.test(String(message ?? ''));
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	state: ExecutionState,
): Promise<IDataObject[]> {
	const owner = readNoteOwner(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const list = (type: string) =>
		listWithLimit(this, itemIndex, '/notes.json', {
			fields: NOTE_FIELDS,
			type,
			[`${owner.key}_id`]: owner.id,
			...commonFilterQuery(this, filters, itemIndex),
		});
	if (state.memo.has(LOWERCASE_TYPE)) return await list(owner.key);
	try {
		return await list(owner.type);
	} catch (error) {
		if (!refusesType(error)) throw asNodeError(this, error, itemIndex);
		state.memo.set(LOWERCASE_TYPE, Promise.resolve(true));
		return await list(owner.key);
	}
}
