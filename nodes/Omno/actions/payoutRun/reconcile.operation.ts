import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { toCsv } from '../kits/csv';
import { readPayouts, type PayoutRead } from '../kits/readPayouts';
import { jsonList } from '../kits/runRows';
import { RECONCILED_COLUMNS, reconcileRow, reconciliationSummary, stillMoving } from '../kits/reconciliation';
import { bulkRunOptionsField, readLanes } from '../engine/options';
import type { OperationOption } from '../operation';

export const kind = 'wholeRun';

export const option: OperationOption = {
	name: 'Reconcile',
	description:
		"Read-only. After the approval: reads every payout of a checked run from OMNO again (waiting a bounded time for confirmed ones to finish) and outputs one report item: paid, pending, still waiting, declined or failed with OMNO's reason, rejected, differs, may exist, not created — exact totals per currency, every row as CSV",
	action: 'Reconcile a payout run with OMNO',
};

export const properties: INodeProperties[] = [
	{
		displayName: 'Checked Rows',
		name: 'rows',
		type: 'json',
		required: true,
		default: '[]',
		description:
			'The rows field of the item that Payout Run → Check Against OMNO output (map it with an expression). Every row is read from OMNO again; nothing here is taken as what OMNO holds.',
	},
	{
		displayName: 'Wait for Final Status (Seconds)',
		name: 'waitSeconds',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 3600 },
		default: 120,
		description:
			'How long to keep re-reading confirmed payouts that are not final yet (e.g. PENDING). 0 reads once. Payouts still waiting for confirmation are not waited for: nothing will move them.',
	},
	bulkRunOptionsField,
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const list = jsonList(this.getNodeParameter('rows', 0, '[]'), 'the rows of Check Against OMNO');
	if (!Array.isArray(list)) {
		// Rows that cannot be read would report an empty run: "0 paid, 0 waiting" while payouts wait.
		throw new NodeOperationError(this.getNode(), `Checked Rows (rows) ${list.problem}`, {
			description:
				'Nothing was read from OMNO. Map the rows field of the Check Against OMNO item, e.g. {{ $("Check against OMNO").first().json.rows }}.',
		});
	}
	const checked = list.filter((r): r is IDataObject => !!r && typeof r === 'object');
	const waitSeconds = Math.max(0, Number(this.getNodeParameter('waitSeconds', 0, 120)) || 0);
	const lanes = readLanes(this);
	const wanted = checked
		.map((row, index) => ({ index, payoutId: typeof row.payoutId === 'string' ? row.payoutId : '' }))
		.filter((w) => w.payoutId !== '' && checked[w.index].group !== 'notIdentifiable');
	const reads = await readPayouts(this, wanted, lanes);
	// Confirmed payouts take OMNO a moment to finish: re-read only those, with growing pauses, until the deadline.
	const deadline = Date.now() + waitSeconds * 1000;
	for (let pause = 1000; ; pause = Math.min(pause * 2, 10_000)) {
		const moving = wanted.filter((w) => stillMoving(reads.get(w.index)?.payout));
		if (!moving.length || Date.now() + pause > deadline) break;
		await sleep(pause);
		const again = await readPayouts(this, moving, lanes);
		for (const [index, read] of again) if (read.payout) reads.set(index, read);
	}
	const rows = checked.map((row, index) => {
		const read: PayoutRead | undefined = reads.get(index);
		return reconcileRow(row, read?.payout, read?.error);
	});
	// The execution's id names the run, so a reader can open it in n8n.
	const executionId = this.getExecutionId?.();
	const fileName = `reconciliation-${executionId ?? 'run'}.csv`;
	const csv = toCsv(RECONCILED_COLUMNS, rows);
	return [
		{
			json: { ...reconciliationSummary(rows, fileName, executionId), rows },
			binary: { data: await this.helpers.prepareBinaryData(Buffer.from(csv, 'utf8'), fileName, 'text/csv') },
			pairedItem: this.getInputData().map((_, item) => ({ item })),
		},
	];
}
