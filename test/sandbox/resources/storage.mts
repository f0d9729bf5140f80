import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { copyFile, readFile, rename, unlink } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { perSandbox, type SandboxContext } from '../context.mts';
import type { LogEntry } from '../types.mts';

/**
 * The object storage behind Clio's pre-signed upload and download URLs (api-facts §6.4–§6.6),
 * behaving like S3: its own origin, the signature in the query is the only credential, XML
 * errors. Uploads stream to files in a temporary directory (hashed on the way), so files of any
 * size never sit in memory.
 */

/** One `{name, value}` entry of Clio's `put_headers` (api-facts §6.5: an array, not a map). */
export interface PutHeader {
	name: string;
	value: string;
}

export interface StoredObject {
	size: number;
	/** base64, as S3's Content-MD5. */
	md5: string;
	/** hex. */
	sha256: string;
	/** Uploaded objects live on disk; seeded and generated ones (always small) in memory. */
	file?: string;
	data?: Buffer;
}

interface Grant {
	method: 'PUT' | 'GET';
	/** The URL path the signature is valid for. */
	path: string;
	/** Where the bytes are stored (several part keys share one upload path). */
	key: string;
	expiresAt: number;
	/** PUT: the headers the signature covers; they must arrive exactly so. */
	headers: PutHeader[];
	filename?: string;
	contentType?: string;
}

/** S3 refuses a single PUT above 5 GB. */
const MAX_PUT_BYTES = 5 * 1024 ** 3;
const BUCKET = 'iris-sandbox';

const xmlEscape = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

function hashes() {
	const md5 = createHash('md5');
	const sha256 = createHash('sha256');
	let size = 0;
	const tap = new Transform({
		transform(chunk: Buffer, _enc, done) {
			md5.update(chunk);
			sha256.update(chunk);
			size += chunk.length;
			done(null, chunk);
		},
	});
	return {
		tap,
		result: () => ({ size, md5: md5.digest('base64'), sha256: sha256.digest('hex') }),
	};
}

