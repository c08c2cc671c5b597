#!/usr/bin/env node
'use strict';
/**
 * Writes examples/payout-run-with-approval.json (and the sheet to try it with, examples/payout-sheet-sample.csv):
 * n8n Form: upload a CSV/XLSX sheet → check every row → create → resolve against the ledger → approve in a
 * form → confirm → final statuses → reconciliation (page + CSV).
 *
 *   node scripts/build-payout-examples.js          (re)write the files
 *   node scripts/build-payout-examples.js --check  exit 1 if the files differ from what this script writes
 *
 * No Code node parses anything: n8n's Extract from File reads the sheet (quoted commas included), the OMNO
 * node validates every row and does every API call, n8n's Data Table node reads the ledger. The few Code nodes
 * only sort rows into groups and write the messages (exact decimal sums on text, no floating point).
 *
 * There is no Manual Trigger variant: n8n's Data Table node does not work in `n8n execute` (n8n loads its
 * Data Table module only in `n8n start`/worker: "Attempted to use Data table node but the module is disabled"),
 * so a headless run goes through the form's HTTP endpoints like a browser (e2e/examples.test.js).
 */
const fs = require('node:fs');
const path = require('node:path');
const { COLUMNS, SAMPLE_ROWS, sheetCsv } = require('../tools/payout-examples/sheet');

const ROOT = path.resolve(__dirname, '..');
const CREDENTIAL = { omnoOAuth2Api: { id: 'omnoSandboxCred1', name: 'OMNO Sandbox' } };
const LEDGER = { __rl: true, mode: 'list', value: 'omno_payouts', cachedResultName: 'omno_payouts' };
const JOURNAL = {
	__rl: true,
	mode: 'list',
	value: 'omno_payout_journal',
	cachedResultName: 'omno_payout_journal',
};
const FORM_PATH = 'omno-payout-run';
/** Rows created between two journal writes: a kill during the creates loses at most this many payout ids. */
const BATCH_SIZE = 200;
const SHEET_FIELD = 'Payout sheet'; // n8n stores the upload as binary property "Payout_sheet"
const DECISION_APPROVE = 'Approve: confirm these payouts (OMNO sends the money)';
const DECISION_REJECT = 'Reject: reject these payouts (nothing is sent)';

const BAD_ROWS_TEXT =
	"={{ $('Check every row').all().filter((i) => i.json.error).length }} row(s) of the sheet need fixing; nothing was sent to OMNO:\n" +
	// The summary's problems: one line per problem with its rows (a missing column is one line, not one per row).
	"{{ ($('Check every row').all().find((i) => i.json.summary)?.json.summary.problems ?? []).map((l) => '• ' + l).join('\\n') }}\n" +
	'Fix them in the sheet and upload it again.';

// ---------------------------------------------------------------- nodes

function omno(name, position, parameters, extra = {}) {
	return {
		parameters,
		name,
		type: 'n8n-nodes-omno.omno',
		typeVersion: 1,
		position,
		credentials: CREDENTIAL,
		...extra,
	};
}

function condition(id, leftValue, rightValue, operator) {
	return { id, leftValue, rightValue, operator };
}

function ifNode(name, position, conditions, options = {}) {
	return {
		parameters: {
			conditions: {
				options: {
					caseSensitive: options.caseSensitive ?? true,
					leftValue: '',
					typeValidation: 'loose',
					version: 2,
				},
				conditions,
				combinator: 'and',
			},
			looseTypeValidation: true,
			options: {},
		},
		name,
		type: 'n8n-nodes-base.if',
		typeVersion: 2.2,
		position,
	};
}

/** A Data Table node writing one journal row per item (n8n's own node: a community node cannot write tables). */
function journalInsert(name, position, value) {
	const column = (id) => ({
		id,
		displayName: id,
		required: false,
		defaultMatch: false,
		display: true,
		type: 'string',
		canBeUsedToMatch: true,
		readOnly: false,
		removed: false,
	});
	return {
		parameters: {
			resource: 'row',
			operation: 'insert',
			dataTableId: JOURNAL,
			columns: {
				mappingMode: 'defineBelow',
				value,
				matchingColumns: [],
				schema: Object.keys(value).map(column),
				attemptToConvertTypes: false,
				convertFieldsToString: false,
			},
			options: {},
		},
		name,
		type: 'n8n-nodes-base.dataTable',
		typeVersion: 1,
		position,
		alwaysOutputData: true,
	};
}

function readTable(name, position, table) {
	return {
		parameters: { operation: 'get', dataTableId: table, returnAll: true },
		name,
		type: 'n8n-nodes-base.dataTable',
		typeVersion: 1,
		position,
		executeOnce: true,
		alwaysOutputData: true,
	};
}

