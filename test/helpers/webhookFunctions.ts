import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHookFunctions,
	INode,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { OmnoTrigger } from '../../nodes/OmnoTrigger/OmnoTrigger.node';
import {
	CredentialStore,
	type LogLine,
	parameterGetter,
	realHttpRequest,
	realHttpRequestWithAuthentication,
	recordingLogger,
	returnJsonArray,
} from './executeFunctions';
import { customCredentialData } from './credentials';

export const PRODUCTION_URL = 'https://n8n.example.com/webhook/5b1c/webhook';
export const TEST_URL = 'https://n8n.example.com/webhook-test/5b1c/webhook';

const triggerNode: INode = {
	id: 'omno-trigger-id',
	name: 'OMNO Trigger',
	type: 'n8n-nodes-omno.omnoTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
	webhookId: '5b1c',
	credentials: {
		omnoWebhookAuthApi: { id: 'cred-2', name: 'OMNO webhook secret' },
		omnoOAuth2Api: { id: 'cred-1', name: 'OMNO account' },
	},
};

/** What the trigger answered itself through getResponseObject(). */
export interface RecordedResponse {
	status?: number;
	body?: unknown;
}

export interface DeliveryInput {
	/** Sent as raw bytes exactly; an object is JSON-encoded. */
	body?: string | IDataObject | unknown[];
	headers?: Record<string, string | string[]>;
	query?: IDataObject;
	parameters?: IDataObject;
	/** The decrypted OMNO Webhook Authentication credential; undefined = none selected. */
	webhookAuth?: IDataObject;
	omnoCredentials?: CredentialStore;
	staticData?: IDataObject;
	/** The workflow the trigger belongs to: the repeat memory is kept per workflow. */
	workflowId?: string;
}

export interface DeliveryResult {
	result: IWebhookResponseData;
	response: RecordedResponse;
	logs: LogLine[];
	staticData: IDataObject;
	/** The JSON items that would start the workflow (empty when nothing starts). */
	emitted: IDataObject[];
}

const DEFAULT_WORKFLOW_ID = 'wf-omno-trigger';

export const DEFAULT_PARAMETERS: IDataObject = {
	deliveryAuthentication: 'credential',
	verifyWithOmno: true,
	transactionKind: 'both',
	statuses: [],
	ignoreRepeats: false,
	repeatWindowMinutes: 10,
};

function credentialGetter(webhookAuth: IDataObject | undefined, omno: CredentialStore) {
	return async (type: string): Promise<ICredentialDataDecryptedObject> => {
		if (type === 'omnoOAuth2Api') return omno.decrypted();
		if (type === 'omnoWebhookAuthApi') {
			// n8n throws when the node has no credential of that type selected.
			if (!webhookAuth) throw new Error('Node "OMNO Trigger" does not have any credentials set');
			return { ...webhookAuth } as ICredentialDataDecryptedObject;
		}
		throw new Error(`Unexpected credential type ${type}`);
	};
}

/**
 * A fake IWebhookFunctions for one delivery. The request carries `rawBody` (a Buffer) like n8n's body parser
 * leaves it; OMNO calls go through n8n-core's real request helper, so nock sees exactly what n8n sends.
 */
export function createWebhookFunctions(input: DeliveryInput): {
	context: IWebhookFunctions;
	response: RecordedResponse;
	logs: LogLine[];
	staticData: IDataObject;
} {
	const rawText =
		input.body === undefined ? '' : typeof input.body === 'string' ? input.body : JSON.stringify(input.body);
	let parsed: unknown = {};
	try {
		parsed = rawText ? JSON.parse(rawText) : {};
	} catch {
		parsed = {};
	}
	const headers = Object.fromEntries(
		Object.entries({ 'content-type': 'application/json', ...input.headers }).map(([k, v]) => [
			k.toLowerCase(),
			v,
		]),
	);
	const response: RecordedResponse = {};
	const responseObject = {
		status(code: number) {
			response.status = code;
			return responseObject;
		},
		json(body: unknown) {
			response.body = body;
			return responseObject;
		},
		send(body: unknown) {
			response.body = body;
			return responseObject;
		},
		end() {
			return responseObject;
		},
	};
	const logs: LogLine[] = [];
	const staticData = input.staticData ?? {};
	const omno = input.omnoCredentials ?? new CredentialStore(customCredentialData());
	const getParameter = parameterGetter({ ...DEFAULT_PARAMETERS, ...input.parameters });
	const context = {
		logger: recordingLogger(logs),
		getNode: () => triggerNode,
		getMode: () => 'webhook',
		getWebhookName: () => 'default',
		getNodeWebhookUrl: () => PRODUCTION_URL,
		getRequestObject: () => ({
			method: 'POST',
			headers,
			query: input.query ?? {},
			body: parsed,
			rawBody: Buffer.from(rawText, 'utf8'),
		}),
		getResponseObject: () => responseObject,
		getHeaderData: () => headers,
		getQueryData: () => input.query ?? {},
		getBodyData: () => parsed,
		// Webhook contexts take no item index: (name, fallback).
		getNodeParameter: (name: string, ...fallback: unknown[]) =>
			getParameter(name, 0, ...(fallback as [unknown])),
		getCredentials: credentialGetter(input.webhookAuth, omno),
		getWorkflowStaticData: () => staticData,
		getWorkflow: () => ({ id: input.workflowId ?? DEFAULT_WORKFLOW_ID }),
		helpers: {
			returnJsonArray,
			httpRequest: realHttpRequest,
			httpRequestWithAuthentication: realHttpRequestWithAuthentication(triggerNode, omno),
		},
	} as unknown as IWebhookFunctions;
	return { context, response, logs, staticData };
}

/** Runs the trigger's webhook() for one delivery, as n8n would. */
export async function deliver(input: DeliveryInput): Promise<DeliveryResult> {
	const { context, response, logs, staticData } = createWebhookFunctions(input);
	const result = await new OmnoTrigger().webhook.call(context);
	const emitted = (result.workflowData?.[0] ?? []).map((item) => item.json);
	return { result, response, logs, staticData, emitted };
}

/** A fake IHookFunctions for the lifecycle methods (activation and deactivation). */
export function createHookFunctions(
	options: { url?: string | undefined; staticData?: IDataObject; workflowId?: string } = {},
): IHookFunctions & { logs: LogLine[]; staticData: IDataObject } {
	const logs: LogLine[] = [];
	const staticData = options.staticData ?? {};
	const url = 'url' in options ? options.url : PRODUCTION_URL;
	return {
		logs,
		staticData,
		logger: recordingLogger(logs),
		getNode: () => triggerNode,
		getNodeWebhookUrl: () => url,
		getWorkflowStaticData: () => staticData,
		getWorkflow: () => ({ id: options.workflowId ?? DEFAULT_WORKFLOW_ID }),
		getNodeParameter: parameterGetter(DEFAULT_PARAMETERS),
	} as unknown as IHookFunctions & { logs: LogLine[]; staticData: IDataObject };
}

export function basicAuth(user: string, password: string): string {
	return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}
