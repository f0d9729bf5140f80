import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ApiError, errors } from './errors.mts';
import { parseFields } from './fields.mts';
import type { Faults } from './faults.mts';
import { decodeBody, readBody, sendJson } from './http.mts';
import type { RequestLog } from './log.mts';
import { INVALID_TOKEN, type OAuth } from './oauth.mts';
import type { RateLimiter } from './rate-limit.mts';
import { bodyError, findOperation, parseQuery, validateBody, validateQuery } from './spec.mts';
import type { ApiHandler, ApiRequest, ApiResult } from './context.mts';
import type { Clock, LogEntry, LogKind, RawHandler } from './types.mts';

const API_PREFIX = '/api/v4';

/** api-facts §1.3: minor versions 4.0.4 … 4.0.13 exist; no header = the default version. */
const DEFAULT_VERSION = '4.0.9';
const SUPPORTED_VERSIONS = new Set(Array.from({ length: 10 }, (_, i) => `4.0.${i + 4}`));

interface RawRoute {
	method: string;
	path: string | RegExp;
	kind: LogKind;
	handler: RawHandler;
	/** The handler reads the body itself (see RawRouteOptions). */
	stream?: boolean;
}

export interface ServerDeps {
	clock: Clock;
	log: RequestLog;
	faults: Faults;
	rateLimiter: RateLimiter;
	oauth: OAuth;
	quiet: boolean;
}

export class Router {
	readonly api = new Map<string, ApiHandler>();
	readonly raw: RawRoute[] = [];

	rawRoute(method: string, path: string): RawRoute | undefined {
		return this.raw.find(
			(r) =>
				r.method === method && (typeof r.path === 'string' ? r.path === path : r.path.test(path)),
		);
	}
}

function headerRecord(req: IncomingMessage): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(req.headers)) {
		if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
	}
	return out;
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createSandboxServer(
	router: Router,
	deps: ServerDeps,
	baseUrl: () => string,
): Server {
	const { clock, log, faults, rateLimiter, oauth } = deps;

	async function handleApi(
		req: IncomingMessage,
		url: URL,
		body: Buffer,
		entry: LogEntry,
	): Promise<ApiResult> {
		const method = (req.method ?? 'GET').toUpperCase();
		const versionHeader = req.headers['x-api-version'];
		const version = typeof versionHeader === 'string' ? versionHeader : DEFAULT_VERSION;
		const headers: Record<string, string> = { 'X-API-VERSION': version };
		const withHeaders = (r: ApiResult): ApiResult => ({
			...r,
			headers: { ...headers, ...(r.headers ?? {}) },
		});
		try {
			if (!SUPPORTED_VERSIONS.has(version)) {
				// api-facts §1.3: an invalid or unsupported X-API-VERSION is 410 Gone.
				throw new ApiError(410, 'GoneError', `API version ${version} is not supported`, true);
			}
			// api-facts §4: limits are per access token.
			const rate = rateLimiter.check(req.headers.authorization ?? `ip:${req.socket.remoteAddress}`);
			Object.assign(headers, rate.headers);
			if (rate.limited) {
				return withHeaders({
					status: 429,
					body: { error: { type: 'RateLimited', message: 'Too Many Requests' } },
				});
			}
			const userId = oauth.authenticate(req.headers.authorization);
			if (userId === undefined) {
				// api-facts §2.2: expired/unknown token → 401 with the OAuth-shaped body.
				return withHeaders({ status: 401, body: INVALID_TOKEN });
			}
			const apiPath = url.pathname.slice(API_PREFIX.length);
			const found = findOperation(method, apiPath);
			if (!found.op) throw errors.noRoute(method, url.pathname);
			const { op, params } = found;
			if (op.pathParams.includes('id') && !/^\d+$/.test(params.id)) throw errors.notFound();
			const query = parseQuery(url.searchParams);
			const problems = validateQuery(op, query);
			if (problems.length) throw errors.badRequest(problems[0], problems);
			const fields =
				op.resource && typeof query.fields === 'string'
					? parseFields(query.fields, op.resource)
					: undefined;
			let json: Record<string, any> | undefined;
			if (op.requestSchema && ['POST', 'PATCH', 'PUT'].includes(method)) {
				if (!/json/.test(req.headers['content-type'] ?? '')) {
					throw errors.badRequest('Request bodies must be JSON (Content-Type: application/json)');
				}
				try {
					json = JSON.parse(body.toString('utf8') || 'null') as Record<string, any>;
				} catch {
					throw errors.badRequest('The request body is not valid JSON');
				}
				const bodyProblems = validateBody(op, json);
				if (bodyProblems.length) throw bodyError(bodyProblems);
			}
			const handler = router.api.get(op.key);
			if (!handler) {
				return withHeaders({
					status: 501,
					body: {
						error: { type: 'NotImplemented', message: `The sandbox does not implement ${op.key}` },
					},
				});
			}
			const apiReq: ApiRequest = {
				method,
				path: url.pathname,
				url: new URL(url.pathname + url.search, baseUrl()),
				op,
				params,
				query,
				body: json,
				headers: req.headers,
				userId,
				fields,
				entry,
			};
			return withHeaders(await handler(apiReq));
		} catch (err) {
			if (err instanceof ApiError) {
				entry.violations.push(...err.violationList());
				return withHeaders({ status: err.status, body: err.body(), headers: err.headers });
			}
			if (!deps.quiet) console.error('sandbox: handler failed', err);
			return withHeaders({
				status: 500,
				body: { error: { type: 'InternalServerError', message: String(err) } },
			});
		}
	}

	async function handle(req: IncomingMessage, res: ServerResponse) {
		const method = (req.method ?? 'GET').toUpperCase();
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const route = router.rawRoute(method, url.pathname);
		const body = route?.stream ? Buffer.alloc(0) : await readBody(req);
		const kind: LogKind = url.pathname.startsWith(`${API_PREFIX}/`)
			? 'api'
			: (route?.kind ?? (url.pathname.startsWith('/oauth/') ? 'oauth' : 'other'));
		const entry: LogEntry = {
			at: clock.iso(),
			kind,
			method,
			path: url.pathname,
			query: parseQuery(url.searchParams),
			headers: headerRecord(req),
			body: decodeBody(req.headers['content-type'], body),
			status: 0,
			violations: [],
		};
		log.entries.push(entry);
		res.on('finish', () => (entry.status = res.statusCode));
		faults.arrived(method, url.pathname);

		const fault = faults.take(method, url.pathname, url.searchParams);
		if (fault) {
			if (fault.holdUntil) entry.hold = (await faults.hold(fault)) ? 'released' : 'timed out';
			if (fault.delayMs) await delay(fault.delayMs);
			if (fault.reset) {
				req.socket.destroy();
				return;
			}
			if (fault.status !== undefined) {
				sendJson(res, fault.status, fault.body, fault.headers);
				return;
			}
		}

		if (kind === 'api') {
			const result = await handleApi(req, url, body, entry);
			sendJson(res, result.status, result.body, result.headers);
			return;
		}
		if (route) {
			await route.handler(req, res, body, entry);
			return;
		}
		sendJson(res, 404, { error: { type: 'NotFoundError', message: 'Not Found' } });
	}

	return createServer((req, res) => {
		handle(req, res).catch((err) => {
			if (!deps.quiet) console.error('sandbox: request failed', err);
			if (!res.headersSent)
				sendJson(res, 500, { error: { type: 'InternalServerError', message: String(err) } });
			else res.destroy();
		});
	});
}
