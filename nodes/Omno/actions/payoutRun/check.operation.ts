import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { approvalSummary, ROW_COLUMNS, rowRecord } from '../kits/approval';
import { toCsv } from '../kits/csv';
import { readPayouts } from '../kits/readPayouts';
import {
	isRunItem,
	knownPayoutIds,
	readCreatedRow,
	readVerdict,
	runRow,
	unreadVerdict,
	type RunRow,
} from '../kits/runRows';
import { bulkRunOptionsField, readLanes } from '../engine/options';
import type { OperationOption } from '../operation';

export const kind = 'wholeRun';

export const option: OperationOption = {
	name: 'Check Against OMNO',
	description:
		"Read-only. Takes a Payout → Create node's output (one item per sheet row), reads every payout from OMNO and outputs one approval item: what waits for confirmation (OMNO's amounts), what is already decided, what differs from the sheet (never put up), what may exist, was not created or cannot be identified — with exact totals, the payouts to confirm and every row as CSV",
	action: 'Check a payout run against OMNO before approval',
};

/** orderId → payoutId pairs from earlier runs, for rows whose create answer did not name the payout. */
export const knownPayoutsField: INodeProperties = {
	displayName: 'Payouts Known From Earlier Runs',
	name: 'knownPayouts',
	type: 'json',
	default: '[]',
	description:
		'A list of objects with orderId and payoutId (e.g. the run journal and the payout ledger read by Data Table nodes: {{ [...$("Read journal").all(), ...$("Read ledger").all()] }}). Used only to find the payout of a row whose create OMNO answered without naming it; what the payout holds is always read from OMNO. The first entry for an orderId wins.',
};

export const properties: INodeProperties[] = [knownPayoutsField, bulkRunOptionsField];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const known = knownPayoutIds(items.length ? this.getNodeParameter('knownPayouts', 0, '[]') : []);
	if (!(known instanceof Map)) {
		// A journal that cannot be read would silently turn every bare 409 into "not identifiable".
		throw new NodeOperationError(
			this.getNode(),
			`Payouts Known From Earlier Runs (knownPayouts) ${known.problem}`,
			{
				description:
					'Nothing was read from OMNO. Map the journal and ledger rows, e.g. {{ [...$("Read journal").all(), ...$("Read ledger").all()].map((i) => i.json) }}.',
			},
		);
	}
	const paired: number[] = [];
	const created = items.flatMap((item, i) => {
		if (isRunItem(item.json)) return [];
		paired.push(i);
		return [readCreatedRow(item.json, i, known)];
	});
	const reads = await readPayouts(
		this,
		created.filter((r) => r.payoutId).map((r) => ({ index: r.index, payoutId: r.payoutId as string })),
		readLanes(this),
	);
	const rows: RunRow[] = created.map((row) => {
		const read = reads.get(row.index);
		if (!read) return runRow(row, unreadVerdict(row));
		if (read.error !== undefined) {
			return runRow(row, {
				group: 'notRead',
				note: `Payout ${row.payoutId} could not be read from OMNO just now (${read.error}): not in this approval. Run the same sheet again.`,
			});
		}
		return runRow(row, readVerdict(row, read.payout as IDataObject), read.payout);
	});
	const fileName = `payout-run-${this.getExecutionId?.() ?? 'check'}.csv`;
	const records = rows.map(rowRecord);
	const csv = toCsv(ROW_COLUMNS, records);
	return [
		{
			json: { ...approvalSummary(rows, fileName), rows: records },
			binary: { data: await this.helpers.prepareBinaryData(Buffer.from(csv, 'utf8'), fileName, 'text/csv') },
			pairedItem: paired.map((item) => ({ item })),
		},
	];
}
