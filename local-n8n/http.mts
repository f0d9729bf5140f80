// JSON over HTTP to n8n: the public API (X-N8N-API-KEY) and the internal /rest API (login cookie).
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export class HttpError extends Error {
	constructor(
		readonly method: string,
		readonly url: string,
		readonly status: number,
		readonly body: string,
	) {
		super(`${method} ${url} -> ${status}: ${body.slice(0, 2000)}`);
	}
}

export interface JsonResponse<T> {
	status: number;
	headers: Headers;
	body: T;
}

export async function requestJson<T>(
	method: Method,
	url: string,
	opts: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<JsonResponse<T>> {
	const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
	let payload: string | undefined;
	if (opts.body !== undefined) {
		headers['content-type'] = 'application/json';
		payload = JSON.stringify(opts.body);
	}
	const response = await fetch(url, { method, headers, body: payload, redirect: 'manual' });
	const text = await response.text();
	if (!response.ok) throw new HttpError(method, url, response.status, text);
	return {
		status: response.status,
		headers: response.headers,
		body: (text ? JSON.parse(text) : undefined) as T,
	};
}

/** The `n8n-auth` cookie from a login response. */
export function authCookie(headers: Headers): string {
	for (const line of headers.getSetCookie()) {
		const pair = line.split(';')[0];
		if (pair.startsWith('n8n-auth=')) return pair;
	}
	throw new Error('login response had no n8n-auth cookie');
}

/** Polls `probe` until it returns a value other than undefined, or throws after timeoutMs. */
export async function pollUntil<T>(
	what: string,
	timeoutMs: number,
	probe: () => Promise<T | undefined>,
	intervalMs = 200,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let lastError: unknown;
	for (;;) {
		try {
			const value = await probe();
			if (value !== undefined) return value;
		} catch (error) {
			lastError = error;
		}
		if (Date.now() >= deadline) {
			const reason = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${reason}`);
		}
		await new Promise((resolve) => setTimeout(resolve, intervalMs));
	}
}
