import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { DOCUMENT_FIELDS } from '../../clio/fields';
import { clioApiRequestAllItems } from '../../transport/paginate';
import { clioApiRequest } from '../../transport/request';

export function documentIdField(description: string, displayName = 'Document ID'): INodeProperties {
	return {
		displayName,
		name: 'documentId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '12345',
		description,
	};
}

export function outputBinaryField(): INodeProperties {
	return {
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the output binary field to put the file in',
	};
}

/** The "Options" collection of an operation. */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
}

export async function readDocument(
	ctx: IExecuteFunctions,
	itemIndex: number,
	documentId: number,
): Promise<IDataObject> {
	const response = await clioApiRequest<{ data: IDataObject }>(ctx, {
		method: 'GET',
		path: `/documents/${documentId}.json`,
		query: { fields: DOCUMENT_FIELDS },
		itemIndex,
	});
	return response.data;
}

/** The documents with these IDs, as full records, in the order given. */
export async function readDocuments(
	ctx: IExecuteFunctions,
	itemIndex: number,
	ids: number[],
): Promise<IDataObject[]> {
	if (!ids.length) return [];
	const found = await clioApiRequestAllItems(
		ctx,
		'/documents.json',
		{ fields: DOCUMENT_FIELDS, 'ids[]': ids },
		{ itemIndex },
	);
	const byId = new Map(found.map((document) => [document.id, document]));
	return ids.map((id) => byId.get(id) ?? { id });
}
