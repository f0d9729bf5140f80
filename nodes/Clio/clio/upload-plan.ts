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

/** Parts in groups of at most 50, the most Clio hands out URLs for in one request. */
export function inBatches<T>(entries: T[], size = MAX_PARTS_PER_REQUEST): T[][] {
	const batches: T[][] = [];
	for (let start = 0; start < entries.length; start += size) {
		batches.push(entries.slice(start, start + size));
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
 * part, slices arrive in file order. Fails when the file is not exactly the planned size.
 */
async function* slicesByPart(
	chunks: AsyncIterable<Uint8Array>,
	parts: UploadPart[],
): AsyncGenerator<{ index: number; slice: Uint8Array }> {
	const size = parts.length ? parts[parts.length - 1].offset + parts[parts.length - 1].length : 0;
	let index = 0;
	let position = 0;
	for await (const chunk of chunks) {
		let start = 0;
		while (start < chunk.length) {
			if (index >= parts.length) throw new FileSizeMismatch(size, position + chunk.length - start);
			const part = parts[index];
			const take = Math.min(chunk.length - start, part.offset + part.length - position);
			yield { index, slice: chunk.subarray(start, start + take) };
			start += take;
			position += take;
			if (position === part.offset + part.length) index += 1;
		}
	}
	if (position !== size) throw new FileSizeMismatch(size, position);
}

/** The base64 MD5 of each part (`content_md5`, api-facts §6.6), reading the file once. */
export async function partDigests(
	chunks: AsyncIterable<Uint8Array>,
	parts: UploadPart[],
): Promise<string[]> {
	const hashes = parts.map(() => createHash('md5'));
	for await (const { index, slice } of slicesByPart(chunks, parts)) hashes[index].update(slice);
	return hashes.map((hash) => hash.digest('base64'));
}

/**
 * The parts' bytes in order, each in one buffer of its own length: memory use is one part plus
 * one chunk of the file. A part is yielded once complete; the caller sends it before asking for
 * the next.
 */
export async function* partBuffers(
	chunks: AsyncIterable<Uint8Array>,
	parts: UploadPart[],
): AsyncGenerator<{ part: UploadPart; bytes: Buffer }> {
	let current: Buffer | undefined;
	let filled = 0;
	for await (const { index, slice } of slicesByPart(chunks, parts)) {
		const part = parts[index];
		current ??= Buffer.allocUnsafe(part.length);
		current.set(slice, filled);
		filled += slice.length;
		if (filled === part.length) {
			yield { part, bytes: current };
			current = undefined;
			filled = 0;
		}
	}
}
