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
const { COLUMNS, SAMPLE_ROWS, sheetCsv } = require('./payout-sheet');

const ROOT = path.resolve(__dirname, '..');
const CREDENTIAL = { omnoOAuth2Api: { id: 'omnoSandboxCred1', name: 'OMNO Sandbox' } };
const LEDGER = { __rl: true, mode: 'list', value: 'omno_payouts', cachedResultName: 'omno_payouts' };
const FORM_PATH = 'omno-payout-run';
const SHEET_FIELD = 'Payout sheet'; // n8n stores the upload as binary property "Payout_sheet"
const DECISION_APPROVE = 'Approve: confirm these payouts (OMNO sends the money)';
const DECISION_REJECT = 'Reject: reject these payouts (nothing is sent)';

// ---------------------------------------------------------------- Code node texts (composition only)

/** Exact decimal addition on text ("125.50" + "0.5" = "126.00"), shared by the message nodes. */
const ADD_DECIMAL = `// Exact sums of decimal text (no floating point): "125.50" + "80" = "205.50".
const add = (a, b) => {
  const [ai, af = ''] = String(a).split('.');
  const [bi, bf = ''] = String(b).split('.');
  const scale = Math.max(af.length, bf.length);
  const n = BigInt(ai + af.padEnd(scale, '0')) + BigInt(bi + bf.padEnd(scale, '0'));
  const s = n.toString().padStart(scale + 1, '0');
  return scale ? \`\${s.slice(0, -scale)}.\${s.slice(-scale)}\` : s;
};
const totals = (rows) => {
  const t = {};
  for (const r of rows) if (r.currency && r.amount !== '') t[r.currency] = add(t[r.currency] ?? '0', r.amount);
  return t;
};
// Shown with at least the currency's usual decimals ("125.5" EUR → "125.50"); digits are only ever added.
const decimals = (c) => { try { return new Intl.NumberFormat('en', { style: 'currency', currency: c }).resolvedOptions().minimumFractionDigits; } catch { return 0; } };
const show = (v, c) => { const [i, f = ''] = String(v).split('.'); const d = Math.max(f.length, decimals(c)); return d ? \`\${i}.\${f.padEnd(d, '0')}\` : i; };
const money = (t) => Object.keys(t).sort().map((c) => \`\${show(t[c], c)} \${c}\`).join(', ') || 'nothing';`;

const CLASSIFY = `// Sorts every row of this run into what the approver has to know. It reads the OMNO node's outputs and the
// ledger (Data Table "omno_payouts", filled by the "OMNO payout ledger" workflow from OMNO's webhooks);
// it parses nothing.
const WAITING = 'WAITING_FOR_CONFIRMATION';
// The amount and currency exactly as validated (and sent) by "Check every row".
const sent = new Map($('Check every row').all().filter((i) => i.json.dryRun).map((i) => [i.json.orderId, i.json.request.body]));
// One entry per orderId. Two deliveries of one payout that arrive together can each add a row: the newest status wins.
const ledger = new Map();
for (const { json } of $('Ledger: payouts OMNO reported').all()) {
  if (!json.orderId) continue;
  const seen = ledger.get(String(json.orderId));
  if (!seen || String(json.statusUpdatedAt ?? '') > String(seen.statusUpdatedAt ?? '')) ledger.set(String(json.orderId), json);
}
const out = [];
$('Create payouts').all().forEach((item, index) => {
  const r = item.json;
  if (r.summary || r.runReport) return;
  const orderId = r.orderId ?? null;
  const body = sent.get(orderId) ?? {};
  const row = {
    group: '',
    orderId,
    payoutId: r.payoutId ?? null,
    amount: body.value === undefined ? '' : String(body.value),
    currency: body.currency ?? '',
    status: r.status ?? '',
    note: '',
  };
  if (r.notSent) {
    row.group = 'failed';
    row.note = r.message ?? 'Not sent: the run stopped before this row.';
  } else if (r.error) {
    row.group = 'failed';
    row.note = r.outcome === 'unknown'
      ? \`No clear answer from OMNO, so it may exist; it is not confirmed by this run. Run the same sheet again to find out. (\${r.error})\`
      : r.error;
  } else if (r.alreadyExists || r.needsAttention) {
    const known = ledger.get(String(orderId));
    row.payoutId = r.payoutId ?? known?.payoutId ?? null;
    row.status = r.status ?? known?.status ?? '';
    if (!row.payoutId) {
      row.group = 'notResolvable';
      row.note = 'OMNO already has this orderId, but neither its answer nor the ledger names the payout. Find it in the OMNO dashboard by orderId and confirm or reject it there (or activate the "OMNO payout ledger" workflow and run the sheet again).';
    } else if (!row.status || row.status === WAITING) {
      row.group = 'earlierWaiting';
      row.note = row.status
        ? \`Created by an earlier run and still waiting\${r.payoutId ? '' : ' (found in the ledger)'}: confirmed with this run.\`
        : 'Created by an earlier run (status not known yet): confirmed with this run; a payout already decided stays as it is.';
    } else {
      row.group = 'earlierDecided';
      row.note = \`Created by an earlier run and already \${row.status}: not confirmed again.\`;
    }
  } else if (row.payoutId && row.status === WAITING) {
    row.group = 'createdNow';
  } else {
    row.group = 'notWaiting';
    row.note = \`Created, but OMNO reports \${row.status || 'no status'}: not confirmed by this run.\`;
  }
  out.push({ json: row, pairedItem: { item: index } });
});
return out;`;

