import type { ClioResourceDefinition } from '../types';
import * as deleteDocument from './delete';
import * as download from './download';
import * as get from './get';
import * as getMany from './getMany';
import * as upload from './upload';
import * as waitForNew from './waitForNew';

export const document: ClioResourceDefinition = {
	value: 'document',
	name: 'Document',
	description: 'Files kept in Clio: in a matter, a folder or a contact, with their versions',
	defaultOperation: 'get',
	operations: [
		{
			value: 'delete',
			name: 'Delete',
			action: 'Delete a document',
			description: 'Move a document to Clio’s trash',
			operation: deleteDocument,
		},
		{
			value: 'download',
			name: 'Download',
			action: 'Download a document',
			description: 'Get a document’s file, or one of its earlier versions, as binary data',
			operation: download,
		},
		{
			value: 'get',
			name: 'Get',
			action: 'Get a document',
			description: 'Read one document with its latest version',
			operation: get,
		},
		{
			value: 'getMany',
			name: 'Get Many',
			action: 'Get many documents',
			description: 'List the documents of a matter or a folder',
			operation: getMany,
		},
		{
			value: 'upload',
			name: 'Upload',
			action: 'Upload a document',
			description: 'Add a file to a matter, folder or contact, or as a new version of a document',
			operation: upload,
		},
		{
			value: 'waitForNew',
			name: 'Wait for New Documents',
			action: 'Wait for new documents',
			description:
				'Wait until documents created in a matter or folder are fully uploaded, then output them',
			operation: waitForNew,
		},
	],
};
