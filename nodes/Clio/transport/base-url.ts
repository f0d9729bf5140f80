import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { clioApiBase } from '../clio/regions';
import { CREDENTIAL_TYPE, type ClioContext } from './context';

// One credential read per n8n context: the region decides the host of every request.
const bases = new WeakMap<object, Promise<string>>();

export async function apiBaseUrl(ctx: ClioContext): Promise<string> {
	let base = bases.get(ctx);
	if (!base) {
		base = ctx
			.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE)
			.then((credentials) =>
				clioApiBase(String(credentials.region ?? ''), String(credentials.customBaseUrl ?? '')),
			);
		bases.set(ctx, base);
	}
	return await base;
}

/** Clio's rate limits are per access token; the credential is the closest stable key we have. */
export function credentialKey(ctx: ClioContext): string {
	const credential = ctx.getNode().credentials?.[CREDENTIAL_TYPE];
	return credential?.id ?? credential?.name ?? 'default';
}
