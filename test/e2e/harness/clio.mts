// The package's own pieces inside n8n: a credential connected to the sandbox with seeded OAuth
// tokens, and Clio nodes that use it.
import type { Sandbox } from '../../sandbox/index.mts';
import type { N8n } from './n8n.mts';
import type { NodeSpec } from './workflows.mts';
import { withCredential } from './workflows.mts';

export const CLIO_CREDENTIAL_TYPE = 'clioOAuth2Api';

export interface SandboxCredential {
	id: string;
	name: string;
	tokens: { access_token: string; refresh_token: string };
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
		data: {
			region: 'custom',
			customBaseUrl: sandbox.url,
			clientId: sandbox.clientId,
			clientSecret: sandbox.clientSecret,
			oauthTokenData: tokens,
		},
	});
	return { id, name, tokens };
}

/** A node of this package (`clio` or `clioTrigger`) that uses the credential. */
export function clioNode(
	credential: Pick<SandboxCredential, 'id' | 'name'>,
	name: string,
	parameters: Record<string, unknown>,
	type: 'clio' | 'clioTrigger' = 'clio',
): NodeSpec {
	return withCredential(
		{ name, type: `n8n-nodes-clio-manage.${type}`, typeVersion: 1, parameters },
		CLIO_CREDENTIAL_TYPE,
		credential.id,
		credential.name,
	);
}

/**
 * A Clio Trigger in webhook mode on matter stage changes, its heartbeat every 6 hours as the node
 * advises, so that polling stays out of the way of what is being observed.
 */
export function stageChangeWebhookTrigger(
	credential: Pick<SandboxCredential, 'id' | 'name'>,
	name: string,
): NodeSpec {
	return clioNode(
		credential,
		name,
		{
			pollTimes: { item: [{ mode: 'everyX', value: 6, unit: 'hours' }] },
			mode: 'webhook',
			model: 'matter',
			onlyStageChanges: true,
			stages: [],
			watchedFields: '',
			webhookOptions: {},
		},
		'clioTrigger',
	);
}
