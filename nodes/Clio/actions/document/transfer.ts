import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { DOCUMENT_FIELDS } from '../../clio/fields';
import {
	DEFAULT_PARTS_AT_ONCE,
	type PlanOptions,
	planUpload,
	urlBatches,
} from '../../clio/upload-plan';
import { clioErrorText } from '../../transport/errors';
import { clioApiRequest } from '../../transport/request';
import { storagePut } from '../../transport/storage';
import { linksOf, PartChecksums, sendParts } from './multipart';
import type { UploadSource } from './source';

// Clio's upload (api-facts §6.5, §6.6): POST the document record, PUT the bytes to the signed
// URL(s) it returns, PATCH the version as fully uploaded. Bytes are streamed from n8n's binary
// store; a multipart upload holds only the parts in flight in memory.

export type DocumentParent = { id: number; type: 'Matter' | 'Folder' | 'Contact' | 'Document' };

/** The body of step 1, without `multiparts`. */
export interface DocumentDraft extends IDataObject {
	name: string;
	parent: DocumentParent;
}

export interface UploadOptions extends PlanOptions {
	/** Parts of a multipart upload sent at the same time. */
	partsAtOnce?: number;
}

const UPLOAD_FIELDS = 'id,name,latest_document_version{uuid,put_url,put_headers,multiparts}';
const MAX_COMPLETION_ATTEMPTS = 6;

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
	options: UploadOptions,
): Promise<IDataObject> {
	const plan = planUpload(source.size, options);
	const partsAtOnce = options.partsAtOnce ?? DEFAULT_PARTS_AT_ONCE;
	const body: IDataObject = { ...draft };
	let checksums: PartChecksums | undefined;
	try {
		const batches = plan.kind === 'multipart' ? urlBatches(plan.parts.length, partsAtOnce) : [];
		if (plan.kind === 'multipart') {
			// The checksums of the first parts go into step 1; the rest are read meanwhile.
			checksums = new PartChecksums(source, plan.parts);
			body.multiparts = await checksums.entries(batches[0]);
		}
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
				await sendParts(ctx, itemIndex, source, {
					documentId,
					version,
					parts: plan.parts,
					batches,
					checksums: checksums as PartChecksums,
					partsAtOnce,
				});
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
	} finally {
		await checksums?.stop();
	}
}