const APPROVAL = `// The approval message: counts and totals first, the full list as the attached CSV. Its size does not grow
// with the sheet (a few lines per group), so it fits a Slack message for 10,000 rows too.
${ADD_DECIMAL}
const rows = $('Classify payouts').all().map((i) => i.json);
const of = (g) => rows.filter((r) => r.group === g);
const line = (label, list) => \`\${label}: \${list.length}\${list.length ? \` (\${money(totals(list))})\` : ''}\`;
const names = (list) => list.slice(0, 10).map((r) => r.orderId).join(', ') + (list.length > 10 ? \`, … (\${list.length - 10} more in the CSV)\` : '');
const toConfirm = [...of('createdNow'), ...of('earlierWaiting')];
const notResolvable = of('notResolvable');
const failed = of('failed');
const fileName = $input.first().binary?.data?.fileName ?? 'payouts.csv';
const lines = [
  \`Payout run \${$execution.id}: \${toConfirm.length} payout(s) wait for your approval: \${money(totals(toConfirm))}.\`,
  \`• \${line('Created by this run, waiting', of('createdNow'))}\`,
  \`• \${line('Created by an earlier run, still waiting (found again; confirmed with this run)', of('earlierWaiting'))}\`,
  of('earlierDecided').length ? \`• \${line('Created by an earlier run and already decided (not confirmed again)', of('earlierDecided'))}\` : '',
  of('notWaiting').length ? \`• \${line('Created, but not waiting for approval (not confirmed)', of('notWaiting'))}\` : '',
  notResolvable.length ? \`• In OMNO but not identifiable: \${notResolvable.length} (\${names(notResolvable)}). Find them in the OMNO dashboard by orderId and decide there.\` : '',
  failed.length ? \`• Failed, not in this approval: \${failed.length} (\${names(failed)})\` : '',
  \`The full list, with payout IDs: \${fileName} (attached to the approval message).\`,
].filter(Boolean);
const link = \`Approve or reject: \${$execution.resumeFormUrl} (opening the link decides nothing; the form asks).\`;
return [{
  json: {
    text: [...lines, link].join('\\n'),
    formText: lines.join('\\n'),
    toConfirm: toConfirm.length,
    createdNow: of('createdNow').length,
    createdEarlierWaiting: of('earlierWaiting').length,
    createdEarlierDecided: of('earlierDecided').length,
    notWaiting: of('notWaiting').length,
    notResolvable: notResolvable.length,
    failed: failed.length,
    totalsToConfirm: totals(toConfirm),
    approvalFormUrl: $execution.resumeFormUrl,
  },
  binary: $input.first().binary,
}];`;

