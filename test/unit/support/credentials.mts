// Credentials as n8n holds and hands them to nodes: stored data per credential id, the credential
// type's defaults and expressions applied on every read, and OAuth2 token updates written back.
// This plays the part of n8n's CredentialsHelper (packages/cli, database-backed, not published
// with n8n-core); what it calls into (expressions, node parameter defaults) is n8n's own code.
import { randomUUID } from 'node:crypto';

import { getAdditionalKeys } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsExpressionResolveValues,
	ICredentialType,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	NodeParameterValue,
	NodePropertyTypes,
	Workflow,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { ClioOAuth2Api } from '../../../credentials/ClioOAuth2Api.credentials.ts';
import { n8nWorkflow } from './runtime.mts';

const { ICredentialsHelper, NodeHelpers, UnexpectedError } = n8nWorkflow;

export const CLIO_CREDENTIAL_TYPE = 'clioOAuth2Api';

/** One stored credential; tests read `data` and `updates` to see what n8n wrote back. */
export interface CredentialStore {
	id: string;
	name: string;
	type: string;
	/** The credential's stored (decrypted) data, as n8n keeps it in its database. */
	data: ICredentialDataDecryptedObject;
	/** How many times n8n saved new OAuth2 token data (a refresh) into this credential. */
	updates: number;
}

export interface OAuth2Tokens {
	access_token: string;
	refresh_token: string;
	expires_in?: number;
	token_type?: string;
}

export interface ClioCredentialOptions {
	/** Stored fields to add or replace (e.g. `{ region: 'https://eu.app.clio.com' }`). */
	data?: ICredentialDataDecryptedObject;
	name?: string;
}

/**
 * A connected Clio credential pointing at `baseUrl` (a Clio-compatible server on 127.0.0.1): what
 * n8n stores after the user saved the credential with region "Custom Base URL" and connected it.
 */
export function clioCredential(
	baseUrl: string,
	tokens: OAuth2Tokens,
	options: ClioCredentialOptions = {},
): CredentialStore {
	return {
		id: randomUUID(),
		name: options.name ?? 'Clio account',
		type: CLIO_CREDENTIAL_TYPE,
		updates: 0,
		data: {
			region: 'custom',
			customBaseUrl: baseUrl,
			clientId: 'sandbox-client-id',
			clientSecret: 'sandbox-client-secret',
			grantType: 'authorizationCode',
			authUrl: `${baseUrl}/oauth/authorize`,
			accessTokenUrl: `${baseUrl}/oauth/token`,
			scope: '',
			authQueryParameters: 'redirect_on_decline=true',
			authentication: 'body',
			oauthTokenData: { token_type: 'bearer', ...tokens },
			...options.data,
		},
	};
}

function property(
	name: string,
	type: NodePropertyTypes,
	value: NodeParameterValue,
	extra: Partial<INodeProperties> = {},
): INodeProperties {
	return { displayName: name, name, type, default: value, ...extra };
}

const codeGrantsOnly = { show: { grantType: ['authorizationCode', 'pkce'] } };

// n8n's generic OAuth2 credential (n8n-nodes-base `OAuth2Api`, which this package extends but does
// not depend on): the names, types, defaults and display rules of the fields that take part in
// resolving an extending credential. Left out: labels and option lists (not used when resolving),
// the `useDynamicClientRegistration: [false]` display rule (always met here), and the fields
// marked `doNotInherit` (token-expired status code, JWE), which n8n does not pass on either.
const oAuth2Api: ICredentialType = {
	name: 'oAuth2Api',
	displayName: 'OAuth2 API',
	genericAuth: true,
	properties: [
		property('useDynamicClientRegistration', 'hidden', false),
		property('grantType', 'options', 'authorizationCode'),
		property('authUrl', 'string', '', { displayOptions: codeGrantsOnly, required: true }),
		property('accessTokenUrl', 'string', '', { required: true }),
		property('clientId', 'string', '', { required: true }),
		property('clientCredentialType', 'hidden', 'clientSecret'),
		property('clientSecret', 'string', '', { typeOptions: { password: true }, required: true }),
		property('scope', 'string', ''),
		property('authQueryParameters', 'string', '', { displayOptions: codeGrantsOnly }),
		property('authentication', 'options', 'header'),
		property('ignoreSSLIssues', 'boolean', false),
	],
};

const credentialTypes: Record<string, ICredentialType> = {
	oAuth2Api,
	[CLIO_CREDENTIAL_TYPE]: new ClioOAuth2Api(),
};

// Hidden fields n8n always takes from the credential type, never from stored data.
const PINNED_OAUTH_FIELDS = new Set([
	'useDynamicClientRegistration',
	'authUrl',
	'accessTokenUrl',
	'grantType',
	'authentication',
	'usePkce',
]);

