'use strict';
/**
 * examples/payout-run-with-approval.json: n8n Form: upload a CSV/XLSX sheet → read it → the payout run (run-nodes.js),
 * with the sticky note that explains it.
 */
const { FORM_PATH, SHEET_FIELD } = require('./constants');
const { condition, ifNode, outputs, note } = require('./nodes');
const { runNodes } = require('./run-nodes');

const STEPS = `3. **Check every row**: the OMNO node checks every row (amount, currency, country, e-mail, dates, duplicate orderIds) without sending anything. If one row is wrong, nothing is sent and **Rows to fix** names each bad row by number and orderId.
4. **Create payouts**: creates them in OMNO, 5 at a time. They wait in \`WAITING_FOR_CONFIRMATION\`: no money moves yet. Rows OMNO already has (an earlier, interrupted run) come back as \`alreadyExists\`.
5. **Journal**: n8n's Data Table \`omno_payout_journal\` records every row's orderId → payoutId right after the creates, before anything waits; a re-run finds its payouts there first and in the webhook ledger (\`omno_payouts\`, the "OMNO payout ledger" workflow) only for what the journal lacks.
6. **Check against OMNO** (Payout Run → Check Against OMNO) reads every payout from OMNO and sorts the rows: waiting (confirmed if you approve, at OMNO's amounts), already decided, differs from the sheet (never confirmed), may exist, not created, not identifiable. **Approval message** (\`message\` for Slack / e-mail, every row attached as CSV) and **Approve in a form**: only submitting the form decides.
7. **Confirm payouts** / **Reject payouts** decide each approved payout only if OMNO still holds the orderId, amount and currency the approver saw. **Reconcile with OMNO** reads every payout again: paid, pending, still waiting, declined or failed (with OMNO's reason), rejected, differs, exact totals per currency, and a CSV.

No Code node: every decision about money is made by the OMNO node (a package update reaches it).

Columns are matched by name (Map Automatically): Order ID, Amount, Currency, E-mail, Postal code, … in any case or spacing; the dry run's summary says which column fed which field.`;

function formWorkflow() {
	const { nodes, connections } = runNodes();
	const trigger = {
		parameters: {
			formTitle: 'Payout run',
			formDescription:
				'Upload the payout sheet: Excel (XLSX) or CSV (comma or semicolon), one row per payout, with the columns ' +
				'Order ID, Amount, Currency, Customer ID, First name, Last name, E-mail, Phone, Date of birth, Address, City, ' +
				'State, Postal code, Country (named as you like: case, spaces and punctuation do not matter). ' +
				'Every row is checked before anything is sent, and nothing is paid before you approve.',
			formFields: {
				values: [
					{
						fieldLabel: SHEET_FIELD,
						fieldType: 'file',
						acceptFileTypes: '.csv,.xlsx',
						multipleFiles: false,
						requiredField: true,
					},
				],
			},
			responseMode: 'lastNode',
			options: { path: FORM_PATH, buttonLabel: 'Check the sheet' },
		},
		name: 'Upload payout sheet',
		type: 'n8n-nodes-base.formTrigger',
		typeVersion: 2.2,
		position: [0, 300],
		webhookId: '0e5c6d7a-8b9c-4d0e-a1f2-3b4c5d6e7f80',
	};
	const binaryKey = SHEET_FIELD.replace(/\W/g, '_');
	const isXlsx = ifNode(
		'Excel file?',
		[220, 300],
		[
			condition('7d2e1f30-4a5b-4c6d-8e9f-0a1b2c3d4e5f', `={{ $binary.${binaryKey}.fileExtension }}`, 'xlsx', {
				type: 'string',
				operation: 'equals',
			}),
		],
		{ caseSensitive: false },
	);
	const extract = (name, operation, position, options = {}, extra = {}) => ({
		parameters: { operation, binaryPropertyName: binaryKey, ...extra, options },
		name,
		type: 'n8n-nodes-base.extractFromFile',
		typeVersion: 1,
		position,
	});
	// Extract from File reads a CSV with one fixed delimiter; European Excel writes ";". The first line, read
	// as text, says which one this file uses (more ";" than "," in the header: ";").
	const header = "($json.sheetText ?? '').split('\\n')[0]";
	const delimiter = `={{ ${header}.split(';').length > ${header}.split(',').length ? ';' : ',' }}`;
	return {
		name: 'OMNO: payout run from an uploaded sheet, with approval',
		id: 'omnoExPayoutRun1',
		nodes: [
			trigger,
			isXlsx,
			extract('Read XLSX', 'xlsx', [460, 200]),
			extract('Read header', 'text', [460, 400], { keepSource: 'both' }, { destinationKey: 'sheetText' }),
			// enableBOM drops the byte-order mark Excel's "CSV UTF-8" puts in front of the first header.
			extract('Read CSV', 'csv', [640, 400], { delimiter, enableBOM: true }),
			...nodes,
			note(
				`## Payout run from an uploaded sheet\nOpen the form (the **Upload payout sheet** node → *Production URL*; the workflow must be active; \`npm start\` activates it and prints the URL) and upload the sheet (try examples/payout-sheet-sample.csv).\n1. **Upload payout sheet**: n8n's Form Trigger takes a CSV or XLSX file.\n2. **Read XLSX / Read CSV**: n8n's Extract from File turns it into one item per row (quoted cells such as "1 Market St, Suite 300" stay one cell); **Read header** picks the CSV's delimiter (comma, or semicolon as European Excel writes), and Excel's byte-order mark is dropped. The OMNO nodes match the columns by name (Mapping Column Mode: Map Automatically).\n${STEPS}`,
				[-40, -420],
				[900, 400],
			),
		],
		connections: {
			'Upload payout sheet': outputs([['Excel file?']]),
			'Excel file?': outputs([['Read XLSX'], ['Read header']]),
			'Read header': outputs([['Read CSV']]),
			'Read XLSX': outputs([['Sheet rows']]),
			'Read CSV': outputs([['Sheet rows']]),
			...connections,
		},
		settings: { executionOrder: 'v1' },
	};
}

module.exports = { formWorkflow };
