import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './http.mts';
import type { Clock, LogEntry, TokenSet } from './types.mts';

/**
 * Clio Manage OAuth 2.0 (api-facts §2): authorization code grant only, client credentials in the
 * form body, access tokens that expire (by the sandbox clock), refresh tokens that never expire
 * and are not rotated, `POST /oauth/deauthorize` revokes.
 */

interface Grant {
	userId: number;
	refreshToken: string;
	revoked: boolean;
}

interface AccessToken {
	grant: Grant;
	expiresAt: number;
}

interface Code {
	userId: number;
	redirectUri: string;
	expiresAt: number;
	used: boolean;
}

/** api-facts §2.2: the body of a 401 is OAuth-shaped, not `{"error":{"type","message"}}`. */
export const INVALID_TOKEN = {
	error: 'invalid_token',
	error_description:
		'The access token provided is expired, revoked, malformed or invalid for other reasons.',
};

/** api-facts §2.1: authorization codes live about ten minutes. */
const CODE_TTL_MS = 10 * 60 * 1000;

const token = () => randomBytes(24).toString('hex');

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function parseForm(req: IncomingMessage, body: Buffer, entry: LogEntry): Record<string, string> {
	const type = req.headers['content-type'] ?? '';
	if (type.includes('application/json')) {
		entry.violations.push('OAuth requests must be application/x-www-form-urlencoded');
		try {
			return JSON.parse(body.toString('utf8')) as Record<string, string>;
		} catch {
			return {};
		}
	}
	return Object.fromEntries(new URLSearchParams(body.toString('utf8')));
}

function html(res: ServerResponse, status: number, content: string) {
	res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
	res.end(
		`<!doctype html><html><head><title>Clio Manage sandbox</title></head><body>${content}</body></html>`,
	);
}

