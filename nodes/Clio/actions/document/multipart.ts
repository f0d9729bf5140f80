import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	multipartEntry,
	partBuffers,
	partDigests,
	type PartBatch,
	type UploadPart,
} from '../../clio/upload-plan';
import { clioApiRequest } from '../../transport/request';
import { type BinaryStream, type PutHeader, storagePut } from '../../transport/storage';
import { chunksOf, release, type UploadSource } from './source';

// A multipart upload (api-facts §6.6): Clio signs each part's URL for the part's size and MD5, so
// a part's checksum must be known before its URL is asked for. The checksums are read from the
// file in the background, ahead of the sending; the parts themselves are read a second time, as
// they are sent, a few at once. Memory holds only the parts in flight.

export interface PartLink {
	part_number: number;
	put_url: string;
	put_headers?: PutHeader[];
}

export interface VersionLinks {
	uuid: string;
	put_url?: string;
	put_headers?: PutHeader[];
	multiparts?: PartLink[];
}

const MORE_PARTS_FIELDS = 'id,latest_document_version{uuid,multiparts}';

export function linksOf(response: { data: IDataObject }): VersionLinks {
	return (response.data.latest_document_version ?? {}) as unknown as VersionLinks;
}

/** The parts' MD5s, read from the file as fast as it goes; only the checksums are kept. */
export class PartChecksums {
	private readonly digests: string[] = [];
	private readonly waiting = new Set<() => void>();
	private failure: { error: unknown } | undefined;
	private ended = false;
	private stopped = false;
	private body: Buffer | BinaryStream | undefined;
	private readonly reading: Promise<void>;

	constructor(
		source: UploadSource,
		private readonly parts: UploadPart[],
	) {
		this.reading = this.read(source);
	}

	private async read(source: UploadSource): Promise<void> {
		try {
			this.body = await source.open();
			if (this.stopped) return;
			await partDigests(chunksOf(this.body), this.parts, (index, digest) => {
				this.digests[index] = digest;
				this.wake();
			});
		} catch (error) {
			this.failure = { error };
		} finally {
			if (this.body) release(this.body);
			this.ended = true;
			this.wake();
		}
	}

	private wake(): void {
		for (const resume of this.waiting) resume();
		this.waiting.clear();
	}

	/** Clio's `multiparts` entries of a batch of parts, as soon as their checksums are known. */
	async entries(batch: PartBatch): Promise<IDataObject[]> {
		while (this.digests.length < batch.end) {
			if (this.failure) throw this.failure.error;
			if (this.ended) throw new Error('The file was closed before its checksums were read');
			await new Promise<void>((resume) => this.waiting.add(resume));
		}
		return this.parts
			.slice(batch.start, batch.end)
			.map((part, offset) => multipartEntry(part, this.digests[batch.start + offset]));
	}

	/** Stops reading and closes the file. */
	async stop(): Promise<void> {
		this.stopped = true;
		if (this.body) release(this.body);
		await this.reading;
	}
}

export interface MultipartUpload {
	documentId: number;
	/** The version from step 1: its uuid and the URLs of the first batch of parts. */
	version: VersionLinks;
	parts: UploadPart[];
	batches: PartBatch[];
	checksums: PartChecksums;
	partsAtOnce: number;
}

/**
 * Step 2 of a multipart upload: sends the parts, `partsAtOnce` at a time, each retried on its own
 * (transport/storage.ts). After a part fails for good no further part is started, and this returns
 * only once every request it began has ended, so that the upload can be undone cleanly.
 */
export async function sendParts(
	ctx: IExecuteFunctions,
	itemIndex: number,
	source: UploadSource,
	upload: MultipartUpload,
): Promise<void> {
	const { documentId, version, parts, batches, checksums } = upload;
	const links = new Map<number, PartLink>();
	const remember = (given: VersionLinks) => {
		for (const link of given.multiparts ?? []) links.set(link.part_number, link);
	};
	remember(version);
	const batchOf: number[] = [];
	for (const [index, batch] of batches.entries()) {
		for (let part = batch.start; part < batch.end; part++) batchOf[part] = index;
	}

	// api-facts §6.6: URLs for later parts come from a PATCH with fully_uploaded false. Each batch is
	// asked for once the one before is being sent — early enough that no part waits for its URL,
	// late enough that none expires (8 hours) on a slow line.
	const asked: Array<Promise<void>> = [Promise.resolve()];
	const ask = (index: number): Promise<void> => {
		if (index >= batches.length) return Promise.resolve();
		asked[index] ??= (async () => {
			await ask(index - 1);
			const multiparts = await checksums.entries(batches[index]);
			const response = await clioApiRequest<{ data: IDataObject }>(ctx, {
				method: 'PATCH',
				path: `/documents/${documentId}.json`,
				query: { fields: MORE_PARTS_FIELDS },
				body: { uuid: version.uuid, fully_uploaded: false, multiparts },
				itemIndex,
			});
			remember(linksOf(response));
		})();
		return asked[index];
	};

	// A buffer per sender, reused from part to part: memory stays at the parts in flight.
	const free: Buffer[] = [];
	const partSize = parts[0].length;
	const allocate = (length: number) =>
		(free.pop() ?? Buffer.allocUnsafeSlow(partSize)).subarray(0, length);
	const body = await source.open();
	const pieces = partBuffers(chunksOf(body), parts, allocate);
	let failure: { error: unknown } | undefined;
	const sendNext = async (): Promise<void> => {
		while (!failure) {
			const next = await pieces.next();
			if (next.done || failure) return;
			const { part, bytes } = next.value;
			const batch = batchOf[part.partNumber - 1];
			// Asked for now, waited for when its first part is due; a failure surfaces there.
			ask(batch + 1).catch(() => undefined);
			await ask(batch);
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
			// Sent and answered: the bytes are no longer needed (a failed part's buffer is dropped,
			// its connection may still hold it).
			free.push(Buffer.from(bytes.buffer, bytes.byteOffset, partSize));
		}
	};
	try {
		const senders = Math.max(1, Math.min(upload.partsAtOnce, parts.length));
		await Promise.all(
			Array.from({ length: senders }, async () => {
				try {
					await sendNext();
				} catch (error) {
					failure ??= { error };
				}
			}),
		);
	} finally {
		await pieces.return(undefined);
		release(body);
		// A request for part URLs still waiting for checksums gives up; one on its way is let finish.
		await checksums.stop();
		await Promise.allSettled(asked);
	}
	if (failure) throw failure.error;
}