const TO_CONFIRM = `// The payouts this approval covers: created by this run, or by an earlier run and still waiting.
return $('Classify payouts').all()
  .filter((i) => i.json.group === 'createdNow' || i.json.group === 'earlierWaiting')
  .map((i) => ({ json: { payoutId: i.json.payoutId, orderId: i.json.orderId } }));`;

const TO_LOOK_UP = `// Every payout of this run that has an ID, to read its final status from OMNO.
return $('Classify payouts').all()
  .filter((i) => i.json.payoutId)
  .map((i) => ({ json: { payoutId: i.json.payoutId, orderId: i.json.orderId } }));`;

const RECONCILE = `// One line per row of the sheet with OMNO's final word on it (from "Final statuses"), for the CSV and the report.
const finals = new Map($('Final statuses').all().filter((i) => i.json.id).map((i) => [i.json.id, i.json]));
const confirms = new Map($('Confirm payouts').all().map((i) => [i.json.payoutId, i.json]));
return $('Classify payouts').all().map((item) => {
  const r = item.json;
  const f = r.payoutId ? finals.get(r.payoutId) : undefined;
  const status = f?.status ?? r.status ?? '';
  let result;
  if (r.group === 'notResolvable') result = 'not resolvable';
  else if (r.group === 'failed') result = 'not created';
  else if (status === 'SUCCESS') result = 'paid';
  else if (['DECLINED', 'FAILED', 'REJECTED'].includes(status)) result = 'declined or failed';
  else result = 'pending';
  const confirm = confirms.get(r.payoutId);
  const reason = result === 'declined or failed'
    ? [f?.statusReason?.detailedStatus ?? f?.detailedStatus, f?.statusReason?.reason].filter(Boolean).join(': ') || \`OMNO gave no reason (status \${status})\`
    : result === 'pending' && confirm?.error ? confirm.error : result === 'pending' ? \`still \${status || 'unknown'}\` : r.note;
  return {
    json: {
      orderId: r.orderId,
      payoutId: r.payoutId,
      amount: f?.amount === undefined ? r.amount : String(f.amount),
      currency: f?.currency ?? r.currency,
      result,
      status,
      createdEarlier: r.group === 'earlierWaiting' || r.group === 'earlierDecided',
      reason: reason ?? '',
    },
  };
});`;

const REPORT = `// The reconciliation: per currency, what OMNO finally did, with exact totals. The CSV has every row.
${ADD_DECIMAL}
const rows = $('Reconciliation').all().map((i) => i.json);
const RESULTS = ['paid', 'pending', 'declined or failed', 'not resolvable', 'not created'];
const currencies = [...new Set(rows.map((r) => r.currency).filter(Boolean))].sort();
const perCurrency = {};
for (const c of currencies) {
  const mine = rows.filter((r) => r.currency === c);
  const entry = {};
  for (const res of RESULTS) {
    const list = mine.filter((r) => r.result === res);
    entry[res] = { count: list.length, total: show(totals(list)[c] ?? '0', c) };
  }
  const earlier = mine.filter((r) => r.createdEarlier);
  entry['created earlier and resolved'] = { count: earlier.length, total: show(totals(earlier)[c] ?? '0', c) };
  perCurrency[c] = entry;
}
const count = (res) => rows.filter((r) => r.result === res).length;
const declined = rows.filter((r) => r.result === 'declined or failed');
const unresolved = rows.filter((r) => r.result === 'not resolvable');
const named = (list) => list.slice(0, 10).map((r) => \`\${r.orderId} (\${r.reason})\`).join('; ') + (list.length > 10 ? \`; … \${list.length - 10} more in the CSV\` : '');
const lines = [
  \`Payout run \${$execution.id}: \${count('paid')} paid, \${count('pending')} pending, \${declined.length} declined or failed, \${unresolved.length} not resolvable, \${count('not created')} not created.\`,
  ...currencies.map((c) => {
    const e = perCurrency[c];
    return \`\${c}: paid \${e.paid.total} (\${e.paid.count}) · pending \${e.pending.total} (\${e.pending.count}) · declined/failed \${e['declined or failed'].total} (\${e['declined or failed'].count}) · created earlier and resolved \${e['created earlier and resolved'].total} (\${e['created earlier and resolved'].count}) · not resolvable \${e['not resolvable'].total} (\${e['not resolvable'].count})\`;
  }),
  declined.length ? \`Declined or failed: \${named(declined)}\` : '',
  unresolved.length ? \`Not resolvable (decide in the OMNO dashboard): \${named(unresolved)}\` : '',
  \`Every row: \${$input.first().binary?.data?.fileName ?? 'reconciliation.csv'} (attached).\`,
].filter(Boolean);
return [{
  json: { text: lines.join('\\n'), paid: count('paid'), pending: count('pending'), declinedOrFailed: declined.length, notResolvable: unresolved.length, notCreated: count('not created'), perCurrency },
  binary: $input.first().binary,
}];`;

