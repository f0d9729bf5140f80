import type { IncomingHttpHeaders } from 'node:http';
import { errors, type Errors } from './errors.mts';
import { parseFields, project, type FieldSelection, type View } from './fields.mts';
import { paginate } from './paging.mts';
import type { Operation } from './spec.mts';
import type { Rec, Store } from './store.mts';
import type { RequestLog } from './log.mts';
import type {
	Clock,
	LogEntry,
	LogKind,
	Query,
	RawHandler,
	RawRouteOptions,
	SandboxOptions,
	SpecReadings,
} from './types.mts';

type Json = Record<string, any>;

/** An /api/v4 request that passed spec validation. */
export interface ApiRequest {
	method: string;
	path: string;
	url: URL;
	op: Operation;
	params: Record<string, string>;
	query: Query;
	/** The parsed JSON body (already validated against the spec). */
	body: Json | undefined;
	headers: IncomingHttpHeaders;
	/** The user the access token belongs to. */
	userId: number;
	fields: FieldSelection[] | undefined;
	entry: LogEntry;
}

export interface ApiResult {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
}

export type ApiHandler = (req: ApiRequest) => ApiResult | Promise<ApiResult>;

type ViewBuilder = (rec: Rec, query?: Query) => View;

/** How each resource is presented; lets resources render each other's records as associations. */
export class Views {
	private readonly defs = new Map<string, { table: string; build: ViewBuilder }>();

	constructor(private readonly store: Store) {}

	/** `resource` is the spec schema name ('Matter'), `table` the store table ('matters'). */
	define(resource: string, table: string, build: ViewBuilder): void {
		this.defs.set(resource, { table, build });
	}

	of(resource: string, rec: Rec, query?: Query): View {
		const def = this.defs.get(resource);
		if (!def) throw new Error(`No view defined for ${resource}`);
		return def.build(rec, query);
	}

	/** The view of the record with that id, or null (missing id / missing record). */
	byId(resource: string, id: number | null | undefined): View | null {
		if (id === null || id === undefined) return null;
		const def = this.defs.get(resource);
		const rec = def && this.store.table(def.table).get(id);
		return rec ? def.build(rec) : null;
	}
}

export function createResponder() {
	return {
		/** A single record: `{data}` shaped by `fields`, with ETag/Last-Modified (api-facts §3.5). */
		one(req: ApiRequest, view: View, status = 200): ApiResult {
			const etag = view.fields.etag as string | undefined;
			const updated = view.fields.updated_at as string | undefined;
			const headers: Record<string, string> = {};
			if (etag) headers.ETag = etag;
			if (updated) headers['Last-Modified'] = new Date(updated).toUTCString();
			if (req.method === 'GET') {
				const inm = req.headers['if-none-match'];
				const ims = req.headers['if-modified-since'];
				if ((inm && inm === etag) || (ims && updated && Date.parse(updated) <= Date.parse(ims))) {
					return { status: 304, headers };
				}
			}
			return { status, headers, body: { data: project(view, req.fields) } };
		},
		/** A list page: `{data, meta:{paging:{next?}, records}}` (api-facts §3.1, §3.3). */
		list<T extends Rec>(req: ApiRequest, records: T[], toView: (r: T) => View): ApiResult {
			const page = paginate(records, toView, req.query, req.url);
			return {
				status: 200,
				body: {
					data: page.views.map((v) => project(v, req.fields)),
					meta: { paging: page.next ? { next: page.next } : {}, records: page.records },
				},
			};
		},
		none(): ApiResult {
			return { status: 204 };
		},
		/** PATCH with If-Match: 412 when the record changed (api-facts §3.5). */
		ifMatch(req: ApiRequest, rec: Rec): void {
			const im = req.headers['if-match'];
			if (im && im !== rec.etag) throw errors.preconditionFailed();
		},
	};
}

export type Responder = ReturnType<typeof createResponder>;

/** What a resource module gets to register itself. */
export interface SandboxContext {
	store: Store;
	clock: Clock;
	errors: Errors;
	views: Views;
	respond: Responder;
	paging: { paginate: typeof paginate };
	fields: { parse: typeof parseFields; project: typeof project };
	/** Registers the handler for a spec operation, e.g. route('GET', '/matters/{id}.json', h). */
	route(method: string, specPath: string, handler: ApiHandler): void;
	/** Registers a handler outside /api/v4 (storage URLs, callbacks …). */
	raw(
		method: string,
		path: string | RegExp,
		kind: LogKind,
		handler: RawHandler,
		opts?: RawRouteOptions,
	): void;
	/** Origin of the object storage: a second listener, as S3 is another host than Clio. */
	storageUrl(): string;
	/** Runs `fn` once the seed data exists (at once on a running sandbox). */
	afterSeed(fn: (seed: { seed: number; matters: number }) => void): void;
	/** Runs `fn` when the sandbox closes. */
	onClose(fn: () => void | Promise<void>): void;
	/** `GET /<table>/{id}.json` answering the record's view (404 if missing). */
	showRoute(resource: string, table: string): void;
	/**
	 * `PATCH /<table>/{id}.json`: 404 if missing, 412 on a stale If-Match, then `prepare` validates
	 * the body (throw to refuse, nothing changed yet) and returns the mutation, applied through
	 * store.update (new updated_at and etag); answers the updated view.
	 */
	updateRoute(
		resource: string,
		table: string,
		prepare: (rec: Rec, data: Json, req: ApiRequest) => (rec: Rec, at: string) => void,
	): void;
	/** `DELETE /<table>/{id}.json` removing the record (204; 404 if missing). */
	deleteRoute(table: string): void;
	/** The sandbox origin, e.g. 'http://127.0.0.1:43123' (known once listening). */
	baseUrl(): string;
	/** The request log (outbound requests such as webhook deliveries are recorded here too). */
	log: RequestLog;
	/** The options the sandbox was started with. */
	options: SandboxOptions;
	/** The reading of each spec conflict in force now (changeable while running). */
	readings: SpecReadings;
}

/** The attributes every record view starts with. */
export function recordFields(r: Rec): Record<string, unknown> {
	return { id: r.id, etag: r.etag, created_at: r.created_at, updated_at: r.updated_at };
}

export type ResourceModule = (ctx: SandboxContext) => void;

/** A per-sandbox singleton (keyed by the sandbox's store), created on first use. */
export function perSandbox<T>(create: (ctx: SandboxContext) => T): (ctx: SandboxContext) => T {
	const instances = new WeakMap<Store, T>();
	return (ctx) => {
		let instance = instances.get(ctx.store);
		if (instance === undefined) {
			instance = create(ctx);
			instances.set(ctx.store, instance);
		}
		return instance;
	};
}
