import type { IExecuteFunctions, IHttpRequestOptions, JsonObject } from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { type HttpFailure, readFailure } from './errors';

// Clio keeps file bytes in cloud storage behind pre-signed URLs (api-facts §6.4–§6.6). The URL's
// signature is the only permission needed: these requests go out with plain `httpRequest` and
// never carry the Clio credential, which a storage service would reject or log.

export type BinaryStream = Awaited<ReturnType<IExecuteFunctions['helpers']['getBinaryStream']>>;

/** One entry of Clio's `put_headers`: an array of `{name, value}`, not a map (api-facts §6.5). */
export interface PutHeader {
	name: string;
	value: string;
}

export interface StoragePut {
	url: string;
	/** Sent exactly as Clio gave them: they are part of the URL's signature. */
	headers: PutHeader[];
	contentLength: number;
	/** Opens the bytes afresh for every attempt: a stream can be read only once. */
	openBody: () => Promise<Buffer | BinaryStream>;
	/** What is being sent, for error messages (e.g. `part 3 of 12`). */
	what: string;
	itemIndex: number;
}

export interface StorageDownload {
	body: BinaryStream;
	headers: Record<string, unknown>;
}

const MAX_ATTEMPTS = 4;

// Storage answers 5xx/408/429 (S3's SlowDown) and drops connections under load; those are worth
// another try. A 4xx such as an expired signature or a wrong checksum is not.
function isTransient(failure: HttpFailure): boolean {
	const status = failure.statusCode;
	return status === undefined || status === 408 || status === 429 || status >= 500;
}

function retryDelayMs(attempt: number): number {
	const ceiling = 400 * 2 ** attempt;
	return Math.floor(ceiling / 2 + Math.random() * (ceiling / 2));
}

/** S3 error bodies are XML: `<Code>BadDigest</Code><Message>…</Message>`. */
function storageSaid(body: unknown): string {
	if (typeof body !== 'string') return '';
	const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
	const message = /<Message>([^<]*)<\/Message>/.exec(body)?.[1];
	if (code || message) return `Storage said: ${[code, message].filter(Boolean).join(': ')}.`;
	return body.trim() ? `Storage said: "${body.trim().slice(0, 200)}".` : '';
}

export function storageError(
	ctx: IExecuteFunctions,
	failure: HttpFailure,
	message: string,
	itemIndex: number,
): NodeApiError {
	const answer =
		failure.statusCode === undefined
			? `No answer from the storage service (${failure.code ?? 'connection failed'}).`
			: `The storage service answered ${failure.statusCode}. ${storageSaid(failure.body)}`;
	const response = { status: failure.statusCode ?? 'none', code: failure.code ?? '' } as JsonObject;
	return new NodeApiError(ctx.getNode(), response, {
		message,
		description: answer.trim(),
		httpCode: failure.statusCode === undefined ? undefined : String(failure.statusCode),
		itemIndex,
	});
}

function release(body: Buffer | BinaryStream | undefined): void {
	if (body && !Buffer.isBuffer(body)) body.destroy();
}

/** Runs one storage request, again after a transient failure; else throws `failed` as the message. */
async function withRetries<T>(
	ctx: IExecuteFunctions,
	itemIndex: number,
	failed: string,
	attempt: () => Promise<T>,
): Promise<T> {
	for (let tries = 1; ; tries++) {
		try {
			return await attempt();
		} catch (error) {
			const failure = readFailure(error);
			if (tries < MAX_ATTEMPTS && isTransient(failure)) {
				await sleep(retryDelayMs(tries));
				continue;
			}
			throw storageError(ctx, failure, failed, itemIndex);
		}
	}
}

/** PUTs bytes to a pre-signed URL, retrying transient failures with the bytes opened afresh. */
export async function storagePut(ctx: IExecuteFunctions, put: StoragePut): Promise<void> {
	const headers: Record<string, string> = {};
	for (const { name, value } of put.headers) headers[name] = String(value);
	if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-length')) {
		headers['Content-Length'] = String(put.contentLength);
	}
	const failed = `Sending ${put.what} to Clio’s file storage failed`;
	await withRetries(ctx, put.itemIndex, failed, async () => {
		const body = await put.openBody();
		// Not following redirects also keeps the HTTP client from buffering the whole body to be
		// able to send it again after one.
		const options: IHttpRequestOptions = {
			method: 'PUT',
			url: put.url,
			headers: { ...headers },
			body,
			disableFollowRedirect: true,
		};
		try {
			await ctx.helpers.httpRequest(options);
		} finally {
			// A stream an attempt did not finish reading would keep its file open.
			release(body);
		}
	});
}

/** GETs a pre-signed URL as a stream, retrying while no answer or a transient one comes. */
export async function storageGet(
	ctx: IExecuteFunctions,
	url: string,
	itemIndex: number,
): Promise<StorageDownload> {
	const failed = 'Downloading the file from Clio’s file storage failed';
	return await withRetries(ctx, itemIndex, failed, async () => {
		const response = (await ctx.helpers.httpRequest({
			method: 'GET',
			url,
			encoding: 'stream',
			returnFullResponse: true,
		})) as { body: BinaryStream; headers: Record<string, unknown> };
		return { body: response.body, headers: response.headers ?? {} };
	});
}
