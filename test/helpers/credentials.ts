import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { OmnoOAuth2Api } from '../../credentials/OmnoOAuth2Api.credentials';

// Hosts only nock answers (net connect is off for them), so a missing mock fails instead of escaping.
export const SANDBOX = {
	apiBaseUrl: 'https://api.omno.test',
	tokenUrl: 'https://sso.omno.test/realms/omno/protocol/openid-connect/token',
	clientId: 'client-42',
	clientSecret: 's3cr3t-value-never-shown',
};

/** What a user types into the credential dialog for the Custom environment (tests point it at nock). */
export function customCredentialData(overrides: IDataObject = {}): IDataObject {
	return { environment: 'custom', ...SANDBOX, ...overrides };
}

/** Evaluates the `={{ … }}` expressions a credential uses, with `$self` / `$credentials` bound to `data`. */
export function evaluateCredentialExpression(expression: string, data: IDataObject): unknown {
	const parts = expression.replace(/^=/, '').split(/(\{\{[\s\S]*?\}\})/);
	const values = parts
		.filter((part) => part !== '')
		.map((part) => {
			const match = /^\{\{([\s\S]*)\}\}$/.exec(part);
			if (!match) return part;
			return new Function('$self', '$credentials', `return (${match[1]});`)(data, data) as unknown;
		});
	return values.length === 1 ? values[0] : values.join('');
}

/**
 * The decrypted credential n8n hands a node: what the user typed, plus every hidden default of the
 * credential and of the oAuth2Api it extends, with expressions resolved (n8n does this at run time).
 */
export function resolveCredential(typed: IDataObject): ICredentialDataDecryptedObject {
	const data: IDataObject = {};
	for (const property of new OmnoOAuth2Api().properties)
		data[property.name] = property.default as unknown as string;
	Object.assign(data, typed);
	for (const [key, value] of Object.entries(data)) {
		if (typeof value === 'string' && value.startsWith('='))
			data[key] = evaluateCredentialExpression(value, data) as string;
	}
	return data as ICredentialDataDecryptedObject;
}
