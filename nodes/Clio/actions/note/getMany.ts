import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { NOTE_FIELDS } from '../../clio/fields';
import { returnAllAndLimit } from '../common/descriptions';
import {
	commonFilterQuery,
	filtersCollection,
	searchFilter,
	updatedSinceFilter,
} from '../common/collections';
import { listWithLimit } from '../common/list';
import { noteOwnerFields, readNoteOwner } from './fields';

export const description: INodeProperties[] = [
	...noteOwnerFields,
	...returnAllAndLimit,
	filtersCollection([
		searchFilter('Text found in the note’s subject or detail'),
		updatedSinceFilter('notes'),
	]),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const owner = readNoteOwner(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	return await listWithLimit(this, itemIndex, '/notes.json', {
		fields: NOTE_FIELDS,
		type: owner.type,
		[`${owner.key}_id`]: owner.id,
		...commonFilterQuery(this, filters, itemIndex),
	});
}
