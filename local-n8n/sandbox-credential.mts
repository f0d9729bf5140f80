// The package's credential inside n8n, connected to the local Clio sandbox with seeded OAuth
// tokens: what `npm start`, the benchmarks and the end-to-end tests all sign in with.
import type { Sandbox } from '../test/sandbox/index.mts';
import type { N8n } from './n8n.mts';

export const CLIO_CREDENTIAL_TYPE = 'clioOAuth2Api';

export interface SandboxCredential {
	id: string;
	name: string;
	tokens: { access_token: string; refresh_token: string };
}

/** The credential fields for the sandbox's Clio app (region Custom Base URL), not yet connected. */
export function sandboxAppData(sandbox: Sandbox): Record<string, unknown> {
	return {
		region: 'custom',
		customBaseUrl: sandbox.url,
		clientId: sandbox.clientId,
		clientSecret: sandbox.clientSecret,
	};
}

/** A "Clio OAuth2 API" credential pointing at the sandbox (region Custom Base URL), already connected. */
export async function createSandboxCredential(
	n8n: N8n,
	sandbox: Sandbox,
	name = 'Clio sandbox',
	tokens: SandboxCredential['tokens'] = sandbox.issueTokens(),
): Promise<SandboxCredential> {
	const { id } = await n8n.createCredential({
		name,
		type: CLIO_CREDENTIAL_TYPE,
		data: { ...sandboxAppData(sandbox), oauthTokenData: tokens },
	});
	return { id, name, tokens };
}
