import { startSandbox, type Sandbox } from '../sandbox/index.mts';
import type { SandboxOptions } from '../sandbox/types.mts';

type Json = Record<string, any>;

export interface ApiResponse {
	status: number;
	headers: Headers;
	body: Json;
}

/** A started sandbox plus a small authenticated JSON client for /api/v4. */
export async function openSandbox(opts: SandboxOptions = {}) {
	const sandbox: Sandbox = await startSandbox({ quiet: true, ...opts });
	const token = sandbox.issueTokens().access_token;

	async function call(
		method: string,
		path: string,
		body?: unknown,
		headers: Json = {},
	): Promise<ApiResponse> {
		const res = await fetch(`${sandbox.apiBase}${path}`, {
			method,
			headers: {
				Authorization: `Bearer ${token}`,
				'X-API-VERSION': '4.0.9',
				Accept: 'application/json',
				...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
				...headers,
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.text();
		return {
			status: res.status,
			headers: res.headers,
			body: text ? (JSON.parse(text) as Json) : {},
		};
	}

	return {
		sandbox,
		token,
		get: (path: string, headers?: Json) => call('GET', path, undefined, headers),
		post: (path: string, body: unknown) => call('POST', path, body),
		patch: (path: string, body: unknown, headers?: Json) => call('PATCH', path, body, headers),
		del: (path: string) => call('DELETE', path),
		call,
	};
}

export type Client = Awaited<ReturnType<typeof openSandbox>>;
