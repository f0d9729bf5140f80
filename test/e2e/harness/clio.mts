// The package's own nodes inside n8n workflows, using the sandbox credential of local-n8n.
import { CLIO_CREDENTIAL_TYPE, type SandboxCredential } from '../../../local-n8n/index.mts';
import type { NodeSpec } from './workflows.mts';
import { withCredential } from './workflows.mts';

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

/**
 * Poll Times for a trigger under test: six entries, each firing once a minute, ten seconds apart.
 * n8n holds every entry to its one-minute floor (a cron with one fixed second passes), so together
 * they poll every 10 s.
 */
export const EVERY_TEN_SECONDS = {
	item: [0, 10, 20, 30, 40, 50].map((second) => ({
		mode: 'custom',
		cronExpression: `${second} * * * * *`,
	})),
};