const credentialNode: INode = {
	id: 'credential-resolution',
	name: '',
	type: 'mock',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

function credentialType(name: string): ICredentialType {
	const type = credentialTypes[name];
	if (!type)
		throw new UnexpectedError('Unknown credential type', { tags: { credentialType: name } });
	return type;
}

function copyOf<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

export class HarnessCredentialsHelper extends ICredentialsHelper {
	private readonly stores = new Map<string, CredentialStore>();

	constructor(
		stores: CredentialStore[],
		private readonly workflowFor: (node: INode) => Workflow,
	) {
		super();
		for (const store of stores) this.stores.set(store.id, store);
	}

	getParentTypes(name: string): string[] {
		const parents = [...(credentialType(name).extends ?? [])];
		for (const parent of [...parents]) parents.push(...this.getParentTypes(parent));
		return parents;
	}

	isCredentialUsableByNode(type: string, nodeType: string): boolean {
		const definition = credentialTypes[type];
		if (!definition?.restrictToSupportedNodes) return true;
		return (definition.supportedNodes ?? []).includes(nodeType);
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const definition = credentialType(type);
		if (definition.extends === undefined) {
			if (type !== 'oAuth2Api') return definition.properties;
			// n8n adds the field that carries the tokens to the base OAuth2 type
			const tokenData: INodeProperties = {
				displayName: 'oauthTokenData',
				name: 'oauthTokenData',
				type: 'json',
				required: false,
				default: {},
			};
			return [...definition.properties, tokenData];
		}
		const combined: INodeProperties[] = [];
		for (const parent of definition.extends) {
			NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(combined, definition.properties);
		return combined;
	}

	private store(nodeCredentials: INodeCredentialsDetails, type: string): CredentialStore {
		const store = nodeCredentials.id ? this.stores.get(nodeCredentials.id) : undefined;
		if (!store || store.type !== type) {
			throw new UnexpectedError(
				`Credential with ID "${nodeCredentials.id}" does not exist for type "${type}".`,
			);
		}
		return store;
	}

	// Only n8n's server calls this (credential editing); n8n-core's execution contexts never do.
	async getCredentials(): Promise<never> {
		throw new UnexpectedError('Reading credential entities is not part of node execution');
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		// A fresh copy on every read, as decrypting the stored credential gives.
		const stored = copyOf(this.store(nodeCredentials, type).data);
		if (raw === true) return stored;

		const properties = this.getCredentialsProperties(type);
		const kept = { ...stored };
		for (const property of properties) {
			if (property.type === 'hidden' && PINNED_OAUTH_FIELDS.has(property.name))
				delete kept[property.name];
		}
		const data = NodeHelpers.getNodeParameters(
			properties,
			kept as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
		if (stored.oauthTokenData !== undefined) data.oauthTokenData = stored.oauthTokenData;

		const additionalKeys = getAdditionalKeys(additionalData, mode, null, { isCredential: true });
		if (expressionResolveValues) {
			const { workflow, runExecutionData, runIndex, itemIndex, node, connectionInputData } =
				expressionResolveValues;
			return workflow.expression.getParameterValue(
				data as INodeParameters,
				runExecutionData,
				runIndex,
				itemIndex,
				node.name,
				connectionInputData,
				mode,
				additionalKeys,
				executeData,
				false,
				data,
			) as ICredentialDataDecryptedObject;
		}
		const workflow = this.workflowFor(credentialNode);
		return workflow.expression.getComplexParameterValue(
			credentialNode,
			data as INodeParameters,
			mode,
			additionalKeys,
			undefined,
			undefined,
			data,
		) as ICredentialDataDecryptedObject;
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.store(nodeCredentials, type).data = copyOf(data);
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const store = this.store(nodeCredentials, type);
		store.data = { ...store.data, oauthTokenData: copyOf(data.oauthTokenData) };
		store.updates += 1;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = credentialType(typeName);
		const options = requestOptions as IHttpRequestOptions;
		if (authenticate === undefined) return options;
		if (typeof authenticate === 'function') return await authenticate(credentials, options);
		// OAuth2 types never reach this step; a declarative `authenticate` would need n8n's resolver.
		throw new UnexpectedError(`Declarative authentication of "${typeName}" is not supported here`);
	}

	// The Clio credential has no expirable field, so n8n's pre-authentication step never applies.
	async preAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const { preAuthentication } = credentialType(typeName);
		if (typeof preAuthentication !== 'function') return undefined;
		const output = await preAuthentication.call(helpers, credentials);
		return output as ICredentialDataDecryptedObject | undefined;
	}
}
