import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	DEFAULT_MULTIPART_THRESHOLD,
	DEFAULT_PARTS_AT_ONCE,
	MAX_PARTS_AT_ONCE,
	MIB,
	MIN_PART_SIZE,
} from '../../clio/upload-plan';
import { fieldsCollection, sortedByDisplayName } from '../common/collections';
import { contactLocator, matterLocator } from '../common/locators';
import { isoTimestamp, recordId } from '../common/params';
import { documentIdField, optionsCollection, readDocument } from './fields';
import { readUploadSource } from './source';
import { type DocumentDraft, type DocumentParent, uploadDocument } from './transfer';

export const description: INodeProperties[] = [
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the input binary field containing the file to be uploaded',
	},
	{
		displayName: 'Upload To',
		name: 'uploadTo',
		type: 'options',
		options: [
			{
				name: 'A Matter',
				value: 'matter',
				description: 'At the top of the matter’s documents',
			},
			{ name: 'A Folder', value: 'folder', description: 'Inside a folder given by its ID' },
			{
				name: 'A Contact',
				value: 'contact',
				description: 'Into the contact’s documents (Clio creates its folder if needed)',
			},
			{
				name: 'New Version of a Document',
				value: 'newVersion',
				description: 'Add the file as the newest version of an existing document',
			},
		],
		default: 'matter',
		description: 'Where the file goes in Clio',
	},
	{ ...matterLocator(), displayOptions: { show: { uploadTo: ['matter'] } } },
	{
		displayName: 'Folder ID',
		name: 'folderId',
		type: 'number',
		required: true,
		default: 0,
		displayOptions: { show: { uploadTo: ['folder'] } },
		description:
			'The number Clio gives the folder, for example from the output of Folder → Get Many',
	},
	{ ...contactLocator(), displayOptions: { show: { uploadTo: ['contact'] } } },
	{
		...documentIdField('The document that gets the file as its new version; its ID stays the same'),
		displayOptions: { show: { uploadTo: ['newVersion'] } },
	},
	fieldsCollection(
		'additionalFields',
		sortedByDisplayName([
			{
				displayName: 'Document Name',
				name: 'name',
				type: 'string',
				default: '',
				description:
					'The name shown in Clio. Default: the file’s name for a new document, the current name for a new version.',
			},
			{
				displayName: 'Content Type',
				name: 'contentType',
				type: 'string',
				default: '',
				placeholder: 'application/pdf',
				description:
					'The file’s MIME type. Default: the type n8n knows for the file; when that is unknown, Clio works it out from the file name’s extension.',
			},
			{
				displayName: 'Document Category ID',
				name: 'documentCategoryId',
				type: 'number',
				default: 0,
				description: 'The category to file the document under, by the ID Clio gives the category',
			},
			{
				displayName: 'Received At',
				name: 'receivedAt',
				type: 'dateTime',
				default: '',
				description: 'When the firm received the document',
			},
		]),
	),
	optionsCollection([
		{
			displayName: 'Multipart From (MB)',
			name: 'multipartThresholdMb',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 2 },
			default: 100,
			description:
				'Files of this size or larger are sent in parts, each checked by its checksum and retried on its own. Clio recommends parts from about 100 MB.',
		},
		{
			displayName: 'Part Size (MB)',
			name: 'partSizeMb',
			type: 'number',
			typeOptions: { minValue: 5 },
			default: 5,
			description:
				'Size of each part of a multipart upload. At least 5 MB, raised when a file would need more than 10,000 parts.',
		},
		{
			displayName: 'Parts Sent at Once',
			name: 'partsAtOnce',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_PARTS_AT_ONCE, numberPrecision: 0 },
			default: DEFAULT_PARTS_AT_ONCE,
			description: `How many parts of a multipart upload travel to Clio’s storage at the same time. More is faster on a fast connection; 1 sends them one after another. Each part on its way is held in memory: ${DEFAULT_PARTS_AT_ONCE} parts of 5 MB take about ${DEFAULT_PARTS_AT_ONCE * 5} MB.`,
		},
	]),
];