export function createOAuth(opts: {
	clock: Clock;
	ttlSeconds: number;
	clientId: string;
	clientSecret: string;
}) {
	const { clock, clientId, clientSecret } = opts;
	const accessTokens = new Map<string, AccessToken>();
	const grants = new Map<string, Grant>();
	const codes = new Map<string, Code>();

	function issueAccess(grant: Grant): TokenSet {
		const access = token();
		accessTokens.set(access, { grant, expiresAt: clock.now().getTime() + opts.ttlSeconds * 1000 });
		return {
			token_type: 'bearer',
			access_token: access,
			expires_in: opts.ttlSeconds,
			refresh_token: grant.refreshToken,
		};
	}

	function issueTokens(userId = 1): TokenSet {
		const grant: Grant = { userId, refreshToken: token(), revoked: false };
		grants.set(grant.refreshToken, grant);
		return issueAccess(grant);
	}

	/** Accepts tokens issued by an earlier run again (a long-lived local n8n keeps its credential). */
	function restoreTokens(saved: { access_token: string; refresh_token: string }, userId = 1): TokenSet {
		const grant: Grant = grants.get(saved.refresh_token) ?? { userId, refreshToken: saved.refresh_token, revoked: false };
		grants.set(grant.refreshToken, grant);
		accessTokens.set(saved.access_token, { grant, expiresAt: clock.now().getTime() + opts.ttlSeconds * 1000 });
		return { token_type: 'bearer', access_token: saved.access_token, expires_in: opts.ttlSeconds, refresh_token: grant.refreshToken };
	}

	/** Resolves a bearer token to its user id; undefined if unknown, revoked or expired. */
	function authenticate(authorization: string | undefined): number | undefined {
		const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
		const t = m ? accessTokens.get(m[1]) : undefined;
		if (!t || t.grant.revoked || clock.now().getTime() >= t.expiresAt) return undefined;
		return t.grant.userId;
	}

	function authorizePage(req: IncomingMessage, res: ServerResponse, _b: Buffer, entry: LogEntry) {
		const q = new URL(req.url ?? '/', 'http://x').searchParams;
		const problems: string[] = [];
		if (q.get('response_type') !== 'code') problems.push('response_type must be "code"');
		if (q.get('client_id') !== clientId) problems.push('unknown client_id');
		if (!/^https?:\/\//.test(q.get('redirect_uri') ?? ''))
			problems.push('redirect_uri is required');
		if (problems.length) {
			entry.violations.push(...problems);
			return html(
				res,
				400,
				`<h1>Invalid authorization request</h1><p>${escapeHtml(problems.join('; '))}</p>`,
			);
		}
		const hidden = ['client_id', 'redirect_uri', 'state', 'redirect_on_decline']
			.filter((k) => q.has(k))
			.map((k) => `<input type="hidden" name="${k}" value="${escapeHtml(q.get(k) as string)}">`)
			.join('');
		html(
			res,
			200,
			`<h1>Allow access to Clio Manage (sandbox)?</h1>
<form method="post" action="/oauth/authorize">${hidden}
<button type="submit" name="decision" value="allow" id="allow">Allow</button>
<button type="submit" name="decision" value="deny" id="deny">Deny</button>
</form>`,
		);
	}

	function authorizeDecision(
		req: IncomingMessage,
		res: ServerResponse,
		body: Buffer,
		entry: LogEntry,
	) {
		const form = parseForm(req, body, entry);
		if (!/^https?:\/\//.test(form.redirect_uri ?? '')) {
			entry.violations.push('redirect_uri is required');
			return html(res, 400, '<h1>Invalid authorization request</h1>');
		}
		const target = new URL(form.redirect_uri);
		if (form.decision === 'allow') {
			const code = token();
			codes.set(code, {
				userId: 1,
				redirectUri: form.redirect_uri,
				expiresAt: clock.now().getTime() + CODE_TTL_MS,
				used: false,
			});
			target.searchParams.set('code', code);
		} else {
			// api-facts §2.1: a decline redirects with error=access_denied.
			target.searchParams.set('error', 'access_denied');
		}
		if (form.state !== undefined) target.searchParams.set('state', form.state);
		res.writeHead(302, { Location: target.href });
		res.end();
	}

	function tokenEndpoint(req: IncomingMessage, res: ServerResponse, body: Buffer, entry: LogEntry) {
		const form = parseForm(req, body, entry);
		let id = form.client_id;
		let secret = form.client_secret;
		const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
		if (basic && id === undefined) {
			// api-facts §2.1: Clio documents the credentials in the form body only.
			entry.violations.push('client credentials sent with HTTP Basic instead of the form body');
			[id, secret] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
		}
		const fail = (status: number, error: string, description: string) => {
			sendJson(res, status, { error, error_description: description });
		};
		if (id !== clientId || secret !== clientSecret) {
			return fail(401, 'invalid_client', 'Client authentication failed.');
		}
		if (form.grant_type === 'authorization_code') {
			const code = codes.get(form.code ?? '');
			if (!code || code.used || clock.now().getTime() > code.expiresAt) {
				return fail(400, 'invalid_grant', 'The authorization code is invalid or expired.');
			}
			if (code.redirectUri !== form.redirect_uri) {
				return fail(400, 'invalid_grant', 'The redirect_uri does not match.');
			}
			code.used = true;
			return sendJson(res, 200, issueTokens(code.userId));
		}
		if (form.grant_type === 'refresh_token') {
			const grant = grants.get(form.refresh_token ?? '');
			if (!grant || grant.revoked) {
				return fail(400, 'invalid_grant', 'The refresh token is invalid or revoked.');
			}
			// api-facts §2.2: refresh tokens are not rotated; the same one is returned.
			return sendJson(res, 200, issueAccess(grant));
		}
		return fail(
			400,
			'unsupported_grant_type',
			'Only authorization_code and refresh_token are supported.',
		);
	}

	function deauthorize(req: IncomingMessage, res: ServerResponse, body: Buffer, entry: LogEntry) {
		const form = parseForm(req, body, entry);
		const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
		const t = accessTokens.get(form.token ?? bearer ?? '');
		if (!t) {
			return sendJson(res, 401, INVALID_TOKEN);
		}
		t.grant.revoked = true;
		sendJson(res, 200, {});
	}

	return {
		issueTokens,
		restoreTokens,
		authenticate,
		authorizePage,
		authorizeDecision,
		tokenEndpoint,
		deauthorize,
	};
}

export type OAuth = ReturnType<typeof createOAuth>;
