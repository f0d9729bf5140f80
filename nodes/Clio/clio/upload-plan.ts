import { createHash } from 'crypto';

// How a file is sent to Clio's storage (api-facts §6.5, §6.6): one PUT below the multipart
// threshold, otherwise numbered parts of at least 5 MB (the last may be smaller), at most 10,000
// parts, whose upload URLs Clio hands out at most 50 per request.

export const MIB = 1024 * 1024;
/** S3's minimum part size; 5 MiB so that it holds whether "MB" means 10^6 or 2^20 bytes. */
export const MIN_PART_SIZE = 5 * MIB;
export const MAX_PARTS = 10_000;
export const MAX_PARTS_PER_REQUEST = 50;
/** Clio recommends multipart from about 100 MB on. */
export const DEFAULT_MULTIPART_THRESHOLD = 100 * MIB;
/** Parts in flight at once: enough to keep a fast link busy, 20 MiB of memory at 5 MiB parts. */
export const DEFAULT_PARTS_AT_ONCE = 4;
export const MAX_PARTS_AT_ONCE = 16;

export interface UploadPart {
	/** 1-based, Clio's `part_number`. */
	partNumber: number;
	/** Byte offset of the part in the file. */
	offset: number;
	length: number;
}

export type UploadPlan =
	| { kind: 'single'; size: number }
	| { kind: 'multipart'; size: number; partSize: number; parts: UploadPart[] };

export interface PlanOptions {
	/** Files of this size or larger go in parts. */
	multipartThreshold?: number;
	/** Wished part size; raised to 5 MiB, and further when 10,000 parts would not hold the file. */
	partSize?: number;
}

/** The smallest whole-MiB part size, not below the wish, that splits `size` into ≤ 10,000 parts. */
export function choosePartSize(size: number, wished = MIN_PART_SIZE): number {
	const needed = Math.ceil(size / MAX_PARTS / MIB) * MIB;
	return Math.max(MIN_PART_SIZE, wished, needed);
}

export function planUpload(size: number, options: PlanOptions = {}): UploadPlan {
	if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`Invalid file size ${size}`);
	const threshold = options.multipartThreshold ?? DEFAULT_MULTIPART_THRESHOLD;
	if (size === 0 || size < threshold) return { kind: 'single', size };
	const partSize = choosePartSize(size, options.partSize);
	const parts: UploadPart[] = [];
	for (let offset = 0; offset < size; offset += partSize) {
		parts.push({ partNumber: parts.length + 1, offset, length: Math.min(partSize, size - offset) });
	}
	return { kind: 'multipart', size, partSize, parts };
}

/** Parts `start` (included) to `end` (excluded), by index, whose URLs one request asks for. */
export interface PartBatch {
	start: number;
	end: number;
}

/**
 * The groups in which part URLs are asked for: the first as large as the parts sent at once, each
 * next one twice the one before, at most 50 (Clio's limit per request). A part's checksum must be
 * known before its URL is asked for, so small first groups let the sending start after the first
 * few parts are read instead of after 50; doubling keeps the requests few (7 for 191 parts).
 */
export function urlBatches(partCount: number, first = DEFAULT_PARTS_AT_ONCE): PartBatch[] {
	const batches: PartBatch[] = [];
	let size = Math.max(1, Math.min(first, MAX_PARTS_PER_REQUEST));
	let start = 0;
	while (start < partCount) {
		const end = Math.min(start + size, partCount);
		batches.push({ start, end });
		start = end;
		size = Math.min(size * 2, MAX_PARTS_PER_REQUEST);
	}
	return batches;
}

/** A part as Clio's `multiparts[]` entry of a POST or PATCH; `content_length` is a string in the spec. */
export function multipartEntry(part: UploadPart, contentMd5: string) {
	return {
		part_number: part.partNumber,
		content_length: String(part.length),
		content_md5: contentMd5,
	};
}

export class FileSizeMismatch extends Error {
	constructor(
		readonly expected: number,
		readonly actual: number,
	) {
		super(`The file has ${actual} bytes, ${expected} were expected`);
	}
}

/**
 * Walks a file's bytes and yields them cut at the part boundaries: each slice lies inside one
 * part, slices arrive in file order, `end` marks a part's last slice. Fails when the file is not
 * exactly the planned size.
 */
async function* slicesByPart(
	chunks: AsyncIterable<Uint8Array>,
	parts: UploadPart[],
): AsyncGenerator<{ index: number; slice: Uint8Array; end: boolean }> {
	const size = parts.length ? parts[parts.length - 1].offset + parts[parts.length - 1].length : 0;
	let index = 0;
	let position = 0;
	for await (const chunk of chunks) {
		let start = 0;
		while (start < chunk.length) {
			if (index >= parts.length) throw new FileSizeMismatch(size, position + chunk.length - start);
			const part = parts[index];
			const take = Math.min(chunk.length - start, part.offset + part.length - position);
			start += take;
			position += take;
			const end = position === part.offset + part.length;
			yield { index, slice: chunk.subarray(start - take, start), end };
			if (end) index += 1;
		}
	}
	if (position !== size) throw new FileSizeMismatch(size, position);
}

/**
 * The base64 MD5 of each part (`content_md5`, api-facts §6.6), reading the file once; `onDigest`
 * hears of each part as soon as its last byte has been read.
 */
export async function partDigests(
	chunks: AsyncIterable<Uint8Array>,
	parts: UploadPart[],
	onDigest: (index: number, digest: string) => void = () => undefined,
): Promise<string[]> {
	const digests: string[] = [];
	let hash = createHash('md5');
	for await (const { index, slice, end } of slicesByPart(chunks, parts)) {
		hash.update(slice);
		if (end) {
			digests.push(hash.digest('base64'));
			onDigest(index, digests[index]);
			hash = createHash('md5');
		}
	}
	return digests;
}

/**
 * The parts' bytes in order, each in a buffer of its own length, yielded once complete. Buffers
 * come from `allocate` (a fresh one per part by default), so the caller can reuse them: memory use
 * is the parts the caller still holds plus one chunk of the file.
 */
export async function* partBuffers(
	chunks: AsyncIterable<Uint8Array>,
	parts: UploadPart[],
	allocate: (length: number) => Buffer = (length) => Buffer.allocUnsafe(length),
): AsyncGenerator<{ part: UploadPart; bytes: Buffer }> {
	let current: Buffer | undefined;
	let filled = 0;
	for await (const { index, slice, end } of slicesByPart(chunks, parts)) {
		const part = parts[index];
		current ??= allocate(part.length);
		current.set(slice, filled);
		filled += slice.length;
		if (end) {
			yield { part, bytes: current };
			current = undefined;
			filled = 0;
		}
	}
}
