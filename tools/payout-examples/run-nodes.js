'use strict';
/** The payout run's nodes after the sheet is read, and how they connect. */
const {
	LEDGER,
	JOURNAL,
	BATCH_SIZE,
	DECISION_APPROVE,
	DECISION_REJECT,
	BAD_ROWS_TEXT,
} = require('./constants');
const {
	omno,
	condition,
	ifNode,
	journalInsert,
	readTable,
	fromCheck,
	splitOut,
	decide,
	payoutFields,
	formEnding,
	outputs,
} = require('./nodes');

/** Everything after the sheet's rows: check, create, journal, check against OMNO, approve, decide, reconcile. */
function runNodes() {
	const X = (i) => 900 + i * 240;
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
	nodes.push(formEnding('Rows to fix', [X(4), 60], 'The sheet has rows to fix', BAD_ROWS_TEXT));
	nodes.push(formEnding('Run finished', [X(7), 900], 'Payout run finished', '={{ $json.text }}'));
	const connections = {
		'Sheet rows': outputs([['Check every row', 'Only when every row is valid']]),
		'Check every row': outputs([['Run summary']]),
		'Run summary': outputs([['Every row valid?']]),
		'Every row valid?': outputs([[['Only when every row is valid', 1]], ['Rows to fix']]),
		'Only when every row is valid': outputs([['Batches']]),
		Batches: outputs([['Read journal', 'Create results'], ['Create payouts']]),
		'Create payouts': outputs([['Journal: record the creates', 'Batches']]),
		'Read journal': outputs([['Read ledger']]),
		'Read ledger': outputs([[['Create results', 1]]]),
		'Create results': outputs([['Check against OMNO']]),
		'Check against OMNO': outputs([['Rows of the check', 'Approval message']]),
		'Rows of the check': outputs([['Journal: record what OMNO holds']]),
		'Approval message': outputs([['Approve in a form']]),
		'Approve in a form': outputs([['Payouts to decide']]),
		'Payouts to decide': outputs([['Anything to decide?']]),
		'Anything to decide?': outputs([['One item per payout'], ['Reconcile with OMNO']]),
		'One item per payout': outputs([['Confirm or reject']]),
		'Confirm or reject': outputs([['Confirm payouts'], ['Reject payouts']]),
		'Confirm payouts': outputs([['Reconcile with OMNO']]),
		'Reject payouts': outputs([['Reconcile with OMNO']]),
		'Reconcile with OMNO': outputs([['Run finished']]),
	};
	return { nodes, connections };
}

module.exports = { runNodes };
