import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Clock } from './types.mts';

/** Every stored record has these; the rest is resource specific. */
export interface Rec {
	id: number;
	etag: string;
	created_at: string;
	updated_at: string;
	[key: string]: any;
}

export interface ChangeEvent {
	table: string;
	event: 'created' | 'updated' | 'deleted';
	record: Rec;
	/** For 'updated': a copy of the record before the change. */
	previous?: Rec;
}

/** A nested item with its own id/etag (email addresses, phone numbers, custom field values…). */
export interface NestedRec {
	id: number | string;
	etag: string;
	created_at: string;
	updated_at: string;
	[key: string]: any;
}

const KNOWN_TABLES = [
	'users',
	'practice_areas',
	'matter_stages',
	'contacts',
	'matters',
	'custom_fields',
	'tasks',
	'notes',
	'folders',
] as const;

export class Store {
	/** All tables by name (the Clio resource name, snake_case plural). */
	readonly tables: Record<string, Map<number, Rec>> = {};
	/** Emits 'change' with a ChangeEvent after every create/update/delete made through the store. */
	readonly events = new EventEmitter();
	private readonly ids: Record<string, number> = {};
	private etagSeq = 0;
	private nestedSeq = 0;
	/** Bumped on every change; cheap cache key for derived data. */
	version = 0;

	constructor(readonly clock: Clock) {
		for (const t of KNOWN_TABLES) this.table(t);
	}

	get users() {
		return this.table('users');
	}
	get practiceAreas() {
		return this.table('practice_areas');
	}
	get matterStages() {
		return this.table('matter_stages');
	}
	get contacts() {
		return this.table('contacts');
	}
	get matters() {
		return this.table('matters');
	}
	get customFields() {
		return this.table('custom_fields');
	}
	get tasks() {
		return this.table('tasks');
	}
	get notes() {
		return this.table('notes');
	}
	get folders() {
		return this.table('folders');
	}

	/** Returns (creating on first use) the table with that name. */
	table<T extends Rec = Rec>(name: string): Map<number, T> {
		this.tables[name] ??= new Map();
		return this.tables[name] as Map<number, T>;
	}

	nextId(table: string): number {
		this.ids[table] = (this.ids[table] ?? 0) + 1;
		return this.ids[table];
	}

	/** A new etag; api-facts §3.5: etag values include literal quotes. */
	etag(): string {
		this.etagSeq++;
		return `"${createHash('md5').update(`etag-${this.etagSeq}`).digest('hex')}"`;
	}

	/** Sequence for nested items (ids of email addresses, composite custom field value ids …). */
	nextNestedId(): number {
		return ++this.nestedSeq;
	}

	/** Stamps a nested item: id (if missing), etag, timestamps. */
	nested<T extends Record<string, unknown>>(attrs: T, at = this.clock.iso()): T & NestedRec {
		return {
			id: this.nextNestedId(),
			created_at: at,
			...attrs,
			updated_at: at,
			etag: this.etag(),
		} as T & NestedRec;
	}

	insert<T extends Rec = Rec>(
		table: string,
		attrs: Omit<T, 'id' | 'etag' | 'created_at' | 'updated_at'> & Partial<Rec>,
		opts: { silent?: boolean } = {},
	): T {
		const at = attrs.created_at ?? this.clock.iso();
		const rec = {
			...attrs,
			id: attrs.id ?? this.nextId(table),
			etag: this.etag(),
			created_at: at,
			updated_at: attrs.updated_at ?? at,
		} as T;
		if (rec.id > (this.ids[table] ?? 0)) this.ids[table] = rec.id;
		this.table(table).set(rec.id, rec);
		this.version++;
		if (!opts.silent) this.events.emit('change', { table, event: 'created', record: rec });
		return rec;
	}

	/**
	 * Runs `mutate`, then bumps updated_at and etag (every update changes the etag). `at` is the
	 * update's one instant: timestamps the mutation sets with it equal updated_at.
	 */
	update<T extends Rec>(table: string, rec: T, mutate: (r: T, at: string) => void): T {
		const previous = structuredClone(rec);
		const at = this.clock.iso();
		mutate(rec, at);
		rec.updated_at = at;
		rec.etag = this.etag();
		this.version++;
		this.events.emit('change', { table, event: 'updated', record: rec, previous });
		return rec;
	}

	remove(table: string, id: number): Rec | undefined {
		const rec = this.table(table).get(id);
		if (!rec) return undefined;
		this.table(table).delete(id);
		this.version++;
		this.events.emit('change', { table, event: 'deleted', record: rec });
		return rec;
	}

	private derived?: { version: number; clients: Set<number>; mattersWithTasks: Set<number> };

	private index() {
		if (this.derived?.version !== this.version) {
			const clients = new Set<number>();
			const mattersWithTasks = new Set<number>();
			for (const m of this.matters.values()) clients.add(m.client_id as number);
			for (const t of this.tasks.values()) mattersWithTasks.add(t.matter_id as number);
			this.derived = { version: this.version, clients, mattersWithTasks };
		}
		return this.derived;
	}

	/**
	 * Documents (not trashed) whose newest version never finished uploading — what an interrupted
	 * three-step upload leaves behind (api-facts §6.5).
	 */
	incompleteDocuments(): Rec[] {
		const newest = new Map<number, Rec>();
		for (const v of this.table('document_versions').values()) {
			const seen = newest.get(v.document_id);
			if (!seen || v.version_number > seen.version_number) newest.set(v.document_id, v);
		}
		return [...this.table('documents').values()].filter(
			(d) => !d.deleted_at && newest.get(d.id)?.fully_uploaded === false,
		);
	}

	/** Whether a contact is the client of at least one matter. */
	isClient(contactId: number): boolean {
		return this.index().clients.has(contactId);
	}

	/** Whether a matter has at least one task. */
	hasTasks(matterId: number): boolean {
		return this.index().mattersWithTasks.has(matterId);
	}
}
