import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { type DeliveryAuth, toDeliveryAuth } from './verifyDelivery';

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** What is missing or malformed in the credential, or undefined when it is complete. Never quotes a value. */
export function credentialProblem(auth: DeliveryAuth): string | undefined {
	switch (auth.authType) {
		case 'header':
			if (!HEADER_NAME.test(auth.headerName.trim())) return 'Header Name is not a valid HTTP header name';
			if (!auth.headerSecret) return 'Header Value is empty';
			return undefined;
		case 'basic':
			if (!auth.user || !auth.password) return 'User and Password must both be set';
			if (auth.user.includes(':')) return 'User must not contain ":"';
			return undefined;
		case 'query':
			if (!auth.queryName.trim()) return 'Query Parameter Name is empty';
			if (!auth.querySecret) return 'Query Parameter Value is empty';
			return undefined;
		default:
			return 'Unknown method';
	}
}

/** The credential test n8n runs from the credential dialog: OMNO cannot be asked, so the values are checked. */
export async function omnoWebhookAuthTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const problem = credentialProblem(
		toDeliveryAuth((credential.data ?? {}) as ICredentialDataDecryptedObject),
	);
	if (problem) return { status: 'Error', message: problem };
	return {
		status: 'OK',
		message:
			'The values are complete. Whether OMNO sends them can only be checked with a delivery from the OMNO Dashboard.',
	};
}
