import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { FOLDER_FIELDS } from '../../clio/fields';
import { clioApiRequest } from '../../transport/request';
import { requiredText } from '../common/input';
import { folderPlaceFields, readFolderPlace } from './fields';

export const description: INodeProperties[] = [
	{
		displayName: 'Folder Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Pleadings',
	},
	...folderPlaceFields(
		'Where to create the folder: at the top of a matter’s documents, or inside another folder given by its ID',
	),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const name = requiredText(
		this,
		'name',
		itemIndex,
		'Folder Name',
		'Clio needs a name for every folder.',
	);
	const parent = readFolderPlace(this, itemIndex);
	const response = await clioApiRequest<{ data: IDataObject }>(this, {
		method: 'POST',
		path: '/folders.json',
		query: { fields: FOLDER_FIELDS },
		body: { name, parent },
		itemIndex,
	});
	return response.data;
}
