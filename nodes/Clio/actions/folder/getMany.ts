import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { FOLDER_FIELDS } from '../../clio/fields';
import { returnAllAndLimit } from '../common/descriptions';
import { commonFilterQuery, filtersCollection, searchFilter } from '../common/collections';
import { listWithLimit } from '../common/list';
import { folderPlaceFields, matterFolderId, readFolderPlace } from './fields';

export const description: INodeProperties[] = [
	...folderPlaceFields(
		'Whose folders to list: a matter’s, or those inside a folder given by its ID',
	),
	{
		displayName: 'Include Sub-Folders',
		name: 'includeSubFolders',
		type: 'boolean',
		default: false,
		description: 'Whether to list the folders inside the folders as well, at every depth',
	},
	...returnAllAndLimit,
	filtersCollection([searchFilter('Text found in the folder’s name')]),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const place = readFolderPlace(this, itemIndex);
	const includeSubFolders = this.getNodeParameter('includeSubFolders', itemIndex, false) as boolean;
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const { query } = commonFilterQuery(this, filters, itemIndex);
	const parentId =
		place.type === 'Matter' ? await matterFolderId(this, itemIndex, place.id) : place.id;
	return await listWithLimit(this, itemIndex, '/folders.json', {
		fields: FOLDER_FIELDS,
		parent_id: parentId,
		scope: includeSubFolders ? 'descendants' : 'children',
		query,
	});
}
