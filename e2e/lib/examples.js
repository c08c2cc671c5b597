'use strict';
/**
 * The shipped examples (examples/*.json) in e2e tests: reading them, the credential they name, the customer of
 * their sample rows, and the payout-run example served by a running n8n behind its form (PayoutFormStack), as
 * e2e/examples-payout-*.test.js and e2e/sheets.test.js drive it: upload a sheet, wait for the page the run stops
 * at, answer the approval, read what the sandbox received.
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { Stack } = require('./stack');
const { LEDGER_TABLE, pointImportedWorkflows } = require('../../tools/n8n/data-tables');
const {
	waitForFormLive,
	submitForm,
	answerApproval,
	executionIds,
	waitForExecution,
	nodeJson,
} = require('./forms');
const { FORM_PATH } = require('../../tools/payout-examples');

const EXAMPLES_DIR = path.resolve(__dirname, '..', '..', 'examples');
/** The OMNO credential every example names (README: create it under this name, or import it with this id). */
const EXAMPLE_CRED = { id: 'omnoSandboxCred1', name: 'OMNO Sandbox' };

const loadExample = (file) => JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'));
/** Every example file as shipped: a new example without a test still has to import. */
const exampleFiles = () => fs.readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.json'));

/** The customer the examples' sample rows pay. */
const anaSilva = (externalUserId) => ({
	externalUserId,
	firstName: 'Ana',
	lastName: 'Silva',
	email: 'ana@example.com',
	phoneNumber: '351 912345678',
	dateOfBirth: '1988-04-12',
	billing: {
		address: 'Rua Augusta 10',
		city: 'Lisbon',
		state: '',
		countryCode: 'PT',
		postalCode: '1100-053',
	},
});

const sampleSheet = fs.readFileSync(path.join(EXAMPLES_DIR, 'payout-sheet-sample.csv'), 'utf8');
/** The sample sheet with its orderIds under `prefix` and each [from, to] text replaced. */
const sheetWith = (prefix, ...replacements) =>
	replacements.reduce(
		(text, [from, to]) => text.split(from).join(to),
		sampleSheet.split('aff-2024-06-').join(prefix),
	);

/** The payout-run example in `n8n start`, its ledger Data Table created and pointed at (as `npm start` does), its form live. */
class PayoutFormStack extends Stack {
	constructor() {
		super();
		this.payout = loadExample('payout-run-with-approval.json');
	}

	async start({ seed }) {
		await super.start({
			sandbox: { seed, settleMs: 300 },
			omnoCredential: EXAMPLE_CRED,
			workflows: [this.payout],
			server: true,
		});
		({ [LEDGER_TABLE]: this.ledgerId } = await pointImportedWorkflows(this.n8n, [this.payout]));
		await this.n8n.activateWorkflow(this.payout.id);
		this.formUrl = `${this.n8n.baseUrl}/form/${FORM_PATH}`;
		await waitForFormLive(this.formUrl);
		return this;
	}

	/** Uploads a sheet (file text); resolves with the execution once it waits at `waitingAt` (a form page or the approval). */
	async upload(file, waitingAt, { name = 'payouts.csv', type = 'text/csv' } = {}) {
		const skip = new Set(await executionIds(this.n8n, this.payout.id));
		const res = await submitForm(this.formUrl, { 'field-0': { file, name, type } });
		assert.equal(res.status, 200, res.text);
		const execution = await waitForExecution(
			this.n8n,
			this.payout.id,
			(e) => e.status === 'waiting' && e.data?.resultData?.lastNodeExecuted === waitingAt,
			{ timeoutMs: 60_000, skip },
		);
		// Where the uploader's browser goes next (2.x signs it), as the form page would follow it.
		execution.formWaitingUrl = res.json?.formWaitingUrl ?? `${this.n8n.baseUrl}/form-waiting/${execution.id}`;
		return execution;
	}

	/** Answers the approval form; resolves with the execution once it reached "Run finished". */
	async decide(execution, decision) {
		const res = await answerApproval(execution, decision).answer;
		assert.equal(res.status, 200, res.text);
		return waitForExecution(
			this.n8n,
			this.payout.id,
			(e) => e.id === execution.id && e.data?.resultData?.lastNodeExecuted === 'Run finished',
			{ timeoutMs: 120_000 },
		);
	}

	requests(method, prefix) {
		return this.log.filter((e) => e.method === method && e.path.startsWith(prefix));
	}

	payoutsOf(prefix) {
		return [...this.sandbox.state.store.payouts.values()].filter((p) => p.orderId.startsWith(prefix));
	}
}

/** The approval item (Check against OMNO + the link) and its rows by orderId. */
function approvalOf(execution) {
	const [approval] = nodeJson(execution, 'Approval message');
	return { approval, row: Object.fromEntries(approval.rows.map((r) => [r.orderId, r])) };
}
const reportOf = (execution) => nodeJson(execution, 'Reconcile with OMNO')[0];
const ran = (execution, name) => Boolean(execution.data?.resultData?.runData?.[name]);

module.exports = {
	EXAMPLE_CRED,
	loadExample,
	exampleFiles,
	anaSilva,
	sampleSheet,
	sheetWith,
	PayoutFormStack,
	approvalOf,
	reportOf,
	ran,
};
