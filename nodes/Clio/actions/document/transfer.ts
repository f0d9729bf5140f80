import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { BINARY_ENCODING, NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { DOCUMENT_FIELDS } from '../../clio/fields';
import {
	inBatches,
	multipartEntry,
	partBuffers,
	partDigests,
	type PlanOptions,
	planUpload,
	type UploadPart,
} from '../../clio/upload-plan';
import { clioErrorText } from '../../transport/errors';
import { clioApiRequest } from '../../transport/request';
import { type BinaryStream, type PutHeader, storagePut } from '../../transport/storage';

// Clio's upload (api-facts §6.5, §6.6): POST the document record, PUT the bytes to the signed
// URL(s) it returns, PATCH the version as fully uploaded. Bytes are streamed from n8n's binary
// store; a multipart upload holds one part in memory at a time.

/** A file to upload: its bytes can be opened as often as needed (one fresh stream each time). */
export interface UploadSource {
	fileName: string;
	mimeType?: string;
	size: number;
	open(): Promise<Buffer | BinaryStream>;
}

export type DocumentParent = { id: number; type: 'Matter' | 'Folder' | 'Contact' | 'Document' };

/** The body of step 1, without `multiparts`. */
export interface DocumentDraft extends IDataObject {
	name: string;
	parent: DocumentParent;
}

interface PartLink {
	part_number: number;
	put_url: string;
	put_headers?: PutHeader[];
}

interface VersionLinks {
	uuid: string;
	put_url?: string;
	put_headers?: PutHeader[];
	multiparts?: PartLink[];
}

const UPLOAD_FIELDS = 'id,name,latest_document_version{uuid,put_url,put_headers,multiparts}';
const MORE_PARTS_FIELDS = 'id,latest_document_version{uuid,multiparts}';
const MAX_COMPLETION_ATTEMPTS = 6;

/** The bytes of an input item's binary field, streamed from n8n's binary store when stored by id. */
export async function readUploadSource(
	ctx: IExecuteFunctions,
	itemIndex: number,
	property: string,
): Promise<UploadSource> {
	const binary = ctx.helpers.assertBinaryData(itemIndex, property);
	const id = binary.id;
	if (id) {
		const metadata = await ctx.helpers.getBinaryMetadata(id);
		return {
			fileName: binary.fileName ?? metadata.fileName ?? '',
			mimeType: binary.mimeType ?? metadata.mimeType,
			size: metadata.fileSize,
			open: async () => await ctx.helpers.getBinaryStream(id),
		};
	}
	const bytes = Buffer.from(binary.data, BINARY_ENCODING);
	return {
		fileName: binary.fileName ?? '',
		mimeType: binary.mimeType,
		size: bytes.length,
		open: async () => bytes,
	};
}

function release(body: Buffer | BinaryStream): void {
	if (!Buffer.isBuffer(body)) body.destroy();
}

async function* chunksOf(body: Buffer | BinaryStream): AsyncGenerator<Uint8Array> {
	if (Buffer.isBuffer(body)) {
		yield body;
		return;
	}
	for await (const chunk of body) yield chunk as Uint8Array;
}

/** Reads the file once from the start, handing its chunks to `read`; the stream is closed after. */
async function readThrough<T>(
	source: UploadSource,
	read: (chunks: AsyncGenerator<Uint8Array>) => Promise<T>,
): Promise<T> {
	const body = await source.open();
	try {
		return await read(chunksOf(body));
	} finally {
		release(body);
	}
}

function linksOf(response: { data: IDataObject }): VersionLinks {
	return (response.data.latest_document_version ?? {}) as unknown as VersionLinks;
}

async function sendParts(
	ctx: IExecuteFunctions,
	itemIndex: number,
	documentId: number,
	source: UploadSource,
	parts: UploadPart[],
	batches: IDataObject[][],
	first: VersionLinks,
): Promise<void> {
	const links = new Map<number, PartLink>();
	const remember = (version: VersionLinks) => {
		for (const link of version.multiparts ?? []) links.set(link.part_number, link);
	};
	remember(first);
	let nextBatch = 1;
	await readThrough(source, async (chunks) => {
		for await (const { part, bytes } of partBuffers(chunks, parts)) {
			// api-facts §6.6: URLs for parts beyond the first 50 come from a PATCH with
			// fully_uploaded false, asked for when needed since they expire after 8 hours.
			while (!links.has(part.partNumber) && nextBatch < batches.length) {
				const response = await clioApiRequest<{ data: IDataObject }>(ctx, {
					method: 'PATCH',
					path: `/documents/${documentId}.json`,
					query: { fields: MORE_PARTS_FIELDS },
					body: { uuid: first.uuid, fully_uploaded: false, multiparts: batches[nextBatch] },
					itemIndex,
				});
				nextBatch += 1;
				remember(linksOf(response));
			}
			const link = links.get(part.partNumber);
			if (!link?.put_url) {
				throw new NodeOperationError(
					ctx.getNode(),
					`Clio gave no upload link for part ${part.partNumber} of ${parts.length}`,
					{ itemIndex },
				);
			}
			await storagePut(ctx, {
				url: link.put_url,
				headers: link.put_headers ?? [],
				contentLength: part.length,
				openBody: async () => bytes,
				what: `part ${part.partNumber} of ${parts.length} of "${source.fileName}"`,
				itemIndex,
			});
			links.delete(part.partNumber);
		}
	});
}

function isUploadTimeout(error: unknown): boolean {
	return (
		error instanceof NodeApiError &&
		clioErrorText(error.errorResponse).type === 'UploadTimeoutError'
	);
}

/**
 * Step 3. Clio checks the bytes in storage before it answers; when that check times out it says
 * UploadTimeoutError and the PATCH is to be repeated (api-facts §6.5).
 */
async function markFullyUploaded(
	ctx: IExecuteFunctions,
	itemIndex: number,
	documentId: number,
	uuid: string,
): Promise<IDataObject> {
	for (let attempt = 1; ; attempt++) {
		try {
			const response = await clioApiRequest<{ data: IDataObject }>(ctx, {
				method: 'PATCH',
				path: `/documents/${documentId}.json`,
				query: { fields: DOCUMENT_FIELDS },
				body: { uuid, fully_uploaded: true },
				itemIndex,
			});
			return response.data;
		} catch (error) {
			if (attempt >= MAX_COMPLETION_ATTEMPTS || !isUploadTimeout(error)) {
				throw error instanceof NodeApiError
					? error
					: new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
			}
			await sleep(1000 * 2 ** (attempt - 1));
		}
	}
}

/** Whether the version did get marked fully uploaded after all (a lost answer to step 3). */
async function completedAnyway(
	ctx: IExecuteFunctions,
	itemIndex: number,
	documentId: number,
	uuid: string,
): Promise<IDataObject | undefined> {
	try {
		const response = await clioApiRequest<{ data: IDataObject }>(ctx, {
			method: 'GET',
			path: `/documents/${documentId}.json`,
			query: { fields: DOCUMENT_FIELDS },
			itemIndex,
		});
		const version = (response.data.latest_document_version ?? {}) as IDataObject;
		return version.uuid === uuid && version.fully_uploaded === true ? response.data : undefined;
	} catch {
		return undefined;
	}
}

function causeText(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	const description =
		error instanceof NodeApiError || error instanceof NodeOperationError ? error.description : '';
	return [message, description].filter(Boolean).join(' — ');
}

/**
 * Leaves Clio as it was before the upload. A new document is deleted (to Clio's trash). A new
 * version cannot be taken back: Clio has no request that removes a single version, so the
 * document stays, and the unfinished version stays marked as not fully uploaded.
 */
async function undo(
	ctx: IExecuteFunctions,
	itemIndex: number,
	draft: DocumentDraft,
	documentId: number,
	failedStep: string,
	cause: unknown,
): Promise<NodeOperationError> {
	const what = `${failedStep} failed: ${causeText(cause)}`;
	if (draft.parent.type === 'Document') {
		return new NodeOperationError(
			ctx.getNode(),
			`The new version of document ${documentId} could not be uploaded; the document was not changed`,
			{
				itemIndex,
				description:
					`${what}. The document, its name and its earlier versions are as they were. ` +
					'Clio keeps a record of the unfinished version, marked as not fully uploaded; Clio offers no way to remove a single version. Run the upload again to add the version.',
			},
		);
	}
	try {
		await clioApiRequest(ctx, {
			method: 'DELETE',
			path: `/documents/${documentId}.json`,
			itemIndex,
		});
	} catch (deleteError) {
		return new NodeOperationError(
			ctx.getNode(),
			`Upload of "${draft.name}" failed, and the incomplete document ${documentId} could not be removed`,
			{
				itemIndex,
				description: `${what}. Removing the incomplete document failed as well: ${causeText(deleteError)}. Delete document ${documentId} in Clio, then run the upload again.`,
			},
		);
	}
	return new NodeOperationError(
		ctx.getNode(),
		`Upload of "${draft.name}" failed; nothing was left behind in Clio`,
		{
			itemIndex,
			description: `${what}. The document Clio had created for the upload (ID ${documentId}) was deleted again (Clio moves it to its trash, which it empties after 30 days), so no incomplete document remains. Run the upload again.`,
		},
	);
}

/** Uploads a file as a new document (or a new version of one) and returns the completed document. */
export async function uploadDocument(
	ctx: IExecuteFunctions,
	itemIndex: number,
	draft: DocumentDraft,
	source: UploadSource,
	planOptions: PlanOptions,
): Promise<IDataObject> {
	const plan = planUpload(source.size, planOptions);
	let batches: IDataObject[][] = [];
	if (plan.kind === 'multipart') {
		// The parts' checksums go into step 1, so the file is read once before anything is created.
		const digests = await readThrough(
			source,
			async (chunks) => await partDigests(chunks, plan.parts),
		);
		batches = inBatches(plan.parts.map((part, index) => multipartEntry(part, digests[index])));
	}
	const body: IDataObject = { ...draft };
	if (batches.length) body.multiparts = batches[0];
	const created = await clioApiRequest<{ data: IDataObject }>(ctx, {
		method: 'POST',
		path: '/documents.json',
		query: { fields: UPLOAD_FIELDS },
		body,
		itemIndex,
	});
	const documentId = Number(created.data.id);
	const version = linksOf(created);
	const sending = 'Sending the file to Clio’s storage';
	const marking = 'Marking the upload as complete in Clio';
	let step = sending;
	try {
		if (plan.kind === 'single') {
			await storagePut(ctx, {
				url: String(version.put_url),
				headers: version.put_headers ?? [],
				contentLength: plan.size,
				openBody: source.open,
				what: `"${source.fileName}"`,
				itemIndex,
			});
		} else {
			await sendParts(ctx, itemIndex, documentId, source, plan.parts, batches, version);
		}
		step = marking;
		return await markFullyUploaded(ctx, itemIndex, documentId, version.uuid);
	} catch (error) {
		if (step === marking) {
			const completed = await completedAnyway(ctx, itemIndex, documentId, version.uuid);
			if (completed) return completed;
		}
		throw await undo(ctx, itemIndex, draft, documentId, step, error);
	}
}