/** A Set node that puts one field of the check's item on a single item (for Split Out). */
function fromCheck(name, position, field) {
	return {
		parameters: {
			assignments: {
				assignments: [
					{
						id: `${field}-0c1d2e3f`,
						name: field,
						value: `={{ $('Check against OMNO').first().json.${field} }}`,
						type: 'array',
					},
				],
			},
			options: {},
		},
		name,
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position,
		executeOnce: true,
	};
}

function splitOut(name, position, field) {
	return {
		parameters: { fieldToSplitOut: field, options: {} },
		name,
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		position,
	};
}

/** Payout → Confirm / Reject of one approved payout, only if OMNO still holds what the approver saw. */
function decide(name, position, operation) {
	return omno(
		name,
		position,
		{
			resource: 'payout',
			operation,
			payoutId: '={{ $json.payoutId }}',
			expected: {
				orderId: '={{ $json.orderId }}',
				amount: '={{ $json.amount }}',
				currency: '={{ $json.currency }}',
			},
		},
		{ onError: 'continueRegularOutput' },
	);
}

// Columns matched by name ("Order ID", "Amount", "E-mail", "Postcode", …): a sheet runs with no edit.
const payoutFields = {
	resource: 'payout',
	operation: 'create',
	mappingMode: 'autoMapInputData',
	kycVerified: true,
};

