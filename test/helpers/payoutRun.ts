// Payout Run → Check Against OMNO and → Reconcile: their inputs as the steps before them write them, OMNO's
// answers, and readers for their output items.
import type nock from 'nock';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { omnoApi, runNode } from './omno';

export const WAITING = 'WAITING_FOR_CONFIRMATION';

/** A payout as GET /public/payout/{id} answers it (read back as `amount`). */
export function payout(
	id: string,
	orderId: string,
	amount: number | string,
	status = WAITING,
	extra: IDataObject = {},
): IDataObject {
	return { id, orderId, amount, currency: 'EUR', status, createdAt: '2026-12-07T03:00:00Z', ...extra };
}

/** GET /public/payout/{id} for each payout, once. */
export function mockReads(payouts: IDataObject[]): nock.Scope {
	const api = omnoApi();
	for (const p of payouts) api.get(`/public/payout/${String(p.id)}`).reply(200, p);
	return api;
}

/** Write interceptors that must stay unused: Check and Reconcile only read. */
export function mockWrites(): nock.Scope {
	return omnoApi().put(/.*/).reply(200, {}).post(/.*/).reply(200, {});
}

/** The CSV Check Against OMNO attaches. */
export const CHECK_FILE = 'payout-run-check.csv';

// Payout → Create's output items, one per sheet row, as the create engine writes them: Check's input.
const requested = (value: string, currency = 'EUR') => ({ requested: { value, currency } });

export function created(
	orderId: string,
	payoutId: string,
	value: string,
	currency = 'EUR',
): INodeExecutionData {
	return { json: { payoutId, orderId, status: WAITING, ...requested(value, currency) } };
}

/** A 409 whose answer named no payout: OMNO has the orderId, nobody knows which payout it is. */
export function bare409(orderId: string, value: string): INodeExecutionData {
	return {
		json: {
			orderId,
			alreadyExists: true,
			needsAttention: true,
			httpCode: 409,
			omnoMessage: 'Order already exists',
			message: `OMNO already has a payout with orderId "${orderId}" but did not say which one.`,
			...requested(value),
		},
	};
}

/** A 409 that named a payout whose values were not the row's. */
export function named409(orderId: string, payoutId: string, value: string): INodeExecutionData {
	return {
		json: {
			orderId,
			payoutId,
			alreadyExists: true,
			needsAttention: true,
			httpCode: 409,
			message: `OMNO already has payout ${payoutId} for orderId "${orderId}", but with other values.`,
			...requested(value),
		},
	};
}

export function unknown503(row: number, orderId: string, value: string): INodeExecutionData {
	return {
		json: {
			error: `Row ${row} (orderId ${orderId}): OMNO answered 503 to POST /public/payout: Service Unavailable`,
			httpCode: 503,
			omnoMessage: 'Service Unavailable',
			outcome: 'unknown',
			orderId,
			...requested(value),
		},
	};
}

export function refused400(row: number, orderId: string, value: string): INodeExecutionData {
	return {
		json: {
			error: `Row ${row} (orderId ${orderId}): OMNO answered 400 to POST /public/payout: customer.email invalid`,
			httpCode: 400,
			outcome: 'failed',
			orderId,
			...requested(value),
		},
	};
}

export function notSent(row: number, orderId: string, value: string): INodeExecutionData {
	return {
		json: {
			orderId,
			notSent: true,
			outcome: 'notSent',
			message: `Row ${row}: not sent, because the run stopped at Row 1. Run the same input again to send it.`,
			...requested(value),
		},
	};
}

/** Runs Check Against OMNO over Create's output; it answers with one item. */
export async function check(rows: INodeExecutionData[], knownPayouts?: unknown): Promise<INodeExecutionData> {
	const parameters: IDataObject = { resource: 'payoutRun', operation: 'check' };
	if (knownPayouts !== undefined) parameters.knownPayouts = knownPayouts as IDataObject;
	const output = await runNode(parameters, { items: rows });
	expect(output).toHaveLength(1);
	return output[0];
}

/** The check item's JSON. */
export const checkJson = (item: INodeExecutionData) =>
	item.json as {
		text: string;
		counts: IDataObject;
		totals: Record<string, IDataObject>;
		toConfirm: IDataObject[];
		rows: IDataObject[];
	};
export const groups = (item: INodeExecutionData) => checkJson(item).rows.map((r) => [r.orderId, r.group]);
export const lines = (item: INodeExecutionData) => checkJson(item).text.split('\n');
/** Every count of the check item: 0 unless given. */
export const checkCounts = (extra: IDataObject) => ({
	rows: 0,
	differs: 0,
	waiting: 0,
	decided: 0,
	mayExist: 0,
	notIdentifiable: 0,
	notRead: 0,
	notCreated: 0,
	...extra,
});
/** Every total of the check item: none. */
export const noTotals = {
	differs: {},
	waiting: {},
	decided: {},
	mayExist: {},
	notIdentifiable: {},
	notRead: {},
	notCreated: {},
};

/** The check item's CSV as text. */
export function csvOf(item: INodeExecutionData): string {
	const binary = item.binary?.data;
	expect(binary).toMatchObject({ mimeType: 'text/csv', fileName: CHECK_FILE });
	return Buffer.from(binary?.data ?? '', 'base64').toString('utf8');
}

/** The CSV Reconcile attaches. */
export const RECONCILE_FILE = 'reconciliation-run.csv';

/** One entry of the check item's `rows`, as Payout Run → Check Against OMNO outputs it. */
export function checked(
	row: number,
	orderId: string,
	payoutId: string | null,
	group: string,
	amount: string,
	extra: IDataObject = {},
): IDataObject {
	const read = payoutId !== null && group !== 'notRead';
	return {
		row: String(row),
		orderId,
		payoutId,
		group,
		status: read ? WAITING : null,
		omnoAmount: read ? amount : null,
		omnoCurrency: read ? 'EUR' : null,
		sheetAmount: amount,
		sheetCurrency: 'EUR',
		omnoOrderId: read ? orderId : null,
		note: `check note for ${orderId}`,
		...extra,
	};
}

/** Runs Reconcile over the check item's rows; it answers with one item. */
export async function reconcile(
	rows: unknown,
	waitSeconds: number,
	inputs: INodeExecutionData[] = [{ json: { text: 'the check item' } }],
): Promise<INodeExecutionData> {
	const output = await runNode(
		{ resource: 'payoutRun', operation: 'reconcile', rows: rows as IDataObject[], waitSeconds },
		{ items: inputs },
	);
	expect(output).toHaveLength(1);
	return output[0];
}

/** The reconciliation report item's JSON. */
export const report = (item: INodeExecutionData) =>
	item.json as { text: string; counts: IDataObject; perCurrency: IDataObject; rows: IDataObject[] };
export const results = (item: INodeExecutionData) => report(item).rows.map((r) => [r.orderId, r.result]);
/** Every count of the report: 0 unless given. */
export const reconcileCounts = (extra: IDataObject) => ({
	rows: 0,
	paid: 0,
	pending: 0,
	waiting: 0,
	declinedOrFailed: 0,
	rejected: 0,
	differs: 0,
	mayExist: 0,
	notCreated: 0,
	notIdentifiable: 0,
	notRead: 0,
	...extra,
});
