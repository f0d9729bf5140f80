import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { recordId } from '../common/params';
import { documentIdField, readDocument } from './fields';

export const description: INodeProperties[] = [
	documentIdField('The document to read, with its latest version'),
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const documentId = recordId(this, 'documentId', itemIndex, 'Document ID');
	return await readDocument(this, itemIndex, documentId);
}