/** Everything after the sheet's rows, shared by both variants. `form`: end with n8n Form pages. */
function runNodes({ form = true } = {}) {
	const X = (i) => 900 + i * 240;
	const ending = (name, position, title, message) =>
		form
			? {
					parameters: {
						operation: 'completion',
						completionTitle: title,
						completionMessage: message,
						options: {},
					},
					name,
					type: 'n8n-nodes-base.form',
					typeVersion: 1,
					position,
					webhookId: `${name.toLowerCase().replace(/[^a-z]+/g, '-')}-0c1d2e3f`,
				}
			: null;
	const nodes = [
		{
			parameters: {},
			name: 'Sheet rows',
			type: 'n8n-nodes-base.noOp',
			typeVersion: 1,
			position: [X(0), 300],
		},
		omno(
			'Check every row',
			[X(1), 160],
			{ ...payoutFields, runOptions: { dryRun: true, validateFirst: true, summary: true } },
			{ onError: 'continueRegularOutput' },
		),
		{
			parameters: {
				conditions: {
					options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 2 },
					conditions: [
						condition('6a1f0c52-0b7e-4d1a-9d3b-1f2e3a4b5c01', '={{ $json.summary }}', '', {
							type: 'object',
							operation: 'exists',
							singleValue: true,
						}),
					],
					combinator: 'and',
				},
				looseTypeValidation: true,
				options: {},
			},
			name: 'Run summary',
			type: 'n8n-nodes-base.filter',
			typeVersion: 2.2,
			position: [X(2), 160],
		},
		ifNode(
			'Every row valid?',
			[X(3), 160],
			[
				condition('6a1f0c52-0b7e-4d1a-9d3b-1f2e3a4b5c02', '={{ $json.summary.outcomes.invalid ?? 0 }}', 0, {
					type: 'number',
					operation: 'equals',
				}),
			],
		),
		{
			parameters: { mode: 'chooseBranch', useDataOfInput: 1 },
			name: 'Only when every row is valid',
			type: 'n8n-nodes-base.merge',
			typeVersion: 3,
			position: [X(4), 320],
		},
		omno(
			'Create payouts',
			[X(6), 620],
			{ ...payoutFields, runOptions: { concurrency: 5, validateFirst: true } },
			{ onError: 'continueRegularOutput' },
		),
		{
			parameters: { batchSize: BATCH_SIZE, options: {} },
			name: 'Batches',
			type: 'n8n-nodes-base.splitInBatches',
			typeVersion: 3,
			position: [X(5), 480],
		},
		// Above "Batches" on purpose: n8n runs the upper branch first, so each batch is journaled before the next starts.
		journalInsert('Journal: record the creates', [X(7), 460], {
			orderId: '={{ $json.orderId }}',
			payoutId: "={{ $json.payoutId ?? $json.createdId ?? '' }}",
			status: "={{ $json.status ?? $json.outcome ?? '' }}",
			amount: "={{ $json.requested?.value ?? '' }}",
			currency: "={{ $json.requested?.currency ?? '' }}",
			statusUpdatedAt: '={{ $now.toISO() }}',
		}),
		splitOut('Rows of the check', [X(10), 20], 'rows'),
		journalInsert('Journal: record what OMNO holds', [X(11), 20], {
			orderId: "={{ $json.orderId ?? '' }}",
			payoutId: "={{ $json.payoutId ?? '' }}",
			status: '={{ $json.status ?? $json.group }}',
			amount: "={{ $json.omnoAmount ?? '' }}",
			currency: "={{ $json.omnoCurrency ?? '' }}",
			statusUpdatedAt: '={{ $now.toISO() }}',
		}),
		readTable('Read journal', [X(6), 300], JOURNAL),
		readTable('Read ledger', [X(7), 300], LEDGER),
		{
			parameters: { mode: 'chooseBranch', useDataOfInput: 1 },
			name: 'Create results',
			type: 'n8n-nodes-base.merge',
			typeVersion: 3,
			position: [X(8), 160],
		},
		omno('Check against OMNO', [X(9), 160], {
			resource: 'payoutRun',
			operation: 'check',
			knownPayouts: "={{ [...$('Read journal').all(), ...$('Read ledger').all()].map((i) => i.json) }}",
		}),
		{
			parameters: {
				assignments: {
					assignments: [
						{
							id: '9b7c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d',
							name: 'approvalFormUrl',
							value: '={{ $execution.resumeFormUrl }}',
							type: 'string',
						},
						{
							id: '9b7c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2e',
							name: 'message',
							value:
								"={{ 'Payout run ' + $execution.id + ': ' + $json.text + '\\nApprove or reject: ' + $execution.resumeFormUrl + ' (opening the link decides nothing; the form asks).' }}",
							type: 'string',
						},
					],
				},
				includeOtherFields: true,
				options: {},
			},
			name: 'Approval message',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [X(10), 160],
		},
		{
			parameters: {
				resume: 'form',
				formTitle: 'Approve payout run',
				formDescription: '={{ $json.text }}',
				formFields: {
					values: [
						{
							fieldLabel: 'Decision',
							fieldType: 'dropdown',
							fieldOptions: { values: [{ option: DECISION_APPROVE }, { option: DECISION_REJECT }] },
							requiredField: true,
						},
					],
				},
				options: {},
			},
			name: 'Approve in a form',
			type: 'n8n-nodes-base.wait',
			typeVersion: 1.1,
			position: [X(0), 900],
			webhookId: '5f0c3e0a-2b7d-4c1e-9a51-0d7b6e2f9a11',
		},
		fromCheck('Payouts to decide', [X(1), 900], 'toConfirm'),
		ifNode(
			'Anything to decide?',
			[X(2), 900],
			[
				condition('3d7a4b68-2e9f-4a5c-8c0d-4f3b2a1e0d99', '={{ $json.toConfirm.length }}', 0, {
					type: 'number',
					operation: 'gt',
				}),
			],
		),
		splitOut('One item per payout', [X(3), 860], 'toConfirm'),
		{
			parameters: {
				rules: {
					values: [
						{
							conditions: {
								options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 2 },
								conditions: [
									condition(
										'4e8b5c79-3fa0-4b6d-9d1e-5a4c3b2f1e00',
										"={{ $('Approve in a form').first().json.Decision }}",
										DECISION_APPROVE,
										{ type: 'string', operation: 'equals' },
									),
								],
								combinator: 'and',
							},
							renameOutput: true,
							outputKey: 'Approved',
						},
					],
				},
				options: { fallbackOutput: 'extra', renameFallbackOutput: 'Rejected' },
			},
			name: 'Confirm or reject',
			type: 'n8n-nodes-base.switch',
			typeVersion: 3.2,
			position: [X(4), 860],
		},
		decide('Confirm payouts', [X(5), 800], 'confirm'),
		decide('Reject payouts', [X(5), 960], 'reject'),
		omno(
			'Reconcile with OMNO',
			[X(6), 900],
			{
				resource: 'payoutRun',
				operation: 'reconcile',
				rows: "={{ $('Check against OMNO').first().json.rows }}",
				waitSeconds: 120,
			},
			{ executeOnce: true },
		),
	];
	const badRows = form
		? ending('Rows to fix', [X(4), 60], 'The sheet has rows to fix', BAD_ROWS_TEXT)
		: {
				parameters: { errorMessage: BAD_ROWS_TEXT },
				name: 'Rows to fix',
				type: 'n8n-nodes-base.stopAndError',
				typeVersion: 1,
				position: [X(4), 60],
			};
	nodes.push(badRows);
	if (form) {
		nodes.push(ending('Run finished', [X(7), 900], 'Payout run finished', '={{ $json.text }}'));
	}
	const connections = {
		'Sheet rows': main([['Check every row', 'Only when every row is valid']]),
		'Check every row': main([['Run summary']]),
		'Run summary': main([['Every row valid?']]),
		'Every row valid?': main([[['Only when every row is valid', 1]], ['Rows to fix']]),
		'Only when every row is valid': main([['Batches']]),
		Batches: main([['Read journal', 'Create results'], ['Create payouts']]),
		'Create payouts': main([['Journal: record the creates', 'Batches']]),
		'Read journal': main([['Read ledger']]),
		'Read ledger': main([[['Create results', 1]]]),
		'Create results': main([['Check against OMNO']]),
		'Check against OMNO': main([['Rows of the check', 'Approval message']]),
		'Rows of the check': main([['Journal: record what OMNO holds']]),
		'Approval message': main([['Approve in a form']]),
		'Approve in a form': main([['Payouts to decide']]),
		'Payouts to decide': main([['Anything to decide?']]),
		'Anything to decide?': main([['One item per payout'], ['Reconcile with OMNO']]),
		'One item per payout': main([['Confirm or reject']]),
		'Confirm or reject': main([['Confirm payouts'], ['Reject payouts']]),
		'Confirm payouts': main([['Reconcile with OMNO']]),
		'Reject payouts': main([['Reconcile with OMNO']]),
	};
	if (form) connections['Reconcile with OMNO'] = main([['Run finished']]);
	return { nodes, connections };
}

