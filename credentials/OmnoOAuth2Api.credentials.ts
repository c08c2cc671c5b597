import type { ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

// Known OMNO token endpoints (seen in public integration code; the sandbox one is an assumption), so "Custom" overrides both.
const PRODUCTION_TOKEN_URL = 'https://sso.omno.com/realms/omno/protocol/openid-connect/token';
const SANDBOX_TOKEN_URL = 'https://sso.stagingsseu.com/realms/sseu/protocol/openid-connect/token';

// The same choice twice: hidden credential fields see their siblings as `$self`, test requests as `$credentials`.
const tokenUrlFrom = (data: '$self' | '$credentials') =>
	`={{ ${data}.environment === "custom" ? ${data}.tokenUrl : ${data}.environment === "sandbox" ? "${SANDBOX_TOKEN_URL}" : "${PRODUCTION_TOKEN_URL}" }}`;

export class OmnoOAuth2Api implements ICredentialType {
	name = 'omnoOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'OMNO OAuth2 API';

	icon: Icon = { light: 'file:../icons/omno.svg', dark: 'file:../icons/omno.dark.svg' };

	documentationUrl = 'https://github.com/omno-n8n/n8n-nodes-omno#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			options: [
				{ name: 'Production', value: 'production', description: 'api.omno.com' },
				{ name: 'Sandbox', value: 'sandbox', description: 'api.omno.dev' },
				{
					name: 'Custom',
					value: 'custom',
					description: 'Your own API and token URLs, e.g. the local OMNO sandbox',
				},
			],
			default: 'production',
			description:
				'Which OMNO environment these API credentials belong to. Sandbox credentials do not work in Production and the other way round.',
		},
		{
			displayName: 'API Base URL',
			name: 'apiBaseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:8787',
			required: true,
			displayOptions: { show: { environment: ['custom'] } },
			description: 'Base URL of the OMNO API, without /public',
		},
		{
			displayName: 'Token URL',
			name: 'tokenUrl',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:8787/realms/omno/protocol/openid-connect/token',
			required: true,
			displayOptions: { show: { environment: ['custom'] } },
			description: 'OAuth2 token endpoint that issues OMNO access tokens',
		},
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'clientCredentials',
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: tokenUrlFrom('$self'),
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: 'From the OMNO Dashboard: Developers → API Credentials',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Shown once when the API credential is created in the OMNO Dashboard',
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: '',
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			// OMNO's Keycloak reads client_id/client_secret from the form body.
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
	];

	// OMNO has no cheap authenticated GET that answers 2xx, so the test asks the token endpoint itself with
	// the values in the form. That checks the secret as typed now, not a token cached for an older secret,
	// and a Sandbox client tried against Production fails the same way.
	test: ICredentialTestRequest = {
		request: {
			method: 'POST',
			url: tokenUrlFrom('$credentials'),
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: '=grant_type=client_credentials&client_id={{ encodeURIComponent($credentials.clientId) }}&client_secret={{ encodeURIComponent($credentials.clientSecret) }}',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'OMNO rejected the Client ID or Client Secret for the selected environment. Copy both from the OMNO Dashboard (Developers → API Credentials) of that same environment.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 400,
					message:
						'The token endpoint refused the request (400). Check the Environment, or the Token URL if you chose Custom.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						'No OMNO token endpoint at that URL (404). Check the Environment, or the Token URL if you chose Custom.',
				},
			},
		],
	};
}
