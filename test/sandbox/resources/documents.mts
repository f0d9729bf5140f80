import { recordFields, type ApiRequest, type SandboxContext } from '../context.mts';
import type { View } from '../fields.mts';
import { bool, common, findOr404, int, str, textMatch } from '../filters.mts';
import { applyNested, nestedView } from '../nested.mts';
import type { NestedRec, Rec } from '../store.mts';
import type { Query } from '../types.mts';
import { automationControls, type AutomationControls } from './document-automations.mts';
import {
	createStoredDocument,
	documentPlacement,
	documentVersions,
	insertDocument,
} from './document-versions.mts';
import { ACCOUNT_ROOT_FOLDER_ID, descendantsOf, listFolders, resolveParent } from './folders.mts';

type Json = Record<string, any>;

/**
 * Documents (api-facts §6): listing with Clio's filters (uploads in progress hidden unless
 * `show_uncompleted`, trashed ones unless `include_deleted`), the upload steps 1 and 3 (POST,
 * PATCH `{uuid, fully_uploaded}`), move/rename/restore, trash, and the 303 download.
 */

/** api-facts §6.3: at most 5 external properties per document. */
const MAX_EXTERNAL_PROPERTIES = 5;

export interface DocumentControls extends AutomationControls {
	/** Documents whose newest version never finished uploading (orphans of a broken upload). */
	incompleteDocuments(): Rec[];
	/** The bytes of a document version (default: the latest fully uploaded one). */
	content(documentId: number, versionId?: number): Promise<Buffer | undefined>;
}

export function documentControls(ctx: SandboxContext): DocumentControls {
	const versions = documentVersions(ctx);
	return {
		...automationControls(ctx),
		incompleteDocuments: () => ctx.store.incompleteDocuments(),
		async content(documentId, versionId) {
			const v =
				versionId === undefined
					? versions.latestCompleted(documentId)
					: ctx.store.table('document_versions').get(versionId);
			return v ? versions.read(v) : undefined;
		},
	};
}

