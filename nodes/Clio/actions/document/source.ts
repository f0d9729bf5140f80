import type { IExecuteFunctions } from 'n8n-workflow';
import { BINARY_ENCODING } from 'n8n-workflow';

import type { BinaryStream } from '../../transport/storage';

/** A file to upload: its bytes can be opened as often as needed (one fresh stream each time). */
export interface UploadSource {
	fileName: string;
	mimeType?: string;
	size: number;
	open(): Promise<Buffer | BinaryStream>;
}

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

/** Closes an opened file (a stream not read to its end would keep it open). */
export function release(body: Buffer | BinaryStream): void {
	if (!Buffer.isBuffer(body)) body.destroy();
}

export async function* chunksOf(body: Buffer | BinaryStream): AsyncGenerator<Uint8Array> {
	if (Buffer.isBuffer(body)) {
		yield body;
		return;
	}
	for await (const chunk of body) yield chunk as Uint8Array;
}
