'use strict';
/**
 * The payout-run example: examples/payout-run-with-approval.json (n8n Form: upload a CSV/XLSX sheet → check every
 * row → create → resolve against the ledger → approve in a form → confirm → final statuses → reconciliation) and the
 * sheet to try it with, examples/payout-sheet-sample.csv. scripts/build-payout-examples.js writes them; npm start,
 * the walkthrough and the e2e tests use the names below (form path, decisions, batch size).
 *
 * No Code node parses anything: n8n's Extract from File reads the sheet (quoted commas included), the OMNO
 * node validates every row and does every API call, n8n's Data Table node reads the ledger.
 *
 * There is no Manual Trigger variant: n8n's Data Table node does not work in `n8n execute` (n8n loads its
 * Data Table module only in `n8n start`/worker: "Attempted to use Data table node but the module is disabled"),
 * so a headless run goes through the form's HTTP endpoints like a browser (e2e/examples-payout-run.test.js).
 *
 * Files: constants.js (names and texts), nodes.js (node builders), run-nodes.js (the run), form-workflow.js (the
 * form in front of it and the note), sheet.js (the sheet's columns and sample rows).
 */
const { COLUMNS, SAMPLE_ROWS, sheetCsv } = require('./sheet');
const { FORM_PATH, SHEET_FIELD, DECISION_APPROVE, DECISION_REJECT, BATCH_SIZE } = require('./constants');
const { formWorkflow } = require('./form-workflow');

/** The files under examples/ this example is made of, by name, with their exact text. */
function exampleFiles() {
	return {
		'payout-run-with-approval.json': `${JSON.stringify(formWorkflow(), null, 2)}\n`,
		'payout-sheet-sample.csv': sheetCsv(SAMPLE_ROWS),
	};
}

module.exports = {
	exampleFiles,
	formWorkflow,
	COLUMNS,
	FORM_PATH,
	SHEET_FIELD,
	DECISION_APPROVE,
	DECISION_REJECT,
	BATCH_SIZE,
};