const REJECTED = `// The payouts this run put up for approval, to reject them.
return $('Classify payouts').all()
  .filter((i) => i.json.group === 'createdNow' || i.json.group === 'earlierWaiting')
  .map((i) => ({ json: { payoutId: i.json.payoutId, orderId: i.json.orderId } }));`;

const BAD_ROWS_TEXT =
	"={{ $('Check every row').all().filter((i) => i.json.error).length }} row(s) of the sheet need fixing; nothing was sent to OMNO:\n" +
	// A column missing from the sheet makes every row invalid with the same message (marked emptyOnAllRows): shown once.
	"{{ $('Check every row').all().filter((i) => i.json.error).filter((i, k) => !i.json.emptyOnAllRows || k === 0).slice(0, 50).map((i) => '• ' + i.json.error).join('\\n') }}\n" +
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

function code(name, position, jsCode, extra = {}) {
	return { parameters: { jsCode }, name, type: 'n8n-nodes-base.code', typeVersion: 2, position, ...extra };
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

function toCsv(name, position, fileName) {
	return {
		parameters: { options: { fileName } },
		name,
		type: 'n8n-nodes-base.convertToFile',
		typeVersion: 1.1,
		position,
	};
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
	const X = (i) => 700 + i * 240;
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
			[X(5), 320],
			{ ...payoutFields, runOptions: { concurrency: 5, validateFirst: true, summary: true } },
			{ onError: 'continueRegularOutput' },
		),
		{
			parameters: { operation: 'get', dataTableId: LEDGER, returnAll: true },
			name: 'Ledger: payouts OMNO reported',
			type: 'n8n-nodes-base.dataTable',
			typeVersion: 1,
			position: [X(6), 320],
			executeOnce: true,
			alwaysOutputData: true,
		},
		code('Classify payouts', [X(7), 320], CLASSIFY),
		toCsv('Payout list (CSV)', [X(8), 320], "={{ 'payout-run-' + $execution.id + '.csv' }}"),
		code('Approval message', [X(9), 320], APPROVAL),
		{
			parameters: {
				resume: 'form',
				formTitle: 'Approve payout run',
				formDescription: '={{ $json.formText }}',
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
			position: [X(0), 700],
			webhookId: '5f0c3e0a-2b7d-4c1e-9a51-0d7b6e2f9a11',
		},
		ifNode(
			'Approved?',
			[X(1), 700],
			[
				condition('2c6f3a57-1d8e-4f4b-9b7c-3e2a1f0d9c88', '={{ $json.Decision }}', DECISION_APPROVE, {
					type: 'string',
					operation: 'equals',
				}),
			],
		),
		code('Payouts to confirm', [X(2), 600], TO_CONFIRM),
		omno(
			'Confirm payouts',
			[X(3), 600],
			{ resource: 'payout', operation: 'confirm', payoutId: '={{ $json.payoutId }}' },
			{ onError: 'continueRegularOutput' },
		),
		code('Payouts to look up', [X(4), 600], TO_LOOK_UP),
		omno(
			'Final statuses',
			[X(5), 600],
			{
				resource: 'transaction',
				operation: 'get',
				transactionId: '={{ $json.payoutId }}',
				transactionType: 'payout',
				waitForFinalStatus: true,
				timeoutSeconds: 120,
				pollIntervalSeconds: 1,
			},
			{ onError: 'continueRegularOutput' },
		),
		code('Reconciliation', [X(6), 600], RECONCILE),
		toCsv('Reconciliation (CSV)', [X(7), 600], "={{ 'reconciliation-' + $execution.id + '.csv' }}"),
		code('Reconciliation report', [X(8), 600], REPORT),
		code('Payouts to reject', [X(2), 820], REJECTED),
		omno(
			'Reject payouts',
			[X(3), 820],
			{ resource: 'payout', operation: 'reject', payoutId: '={{ $json.payoutId }}' },
			{ onError: 'continueRegularOutput' },
		),
		{
			parameters: {
				assignments: {
					assignments: [
						{
							id: '9b7c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d',
							name: 'text',
							value:
								"={{ 'Payout run ' + $execution.id + ' rejected: ' + $('Reject payouts').all().filter((i) => i.json.rejected || i.json.alreadyDecided).length + ' payout(s) rejected, nothing was sent. ' + $('Reject payouts').all().filter((i) => i.json.error).length + ' could not be rejected.' }}",
							type: 'string',
						},
					],
				},
				options: {},
			},
			name: 'Rejection message',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [X(4), 820],
			executeOnce: true,
		},
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
		nodes.push(ending('Run finished', [X(9), 600], 'Payout run finished', '={{ $json.text }}'));
		nodes.push(ending('Run rejected', [X(5), 820], 'Payout run rejected', '={{ $json.text }}'));
	}
	const connections = {
		'Sheet rows': main([['Check every row', 'Only when every row is valid']]),
		'Check every row': main([['Run summary']]),
		'Run summary': main([['Every row valid?']]),
		'Every row valid?': main([[['Only when every row is valid', 1]], ['Rows to fix']]),
		'Only when every row is valid': main([['Create payouts']]),
		'Create payouts': main([['Ledger: payouts OMNO reported']]),
		'Ledger: payouts OMNO reported': main([['Classify payouts']]),
		'Classify payouts': main([['Payout list (CSV)']]),
		'Payout list (CSV)': main([['Approval message']]),
		'Approval message': main([['Approve in a form']]),
		'Approve in a form': main([['Approved?']]),
		'Approved?': main([['Payouts to confirm'], ['Payouts to reject']]),
		'Payouts to confirm': main([['Confirm payouts']]),
		'Confirm payouts': main([['Payouts to look up']]),
		'Payouts to look up': main([['Final statuses']]),
		'Final statuses': main([['Reconciliation']]),
		Reconciliation: main([['Reconciliation (CSV)']]),
		'Reconciliation (CSV)': main([['Reconciliation report']]),
		'Payouts to reject': main([['Reject payouts']]),
		'Reject payouts': main([['Rejection message']]),
	};
	if (form) {
		connections['Reconciliation report'] = main([['Run finished']]);
		connections['Rejection message'] = main([['Run rejected']]);
	}
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
5. **Ledger**: n8n's Data Table \`omno_payouts\`, filled by the "OMNO payout ledger" workflow from OMNO's webhooks, names the payouts an earlier run created.
6. **Approval message** (\`text\` for Slack / e-mail, the full list attached as CSV) and **Approve in a form**: only submitting the form decides; opening its link does nothing.
7. **Confirm payouts** → **Final statuses** (waits for OMNO's final word) → **Reconciliation report**: paid, pending, declined or failed (with OMNO's reason), created earlier, not resolvable, exact totals per currency, and a CSV.

Columns as in your sheet: \`amount\` is mapped to OMNO's \`value\` in both OMNO nodes; change the mapping there if your columns have other names.`;

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
module.exports = { formWorkflow, COLUMNS, FORM_PATH, SHEET_FIELD, DECISION_APPROVE, DECISION_REJECT };
