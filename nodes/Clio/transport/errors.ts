import type { JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { permissionFor } from '../clio/permissions';
import type { ClioContext } from './context';

export interface HttpFailure {
	statusCode: number | undefined;
	headers: Record<string, unknown>;
	body: unknown;
	/** Network error code (ECONNRESET, ETIMEDOUT, …) when no response arrived. */
	code?: string;
}

interface RequestSummary {
	method: string;
	path: string;
	itemIndex?: number;
}

// Error objects from axios and n8n differ in shape; they are read defensively, key by key.
type Bag = Record<string, unknown>;

function bag(value: unknown): Bag | undefined {
	return value !== null && typeof value === 'object' ? (value as Bag) : undefined;
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value ? value : undefined;
}

/** What n8n's request helpers threw, reduced to the response (or the network error) behind it. */
export function readFailure(error: unknown): HttpFailure {
	const outer = bag(error) ?? {};
	const cause = bag(outer.cause) ?? outer;
	const response = bag(cause.response) ?? bag(outer.response);
	const httpCode = Number(outer.httpCode);
	const status = Number(response?.status ?? response?.statusCode);
	// n8n could not refresh the token and threw without a response: its own "reconnect" error
	// (Clio answered invalid_grant: revoked, or a token of another region) or the OAuth client's
	// EAUTH error with the token endpoint's body (e.g. invalid_client). Both are a refused credential.
	const refreshRefused =
		cause.code === 'EAUTH' ||
		[outer, cause].some((part) => bag(part.failure)?.cause === 'credential-invalid');
	const statusCode = [status, httpCode].find((code) => Number.isFinite(code) && code > 0);
	return {
		statusCode: statusCode ?? (refreshRefused ? 401 : undefined),
		headers: bag(response?.headers) ?? {},
		body:
			response?.data ??
			response?.body ??
			bag(outer.context)?.data ??
			(refreshRefused ? cause.body : undefined),
		code: text(cause.code) ?? text(outer.code),
	};
}

/** Clio's own words from an error body: `{"error":{"type","message"}}` or OAuth's `{"error","error_description"}`. */
export function clioErrorText(body: unknown): { type?: string; message?: string } {
	if (typeof body === 'string') {
		try {
			return clioErrorText(JSON.parse(body));
		} catch {
			return { message: body.slice(0, 300) || undefined };
		}
	}
	const fields = bag(body);
	if (!fields) return {};
	const nested = bag(fields.error);
	if (nested) return { type: text(nested.type), message: text(nested.message) };
	if (typeof fields.error === 'string') return { type: fields.error, message: text(fields.error_description) };
	return { message: text(fields.message) };
}

function explain(failure: HttpFailure, request: RequestSummary): { message: string; description: string } {
	const clio = clioErrorText(failure.body);
	const said = clio.message ? `Clio said: "${clio.message}"${clio.type ? ` (${clio.type})` : ''}.` : '';
	const where = `${request.method} ${request.path.replace(/^.*\/api\/v4/, '').replace(/\?.*$/, '')}`;
	// A create is never retried automatically (request.ts), so the user must know it may have landed.
	const notRepeated =
		request.method === 'POST'
			? ' It was not sent again, because Clio may have saved it anyway: check Clio before running it again.'
			: '';
	switch (failure.statusCode) {
		case undefined:
			// The code stays out of the message: n8n replaces a message naming ECONNRESET & co. with
			// its own, which advises retrying at once (wrong for a create).
			return {
				message: 'Could not reach Clio',
				description: `The request ${where} got no answer (${failure.code ?? 'no response'}). Check the network and the credential's region or base URL.${notRepeated}`,
			};
		case 400:
		case 422:
			return {
				message: `Clio rejected the request: ${clio.message ?? 'invalid request'}`,
				description: `${where} was refused with ${failure.statusCode}. ${said} Check the values sent in this node's fields.`,
			};
		case 401:
			return {
				message: 'Clio did not accept the credential (401)',
				description:
					`${said} The access token was refused even after n8n tried to refresh it. Reconnect the Clio credential. ` +
					'If it still fails, check that the credential’s region is the region of your Clio account: a token from one region does not work in another.',
			};
		case 403: {
			const permission = permissionFor(request.path);
			return {
				message: 'Clio refused this action (403 Forbidden)',
				description:
					`${said} Either the Clio developer app lacks the ${permission ? `"${permission}" ` : ''}permission ` +
					'(tick it on the app in Clio’s developer portal, then reconnect the credential), or the Clio user who connected the credential is not allowed to do this (their role or the matter’s permissions).',
			};
		}
		case 404:
			return {
				message: `Not found in Clio (${where})`,
				description: `${said} Check the ID; the record may have been deleted or may not be visible to the connected user.`,
			};
		case 409:
		case 412:
			return {
				message: `Clio reported a conflict: ${clio.message ?? 'the record changed or is busy'}`,
				description: `${where}: ${said} Try again in a moment.`,
			};
		case 429:
			return {
				message: 'Clio’s rate limit was reached and did not clear in time',
				description: `${said} Clio allows a fixed number of requests per minute per user token. Process fewer items per run or spread runs out.`,
			};
		default:
			return {
				message: `Clio answered ${failure.statusCode}${clio.message ? `: ${clio.message}` : ''}`,
				description: `${where} failed. ${said}${failure.statusCode >= 500 ? notRepeated : ''}`.trim(),
			};
	}
}

/** The one way this package turns a failed Clio request into an n8n error. */
export function clioApiError(
	ctx: ClioContext,
	failure: HttpFailure,
	request: RequestSummary,
	override?: { message?: string; description?: string },
): NodeApiError {
	const { message, description } = explain(failure, request);
	const response = (failure.body && typeof failure.body === 'object' ? failure.body : { body: failure.body }) as JsonObject;
	return new NodeApiError(ctx.getNode(), response, {
		message: override?.message ?? message,
		description: override?.description ?? description,
		httpCode: failure.statusCode === undefined ? undefined : String(failure.statusCode),
		itemIndex: request.itemIndex,
	});
}

/** Whether a transport error is Clio's 404: the record is gone or not visible to the connected user. */
export function isNotFoundError(error: unknown): boolean {
	return String((error as { httpCode?: unknown } | undefined)?.httpCode) === '404';
}

/** Any error as the n8n error it should surface as: n8n's own errors unchanged, others wrapped. */
export function asNodeError(
	ctx: ClioContext,
	error: unknown,
	itemIndex?: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
}