/** RFC 6266/5987 Content-Disposition: an ASCII fallback plus `filename*` for other names. */
export function contentDisposition(filename: string): string {
	const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
	if (ascii === filename) return `attachment; filename="${filename}"`;
	const encoded = encodeURIComponent(filename).replace(
		/['()*]/g,
		(c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
	);
	return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export class ObjectStorage {
	private readonly dir = mkdtempSync(join(tmpdir(), 'clio-sandbox-storage-'));
	private readonly secret = randomBytes(32);
	private readonly grants = new Map<string, Grant>();
	private readonly objects = new Map<string, StoredObject>();
	private seq = 0;

	constructor(private readonly ctx: SandboxContext) {
		ctx.raw('PUT', /^\/storage\//, 'storage', (req, res, _b, entry) => this.put(req, res, entry), {
			stream: true,
		});
		for (const method of ['GET', 'HEAD']) {
			ctx.raw(method, /^\/storage\//, 'storage', (req, res) => this.get(req, res));
		}
		ctx.onClose(() => rmSync(this.dir, { recursive: true, force: true }));
	}

	/** A pre-signed PUT URL; the request must carry exactly `headers`. */
	presignPut(
		key: string,
		path: string,
		headers: PutHeader[],
		ttlSeconds: number,
		query: Record<string, string> = {},
	): string {
		return this.presign({ method: 'PUT', key, path, headers }, ttlSeconds, query);
	}

	/** A pre-signed GET URL serving `key` at `path` as a download named `filename`. */
	presignGet(
		key: string,
		path: string,
		download: { filename: string; contentType: string },
		ttlSeconds: number,
	): string {
		return this.presign({ method: 'GET', key, path, headers: [], ...download }, ttlSeconds, {
			'response-content-disposition': contentDisposition(download.filename),
		});
	}

	object(key: string): StoredObject | undefined {
		return this.objects.get(key);
	}

	/** Stores small generated content (seeded and automated documents). */
	putData(key: string, data: Buffer): StoredObject {
		const h = { md5: createHash('md5'), sha256: createHash('sha256') };
		const obj: StoredObject = {
			size: data.length,
			md5: h.md5.update(data).digest('base64'),
			sha256: h.sha256.update(data).digest('hex'),
			data,
		};
		this.replace(key, obj);
		return obj;
	}

	/** Moves (one source) or concatenates in order (several) objects into `key`. */
	async compose(key: string, sources: string[]): Promise<StoredObject> {
		const objs = sources.map((s) => this.objects.get(s) as StoredObject);
		let obj: StoredObject;
		if (objs.length === 1 && objs[0].file) {
			const file = this.newFile();
			await rename(objs[0].file, file);
			this.objects.delete(sources[0]);
			obj = { ...objs[0], file };
		} else {
			const file = this.newFile();
			const h = hashes();
			async function* bytes() {
				for (const o of objs) {
					if (o.data) yield o.data;
					else yield* createReadStream(o.file as string);
				}
			}
			await pipeline(bytes(), h.tap, createWriteStream(file));
			obj = { ...h.result(), file };
			for (const s of sources) await this.remove(s);
		}
		this.replace(key, obj);
		return obj;
	}

	/** Copies an object (a new version made from an existing one). */
	async copy(from: string, to: string): Promise<StoredObject> {
		const src = this.objects.get(from) as StoredObject;
		if (src.data) return this.putData(to, src.data);
		const file = this.newFile();
		await copyFile(src.file as string, file);
		const obj = { ...src, file };
		this.replace(to, obj);
		return obj;
	}

	async read(key: string): Promise<Buffer | undefined> {
		const obj = this.objects.get(key);
		if (!obj) return undefined;
		return obj.data ?? readFile(obj.file as string);
	}

	async remove(key: string): Promise<void> {
		const obj = this.objects.get(key);
		this.objects.delete(key);
		if (obj?.file) await unlink(obj.file).catch(() => undefined);
	}

	private replace(key: string, obj: StoredObject) {
		const old = this.objects.get(key);
		this.objects.set(key, obj);
		if (old?.file && old.file !== obj.file) unlink(old.file).catch(() => undefined);
	}

	private newFile(): string {
		return join(this.dir, `${++this.seq}-${randomUUID()}`);
	}

	/** URL shaped like S3's SigV4 query signing; the signature is an opaque grant id. */
	private presign(
		grant: Omit<Grant, 'expiresAt'>,
		ttlSeconds: number,
		query: Record<string, string>,
	): string {
		const now = this.ctx.clock.now();
		const amzDate = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
		const signature = createHmac('sha256', this.secret)
			.update(`${grant.method}\n${grant.path}\n${++this.seq}`)
			.digest('hex');
		this.grants.set(signature, { ...grant, expiresAt: now.getTime() + ttlSeconds * 1000 });
		const signed = ['host', ...grant.headers.map((h) => h.name.toLowerCase())].sort();
		const params = new URLSearchParams({
			...query,
			'X-Amz-Expires': String(ttlSeconds),
			'X-Amz-Date': amzDate,
			'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
			'X-Amz-Credential': `SANDBOXKEY/${amzDate.slice(0, 8)}/us-west-2/s3/aws4_request`,
			'X-Amz-SignedHeaders': signed.join(';'),
			'X-Amz-Signature': signature,
		});
		return `${this.ctx.storageUrl()}${grant.path}?${params}`;
	}

	/** The grant a request's signature stands for, or the S3 error to answer. */
	private authorize(req: IncomingMessage, res: ServerResponse, method: string): Grant | undefined {
		const url = new URL(req.url ?? '/', 'http://storage');
		if (req.headers.authorization !== undefined) {
			// A pre-signed URL already authenticates; S3 refuses a second mechanism (api-facts §6.4/§6.5:
			// never send the Clio Authorization header to storage).
			sendXmlError(req, res, 400, 'InvalidArgument', ONE_AUTH_MECHANISM, {
				ArgumentName: 'Authorization',
			});
			return undefined;
		}
		const grant = this.grants.get(url.searchParams.get('X-Amz-Signature') ?? '');
		if (!grant || grant.method !== method || grant.path !== url.pathname) {
			sendXmlError(req, res, 403, 'SignatureDoesNotMatch', SIGNATURE_MISMATCH);
			return undefined;
		}
		const now = this.ctx.clock.now().getTime();
		if (now > grant.expiresAt) {
			// api-facts §6.5: upload URLs are short-lived (10 minutes; parts 8 hours).
			sendXmlError(req, res, 403, 'AccessDenied', 'Request has expired', {
				Expires: new Date(grant.expiresAt).toISOString(),
				ServerTime: new Date(now).toISOString(),
			});
			return undefined;
		}
		return grant;
	}

	private async put(req: IncomingMessage, res: ServerResponse, entry: LogEntry): Promise<void> {
		const grant = this.authorize(req, res, 'PUT');
		if (!grant) return;
		// api-facts §6.5: the put_headers are part of the signature — each must arrive, unchanged.
		for (const h of grant.headers) {
			const got = req.headers[h.name.toLowerCase()];
			if (typeof got !== 'string' || got.trim() !== h.value) {
				sendXmlError(req, res, 403, 'SignatureDoesNotMatch', SIGNATURE_MISMATCH, {
					Header: h.name,
				});
				return;
			}
		}
		const signed = new Set(grant.headers.map((h) => h.name.toLowerCase()));
		const unsigned = Object.keys(req.headers).filter(
			(n) => n.startsWith('x-amz-') && !signed.has(n),
		);
		if (unsigned.length) {
			sendXmlError(
				req,
				res,
				403,
				'AccessDenied',
				'There were headers present in the request which were not signed',
				{
					HeadersNotSigned: unsigned.join(', '),
				},
			);
			return;
		}
		const lengthHeader = req.headers['content-length'];
		if (lengthHeader === undefined) {
			// S3 does not take chunked bodies on a pre-signed PUT.
			sendXmlError(
				req,
				res,
				411,
				'MissingContentLength',
				'You must provide the Content-Length HTTP header.',
			);
			return;
		}
		if (Number(lengthHeader) > MAX_PUT_BYTES) {
			sendXmlError(
				req,
				res,
				400,
				'EntityTooLarge',
				'Your proposed upload exceeds the maximum allowed size',
			);
			return;
		}
		const expectedMd5 = req.headers['content-md5'];
		if (typeof expectedMd5 === 'string' && Buffer.from(expectedMd5, 'base64').length !== 16) {
			sendXmlError(req, res, 400, 'InvalidDigest', 'The Content-MD5 you specified was not valid.');
			return;
		}
		const file = this.newFile();
		const h = hashes();
		try {
			await pipeline(req, h.tap, createWriteStream(file));
		} catch {
			// The client went away mid-body: nothing is stored.
			await unlink(file).catch(() => undefined);
			res.destroy();
			return;
		}
		const obj: StoredObject = { ...h.result(), file };
		entry.body = `<${obj.size} bytes>`;
		if (typeof expectedMd5 === 'string' && expectedMd5 !== obj.md5) {
			// api-facts §6.6: a part whose bytes do not match its Content-MD5 gets S3's BadDigest.
			await unlink(file).catch(() => undefined);
			sendXmlError(
				req,
				res,
				400,
				'BadDigest',
				'The Content-MD5 you specified did not match what we received.',
				{
					ExpectedDigest: expectedMd5,
					CalculatedDigest: obj.md5,
				},
			);
			return;
		}
		this.replace(grant.key, obj);
		const md5Hex = Buffer.from(obj.md5, 'base64').toString('hex');
		res.writeHead(200, { ETag: `"${md5Hex}"`, 'Content-Length': '0' });
		res.end();
	}

	private get(req: IncomingMessage, res: ServerResponse): void {
		const grant = this.authorize(req, res, 'GET');
		if (!grant) return;
		const obj = this.objects.get(grant.key);
		if (!obj) {
			sendXmlError(req, res, 404, 'NoSuchKey', 'The specified key does not exist.');
			return;
		}
		res.writeHead(200, {
			'Content-Type': grant.contentType ?? 'application/octet-stream',
			'Content-Length': String(obj.size),
			'Content-Disposition': contentDisposition(grant.filename ?? 'download'),
			ETag: `"${Buffer.from(obj.md5, 'base64').toString('hex')}"`,
		});
		if (req.method === 'HEAD') {
			res.end();
			return;
		}
		if (obj.data) res.end(obj.data);
		else createReadStream(obj.file as string).pipe(res);
	}
}

const ONE_AUTH_MECHANISM =
	'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified';
const SIGNATURE_MISMATCH =
	'The request signature we calculated does not match the signature you provided. Check your key and signing method.';

/** S3's XML error body; the request body (if any) is drained so the client can read the answer. */
function sendXmlError(
	req: IncomingMessage,
	res: ServerResponse,
	status: number,
	code: string,
	message: string,
	extra: Record<string, string> = {},
): void {
	const parts = Object.entries({ Code: code, Message: message, ...extra })
		.map(([k, v]) => `<${k}>${xmlEscape(v)}</${k}>`)
		.join('');
	const requestId = randomBytes(8).toString('hex').toUpperCase();
	const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${parts}<RequestId>${requestId}</RequestId><HostId>${randomBytes(24).toString('base64')}</HostId></Error>`;
	req.resume();
	res.writeHead(status, {
		'Content-Type': 'application/xml',
		'Content-Length': String(Buffer.byteLength(body)),
	});
	res.end(body);
}

/** `/storage/<bucket>/uploads/<model>/file/<id>/<filename>`, shaped like Clio's S3 keys. */
export function uploadPath(model: string, id: string | number, filename: string): string {
	return `/storage/${BUCKET}/uploads/${model}/file/${id}/${encodeURIComponent(filename)}`;
}

/** The sandbox's object storage (created with its routes on first use). */
export const objectStorage = perSandbox((ctx) => new ObjectStorage(ctx));

export function register(ctx: SandboxContext): void {
	objectStorage(ctx);
}