const GENERIC_MIME_TYPE = 'application/octet-stream';

async function readParent(
	ctx: IExecuteFunctions,
	itemIndex: number,
	uploadTo: string,
): Promise<{ parent: DocumentParent; currentName?: string }> {
	switch (uploadTo) {
		case 'matter':
			return { parent: { type: 'Matter', id: recordId(ctx, 'matterId', itemIndex, 'Matter') } };
		case 'folder':
			return { parent: { type: 'Folder', id: recordId(ctx, 'folderId', itemIndex, 'Folder ID') } };
		case 'contact':
			return { parent: { type: 'Contact', id: recordId(ctx, 'contactId', itemIndex, 'Contact') } };
		case 'newVersion': {
			// api-facts §6.5: parent type Document adds a version to that document. Reading it first
			// checks it exists and keeps its name unless a new one is given.
			const documentId = recordId(ctx, 'documentId', itemIndex, 'Document ID');
			const document = await readDocument(ctx, itemIndex, documentId);
			return { parent: { type: 'Document', id: documentId }, currentName: document.name as string };
		}
		default:
			throw new NodeOperationError(ctx.getNode(), `Upload To: "${uploadTo}" is not accepted`, {
				itemIndex,
				description: 'Choose a matter, a folder, a contact or a new version of a document.',
			});
	}
}

/** Parts Sent at Once: a whole number from 1 to 16 (an expression can give anything). */
function partsAtOnce(ctx: IExecuteFunctions, value: unknown, itemIndex: number): number {
	if (value === undefined || value === '') return DEFAULT_PARTS_AT_ONCE;
	const count = Number(value);
	if (Number.isInteger(count) && count >= 1 && count <= MAX_PARTS_AT_ONCE) return count;
	throw new NodeOperationError(
		ctx.getNode(),
		`Parts Sent at Once: ${String(value)} is not accepted`,
		{
			itemIndex,
			description: `Use a whole number from 1 to ${MAX_PARTS_AT_ONCE}, or remove the option to send ${DEFAULT_PARTS_AT_ONCE} parts at once.`,
		},
	);
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const property = this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string;
	const uploadTo = this.getNodeParameter('uploadTo', itemIndex, 'matter') as string;
	const fields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const source = await readUploadSource(this, itemIndex, property);
	const { parent, currentName } = await readParent(this, itemIndex, uploadTo);

	const name = String(fields.name ?? '').trim() || currentName || source.fileName;
	if (!name) {
		throw new NodeOperationError(this.getNode(), 'Document Name: this field is empty', {
			itemIndex,
			description: `The file in "${property}" has no name. Add "Document Name" under "Additional Fields".`,
		});
	}
	const draft: DocumentDraft = { name, parent };
	if (source.fileName) draft.filename = source.fileName;
	const contentType =
		String(fields.contentType ?? '').trim() ||
		(source.mimeType && source.mimeType !== GENERIC_MIME_TYPE ? source.mimeType : '');
	if (contentType) draft.content_type = contentType;
	const categoryId = Number(fields.documentCategoryId ?? 0);
	if (categoryId > 0) draft.document_category = { id: categoryId };
	const receivedAt = isoTimestamp(this, fields.receivedAt, itemIndex, 'Received At');
	if (receivedAt) draft.received_at = receivedAt;

	const thresholdMb = Number(options.multipartThresholdMb ?? DEFAULT_MULTIPART_THRESHOLD / MIB);
	const partSizeMb = Number(options.partSizeMb ?? MIN_PART_SIZE / MIB);
	return await uploadDocument(this, itemIndex, draft, source, {
		multipartThreshold: Math.round(thresholdMb * MIB),
		partSize: Math.round(partSizeMb * MIB),
		partsAtOnce: partsAtOnce(this, options.partsAtOnce, itemIndex),
	});
}
