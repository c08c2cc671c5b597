import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHookFunctions,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import type { TransactionType } from '../Omno/domain/transactionKinds';
import { fetchTransaction, isApiNotFound } from '../Omno/transport/transactions';
import { redact, redactText } from '../Omno/validation/redact';
import { type Delivery, parseDelivery } from './delivery';
import { matchesFilters, repeatKey, statusList, type TypeFilter } from './filters';
import { isRepeat, repeatScope } from './repeats';
import { toDeliveryAuth, verifyDelivery } from './verifyDelivery';

export const WEBHOOK_AUTH_CREDENTIAL = 'omnoWebhookAuthApi';

/** A delivery that starts nothing: the HTTP status for OMNO, the reason for the log, the short answer sent back. */
interface Rejection {
	status: number;
	/** Fixed texts or ids and names from the request: never a body or a secret. */
	reason: string;
	answer: string;
}

/** A delivery that was received but starts nothing on purpose (filtered, repeat): OMNO gets its 200. */
interface Ignored {
	ignored: string;
	log: string;
}

/** What the workflow receives, with the type and status the filters decide on. */
interface Event {
	json: IDataObject;
	type?: TransactionType;
	status?: string;
}

const rejection = (status: number, reason: string, answer = reason): Rejection => ({
	status,
	reason,
	answer,
});

/** Phase 1: the delivery carries the secret set in the OMNO Dashboard (unless authentication is None). */
async function authenticate(ctx: IWebhookFunctions): Promise<Rejection | undefined> {
	if (ctx.getNodeParameter('deliveryAuthentication', 'credential') === 'none') return undefined;
	let credential: ICredentialDataDecryptedObject;
	try {
		credential = await ctx.getCredentials(WEBHOOK_AUTH_CREDENTIAL);
	} catch {
		// Fail closed: a trigger set to require a secret never accepts deliveries without one.
		return rejection(
			500,
			'no OMNO Webhook Authentication credential could be read; select one in the trigger',
			'trigger not set up',
		);
	}
	const verdict = verifyDelivery(toDeliveryAuth(credential), {
		headers: ctx.getHeaderData() as Record<string, string | string[] | undefined>,
		query: ctx.getQueryData() as Record<string, unknown>,
	});
	return verdict.ok ? undefined : rejection(401, verdict.reason, 'unauthorized');
}

/** Phase 2: the body names a transaction id that is safe to put in a URL. */
function parse(ctx: IWebhookFunctions): Delivery | Rejection {
	const request = ctx.getRequestObject();
	const parsed = parseDelivery(request.rawBody, request.body);
	return parsed.ok ? parsed.delivery : rejection(400, parsed.reason);
}

/**
 * Phase 3: OMNO's own record of the transaction replaces the delivery's claims. Fails closed: "not found" is a
 * 404; anything else that keeps us from knowing (token endpoint, network, an answer about another id) is a 503,
 * so OMNO delivers again later.
 */
async function verify(
	ctx: IWebhookFunctions,
	delivery: Delivery,
	kind: TypeFilter,
): Promise<Event | Rejection> {
	if (!(ctx.getNodeParameter('verifyWithOmno', true) as boolean)) {
		const json = {
			...delivery.body,
			resource: delivery.type ?? null,
			verified: false,
			delivery: delivery.body,
		};
		return { json, type: delivery.type, status: delivery.status };
	}
	// Ask first for the type the body names, else the one the filter wants: usually one call.
	const first: TransactionType = delivery.type ?? (kind === 'payout' ? 'payout' : 'payIn');
	try {
		const { transaction, transactionType } = await fetchTransaction(
			ctx,
			delivery.id,
			'auto',
			undefined,
			first,
		);
		const status = typeof transaction.status === 'string' ? transaction.status : undefined;
		const json = { ...transaction, resource: transactionType, verified: true, delivery: delivery.body };
		return { json, type: transactionType, status };
	} catch (error) {
		if (isApiNotFound(error)) {
			return rejection(
				404,
				`OMNO has no pay-in or payout ${delivery.id} (check the OMNO credential's environment)`,
				'unknown transaction',
			);
		}
		return rejection(
			503,
			`could not verify transaction ${delivery.id} with OMNO: ${(error as Error).message}`,
			'could not verify the transaction with OMNO; try again later',
		);
	}
}

/** Phase 4: the type and status filters, then (when on) the repeat memory of this process. */
function filter(
	ctx: IWebhookFunctions,
	delivery: Delivery,
	event: Event,
	kind: TypeFilter,
	key: string,
): Ignored | undefined {
	const verdict = matchesFilters(
		{ type: event.type, status: event.status },
		{ transactionKind: kind, statuses: statusList(ctx.getNodeParameter('statuses', [])) },
	);
	if (!verdict.pass) {
		return { ignored: verdict.reason, log: `ignored delivery for ${delivery.id}: ${verdict.reason}` };
	}
	if (ignoresRepeats(ctx)) {
		const minutes = ctx.getNodeParameter('repeatWindowMinutes', 10) as number;
		if (isRepeat(scopeOf(ctx), key, Date.now(), minutes * 60_000)) {
			return { ignored: 'repeat', log: `ignored a repeat delivery for ${delivery.id}` };
		}
	}
	return undefined;
}

const ignoresRepeats = (ctx: IWebhookFunctions) => ctx.getNodeParameter('ignoreRepeats', false) as boolean;

/** This trigger's part of the repeat memory. */
export function scopeOf(ctx: Pick<IHookFunctions, 'getWorkflow' | 'getNode'>): string {
	const node = ctx.getNode();
	return repeatScope(ctx.getWorkflow().id, node.id ?? node.name);
}

function isRejection(value: object): value is Rejection {
	return 'answer' in value && 'status' in value && 'reason' in value;
}

/** One delivery: authenticate → parse → fetch/verify → filter → emit. Every line logged is masked. */
export async function handleDelivery(ctx: IWebhookFunctions): Promise<IWebhookResponseData> {
	const reply = (status: number, body: IDataObject): IWebhookResponseData => {
		ctx.getResponseObject().status(status).json(body);
		return { noWebhookResponse: true };
	};
	const reject = ({ status, reason, answer }: Rejection): IWebhookResponseData => {
		ctx.logger.warn(`OMNO Trigger: rejected a delivery: ${redactText(reason)}`);
		return reply(status, { error: answer });
	};

	const unauthenticated = await authenticate(ctx);
	if (unauthenticated) return reject(unauthenticated);

	const delivery = parse(ctx);
	if (isRejection(delivery)) return reject(delivery);

	const kind = ctx.getNodeParameter('transactionKind', 'both') as TypeFilter;
	const event = await verify(ctx, delivery, kind);
	if (isRejection(event)) return reject(event);

	// The same value for every delivery of one transaction in one status; also a key for n8n's Remove Duplicates.
	const key = repeatKey(event.type, delivery.id, event.status);
	// Checking and remembering the key happen in one step of this process's memory, with no wait in between: of two
	// copies fetched at the same instant, the one whose fetch finishes second finds the first remembered.
	const ignored = filter(ctx, delivery, event, kind, key);
	if (ignored) {
		ctx.logger.debug(redactText(`OMNO Trigger: ${ignored.log}`));
		return reply(200, { received: true, ignored: ignored.ignored });
	}
	event.json.repeatKey = key;

	// Emit: card numbers and security codes in OMNO's transaction or in the delivery never start a workflow.
	return { workflowData: [ctx.helpers.returnJsonArray([redact(event.json)])] };
}
