import type { IncomingMessage, ServerResponse } from 'node:http';

export type LogKind = 'api' | 'oauth' | 'storage' | 'delivery' | 'other';

export interface RateLimitOptions {
	limit: number;
	windowMs: number;
}

export type RetryAfterFormat = 'seconds' | 'http-date';

/**
 * Where Clio's spec and observed behaviour disagree, the sandbox plays either reading; tests switch
 * at run time through `sandbox.readings`.
 */
export interface SpecReadings {
	/**
	 * api-facts §9.1, `name` on a Person. 'lenient' (default): optional, split into first and last
	 * name when sent alone. 'required': the spec's reading, every contact needs `name` (422
	 * "Name can't be blank"). 'refused': a public report's reading, `name` on a Person is refused
	 * with 422.
	 */
	personName: 'lenient' | 'required' | 'refused';
	/**
	 * api-facts §9.5, the casing of Notes' GET `type`. 'either' (default). 'capitalised': the spec's
	 * enum only (lowercase is a protocol violation). 'lowercase': Clio before 4.0.10, refusing the
	 * capitalised form with 422.
	 */
	noteTypeCasing: 'either' | 'capitalised' | 'lowercase';
}

export interface SandboxOptions {
	/** The reading of each spec conflict the sandbox starts with (see SpecReadings). */
	readings?: Partial<SpecReadings>;
	/** 0 (default) = random free port; the host is always 127.0.0.1. */
	port?: number;
	/** Seed for the deterministic data set, default 1. */
	seed?: number;
	/** Number of seeded matters, default 1000. */
	matters?: number;
	/** Default { limit: 10000, windowMs: 60000 } (effectively off). */
	rateLimit?: RateLimitOptions | false;
	/** Format of Retry-After on 429, default 'seconds'. */
	retryAfter?: RetryAfterFormat;
	/** Access token lifetime, default 30 days. */
	accessTokenTtlSeconds?: number;
	/** Initial clock time, default the real current time. */
	now?: Date | string;
	quiet?: boolean;
	/** Waits before each webhook re-attempt (api-facts §8.8; Clio: 2 min, doubling), default 50–800. */
	webhookRetryDelaysMs?: number[];
	/** How long a webhook receiver may take to answer, default 5000 ms. */
	webhookTimeoutMs?: number;
}

export interface LogEntry {
	at: string;
	kind: LogKind;
	method: string;
	path: string;
	query: Record<string, string | string[]>;
	headers: Record<string, string>;
	body?: unknown;
	status: number;
	violations: string[];
	/** A fault rule's `holdUntil`: whether the awaited requests came, or the hold gave up. */
	hold?: 'released' | 'timed out';
}

export interface LogFilter {
	method: string;
	path: string | RegExp;
	kind: string;
	status: number;
}

export interface FaultRule {
	method?: string;
	path: string | RegExp;
	/** Only requests whose query has these values (e.g. a storage part: `{ partNumber: '2' }`). */
	query?: Record<string, string>;
	/** Default 1. */
	times?: number;
	status?: number;
	body?: unknown;
	headers?: Record<string, string>;
	/** Destroy the socket without answering. */
	reset?: boolean;
	delayMs?: number;
	/**
	 * Holds the request (before the rest of the rule applies) until `requests` more requests
	 * matching `path` (and `method`, any query) have arrived, or `timeoutMs` (default 10 s) has
	 * passed. A client that sends one request after another never releases the hold: a released
	 * hold proves the requests were in flight together. The log entry says which it was.
	 */
	holdUntil?: { requests: number; timeoutMs?: number };
}

export interface Clock {
	now(): Date;
	/** ISO-8601 timestamp of now(). */
	iso(): string;
	/** YYYY-MM-DD of now(). */
	today(): string;
	advance(ms: number): void;
	set(d: Date | string): void;
}

export interface TokenSet {
	access_token: string;
	refresh_token: string;
	token_type: 'bearer';
	expires_in: number;
}

export type Query = Record<string, string | string[]>;

/** Handler for a request outside /api/v4 (oauth pages, storage URLs, …). */
export type RawHandler = (
	req: IncomingMessage,
	res: ServerResponse,
	body: Buffer,
	entry: LogEntry,
) => void | Promise<void>;

export interface RawRouteOptions {
	/** The handler reads the request body itself (uploads of any size, never whole in memory). */
	stream?: boolean;
}
