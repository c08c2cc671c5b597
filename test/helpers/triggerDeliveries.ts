// What the OMNO Trigger's webhook tests share: the webhook secret in each form, OMNO's transactions, the checks.
import type { DeliveryInput, DeliveryResult } from './webhookFunctions';

export const SECRET = 'whsec-7f3a9c-long-random';
export const headerAuth = { authType: 'header', headerName: 'Authorization', headerSecret: SECRET };
export const basicCred = { authType: 'basic', user: 'omno', password: SECRET };
export const queryCred = { authType: 'query', queryName: 'token', querySecret: SECRET };

/** A pay-in and a payout as OMNO's GET answers them. */
export const payIn = {
	id: 'pi-1',
	orderId: 'order-1',
	amount: 100.5,
	currency: 'EUR',
	status: 'SUCCESS',
	transactionType: 'CARD',
};
export const payout = {
	id: 'po-1',
	orderId: 'order-2',
	amount: 20,
	currency: 'USD',
	status: 'WAITING_FOR_CONFIRMATION',
};

/** A delivery with the right header secret and verification off unless the case says otherwise. */
export function authorised(input: DeliveryInput = {}): DeliveryInput {
	return {
		webhookAuth: headerAuth,
		...input,
		headers: { authorization: SECRET, ...input.headers },
		parameters: { verifyWithOmno: false, ...input.parameters },
	};
}

/** The trigger answered OMNO itself with this status and started no workflow run. */
export function expectNothingStarted(run: DeliveryResult, status: number): void {
	expect(run.result).toEqual({ noWebhookResponse: true });
	expect(run.response.status).toBe(status);
	expect(run.emitted).toEqual([]);
}

/** Bodies and secrets must never reach n8n's log. */
export function expectLogsClean(run: DeliveryResult, ...forbidden: string[]): void {
	const text = JSON.stringify(run.logs);
	for (const value of [SECRET, ...forbidden]) expect(text).not.toContain(value);
}
