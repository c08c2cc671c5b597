import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/**
 * The secret OMNO sends with every webhook delivery, as set in the OMNO Dashboard (Developers → Webhooks →
 * authorization method). The OMNO Trigger compares it in constant time and answers 401 when it does not match.
 */
export class OmnoWebhookAuthApi implements ICredentialType {
	name = 'omnoWebhookAuthApi';

	displayName = 'OMNO Webhook Authentication API';

	icon: Icon = { light: 'file:../icons/omno.svg', dark: 'file:../icons/omno.dark.svg' };

	documentationUrl = 'https://github.com/omno-n8n/n8n-nodes-omno#omno-trigger';

	properties: INodeProperties[] = [
		{
			displayName: 'Method',
			name: 'authType',
			type: 'options',
			options: [
				{
					name: 'Basic Auth',
					value: 'basic',
					description: 'OMNO sends a username and password (Authorization: Basic …)',
				},
				{
					name: 'Header',
					value: 'header',
					description: 'OMNO sends a secret value in a request header',
				},
				{
					name: 'Query Parameter',
					value: 'query',
					description: 'The secret is part of the webhook URL (…/webhook?token=…)',
				},
			],
			default: 'header',
			description: 'Must match the authorization method chosen for this webhook in the OMNO Dashboard',
		},
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			default: 'Authorization',
			required: true,
			displayOptions: { show: { authType: ['header'] } },
			description: 'Name of the header OMNO sends the secret in (not case-sensitive)',
		},
		{
			displayName: 'Header Value',
			name: 'headerSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authType: ['header'] } },
			description: 'The exact value OMNO sends in that header, e.g. "Bearer 3f9c…". Use a long random value.',
		},
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { authType: ['basic'] } },
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authType: ['basic'] } },
		},
		{
			displayName: 'Query Parameter Name',
			name: 'queryName',
			type: 'string',
			default: 'token',
			required: true,
			displayOptions: { show: { authType: ['query'] } },
			description: 'Name of the URL parameter holding the secret',
		},
		{
			displayName: 'Query Parameter Value',
			name: 'querySecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authType: ['query'] } },
			description:
				'The secret. Add it to the Production URL you paste into OMNO: <Production URL>?token=<this value>.',
		},
	];
}
