import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';

import {
	choosePartSize,
	DEFAULT_MULTIPART_THRESHOLD,
	FileSizeMismatch,
	MAX_PARTS,
	MIB,
	MIN_PART_SIZE,
	multipartEntry,
	partBuffers,
	partDigests,
	planUpload,
	type UploadPart,
	urlBatches,
} from '../../../nodes/Clio/clio/upload-plan.ts';

function assertContiguous(parts: UploadPart[], size: number): void {
	let offset = 0;
	parts.forEach((part, index) => {
		assert.equal(part.partNumber, index + 1);
		assert.equal(part.offset, offset);
		offset += part.length;
	});
	assert.equal(offset, size);
}

/** Small parts for byte-level tests (the rules on part sizes are Clio's, not these functions'). */
function smallParts(size: number, partSize: number): UploadPart[] {
	const parts: UploadPart[] = [];
	for (let offset = 0; offset < size; offset += partSize) {
		parts.push({ partNumber: parts.length + 1, offset, length: Math.min(partSize, size - offset) });
	}
	return parts;
}

/** The bytes in chunks of irregular sizes, counting how far the reader has pulled. */
function chunked(bytes: Buffer, sizes: number[], pulled = { bytes: 0 }) {
	return (async function* () {
		let offset = 0;
		let index = 0;
		while (offset < bytes.length) {
			const size = sizes[index++ % sizes.length];
			const chunk = bytes.subarray(offset, offset + size);
			offset += chunk.length;
			pulled.bytes = offset;
			yield chunk;
		}
	})();
}

const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('base64');

describe('upload plan', () => {
	it('sends empty and small files in one PUT, from 100 MB on in parts', () => {
		assert.deepEqual(planUpload(0), { kind: 'single', size: 0 });
		assert.deepEqual(planUpload(0, { multipartThreshold: 0 }), { kind: 'single', size: 0 });
		assert.equal(planUpload(DEFAULT_MULTIPART_THRESHOLD - 1).kind, 'single');
		const plan = planUpload(DEFAULT_MULTIPART_THRESHOLD);
		assert.equal(plan.kind, 'multipart');
		assert.equal(DEFAULT_MULTIPART_THRESHOLD, 100 * MIB);
	});

	it('cuts a 120 MB file into 5 MB parts, the last one smaller', () => {
		const size = 120 * 1_000_000;
		const plan = planUpload(size);
		assert.equal(plan.kind, 'multipart');
		if (plan.kind !== 'multipart') return;
		assert.equal(plan.partSize, MIN_PART_SIZE);
		assert.equal(plan.parts.length, Math.ceil(size / MIN_PART_SIZE));
		assert.ok(plan.parts.slice(0, -1).every((part) => part.length === MIN_PART_SIZE));
		assert.ok(plan.parts[plan.parts.length - 1].length < MIN_PART_SIZE);
		assertContiguous(plan.parts, size);
	});

	it('honours a lower threshold and a larger part size, never a part size below 5 MB', () => {
		const small = planUpload(12 * MIB, { multipartThreshold: MIB, partSize: MIB });
		assert.equal(small.kind, 'multipart');
		if (small.kind === 'multipart') {
			assert.deepEqual(
				small.parts.map((part) => part.length),
				[5 * MIB, 5 * MIB, 2 * MIB],
			);
		}
		const large = planUpload(200 * MIB, { partSize: 16 * MIB });
		assert.equal(large.kind === 'multipart' && large.partSize, 16 * MIB);
		const tiny = planUpload(3, { multipartThreshold: 1 });
		assert.deepEqual(tiny.kind === 'multipart' && tiny.parts, [
			{ partNumber: 1, offset: 0, length: 3 },
		]);
	});

	it('raises the part size so that no file needs more than 10,000 parts', () => {
		for (const size of [50_000 * MIB, 50_000 * MIB + 1, 80 * 1024 * MIB, 5 * 1024 ** 4]) {
			const partSize = choosePartSize(size);
			assert.ok(partSize >= MIN_PART_SIZE);
			assert.equal(partSize % MIB, 0);
			assert.ok(Math.ceil(size / partSize) <= MAX_PARTS, `${size} in ${partSize}`);
		}
		assert.equal(choosePartSize(50_000 * MIB), 5 * MIB);
		assert.equal(choosePartSize(50_000 * MIB + 1), 6 * MIB);
	});

	it('refuses sizes that are not a byte count', () => {
		assert.throws(() => planUpload(-1), RangeError);
		assert.throws(() => planUpload(1.5), RangeError);
	});

	it('asks for part URLs in batches growing from the parts sent at once to 50', () => {
		const sizes = (count: number, first?: number) =>
			urlBatches(count, first).map((batch) => batch.end - batch.start);
		assert.deepEqual(sizes(191), [4, 8, 16, 32, 50, 50, 31]);
		assert.deepEqual(sizes(39), [4, 8, 16, 11]);
		assert.deepEqual(sizes(3), [3]);
		assert.deepEqual(sizes(0), []);
		assert.deepEqual(sizes(120, 1), [1, 2, 4, 8, 16, 32, 50, 7]);
		assert.deepEqual(sizes(101, 64), [50, 50, 1]);
		for (const count of [1, 50, 51, 191, 10_000]) {
			const batches = urlBatches(count);
			assert.equal(batches[0].start, 0);
			batches.forEach((batch, index) => {
				assert.ok(batch.end - batch.start <= 50 && batch.end > batch.start);
				if (index) assert.equal(batch.start, batches[index - 1].end);
			});
			assert.equal(batches.at(-1)?.end, count);
		}
	});

	it('describes a part as Clio expects: content_length as a string, base64 MD5', () => {
		assert.deepEqual(
			multipartEntry({ partNumber: 2, offset: 5, length: 7316647 }, 'CrIt7lbZzVhMV7JzVTkUvw=='),
			{
				part_number: 2,
				content_length: '7316647',
				content_md5: 'CrIt7lbZzVhMV7JzVTkUvw==',
			},
		);
	});
});

