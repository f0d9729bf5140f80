import { randomBytes, randomUUID } from 'node:crypto';
import { perSandbox, recordFields, type SandboxContext } from '../context.mts';
import { ApiError } from '../errors.mts';
import type { View } from '../fields.mts';
import { bool, findOr404, int } from '../filters.mts';
import type { Rec, Store } from '../store.mts';
import { objectStorage, uploadPath, type ObjectStorage, type PutHeader } from './storage.mts';

type Json = Record<string, any>;

/**
 * Document versions and the three-step upload (api-facts §6.5, §6.6): POST creates a pending
 * version with pre-signed URLs, the client PUTs the bytes to storage, PATCH
 * `{uuid, fully_uploaded: true}` checks storage and completes the version. Only completed versions
 * count as a document's `latest_document_version`.
 */

export const MIB = 1024 * 1024;
/** api-facts §6.6: every part but the last is at least 5 MB. */
export const MIN_PART_SIZE = 5 * MIB;
/** api-facts §6.6: Clio hands out at most 50 part URLs per request. */
export const MAX_PARTS_PER_REQUEST = 50;
/** api-facts §6.5 CONFLICT: the schema says the put_url lasts 10 minutes — the shorter reading. */
const PUT_URL_TTL_S = 10 * 60;
/** api-facts §6.6: part URLs expire in 8 hours. */
const PART_URL_TTL_S = 8 * 3600;
/** Download URLs are short-lived (api-facts §6.4). */
const DOWNLOAD_URL_TTL_S = 5 * 60;

interface Part {
	content_length: number;
	content_md5: string | null;
	put_url: string;
	put_headers: PutHeader[];
}

/** api-facts §6.5: without content_type Clio takes it from the file extension. */
const CONTENT_TYPES: Record<string, string> = {
	pdf: 'application/pdf',
	doc: 'application/msword',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	xls: 'application/vnd.ms-excel',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	ppt: 'application/vnd.ms-powerpoint',
	pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
	txt: 'text/plain',
	csv: 'text/csv',
	html: 'text/html',
	xml: 'application/xml',
	json: 'application/json',
	rtf: 'application/rtf',
	eml: 'message/rfc822',
	msg: 'application/vnd.ms-outlook',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	png: 'image/png',
	gif: 'image/gif',
	tif: 'image/tiff',
	tiff: 'image/tiff',
	zip: 'application/zip',
	mp3: 'audio/mpeg',
	mp4: 'video/mp4',
};

export function contentTypeFor(filename: string): string {
	const ext = /\.([^.]+)$/.exec(filename)?.[1]?.toLowerCase() ?? '';
	return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}

/** api-facts §6.5: the error Clio answers when the bytes are not in storage. */
export function uploadNotFound(v: Rec): ApiError {
	return new ApiError(
		422,
		'UploadNotFoundError',
		`A matching remote file was not found for the file named ${v.filename} with UUID ${v.uuid}`,
	);
}

const objectKey = (v: Rec) => `version:${v.id}`;
const uploadKey = (v: Rec) => `upload:${v.uuid}`;
const partKey = (v: Rec, n: number) => `upload:${v.uuid}:part:${n}`;

export class DocumentVersions {
	private readonly store: Store;
	private readonly storage: ObjectStorage;

	constructor(private readonly ctx: SandboxContext) {
		this.store = ctx.store;
		this.storage = objectStorage(ctx);
	}

	private get table() {
		return this.store.table('document_versions');
	}

	/** The document's versions, oldest first. */
	of(documentId: number): Rec[] {
		return [...this.table.values()]
			.filter((v) => v.document_id === documentId)
			.sort((a, b) => a.version_number - b.version_number);
	}

	latestCompleted(documentId: number): Rec | undefined {
		return this.of(documentId)
			.filter((v) => v.fully_uploaded)
			.pop();
	}

	/**
	 * The version a document presents: the newest fully uploaded one; a version that never
	 * completes leaves the previous one in place. Before any completes, the pending one.
	 */
	current(documentId: number): Rec | undefined {
		return this.latestCompleted(documentId) ?? this.of(documentId).pop();
	}

	byUuid(documentId: number, uuid: string): Rec | undefined {
		return this.of(documentId).find((v) => v.uuid === uuid);
	}

	private nextNumber(documentId: number): number {
		return (this.of(documentId).pop()?.version_number ?? 0) + 1;
	}