export function register(ctx: SandboxContext): void {
	const { store, views, respond, errors, clock } = ctx;
	const versions = documentVersions(ctx);
	const documents = () => store.table('documents');

	views.define('DocumentCategory', 'document_categories', (c: Rec) => ({
		fields: { ...recordFields(c), name: c.name },
	}));

	/** `shown` presents a pending version (with the part URLs just issued) instead of the latest. */
	function documentView(d: Rec, shown?: { version: Rec; batch?: Json[] }): View {
		const v = shown?.version ?? versions.current(d.id);
		return {
			fields: {
				...recordFields(d),
				type: 'Document',
				name: d.name,
				filename: v?.filename ?? null,
				size: v?.size ?? null,
				content_type: v?.content_type ?? null,
				locked: d.locked,
				received_at: d.received_at ?? v?.received_at ?? null,
				deleted_at: d.deleted_at,
				// Sort key for `order=document_number(…)`; not an attribute of the spec.
				document_number: d.id,
			},
			assoc: {
				parent: () => views.byId('Folder', d.parent_id),
				matter: () => views.byId('Matter', d.matter_id),
				contact: () => views.byId('Contact', d.contact_id),
				document_category: () => views.byId('DocumentCategory', d.document_category_id),
				creator: () => views.byId('User', d.creator_id),
				latest_document_version: () => (v ? versions.view(v, shown?.batch) : null),
				group: () => null,
				external_properties: () => (d.external_properties as Rec[]).map(nestedView),
			},
		};
	}
	views.define('Document', 'documents', (d) => documentView(d));

	/** api-facts §6.2: the documented filters of GET /documents (and of documents in a folder list). */
	function listDocuments(q: Query): Rec[] {
		const parentId = int(q, 'parent_id');
		const scope = str(q, 'scope');
		let inFolders: Set<number> | undefined;
		if (parentId !== undefined || scope) {
			const parent = parentId ?? ACCOUNT_ROOT_FOLDER_ID;
			inFolders = new Set(parent === null ? [] : [parent]);
			if (scope === 'descendants' && parent !== null) {
				for (const f of descendantsOf(store, parent)) inFolders.add(f.id);
			}
		}
		const matterId = int(q, 'matter_id');
		const contactId = int(q, 'contact_id');
		const categoryId = int(q, 'document_category_id');
		const locked = bool(q, 'locked');
		const includeDeleted = bool(q, 'include_deleted') === true;
		const showUncompleted = bool(q, 'show_uncompleted') === true;
		const propName = str(q, 'external_property_name');
		const propValue = str(q, 'external_property_value');
		return common(documents().values(), q).filter(
			(d) =>
				(!inFolders || inFolders.has(d.parent_id)) &&
				(matterId === undefined || d.matter_id === matterId) &&
				(contactId === undefined || d.contact_id === contactId) &&
				(categoryId === undefined || d.document_category_id === categoryId) &&
				(locked === undefined || d.locked === locked) &&
				(includeDeleted || !d.deleted_at) &&
				// api-facts §6.5: until step 3 a document is hidden from listings.
				(showUncompleted || versions.latestCompleted(d.id) !== undefined) &&
				textMatch(str(q, 'query'), d.name) &&
				(propName === undefined ||
					(d.external_properties as Rec[]).some(
						(p) => p.name === propName && (propValue === undefined || p.value === propValue),
					)),
		);
	}

	ctx.route('GET', '/documents.json', (req) =>
		respond.list(req, listDocuments(req.query), (d) => documentView(d)),
	);
	ctx.showRoute('Document', 'documents');

	/** GET /folders/list: a folder's sub-folders and documents (default: the root folder). */
	ctx.route('GET', '/folders/list.json', (req) => {
		if (int(req.query, 'parent_id') === undefined && !str(req.query, 'scope')) {
			req.query.parent_id = String(ACCOUNT_ROOT_FOLDER_ID);
		}
		const items = [...listFolders(store, req.query), ...listDocuments(req.query)];
		return respond.list(req, items, (x) =>
			documents().get(x.id) === x ? documentView(x) : views.of('Folder', x),
		);
	});

	function checkCategory(category: Json | undefined) {
		if (category?.id != null && !store.table('document_categories').has(category.id)) {
			throw errors.validation('Document category must exist');
		}
	}

	function checkName(name: unknown) {
		if (typeof name === 'string' && name.trim() === '')
			throw errors.validation("Name can't be blank");
	}

	function externalProperties(items: Json[] | undefined, current: NestedRec[] = []) {
		const list = current.map((p) => ({ ...p }));
		applyNested(store, list, items, (item) => ({ name: item.name, value: item.value }));
		if (list.length > MAX_EXTERNAL_PROPERTIES) {
			throw errors.validation(
				`A document can have at most ${MAX_EXTERNAL_PROPERTIES} external properties`,
			);
		}
		return list;
	}

	// Upload step 1 (api-facts §6.5/§6.6): a new document, or with parent type Document a new
	// version of that document (same id, next version_number).
	ctx.route('POST', '/documents.json', (req) => {
		const d = req.body?.data as Json;
		checkName(d.name);
		checkCategory(d.document_category);
		const filename = (d.filename as string | undefined) || (d.name as string);
		const upload = {
			filename,
			content_type: d.content_type,
			received_at: d.received_at,
			multiparts: d.multiparts,
		};
		if (d.parent.type === 'Document') {
			const doc = findOr404(documents(), d.parent.id);
			versions.checkParts(undefined, d.multiparts);
			return respond.one(req, documentView(doc, versions.start(doc, upload, req.userId)), 201);
		}
		const folder = resolveParent(store, d.parent);
		versions.checkParts(undefined, d.multiparts);
		const props = externalProperties(d.external_properties);
		const doc = insertDocument(store, folder, {
			name: d.name,
			document_category_id: d.document_category?.id ?? null,
			received_at: d.received_at ?? null,
			creator_id: req.userId,
			communication_id: d.communication_id ?? null,
			external_properties: props,
		});
		return respond.one(req, documentView(doc, versions.start(doc, upload, req.userId)), 201);
	});

	async function update(req: ApiRequest) {
		const doc = findOr404(documents(), req.params.id);
		respond.ifMatch(req, doc);
		const d = (req.body?.data ?? {}) as Json;
		// Validate everything before changing anything.
		checkName(d.name);
		checkCategory(d.document_category);
		let version: Rec | undefined;
		if (d.fully_uploaded !== undefined || d.multiparts !== undefined || d.uuid !== undefined) {
			// api-facts §6.5: the uuid from step 1 names the version being uploaded.
			if (!d.uuid) throw errors.validation('UUID is required to mark a document fully uploaded');
			version = versions.byUuid(doc.id, d.uuid);
			if (!version) throw errors.notFound();
		}
		if (d.multiparts !== undefined && d.fully_uploaded !== false) {
			// api-facts §6.6: more part URLs come from `fully_uploaded: false` with the next batch.
			throw errors.validation('multiparts are requested with fully_uploaded set to false');
		}
		if (version && d.multiparts) {
			if (version.fully_uploaded) {
				throw errors.validation('The document version is already marked as fully uploaded');
			}
			versions.checkParts(version, d.multiparts);
		}
		if (d.parent?.type === 'Document')
			throw errors.validation('A document cannot be moved into a document');
		const folder = d.parent ? resolveParent(store, d.parent) : undefined;
		const props =
			d.external_properties === undefined
				? undefined
				: externalProperties(d.external_properties, doc.external_properties);
		const latest = versions.latestCompleted(doc.id);
		const ext = (name: string) => /\.[^.]*$/.exec(name)?.[0]?.toLowerCase() ?? '';
		const copyVersion =
			d.copy_version === true &&
			typeof d.name === 'string' &&
			latest !== undefined &&
			ext(d.name) !== ext(latest.filename);

		if (version && d.fully_uploaded === true) await versions.complete(doc, version);
		const batch = version && d.multiparts ? versions.addParts(version, d.multiparts) : undefined;
		if (copyVersion) await versions.addCopy(doc, latest, d.name, req.userId);
		store.update('documents', doc, (x) => {
			if (d.name !== undefined) x.name = d.name;
			if (folder) Object.assign(x, documentPlacement(folder));
			if (d.document_category !== undefined)
				x.document_category_id = d.document_category?.id ?? null;
			if (d.received_at !== undefined) x.received_at = d.received_at;
			if (d.communication_id !== undefined) x.communication_id = d.communication_id;
			if (props) x.external_properties = props;
			if (d.restore === true) x.deleted_at = null;
		});
		const shown = version && !version.fully_uploaded ? { version, batch } : undefined;
		return respond.one(req, documentView(doc, shown));
	}
	ctx.route('PATCH', '/documents/{id}.json', update);

	// api-facts §6.1: DELETE moves the document to the trash (deleted_at), restorable by PATCH.
	ctx.route('DELETE', '/documents/{id}.json', (req) => {
		const doc = findOr404(documents(), req.params.id);
		if (!doc.deleted_at) store.update('documents', doc, (x) => (x.deleted_at = clock.iso()));
		return respond.none();
	});

	// api-facts §6.4: 303 to a short-lived signed storage URL; the latest version by default.
	ctx.route('GET', '/documents/{id}/download.json', (req) => {
		const doc = findOr404(documents(), req.params.id);
		const versionId = int(req.query, 'document_version_id');
		const version =
			versionId == null
				? versions.latestCompleted(doc.id)
				: versions.of(doc.id).find((v) => v.id === versionId && v.fully_uploaded);
		if (!version) throw errors.notFound();
		return { status: 303, headers: { Location: versions.downloadUrl(version) } };
	});

	ctx.route('GET', '/document_categories.json', (req) =>
		respond.list(req, common(store.table('document_categories').values(), req.query), (c) =>
			views.of('DocumentCategory', c),
		),
	);
	ctx.showRoute('DocumentCategory', 'document_categories');

	// Trashing a folder trashes the documents in it; restoring it brings them back.
	store.events.on('change', ({ table, event, record, previous }) => {
		if (table !== 'folders' || event !== 'updated' || !previous) return;
		if (record.deleted_at === previous.deleted_at) return;
		for (const doc of documents().values()) {
			if (doc.parent_id !== record.id) continue;
			if (record.deleted_at && !doc.deleted_at) {
				store.update('documents', doc, (x) => (x.deleted_at = record.deleted_at));
			} else if (!record.deleted_at && doc.deleted_at === previous.deleted_at) {
				store.update('documents', doc, (x) => (x.deleted_at = null));
			}
		}
	});

	ctx.afterSeed(() => seedDocuments(ctx));
}