describe('part checksums and part bytes', () => {
	const bytes = randomBytes(1000);
	const parts = smallParts(bytes.length, 300);

	it('computes each part’s MD5 from chunks that straddle part boundaries', async () => {
		for (const sizes of [[1], [7, 300, 13], [1000], [299, 2]]) {
			const digests = await partDigests(chunked(bytes, sizes), parts);
			assert.deepEqual(
				digests,
				parts.map((part) => md5(bytes.subarray(part.offset, part.offset + part.length))),
			);
		}
	});

	it('tells of each part’s MD5 as soon as the part’s last byte is read', async () => {
		const pulled = { bytes: 0 };
		const heard: Array<[number, string, number]> = [];
		await partDigests(chunked(bytes, [64, 17], pulled), parts, (index, digest) =>
			heard.push([index, digest, pulled.bytes]),
		);
		assert.deepEqual(
			heard.map(([index, digest]) => [index, digest]),
			parts.map((part, index) => [
				index,
				md5(bytes.subarray(part.offset, part.offset + part.length)),
			]),
		);
		heard.forEach(([index, , read]) => {
			const end = parts[index].offset + parts[index].length;
			assert.ok(read >= end && read - end < 64, `part ${index} heard of after ${read} bytes`);
		});
	});

	it('yields each part’s bytes once complete, reading at most one chunk past it', async () => {
		const chunkSizes = [64, 17, 128];
		const pulled = { bytes: 0 };
		const seen: Buffer[] = [];
		for await (const { part, bytes: partBytes } of partBuffers(
			chunked(bytes, chunkSizes, pulled),
			parts,
		)) {
			assert.equal(partBytes.length, part.length);
			assert.ok(
				pulled.bytes - (part.offset + part.length) < 128,
				'reads no further ahead than one chunk',
			);
			seen.push(Buffer.from(partBytes));
		}
		assert.deepEqual(Buffer.concat(seen), bytes);
		assert.equal(seen.length, parts.length);
	});

	it('fails when the file is shorter or longer than planned', async () => {
		await assert.rejects(
			partDigests(chunked(bytes.subarray(0, 999), [100]), parts),
			FileSizeMismatch,
		);
		await assert.rejects(
			partDigests(chunked(Buffer.concat([bytes, bytes.subarray(0, 1)]), [100]), parts),
			FileSizeMismatch,
		);
		await assert.rejects(
			(async () => {
				for await (const _ of partBuffers(chunked(bytes.subarray(0, 500), [100]), parts));
			})(),
			FileSizeMismatch,
		);
	});
});
