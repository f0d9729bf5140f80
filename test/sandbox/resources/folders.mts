import { recordFields, type SandboxContext } from '../context.mts';
import { errors } from '../errors.mts';
import { bool, common, findOr404, int, str, textMatch } from '../filters.mts';
import type { Rec, Store } from '../store.mts';
import type { Query } from '../types.mts';

type Json = Record<string, any>;

/** Id of the account's root folder (api-facts §6.8: one root folder per account, `root: true`). */
export const ACCOUNT_ROOT_FOLDER_ID = 1;

/** api-facts §6.8: a folder is created automatically for every new matter and contact. */
export function createRecordFolder(
	store: Store,
	owner: { matter_id?: number; contact_id?: number },
	name: string,
	silent = false,
): Rec {
	return store.insert(
		'folders',
		{
			name,
			parent_id: ACCOUNT_ROOT_FOLDER_ID,
			root: false,
			locked: false,
			deleted_at: null,
			matter_id: owner.matter_id ?? null,
			contact_id: owner.contact_id ?? null,
		},
		{ silent },
	);
}

/** All folders below `parentId` (not including it). */
export function descendantsOf(store: Store, parentId: number): Rec[] {
	const byParent = new Map<number, Rec[]>();
	for (const f of store.folders.values()) {
		const list = byParent.get(f.parent_id) ?? [];
		list.push(f);
		byParent.set(f.parent_id, list);
	}
	const out: Rec[] = [];
	const queue = [parentId];
	while (queue.length) {
		for (const child of byParent.get(queue.shift() as number) ?? []) {
			out.push(child);
			queue.push(child.id);
		}
	}
	return out;
}

/** Resolves `parent: {id, type}` (api-facts §6.8: Matter / Folder / Contact). */
export function resolveParent(store: Store, parent: Json): Rec {
	if (parent.type === 'Matter') {
		const matter = findOr404(store.matters, parent.id);
		return findOr404(store.folders, matter.folder_id);
	}
	if (parent.type === 'Contact') {
		const contact = findOr404(store.contacts, parent.id);
		if (!store.folders.has(contact.folder_id)) {
			store.update('contacts', contact, (c) => {
				c.folder_id = createRecordFolder(
					store,
					{ contact_id: c.id },
					c.name ?? `Contact ${c.id}`,
				).id;
			});
		}
		return findOr404(store.folders, contact.folder_id);
	}
	const folder = findOr404(store.folders, parent.id);
	if (folder.deleted_at) throw errors.notFound();
	return folder;
}

export function listFolders(store: Store, q: Query): Rec[] {
	const parentId = int(q, 'parent_id');
	const scope = str(q, 'scope');
	const matterId = int(q, 'matter_id');
	const contactId = int(q, 'contact_id');
	const includeDeleted = bool(q, 'include_deleted') === true;
	let base: Iterable<Rec> = store.folders.values();
	if (parentId !== undefined || scope) {
		// api-facts §6.2/§6.8: scope = children (default) | descendants of parent_id.
		const parent = parentId ?? ACCOUNT_ROOT_FOLDER_ID;
		base =
			scope === 'descendants'
				? descendantsOf(store, parent as number)
				: [...store.folders.values()].filter((f) => f.parent_id === parent);
	}
	return common(base, q).filter(
		(f) =>
			(includeDeleted || !f.deleted_at) &&
			(matterId === undefined || f.matter_id === matterId) &&
			(contactId === undefined || f.contact_id === contactId) &&
			textMatch(str(q, 'query'), f.name),
	);
}

export function register(ctx: SandboxContext): void {
	const { store, views, respond } = ctx;

	const linked = (f: Rec) => ({
		fields: {
			...recordFields(f),
			name: f.name,
			type: 'Folder',
			root: f.root,
			locked: f.locked,
			deleted_at: f.deleted_at,
		},
	});

	views.define('Folder', 'folders', (f: Rec) => ({
		fields: linked(f).fields,
		assoc: {
			parent: () => {
				const p = store.folders.get(f.parent_id);
				return p ? linked(p) : null;
			},
			matter: () => views.byId('Matter', f.matter_id),
			contact: () => views.byId('Contact', f.contact_id),
		},
	}));

	ctx.route('GET', '/folders.json', (req) =>
		respond.list(req, listFolders(store, req.query), (f) => views.of('Folder', f)),
	);

	/** Folder contents; the documents module may re-register this route to add documents. */
	ctx.route('GET', '/folders/list.json', (req) => {
		if (int(req.query, 'parent_id') === undefined && !str(req.query, 'scope')) {
			req.query.parent_id = String(ACCOUNT_ROOT_FOLDER_ID);
		}
		return respond.list(req, listFolders(store, req.query), (f) => views.of('Folder', f));
	});

	ctx.showRoute('Folder', 'folders');

	ctx.route('POST', '/folders.json', (req) => {
		const d = req.body?.data as Json;
		const parent = resolveParent(store, d.parent);
		const folder = store.insert('folders', {
			name: d.name,
			parent_id: parent.id,
			root: false,
			locked: false,
			deleted_at: null,
			matter_id: parent.matter_id ?? null,
			contact_id: parent.contact_id ?? null,
		});
		return respond.one(req, views.of('Folder', folder), 201);
	});

	ctx.updateRoute('Folder', 'folders', (folder, d) => {
		const parent = d.parent ? resolveParent(store, d.parent) : undefined;
		if (parent && (parent.id === folder.id || descendantsOf(store, folder.id).includes(parent))) {
			throw errors.validation('A folder cannot be moved into itself');
		}
		return (f) => {
			if (d.name !== undefined) f.name = d.name;
			if (parent) {
				f.parent_id = parent.id;
				f.matter_id = parent.matter_id ?? null;
				f.contact_id = parent.contact_id ?? null;
			}
			if (d.restore === true) f.deleted_at = null;
		};
	});

	ctx.route('DELETE', '/folders/{id}.json', (req) => {
		const folder = findOr404(store.folders, req.params.id);
		if (folder.root) throw errors.argument('The root folder cannot be deleted');
		const at = ctx.clock.iso();
		for (const f of [folder, ...descendantsOf(store, folder.id)]) {
			store.update('folders', f, (x) => (x.deleted_at = at));
		}
		return respond.none();
	});
}
