import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { DOCUMENT_FIELDS } from '../../clio/fields';
import {
	commonFilterQuery,
	createdSinceFilter,
	filtersCollection,
	searchFilter,
	sortedByDisplayName,
	updatedSinceFilter,
} from '../common/collections';
import { returnAllAndLimit } from '../common/descriptions';
import { listWithLimit } from '../common/list';
import { folderPlaceFields, matterFolderId, readFolderPlace } from '../folder/fields';

export const description: INodeProperties[] = [
	...folderPlaceFields(
		'Whose documents to list: those at the top of a matter’s documents, or those in a folder given by its ID',
	),
	{
		displayName: 'Include Sub-Folders',
		name: 'includeSubFolders',
		type: 'boolean',
		default: false,
		description: 'Whether to list the documents inside the folders as well, at every depth',
	},
	...returnAllAndLimit,
	filtersCollection(
		sortedByDisplayName([
			createdSinceFilter('documents'),
			updatedSinceFilter('documents'),
			searchFilter('Text found in the document’s name'),
			{
				displayName: 'Document Category ID',
				name: 'documentCategoryId',
				type: 'number',
				default: 0,
				description: 'Only documents of this category, by the ID Clio gives the category',
			},
			{
				displayName: 'Include Incomplete Uploads',
				name: 'includeIncomplete',
				type: 'boolean',
				default: false,
				description:
					'Whether to list documents whose file has not finished uploading as well. Clio leaves them out unless asked.',
			},
		]),
	),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const place = readFolderPlace(this, itemIndex);
	const includeSubFolders = this.getNodeParameter('includeSubFolders', itemIndex, false) as boolean;
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const parentId =
		place.type === 'Matter' ? await matterFolderId(this, itemIndex, place.id) : place.id;
	const categoryId = Number(filters.documentCategoryId ?? 0);
	// api-facts §6.2: parent_id + scope select the folder; incomplete uploads are hidden unless
	// show_uncompleted is set.
	return await listWithLimit(this, itemIndex, '/documents.json', {
		fields: DOCUMENT_FIELDS,
		parent_id: parentId,
		scope: includeSubFolders ? 'descendants' : 'children',
		document_category_id: categoryId > 0 ? categoryId : undefined,
		show_uncompleted: filters.includeIncomplete === true ? true : undefined,
		...commonFilterQuery(this, filters, itemIndex),
	});
}
