import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { expectedField, payoutIdField } from '../../descriptions/ids';
import { PAYOUT_CONFIRMED_STATUSES, PAYOUT_UNDECIDED_STATUSES } from '../../domain/statuses';
import { fetchExisting } from '../../helpers/existing';
import { omnoApiRequest } from '../../transport';
import { OMNO_PATHS } from '../../transport/transactions';
import { assertId, InvalidInputError } from '../../validation';
import { decimalText, differences, type ExpectedPayout } from '../../validation/compare';
import { assertCurrency } from '../../validation/currency';
import { bulkRunOptionsField } from '../engine/options';
import type { CallOperation, OperationOption } from '../operation';

type Action = 'confirm' | 'reject';

/** OMNO's answers for "this payout is not waiting for a decision" (the body is not published). */
const NOT_WAITING_CODES = ['400', '409', '422'];

function decidedAs(status: string): Action | undefined {
	if (status === 'REJECTED') return 'reject';
	return (PAYOUT_CONFIRMED_STATUSES as readonly string[]).includes(status) ? 'confirm' : undefined;
}

function otherWayError(
	ctx: IExecuteFunctions,
	action: Action,
	payoutId: string,
	status: string,
	refusal: NodeApiError | undefined,
	i: number,
): NodeApiError {
	const decided = decidedAs(status);
	const message = decided
		? `Payout ${payoutId} is already ${status}: it was ${decided === 'reject' ? 'rejected' : 'confirmed'}, so it cannot be ${action === 'confirm' ? 'confirmed' : 'rejected'}`
		: `Payout ${payoutId} is ${status}, not waiting for confirmation, so it cannot be ${action === 'confirm' ? 'confirmed' : 'rejected'}`;
	const httpCode = refusal?.httpCode ?? undefined;
	const error = new NodeApiError(ctx.getNode(), { message, httpCode } as JsonObject, {
		message,
		description:
			'Nothing was changed. Check the payout (Payout → Get) and your approval list: this row should not be decided again.',
		httpCode,
		itemIndex: i,
	});
	error.context.omno = { ...(refusal?.context.omno as IDataObject), outcome: 'failed' };
	error.context.payoutId = payoutId;
	error.context.status = status;
	return error;
}

/** OMNO refused the decision: read the payout back and tell "already done" from "done the other way". */
async function decideAgain(
	ctx: IExecuteFunctions,
	action: Action,
	flag: 'confirmed' | 'rejected',
	payoutId: string,
	refusal: NodeApiError,
	i: number,
): Promise<IDataObject> {
	if (!NOT_WAITING_CODES.includes(String(refusal.httpCode))) throw refusal;
	let status: unknown;
	try {
		status = (await fetchExisting(ctx, 'payout', payoutId, i)).status;
	} catch {
		// The read-back failed: OMNO's refusal is still the truest answer.
		throw refusal;
	}
	if (typeof status !== 'string' || (PAYOUT_UNDECIDED_STATUSES as readonly string[]).includes(status))
		throw refusal;
	if (decidedAs(status) !== action) throw otherWayError(ctx, action, payoutId, status, refusal, i);
	const omno = (refusal.context.omno ?? {}) as IDataObject;
	return {
		payoutId,
		[flag]: true,
		alreadyDecided: true,
		status,
		httpCode: Number(refusal.httpCode),
		omnoMessage: omno.omnoMessage ?? null,
	};
}

/** The values the payout must hold in OMNO before it is decided; only those filled in. */
function readExpected(ctx: IExecuteFunctions, i: number): ExpectedPayout | undefined {
	const raw = (ctx.getNodeParameter('expected', i, {}) ?? {}) as IDataObject;
	const given = (value: unknown) => value !== undefined && value !== null && String(value).trim() !== '';
	const expected: ExpectedPayout = {};
	if (given(raw.orderId)) expected.orderId = String(raw.orderId).trim();
	if (given(raw.amount)) {
		// Compared as a decimal, so it must read as exactly one: "12,50" or "1e3" is refused, never guessed.
		const exact = decimalText(raw.amount);
		if (exact === undefined) {
			throw new InvalidInputError(
				'expected.amount',
				'Expected Amount',
				`must be a plain decimal number such as 125 or 125.00, got "${String(raw.amount).slice(0, 40)}"`,
			);
		}
		expected.amount = typeof raw.amount === 'number' ? exact : String(raw.amount).trim();
	}
	if (given(raw.currency)) {
		expected.currency = assertCurrency(raw.currency, 'expected.currency', 'Expected Currency');
	}
	return Object.keys(expected).length ? expected : undefined;
}