const CATEGORIES = ['Pleadings', 'Correspondence', 'Contracts', 'Billing', 'Evidence'];

/**
 * Seed: document categories; for the first 20 matters an engagement letter in the matter folder,
 * a complaint in "Pleadings" (two versions on even matters) and on every third matter a letter in
 * "Correspondence"; an intake form for the first 5 contacts.
 */
function seedDocuments(ctx: SandboxContext): void {
	const { store } = ctx;
	const silent = { silent: true };
	const DAY = 86_400_000;
	const base = store.clock.now().getTime() - 400 * DAY;
	const categories = CATEGORIES.map((name, i) =>
		store.insert(
			'document_categories',
			{ name, created_at: new Date(base + i * DAY).toISOString() },
			silent,
		),
	);
	const category = (name: string) => categories[CATEGORIES.indexOf(name)].id;
	const text = (lines: string[]) => Buffer.from(`${lines.join('\n')}\n`);
	const later = (iso: string, days: number) =>
		new Date(Math.min(Date.parse(iso) + days * DAY, store.clock.now().getTime())).toISOString();

	const matters = [...store.matters.values()].slice(0, 20);
	for (const m of matters) {
		const root = store.folders.get(m.folder_id) as Rec;
		const sub = (name: string) =>
			[...store.folders.values()].find((f) => f.parent_id === root.id && f.name === name) ?? root;
		const about = [`Matter ${m.display_number}`, m.description as string];
		const userId = m.responsible_attorney_id as number;
		createStoredDocument(
			ctx,
			{
				name: 'Engagement Letter.pdf',
				folder: root,
				content: text(['%PDF-1.4', 'Engagement Letter', ...about]),
				userId,
				document_category_id: category('Contracts'),
				at: later(m.created_at, 1),
			},
			silent,
		);
		const complaint = createStoredDocument(
			ctx,
			{
				name: 'Complaint.docx',
				folder: sub('Pleadings'),
				content: text(['Complaint (draft 1)', ...about]),
				userId,
				document_category_id: category('Pleadings'),
				at: later(m.created_at, 5),
			},
			silent,
		);
		if (m.id % 2 === 0) {
			const at = later(m.created_at, 9);
			documentVersions(ctx).addStored(
				complaint,
				{ filename: 'Complaint.docx', userId, at },
				text(['Complaint (draft 2)', ...about]),
				silent,
			);
			complaint.updated_at = at;
		}
		if (m.id % 3 === 0) {
			createStoredDocument(
				ctx,
				{
					name: 'Letter to Opposing Counsel.pdf',
					folder: sub('Correspondence'),
					content: text(['%PDF-1.4', 'Letter to opposing counsel', ...about]),
					userId,
					document_category_id: category('Correspondence'),
					at: later(m.created_at, 12),
				},
				silent,
			);
		}
	}
	for (const c of [...store.contacts.values()].slice(0, 5)) {
		const folder = store.folders.get(c.folder_id);
		if (!folder) continue;
		createStoredDocument(
			ctx,
			{
				name: 'Intake Form.pdf',
				folder,
				content: text(['%PDF-1.4', 'Client intake form', `Contact ${c.id}`]),
				userId: 1,
				at: later(c.created_at, 2),
			},
			silent,
		);
	}
}