/** n8n's connection shape from [[target | [target, inputIndex]], …] per output. */
function main(outputs) {
	return {
		main: outputs.map((targets) =>
			targets.map((t) => {
				const [node, index] = Array.isArray(t) ? t : [t, 0];
				return { node, type: 'main', index };
			}),
		),
	};
}

function note(content, position, size = [560, 420]) {
	return {
		parameters: { content, height: size[1], width: size[0] },
		name: 'About this workflow',
		type: 'n8n-nodes-base.stickyNote',
		typeVersion: 1,
		position,
	};
}

const STEPS = `3. **Check every row**: the OMNO node checks every row (amount, currency, country, e-mail, dates, duplicate orderIds) without sending anything. If one row is wrong, nothing is sent and **Rows to fix** names each bad row by number and orderId.
4. **Create payouts**: creates them in OMNO, 5 at a time. They wait in \`WAITING_FOR_CONFIRMATION\`: no money moves yet. Rows OMNO already has (an earlier, interrupted run) come back as \`alreadyExists\`.
5. **Journal**: n8n's Data Table \`omno_payout_journal\` records every row's orderId → payoutId right after the creates, before anything waits; a re-run finds its payouts there first and in the webhook ledger (\`omno_payouts\`, the "OMNO payout ledger" workflow) only for what the journal lacks.
6. **Check against OMNO** (Payout Run → Check Against OMNO) reads every payout from OMNO and sorts the rows: waiting (confirmed if you approve, at OMNO's amounts), already decided, differs from the sheet (never confirmed), may exist, not created, not identifiable. **Approval message** (\`message\` for Slack / e-mail, every row attached as CSV) and **Approve in a form**: only submitting the form decides.
7. **Confirm payouts** / **Reject payouts** decide each approved payout only if OMNO still holds the orderId, amount and currency the approver saw. **Reconcile with OMNO** reads every payout again: paid, pending, still waiting, declined or failed (with OMNO's reason), rejected, differs, exact totals per currency, and a CSV.

No Code node: every decision about money is made by the OMNO node (a package update reaches it).

Columns are matched by name (Map Automatically): Order ID, Amount, Currency, E-mail, Postal code, … in any case or spacing; the dry run's summary says which column fed which field.`;

function formWorkflow() {
	const { nodes, connections } = runNodes({ form: true });
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
			'Upload payout sheet': main([['Excel file?']]),
			'Excel file?': main([['Read XLSX'], ['Read header']]),
			'Read header': main([['Read CSV']]),
			'Read XLSX': main([['Sheet rows']]),
			'Read CSV': main([['Sheet rows']]),
			...connections,
		},
		settings: { executionOrder: 'v1' },
	};
}

function main_() {
	const files = {
		'payout-run-with-approval.json': `${JSON.stringify(formWorkflow(), null, 2)}\n`,
		'payout-sheet-sample.csv': sheetCsv(SAMPLE_ROWS),
	};
	let stale = 0;
	for (const [file, text] of Object.entries(files)) {
		const target = path.join(ROOT, 'examples', file);
		if (process.argv.includes('--check')) {
			if (!fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== text) {
				process.stderr.write(`examples/${file} differs from scripts/build-payout-examples.js\n`);
				stale++;
			}
		} else {
			fs.writeFileSync(target, text);
			process.stderr.write(`wrote examples/${file}\n`);
		}
	}
	process.exit(stale ? 1 : 0);
}

if (require.main === module) main_();
module.exports = {
	formWorkflow,
	COLUMNS,
	FORM_PATH,
	SHEET_FIELD,
	DECISION_APPROVE,
	DECISION_REJECT,
	BATCH_SIZE,
};
