import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { fetchExisting } from '../../helpers/existing';
import { runWindow } from '../engine/window';

/** OMNO's record of one payout, or why it could not be read. */
export interface PayoutRead {
	payout?: IDataObject;
	error?: string;
}

/**
 * Reads payouts from OMNO side by side (the first alone: it fetches the token once). A failed read is kept as
 * its message: an unread payout is never taken for one in any particular state.
 */
export async function readPayouts(
	ctx: IExecuteFunctions,
	wanted: Array<{ index: number; payoutId: string }>,
	lanes: number,
): Promise<Map<number, PayoutRead>> {
	const reads = new Map<number, PayoutRead>();
	const readOne = async (k: number) => {
		const { index, payoutId } = wanted[k];
		try {
			reads.set(index, { payout: await fetchExisting(ctx, 'payout', payoutId, index) });
		} catch (error) {
			reads.set(index, { error: error instanceof Error ? error.message : String(error) });
		}
	};
	const order = wanted.map((_, k) => k);
	const [first, ...rest] = order;
	if (first !== undefined) await readOne(first);
	await runWindow(rest, lanes, readOne);
	return reads;
}
