import type { Icon, ICredentialTestRequest, ICredentialType, INodeProperties } from 'n8n-workflow';

import { CLIO_API_VERSION, CLIO_REGIONS } from '../nodes/Clio/clio/regions';

// The region picks the host for the authorize, token and API URLs alike; in Custom mode the
// base URL typed by the user replaces it (a local Clio sandbox or a proxy).
const BASE = '($self["region"] === "custom" ? $self["customBaseUrl"] : $self["region"])';
const TEST_BASE = '($credentials.region === "custom" ? $credentials.customBaseUrl : $credentials.region)';

export class ClioOAuth2Api implements ICredentialType {
	name = 'clioOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Clio OAuth2 API';

	icon: Icon = { light: 'file:../nodes/Clio/clio.svg', dark: 'file:../nodes/Clio/clio.dark.svg' };

	documentationUrl =
		'https://github.com/n8n-nodes-clio-manage/n8n-nodes-clio-manage#create-a-clio-developer-app';

	properties: INodeProperties[] = [
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			options: CLIO_REGIONS.map((region) => ({ ...region })),
			default: 'https://app.clio.com',
			description:
				'Where your firm’s Clio account lives. The developer app (client ID and secret) must be created in the same region: a token from one region does not work in another.',
		},
		{
			displayName: 'Custom Base URL',
			name: 'customBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:8787',
			required: true,
			displayOptions: { show: { region: ['custom'] } },
			description:
				'Root URL of a Clio-compatible server, without /api/v4 (for example the local Clio sandbox or a proxy)',
		},
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'authorizationCode',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: `={{ ${BASE} + "/oauth/authorize" }}`,
			required: true,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: `={{ ${BASE} + "/oauth/token" }}`,
			required: true,
		},
		{
			// Clio has no OAuth scopes: permissions are ticked on the developer app (api-facts §2.3)
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: 'redirect_on_decline=true',
		},
		{
			// Clio expects client_id and client_secret in the token request body (api-facts §2.1)
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
	];

	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{ ${TEST_BASE} + "/api/v4" }}`,
			url: '/users/who_am_i.json',
			method: 'GET',
			qs: { fields: 'id,name,email' },
			headers: { 'X-API-VERSION': CLIO_API_VERSION },
		},
	};
}
