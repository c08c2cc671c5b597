import nock from 'nock';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { Omno } from '../../nodes/Omno/Omno.node';
import { RETRY_POLICY } from '../../nodes/Omno/transport';
import { SANDBOX, customCredentialData } from './credentials';
import { CredentialStore, createExecuteFunctions, type FakeExecuteFunctions } from './executeFunctions';

export const API = SANDBOX.apiBaseUrl;
export const SSO = 'https://sso.omno.test';
export const TOKEN_PATH = '/realms/omno/protocol/openid-connect/token';
// Byte for byte what n8n 2.8's OAuth2 client sends: an empty scope, then the client in the body.
export const EXPECTED_TOKEN_BODY = `grant_type=client_credentials&scope=&client_id=${SANDBOX.clientId}&client_secret=${SANDBOX.clientSecret}`;

/** nock for OMNO's token endpoint: asserts the exact form body n8n's OAuth2 client sends. */
export function mockToken(accessToken = 'token-1', times = 1): nock.Scope {
	return nock(SSO)
		.post(TOKEN_PATH, EXPECTED_TOKEN_BODY)
		.matchHeader('content-type', /application\/x-www-form-urlencoded/)
		.times(times)
		.reply(200, {
			access_token: accessToken,
			expires_in: 300,
			refresh_expires_in: 0,
			token_type: 'Bearer',
			scope: '',
		});
}

/** An OMNO API scope that only answers requests carrying this bearer token. */
export function omnoApi(accessToken = 'token-1'): nock.Scope {
	return nock(API, { reqheaders: { authorization: `Bearer ${accessToken}` } });
}

/**
 * Sets the transport's retry policy for each test of the calling file and restores it afterwards. By default the
 * pauses between GET retries become 1 ms: a 5xx case would otherwise wait for the real ones.
 */
export function useRetryPolicy(policy: Partial<typeof RETRY_POLICY> = { getRetryDelaysMs: [1, 1] }): void {
	const saved = { ...RETRY_POLICY };
	beforeEach(() => Object.assign(RETRY_POLICY, policy));
	afterEach(() => Object.assign(RETRY_POLICY, saved));
}

export interface RunOptions {
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	credentials?: CredentialStore;
	/** The node's stored parameters (expressions unresolved): what the column names are read from. */
	nodeParameters?: IDataObject;
}

export function newCredentials(overrides: IDataObject = {}): CredentialStore {
	return new CredentialStore(customCredentialData(overrides));
}

export function makeContext(
	parameters: IDataObject | ((i: number) => IDataObject),
	options: RunOptions = {},
): FakeExecuteFunctions {
	return createExecuteFunctions({
		parameters,
		items: options.items,
		continueOnFail: options.continueOnFail,
		credentials: options.credentials ?? newCredentials(),
		nodeParameters: options.nodeParameters,
	});
}

/** Runs the OMNO node's execute() once, as n8n would for one node run. */
export async function runNode(
	parameters: IDataObject | ((i: number) => IDataObject),
	options: RunOptions = {},
): Promise<INodeExecutionData[]> {
	const context = makeContext(parameters, options);
	const [output] = await new Omno().execute.call(context);
	return output;
}

/** Runs the node expecting it to throw; returns the error. */
export async function runNodeError(
	parameters: IDataObject | ((i: number) => IDataObject),
	options: RunOptions = {},
): Promise<Error & IDataObject> {
	try {
		await runNode(parameters, options);
	} catch (error) {
		return error as Error & IDataObject;
	}
	throw new Error('expected the node to fail');
}

export function items(count: number): INodeExecutionData[] {
	return Array.from({ length: count }, (_, i) => ({ json: { row: i } }));
}

/** Every text n8n could show or store for an error: message, description, context, serialised whole. */
export function visibleText(value: unknown): string {
	const error = value as IDataObject;
	return [
		String(error?.message ?? ''),
		String(error?.description ?? ''),
		JSON.stringify(error?.context ?? {}),
		JSON.stringify(value, Object.getOwnPropertyNames(value ?? {})),
	].join('\n');
}