	/**
	 * Validates a `multiparts` batch against the parts already requested (422 before any change):
	 * at most 50 per request, part numbers 1–10,000, and every part but the last ≥ 5 MB
	 * (api-facts §6.6).
	 */
	checkParts(version: Rec | undefined, multiparts: Json[] | undefined): void {
		if (multiparts === undefined) return;
		const fail = (message: string) => {
			throw this.ctx.errors.validation(message);
		};
		if (multiparts.length > MAX_PARTS_PER_REQUEST) {
			fail(`The API handles maximum ${MAX_PARTS_PER_REQUEST} multiparts in one request`);
		}
		const sizes = new Map<number, number>(
			Object.entries((version?.parts ?? {}) as Record<string, Part>).map(([n, p]) => [
				Number(n),
				p.content_length,
			]),
		);
		const seen = new Set<number>();
		for (const p of multiparts) {
			const n = p.part_number as number;
			if (n === undefined || n < 1 || n > 10_000) fail('Part number must be between 1 and 10000');
			if (seen.has(n)) fail(`Part number ${n} is given more than once`);
			seen.add(n);
			if (!/^\d+$/.test(String(p.content_length ?? ''))) {
				fail(`Content length of part ${n} must be a whole number of bytes`);
			}
			sizes.set(n, Number(p.content_length));
		}
		const last = Math.max(...sizes.keys());
		for (const [n, size] of sizes) {
			if (n !== last && size < MIN_PART_SIZE) {
				fail(`Each part must be at least 5 MB in size, except the last part (part ${n})`);
			}
		}
	}

	/** Upload step 1: a pending version with its pre-signed URL(s); returns the new part batch. */
	start(
		doc: Rec,
		attrs: { filename: string; content_type?: string; received_at?: string; multiparts?: Json[] },
		userId: number,
	): { version: Rec; batch?: Json[] } {
		const content_type = attrs.content_type || contentTypeFor(attrs.filename);
		const version = this.insert(doc, {
			upload_id: randomBytes(24).toString('base64url'),
			filename: attrs.filename,
			content_type,
			received_at: attrs.received_at ?? null,
			fully_uploaded: false,
			creator_id: userId,
			put_headers: [
				{ name: 'x-amz-server-side-encryption', value: 'AES256' },
				{ name: 'Content-Type', value: content_type },
			],
		});
		if (attrs.multiparts?.length)
			return { version, batch: this.addParts(version, attrs.multiparts) };
		version.put_url = this.storage.presignPut(
			uploadKey(version),
			uploadPath('document_version', version.uuid, version.filename),
			version.put_headers,
			PUT_URL_TTL_S,
		);
		return { version };
	}

	/** Part URLs for a batch (step 1, or PATCH `{uuid, fully_uploaded: false, multiparts}`). */
	addParts(version: Rec, multiparts: Json[]): Json[] {
		const parts = (version.parts ?? {}) as Record<number, Part>;
		const batch = multiparts.map((p) => {
			const n = p.part_number as number;
			// api-facts §6.6: a part's signature covers Content-Length and (if given) Content-MD5.
			const put_headers: PutHeader[] = [
				{ name: 'Content-Length', value: String(p.content_length) },
			];
			if (p.content_md5) put_headers.push({ name: 'Content-MD5', value: p.content_md5 });
			const put_url = this.storage.presignPut(
				partKey(version, n),
				uploadPath('document_version', version.uuid, version.filename),
				put_headers,
				PART_URL_TTL_S,
				{ uploadId: version.upload_id, partNumber: String(n) },
			);
			parts[n] = {
				content_length: Number(p.content_length),
				content_md5: p.content_md5 ?? null,
				put_url,
				put_headers,
			};
			return { part_number: n, put_url, put_headers };
		});
		this.store.update('document_versions', version, (v) => {
			v.parts = parts;
			v.put_url = null;
		});
		return batch;
	}

	/**
	 * Upload step 3 (api-facts §6.5): the version's bytes (or every requested part) must be in
	 * storage; parts are joined in part order. Throws before any change.
	 */
	async complete(doc: Rec, version: Rec): Promise<void> {
		if (version.fully_uploaded) {
			throw this.ctx.errors.validation('The document version is already marked as fully uploaded');
		}
		if (version.completing) {
			throw new ApiError(409, 'ConflictError', 'The document is being modified by another request');
		}
		const numbers = Object.keys(version.parts ?? {})
			.map(Number)
			.sort((a, b) => a - b);
		const sources = numbers.length ? numbers.map((n) => partKey(version, n)) : [uploadKey(version)];
		if (sources.some((key) => !this.storage.object(key))) throw uploadNotFound(version);
		version.completing = true;
		try {
			const obj = await this.storage.compose(objectKey(version), sources);
			this.store.update('document_versions', version, (v) => {
				v.fully_uploaded = true;
				v.size = obj.size;
				v.sha256 = obj.sha256;
				v.put_url = null;
				v.put_headers = null;
				v.parts = null;
			});
		} finally {
			delete version.completing;
		}
		this.store.update('documents', doc, () => undefined);
	}

	private insert(doc: Rec, attrs: Json, opts: { silent?: boolean } = {}): Rec {
		return this.store.insert(
			'document_versions',
			{
				document_id: doc.id,
				uuid: randomUUID(),
				received_at: null,
				version_number: this.nextNumber(doc.id),
				fully_uploaded: true,
				size: null,
				put_url: null,
				put_headers: null,
				parts: null,
				sha256: null,
				...attrs,
			},
			opts,
		);
	}

