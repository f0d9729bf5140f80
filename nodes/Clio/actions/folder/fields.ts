import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { clioApiRequest } from '../../transport/request';
import { matterLocator } from '../common/locators';
import { recordId } from '../common/params';

/** Where a folder is: in a matter (its top-level folder) or in another folder, by ID. */
export function folderPlaceFields(description: string): INodeProperties[] {
	return [
		{
			displayName: 'Location',
			name: 'parentType',
			type: 'options',
			options: [
				{ name: 'In a Matter', value: 'matter' },
				{ name: 'In a Folder', value: 'folder' },
			],
			default: 'matter',
			description,
		},
		{ ...matterLocator(), displayOptions: { show: { parentType: ['matter'] } } },
		{
			displayName: 'Parent Folder ID',
			name: 'folderId',
			type: 'number',
			required: true,
			default: 0,
			displayOptions: { show: { parentType: ['folder'] } },
			description: 'The number Clio gives the folder, for example from the output of Get Many',
		},
	];
}

export type FolderPlace = { type: 'Matter' | 'Folder'; id: number };

/** The chosen matter or folder, as Clio's parent `{ id, type }` (api-facts §6.8). */
export function readFolderPlace(ctx: IExecuteFunctions, itemIndex: number): FolderPlace {
	const parentType = ctx.getNodeParameter('parentType', itemIndex, 'matter') as string;
	return parentType === 'folder'
		? { type: 'Folder', id: recordId(ctx, 'folderId', itemIndex, 'Parent Folder ID') }
		: { type: 'Matter', id: recordId(ctx, 'matterId', itemIndex, 'Matter') };
}

/** The ID of a matter's own top-level folder, which holds the matter's documents and folders. */
export async function matterFolderId(
	ctx: IExecuteFunctions,
	itemIndex: number,
	matterId: number,
): Promise<number> {
	const response = await clioApiRequest<{ data: IDataObject }>(ctx, {
		method: 'GET',
		path: `/matters/${matterId}.json`,
		query: { fields: 'id,folder{id}' },
		itemIndex,
	});
	const folderId = (response.data.folder as IDataObject | null | undefined)?.id;
	if (typeof folderId === 'number') return folderId;
	throw new NodeOperationError(
		ctx.getNode(),
		`Matter: matter ${matterId} has no documents folder`,
		{
			itemIndex,
			description:
				'Clio did not report a folder for this matter. Open the matter’s Documents tab in Clio once, then try again.',
		},
	);
}
