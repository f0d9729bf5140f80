import type { IDataObject, IHttpRequestMethods, IHttpRequestOptions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { CLIO_API_VERSION } from '../clio/regions';
import { readRateLimitHeaders, retryAfterMs } from '../clio/rate-limit';
import { apiBaseUrl, credentialKey } from './base-url';
import { CREDENTIAL_TYPE, type ClioContext } from './context';
import { clioApiError, type HttpFailure, readFailure } from './errors';
import { awaitTurn, markExhausted, recordAnswer } from './pacing';
import { buildQuery, type QueryValue } from './query';

export interface ClioRequest {
	method: IHttpRequestMethods;
	/** Path below `/api/v4`, e.g. `/matters.json`; or an absolute URL Clio gave us (paging). */
	path: string;
	query?: Record<string, QueryValue>;
	/** Sent as `{"data": body}`, Clio's request envelope (api-facts §3.1). */
	body?: IDataObject;
	/** Do not follow a redirect (downloads: the signed storage URL must not receive the token). */
	noRedirect?: boolean;
	/** The n8n item this request works for, so errors point at it. */
	itemIndex?: number;
}

export interface ClioResponse<T = IDataObject> {
	statusCode: number;
	headers: Record<string, unknown>;
	body: T;
}

const MAX_RATE_LIMIT_RETRIES = 6;
const MIN_RATE_LIMIT_WAIT_MS = 1000;
const MAX_RETRY_AFTER_MS = 5 * 60_000;
const MAX_TRANSIENT_RETRIES = 3;
const RETRYABLE_NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ETIMEDOUT',
	'ECONNABORTED',
	'EPIPE',
	'EAI_AGAIN',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

// A retry must never risk a second copy of a record: only requests that leave Clio in the same
// state however often they run are retried after a server error or a dropped connection. A 429
// is always retried because Clio refused it before doing anything.
function isIdempotent(method: IHttpRequestMethods): boolean {
	return method !== 'POST';
}

function transientFailure(failure: HttpFailure): boolean {
	if (failure.statusCode === undefined) return RETRYABLE_NETWORK_CODES.has(failure.code ?? '');
	return failure.statusCode >= 500 && failure.statusCode !== 501;
}

function backoffMs(attempt: number): number {
	const ceiling = 500 * 2 ** attempt;
	return Math.floor(ceiling / 2 + Math.random() * (ceiling / 2));
}

// Retry-After and X-RateLimit-Reset have whole seconds (api-facts §4): an HTTP date rounded down
// can already be past when the 429 arrives, and retrying at once only meets the same 429. So wait
// for the later of the two, and at least a second.
function rateLimitWaitMs(headers: Record<string, unknown>, attempt: number): number {
	const nowMs = Date.now();
	const resetAtMs = readRateLimitHeaders(headers).resetAtMs;
	return Math.max(
		retryAfterMs(headers, nowMs) ?? backoffMs(attempt + 2),
		resetAtMs === undefined ? 0 : resetAtMs - nowMs,
		MIN_RATE_LIMIT_WAIT_MS,
	);
}

async function resolveUrl(ctx: ClioContext, request: ClioRequest): Promise<string> {
	const base = await apiBaseUrl(ctx);
	if (!/^https?:\/\//.test(request.path))
		return `${base}${request.path}${buildQuery(request.query)}`;
	// A paging URL from Clio carries its own query; it must point at the same Clio installation,
	// or the access token would leave for another host.
	if (!request.path.startsWith(base)) {
		throw clioApiError(ctx, { statusCode: undefined, headers: {}, body: undefined }, request, {
			message: `Clio answered with a link to another host (${new URL(request.path).host})`,
			description: `The link was not followed, so the access token was not sent outside ${base}.`,
		});
	}
	return request.path;
}

/** One authenticated request to Clio, paced by the rate-limit headers and retried where safe. */
export async function clioApiResponse<T = IDataObject>(
	ctx: ClioContext,
	request: ClioRequest,
): Promise<ClioResponse<T>> {
	const url = await resolveUrl(ctx, request);
	const key = credentialKey(ctx);
	const options: IHttpRequestOptions = {
		method: request.method,
		url,
		headers: { Accept: 'application/json', 'X-API-VERSION': CLIO_API_VERSION },
		json: true,
		returnFullResponse: true,
	};
	if (request.body !== undefined) options.body = { data: request.body };
	if (request.noRedirect) {
		// The redirect is wanted as an answer, not as an error: n8n 1.x keeps only the status on the
		// error it throws for a 3xx, so its Location would be lost (2.x keeps the headers).
		options.disableFollowRedirect = true;
		options.ignoreHttpStatusErrors = true;
	}

	let rateLimited = 0;
	let transient = 0;
	let refreshed = false;
	for (;;) {
		const turn = await awaitTurn(key);
		let failure: HttpFailure;
		try {
			const response = (await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, {
				...options,
				headers: { ...options.headers },
			})) as { statusCode: number; headers: Record<string, unknown>; body: T };
			const headers = response.headers ?? {};
			recordAnswer(turn, headers, response.statusCode !== 429);
			if (response.statusCode < 400) {
				return { statusCode: response.statusCode, headers, body: response.body };
			}
			// Only with ignoreHttpStatusErrors does an error status arrive as an answer.
			failure = { statusCode: response.statusCode, headers, body: response.body };
		} catch (error) {
			failure = readFailure(error);
			recordAnswer(turn, failure.headers, failure.statusCode !== 429);
		}
		if (failure.statusCode === 401 && options.ignoreHttpStatusErrors && !refreshed) {
			// n8n refreshes an expired token only when the request fails: ask once more the usual way.
			refreshed = true;
			await refreshToken(ctx, options, request);
			continue;
		}
		if (failure.statusCode === 429 && rateLimited < MAX_RATE_LIMIT_RETRIES) {
			const wait = rateLimitWaitMs(failure.headers, rateLimited);
			if (wait <= MAX_RETRY_AFTER_MS) {
				rateLimited += 1;
				markExhausted(turn, Date.now() + wait);
				continue;
			}
		}
		if (
			transientFailure(failure) &&
			isIdempotent(request.method) &&
			transient < MAX_TRANSIENT_RETRIES
		) {
			await sleep(backoffMs(transient));
			transient += 1;
			continue;
		}
		throw clioApiError(ctx, failure, request);
	}
}

/**
 * The same request with status errors on, so that n8n sees a 401 and refreshes the token (it
 * retries with the new one). A redirect or any other answer then means the token is good again;
 * a second 401, or a refused refresh, is the credential's failure.
 */
async function refreshToken(
	ctx: ClioContext,
	options: IHttpRequestOptions,
	request: ClioRequest,
): Promise<void> {
	try {
		await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, {
			...options,
			headers: { ...options.headers },
			ignoreHttpStatusErrors: false,
		});
	} catch (error) {
		const failure = readFailure(error);
		if (failure.statusCode === 401) {
			throw clioApiError(ctx, failure, request);
		}
	}
}

/** The JSON body of an authenticated Clio request. */
export async function clioApiRequest<T = IDataObject>(
	ctx: ClioContext,
	request: ClioRequest,
): Promise<T> {
	return (await clioApiResponse<T>(ctx, request)).body;
}