	/** A completed version made from bytes already known (seeds, automation). */
	addStored(
		doc: Rec,
		attrs: { filename: string; content_type?: string; userId: number; at?: string },
		content: Buffer,
		opts: { silent?: boolean } = {},
	): Rec {
		const version = this.insert(
			doc,
			{
				filename: attrs.filename,
				content_type: attrs.content_type ?? contentTypeFor(attrs.filename),
				creator_id: attrs.userId,
				...(attrs.at ? { created_at: attrs.at } : {}),
			},
			opts,
		);
		const obj = this.storage.putData(objectKey(version), content);
		return Object.assign(version, { size: obj.size, sha256: obj.sha256 });
	}

	/** api-facts §6.5: `copy_version` on a rename that changes the extension adds a version. */
	async addCopy(doc: Rec, source: Rec, filename: string, userId: number): Promise<Rec> {
		const scratch = `copy:${randomUUID()}`;
		const obj = await this.storage.copy(objectKey(source), scratch);
		const version = this.insert(doc, {
			filename,
			content_type: contentTypeFor(filename),
			received_at: source.received_at,
			size: obj.size,
			creator_id: userId,
			sha256: obj.sha256,
		});
		await this.storage.compose(objectKey(version), [scratch]);
		return version;
	}

	/** api-facts §6.4: a short-lived signed URL for the version's bytes. */
	downloadUrl(version: Rec): string {
		return this.storage.presignGet(
			objectKey(version),
			uploadPath('document_version', version.uuid, version.filename),
			{ filename: version.filename, contentType: version.content_type },
			DOWNLOAD_URL_TTL_S,
		);
	}

	read(version: Rec): Promise<Buffer | undefined> {
		return this.storage.read(objectKey(version));
	}

	/** The DocumentVersion view; `batch` replaces `multiparts` with the URLs just handed out. */
	view(v: Rec, batch?: Json[]): View {
		const parts = v.parts as Record<number, Part> | null;
		return {
			fields: {
				...recordFields(v),
				document_id: v.document_id,
				uuid: v.uuid,
				filename: v.filename,
				size: v.size,
				version_number: v.version_number,
				content_type: v.content_type,
				received_at: v.received_at,
				fully_uploaded: v.fully_uploaded,
				put_url: v.put_url,
				// api-facts §6.5: put_headers is an array of {name, value}.
				put_headers: v.put_headers,
				multiparts:
					batch ??
					(parts &&
						Object.entries(parts).map(([n, p]) => ({
							part_number: Number(n),
							put_url: p.put_url,
							put_headers: p.put_headers,
						}))),
			},
			assoc: { creator: () => this.ctx.views.byId('User', v.creator_id) },
		};
	}
}

export const documentVersions = perSandbox((ctx) => new DocumentVersions(ctx));

/** A document with its bytes stored at once (seeds, automation output). */
export function createStoredDocument(
	ctx: SandboxContext,
	attrs: {
		name: string;
		folder: Rec;
		content: Buffer;
		userId: number;
		content_type?: string;
		document_category_id?: number | null;
		at?: string;
	},
	opts: { silent?: boolean } = {},
): Rec {
	const doc = insertDocument(
		ctx.store,
		attrs.folder,
		{
			name: attrs.name,
			document_category_id: attrs.document_category_id ?? null,
			creator_id: attrs.userId,
			...(attrs.at ? { created_at: attrs.at } : {}),
		},
		opts,
	);
	documentVersions(ctx).addStored(
		doc,
		{ filename: attrs.name, content_type: attrs.content_type, userId: attrs.userId, at: attrs.at },
		attrs.content,
		opts,
	);
	return doc;
}

export function insertDocument(
	store: Store,
	folder: Rec,
	attrs: Json,
	opts: { silent?: boolean } = {},
) {
	return store.insert(
		'documents',
		{
			// Folders and documents are listed together (GET /folders/list), so they share ids.
			id: store.nextId('folders'),
			...documentPlacement(folder),
			document_category_id: null,
			locked: false,
			received_at: null,
			deleted_at: null,
			external_properties: [],
			...attrs,
		},
		opts,
	);
}

/** A document in `folder` belongs to the folder's matter or contact. */
export function documentPlacement(folder: Rec) {
	return {
		parent_id: folder.id,
		matter_id: folder.matter_id ?? null,
		contact_id: folder.contact_id ?? null,
	};
}

export function register(ctx: SandboxContext): void {
	const versions = documentVersions(ctx);
	ctx.views.define('DocumentVersion', 'document_versions', (v) => versions.view(v));

	// `GET /documents/{id}/versions`, filterable by `fully_uploaded` (api-facts §6.1).
	ctx.route('GET', '/documents/{id}/versions.json', (req) => {
		const doc = findOr404(ctx.store.table('documents'), req.params.id);
		const fully = bool(req.query, 'fully_uploaded');
		const id = int(req.query, 'id');
		const list = versions
			.of(doc.id)
			.filter(
				(v) => (fully === undefined || v.fully_uploaded === fully) && (id == null || v.id === id),
			);
		return ctx.respond.list(req, list, (v) => versions.view(v));
	});
}