/** OMNO holds something other than what was approved: nothing is sent for this payout. */
function mismatchError(
	ctx: IExecuteFunctions,
	action: Action,
	payoutId: string,
	payout: IDataObject,
	problems: string[],
	i: number,
): NodeOperationError {
	const error = new NodeOperationError(
		ctx.getNode(),
		`Payout ${payoutId} was not ${action === 'confirm' ? 'confirmed' : 'rejected'}: OMNO holds something other than expected (${problems.join('; ')})`,
		{
			itemIndex: i,
			description:
				'Nothing was sent. What OMNO holds is what it would pay: check which is right (the sheet or the payout in OMNO) before deciding this payout.',
		},
	);
	error.context.payoutId = payoutId;
	error.context.status = payout.status as string;
	error.context.differs = problems;
	return error;
}

/** With expected values: read the payout, compare, and decide only what matches and still waits. */
async function checkedDecision(
	ctx: IExecuteFunctions,
	action: Action,
	flag: 'confirmed' | 'rejected',
	payoutId: string,
	expected: ExpectedPayout,
	i: number,
): Promise<IDataObject | undefined> {
	const payout = await fetchExisting(ctx, 'payout', payoutId, i);
	const problems = differences(expected, payout);
	if (problems.length) throw mismatchError(ctx, action, payoutId, payout, problems, i);
	const seen = {
		orderId: payout.orderId ?? null,
		amount: payout.amount ?? null,
		currency: payout.currency ?? null,
	};
	const status = typeof payout.status === 'string' ? payout.status : undefined;
	if (status === undefined || (PAYOUT_UNDECIDED_STATUSES as readonly string[]).includes(status)) return seen;
	if (decidedAs(status) !== action) throw otherWayError(ctx, action, payoutId, status, undefined, i);
	return { payoutId, [flag]: true, alreadyDecided: true, status, ...seen };
}

/**
 * Confirm and reject are one call on a payout waiting for confirmation (PUT …/{action}, no body, OMNO answers
 * `{}`). Deciding again is safe: when OMNO refuses because the payout is no longer waiting, it is read back; if
 * it already went the way asked, that is the result (`alreadyDecided`), otherwise an error that says which way.
 */
export function payoutDecision(
	action: Action,
	flag: 'confirmed' | 'rejected',
	option: OperationOption,
	idHelp: string,
): CallOperation {
	return {
		kind: 'call',
		effect: 'decision',
		bulk: true,
		option,
		properties: [{ ...payoutIdField, description: idHelp }, expectedField(action), bulkRunOptionsField],
		async run(this: IExecuteFunctions, i: number): Promise<IDataObject> {
			const payoutId = assertId(this.getNodeParameter('payoutId', i), 'payoutId', 'Payout ID');
			const expected = readExpected(this, i);
			let seen: IDataObject = {};
			if (expected) {
				const checked = await checkedDecision(this, action, flag, payoutId, expected, i);
				if (checked?.alreadyDecided) return checked;
				seen = checked ?? {};
			}
			try {
				const response = await omnoApiRequest.call(this, 'PUT', OMNO_PATHS.payoutDecision(payoutId, action), {
					itemIndex: i,
				});
				return { ...(response as IDataObject), payoutId, [flag]: true, ...seen };
			} catch (error) {
				if (!(error instanceof NodeApiError)) {
					throw new NodeOperationError(this.getNode(), error as Error, { itemIndex: i });
				}
				return { ...(await decideAgain(this, action, flag, payoutId, error, i)), ...seen };
			}
		},
	};
}
