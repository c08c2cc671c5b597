import type {
	IBinaryData,
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	IWorkflowExecuteAdditionalData,
	Workflow,
} from 'n8n-workflow';
// The real request helpers of n8n-core (2.8): the token fetch, its cache in the credential and the single
// re-fetch after a 401 are n8n's own code, so nock sees exactly what n8n would send.
import {
	httpRequest,
	httpRequestWithAuthentication,
} from 'n8n-core/dist/execution-engine/node-execution-context/utils/request-helper-functions';

import { resolveCredential } from './credentials';

export interface LogLine {
	level: string;
	message: string;
	meta?: unknown;
}

/** The credential row as n8n's database holds it: typed data plus the cached token after the first call. */
export class CredentialStore {
	data: IDataObject;
	tokenWrites = 0;
	/** How often the credential was read and decrypted (n8n does this on every `getCredentials`). */
	reads = 0;

	constructor(typed: IDataObject) {
		this.data = { ...typed };
	}

	decrypted(): ICredentialDataDecryptedObject {
		this.reads++;
		return resolveCredential(JSON.parse(JSON.stringify(this.data)) as IDataObject);
	}
}

export interface FakeOptions {
	parameters: IDataObject | ((itemIndex: number) => IDataObject);
	items?: INodeExecutionData[];
	credentials: CredentialStore;
	continueOnFail?: boolean;
	nodeName?: string;
	/** The node's parameters as stored in the workflow (expressions unresolved), e.g. `={{ $json.amount }}`. */
	nodeParameters?: IDataObject;
}

export interface FakeExecuteFunctions extends IExecuteFunctions {
	logs: LogLine[];
}

function getPath(object: IDataObject, path: string): unknown {
	return path.split('.').reduce<unknown>((value, key) => (value as IDataObject | undefined)?.[key], object);
}

export function createExecuteFunctions(options: FakeOptions): FakeExecuteFunctions {
	const items = options.items ?? [{ json: {} }];
	const node: INode = {
		id: 'omno-node-id',
		name: options.nodeName ?? 'OMNO',
		type: 'n8n-nodes-omno.omno',
		typeVersion: 1,
		position: [0, 0],
		parameters: (options.nodeParameters ?? {}) as INode['parameters'],
		credentials: { omnoOAuth2Api: { id: 'cred-1', name: 'OMNO account' } },
	};
	const logs: LogLine[] = [];
	const logger = recordingLogger(logs);
	const store = options.credentials;
	const context = {
		logs,
		logger,
		getNode: () => node,
		getInputData: () => items,
		continueOnFail: () => options.continueOnFail ?? false,
		getNodeParameter: parameterGetter(options.parameters),
		getCredentials: async (type: string) => {
			if (type !== 'omnoOAuth2Api') throw new Error(`Unexpected credential type ${type}`);
			return store.decrypted();
		},
		getWorkflowStaticData: () => ({}),
		helpers: {
			httpRequest: realHttpRequest,
			returnJsonArray,
			prepareBinaryData,
			httpRequestWithAuthentication: realHttpRequestWithAuthentication(node, store),
		},
	} as unknown as FakeExecuteFunctions;
	return context;
}

/**
 * n8n's prepareBinaryData as it behaves in the default (in-memory) binary mode: the bytes travel base64-encoded
 * in `data`, so a test reads a file back with `Buffer.from(binary.data, 'base64')`.
 */
export async function prepareBinaryData(
	buffer: Buffer,
	fileName?: string,
	mimeType?: string,
): Promise<IBinaryData> {
	const extension = fileName?.includes('.') ? fileName.split('.').pop() : undefined;
	return {
		data: buffer.toString('base64'),
		mimeType: mimeType ?? 'application/octet-stream',
		...(fileName !== undefined && { fileName }),
		...(extension !== undefined && { fileExtension: extension }),
		fileSize: `${buffer.length} B`,
	};
}

/** n8n-core's real httpRequest (the OAuth2 client fetches its token through it). */
export async function realHttpRequest(requestOptions: IHttpRequestOptions) {
	return await httpRequest(requestOptions);
}

/** A logger that keeps every line, so tests can prove what was (and was not) logged. */
export function recordingLogger(logs: LogLine[]) {
	return Object.fromEntries(
		['debug', 'info', 'warn', 'error', 'verbose'].map((level) => [
			level,
			(message: string, meta?: unknown) => logs.push({ level, message, meta }),
		]),
	);
}

export function returnJsonArray(data: IDataObject | IDataObject[]): INodeExecutionData[] {
	return (Array.isArray(data) ? data : [data]).map((json) => ({ json }));
}

/** getNodeParameter over a plain object (dotted paths), throwing like n8n when a value is missing. */
export function parameterGetter(parameters: IDataObject | ((itemIndex: number) => IDataObject)) {
	const parametersFor = (i: number): IDataObject =>
		typeof parameters === 'function' ? parameters(i) : parameters;
	return function getNodeParameter(name: string, itemIndex: number, fallback?: unknown) {
		const value = getPath(parametersFor(itemIndex), name);
		if (value === undefined) {
			if (arguments.length >= 3) return fallback;
			throw new Error(`Could not get parameter "${name}"`);
		}
		return value;
	};
}

/**
 * n8n-core's real httpRequestWithAuthentication, bound like n8n binds it: the OAuth2 token is fetched,
 * cached in `store` and fetched again once after a 401 by n8n's own code.
 */
export function realHttpRequestWithAuthentication(node: INode, store: CredentialStore) {
	const additionalData = {
		credentialsHelper: {
			getParentTypes: (type: string) => (type === 'omnoOAuth2Api' ? ['oAuth2Api'] : []),
			updateCredentialsOauthTokenData: async (
				_nodeCredentials: unknown,
				_type: string,
				data: ICredentialDataDecryptedObject,
			) => {
				store.data.oauthTokenData = data.oauthTokenData as IDataObject;
				store.tokenWrites++;
			},
		},
	} as unknown as IWorkflowExecuteAdditionalData;
	const workflow = {} as Workflow;
	return async function (this: unknown, type: string, requestOptions: IHttpRequestOptions) {
		return await httpRequestWithAuthentication.call(
			this as never,
			type,
			requestOptions,
			workflow,
			node,
			additionalData,
		);
	};
}
