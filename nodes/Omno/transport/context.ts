import type {
	IExecuteFunctions,
	IHookFunctions,
	ILoadOptionsFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

/** Every n8n function context that talks to OMNO: actions, the trigger's webhook and lifecycle, option loaders. */
export type OmnoContext = IExecuteFunctions | IWebhookFunctions | IHookFunctions | ILoadOptionsFunctions;
