import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DOCUMENT_VERSION_FIELDS } from '../../clio/fields';
import { apiBaseUrl } from '../../transport/base-url';
import { clioApiRequestAllItems } from '../../transport/paginate';
import { clioApiResponse } from '../../transport/request';
import { storageGet } from '../../transport/storage';
import { recordId } from '../common/params';
import { documentIdField, optionsCollection, outputBinaryField, readDocument } from './fields';

export const description: INodeProperties[] = [
	documentIdField('The document whose file to download'),
	outputBinaryField(),
	optionsCollection([
		{
			displayName: 'Version ID',
			name: 'versionId',
			type: 'string',
			default: '',
			placeholder: '67890',
			description:
				'Download this version of the document instead of the latest one, by its ID: for example the ID in `latest_document_version` of a Get made before the document changed',
		},
	]),
];

function header(headers: Record<string, unknown>, name: string): string | undefined {
	const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
	const value = key === undefined ? undefined : headers[key];
	const first = Array.isArray(value) ? value[0] : value;
	return typeof first === 'string' && first ? first : undefined;
}

/** The file name of a `Content-Disposition` header, preferring the RFC 5987 UTF-8 form. */
export function contentDispositionFileName(value: string | undefined): string | undefined {
	if (!value) return undefined;
	const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(value)?.[1];
	if (extended) {
		try {
			return decodeURIComponent(extended.trim());
		} catch {
			// fall through to the plain form
		}
	}
	const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/.exec(value);
	const name = (plain?.[2] ?? plain?.[1])?.trim();
	return name || undefined;
}

async function findVersion(
	ctx: IExecuteFunctions,
	itemIndex: number,
	documentId: number,
	versionId: number,
): Promise<IDataObject> {
	// The spec requires the version's `id` as a query parameter of this list, which filters by it.
	const [found] = await clioApiRequestAllItems(
		ctx,
		`/documents/${documentId}/versions.json`,
		{ fields: DOCUMENT_VERSION_FIELDS, id: versionId },
		{ itemIndex, limit: 1 },
	);
	if (found) return found;
	throw new NodeOperationError(
		ctx.getNode(),
		`Version ID: ${versionId} is not a version of document ${documentId}`,
		{
			itemIndex,
			description:
				'Leave "Version ID" empty to download the latest version, or use the ID of one of this document’s versions.',
		},
	);
}

/**
 * Downloads a document's file into n8n's binary store. Clio answers the download request with a
 * 303 to a short-lived signed storage URL (api-facts §6.4); the redirect is not followed by the
 * authenticated request, so the token never reaches storage, and the file is streamed, not
 * buffered.
 */
export async function downloadToBinary(
	ctx: IExecuteFunctions,
	itemIndex: number,
	document: IDataObject,
	versionId?: number,
): Promise<IBinaryData> {
	const documentId = Number(document.id);
	const version = versionId
		? await findVersion(ctx, itemIndex, documentId, versionId)
		: ((document.latest_document_version as IDataObject | null | undefined) ?? {});
	const redirect = await clioApiResponse(ctx, {
		method: 'GET',
		path: `/documents/${documentId}/download.json`,
		query: { document_version_id: versionId },
		noRedirect: true,
		itemIndex,
	});
	const location = header(redirect.headers, 'location');
	if (!location) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Clio gave no download link for document ${documentId}`,
			{
				itemIndex,
				description: `Clio answered ${redirect.statusCode} without a Location header. The file may still be uploading; try again later.`,
			},
		);
	}
	const url = new URL(location, await apiBaseUrl(ctx)).toString();
	const file = await storageGet(ctx, url, itemIndex);
	const fileName =
		(version.filename as string | undefined) ||
		(document.filename as string | undefined) ||
		contentDispositionFileName(header(file.headers, 'content-disposition')) ||
		(document.name as string | undefined) ||
		`document-${documentId}`;
	const mimeType =
		(version.content_type as string | undefined) ||
		(document.content_type as string | undefined) ||
		header(file.headers, 'content-type');
	return await ctx.helpers.prepareBinaryData(file.body, fileName, mimeType);
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const documentId = recordId(this, 'documentId', itemIndex, 'Document ID');
	const property = this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const versionId = options.versionId
		? recordId(this, 'options.versionId', itemIndex, 'Version ID')
		: undefined;
	const document = await readDocument(this, itemIndex, documentId);
	const binary = await downloadToBinary(this, itemIndex, document, versionId);
	return [{ json: document, binary: { [property]: binary } }];
}
