import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { clioApiRequest } from '../../transport/request';
import { recordId } from '../common/params';
import { documentIdField } from './fields';

export const description: INodeProperties[] = [
	documentIdField(
		'The document to delete. Clio moves it to its trash, where it can be restored for 30 days.',
	),
];

// api-facts §6.1: DELETE moves the document to Clio's trash; 409 while it or a folder above it is
// being changed.
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const documentId = recordId(this, 'documentId', itemIndex, 'Document ID');
	await clioApiRequest(this, {
		method: 'DELETE',
		path: `/documents/${documentId}.json`,
		itemIndex,
	});
	return { id: documentId, deleted: true };
}
