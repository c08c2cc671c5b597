'use strict';
/** Names and texts of the payout-run example that the workflow, npm start, the walkthrough and e2e tests share. */

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

module.exports = {
	CREDENTIAL,
	LEDGER,
	JOURNAL,
	FORM_PATH,
	BATCH_SIZE,
	SHEET_FIELD,
	DECISION_APPROVE,
	DECISION_REJECT,
	BAD_ROWS_TEXT,
};
