'use strict';
/**
 * The shipped payout-run example (examples/payout-run-with-approval.json) in `n8n start` (E2E_N8N_VERSION, default
 * 2.41.1), driven over HTTP exactly as its form pages do (n8n's Data Table node only works in `n8n start`): sheets
 * with bad rows or a missing column refused before anything is sent; the sample sheet created, journaled, checked
 * against OMNO, approved and reconciled; a run rejected. Each test checks the run's pages and output AND what the
 * sandbox received. Runs that meet an earlier run's payouts: e2e/examples-payout-recovery.test.js.
 */
const { describe, before, after, test } = require('node:test');
const assert = require('node:assert/strict');
const { sleep } = require('../tools/n8n');
const { nodeJson } = require('./lib/forms');
const { VERSION } = require('./lib/omno');
const { PayoutFormStack, sampleSheet, sheetWith, approvalOf, reportOf, ran } = require('./lib/examples');
const { DECISION_APPROVE, DECISION_REJECT } = require('../tools/payout-examples');

describe(
	`examples/payout-run-with-approval.json through its form in n8n ${VERSION}`,
	{ timeout: 300_000 },
	() => {
		const stack = new PayoutFormStack();
		let sampleRun; // the sample sheet's run, waiting at its approval until the next test decides it

		before(() => stack.start({ seed: 'examples' }));
		after(() => stack.stop());

		test('payout run: a sheet with bad rows sends nothing; the page names every bad row', async () => {
			const csv = sheetWith(
				'bad-2024-06-',
				['80.00,EUR', '80.0055,EUR'],
				['tom.baker@example.com', 'tom.baker.example.com'],
			);
			const execution = await stack.upload(csv, 'Rows to fix');
			const checked = nodeJson(execution, 'Check every row');
			const errors = checked.filter((r) => r.error).map((r) => r.error);
			assert.equal(errors.length, 2, JSON.stringify(errors));
			// Rows named as the sheet counts them, with their orderId and the column the field comes from.
			assert.match(
				errors[0],
				/^Row 3 \(orderId bad-2024-06-0002\): Amount \(value, column "amount"\) has 4 decimals but EUR allows at most 2, got "80\.0055"$/,
				errors[0],
			);
			assert.match(errors[1], /^Row 5 \(orderId bad-2024-06-0004\): Email \(customer\.email\) /, errors[1]);
			assert.equal(nodeJson(execution, 'Create payouts').length, 0, 'nothing created');
			assert.deepEqual(stack.payoutsOf('bad-'), [], 'validate-first: no payout of that sheet was created');
			assert.equal(
				stack.requests('POST', '/public/payout').filter((e) => String(e.body?.orderId).startsWith('bad-'))
					.length,
				0,
			);
			// The page the uploader lands on lists them.
			const page = await (await fetch(execution.formWaitingUrl)).text();
			assert.match(page, /2 row\(s\) of the sheet need fixing; nothing was sent to OMNO/);
			for (const e of errors) assert.ok(page.includes(e.split('): ')[0]), `${e} on the page`);
		});

		test('payout run: a sheet without an amount column sends nothing; the page says which column is missing, once', async () => {
			// The sheet calls the amount "betrag": no column matches Amount (its own name or another one it is known by).
			const csv = sheetWith('nocol-2024-06-', ['orderId,amount,', 'orderId,betrag,']);
			const execution = await stack.upload(csv, 'Rows to fix');
			const checked = nodeJson(execution, 'Check every row').filter((r) => r.error);
			const message =
				'No column of the sheet matches Amount (value). Columns the sheet has: "orderId", "betrag", "currency", ' +
				'"externalUserId", "firstName", "lastName", "email", "phoneNumber", "dateOfBirth", "address", "city", ' +
				// First-seen order over the rows: Extract from File leaves out empty cells, and the first row's state is empty.
				'"countryCode", "postalCode", "state". Name a column for each, e.g. Amount: "Amount", "Value", ' +
				'"Payout Amount" (case, spaces and punctuation do not matter).';
			assert.deepEqual(
				checked.map((r) => [r.error, r.emptyOnAllRows]),
				[1, 2, 3, 4].map((n) => [`Row ${n + 1} (orderId nocol-2024-06-000${n}): ${message}`, 'value']),
			);
			assert.equal(nodeJson(execution, 'Create payouts').length, 0, 'nothing created');
			assert.equal(
				stack.requests('POST', '/public/payout').filter((e) => String(e.body?.orderId).startsWith('nocol-'))
					.length,
				0,
				'not one doomed request',
			);
			const page = await (await fetch(execution.formWaitingUrl)).text();
			assert.match(page, /4 row\(s\) of the sheet need fixing; nothing was sent to OMNO/);
			assert.equal(
				page.split('No column of the sheet matches Amount (value)').length - 1,
				1,
				'the message is shown once',
			);
		});

		test('payout run: an uploaded CSV becomes payouts (quoted comma kept), journaled, checked against OMNO, then waits for approval', async () => {
			sampleRun = await stack.upload(sampleSheet, 'Approve in a form');
			const rows = nodeJson(sampleRun, 'Read CSV');
			assert.equal(rows.length, 4);
			assert.equal(rows[2].address, '1 Market St, Suite 300');
			assert.equal(rows[2].countryCode, 'US');
			const created = nodeJson(sampleRun, 'Create payouts');
			assert.deepEqual(
				created.map((c) => [c.orderId, c.requested]),
				[
					['aff-2024-06-0001', { value: '125.5', currency: 'EUR' }],
					['aff-2024-06-0002', { value: '80', currency: 'EUR' }],
					['aff-2024-06-0003', { value: '310.25', currency: 'USD' }],
					['aff-2024-06-0004', { value: '42.13', currency: 'EUR' }],
				],
				'each created row says what it asked for',
			);
			const journal = nodeJson(sampleRun, 'Read journal').filter((r) => r.orderId?.startsWith('aff-'));
			assert.deepEqual(
				journal.map((r) => [r.orderId, r.payoutId === created.find((c) => c.orderId === r.orderId).payoutId]),
				[1, 2, 3, 4].map((n) => [`aff-2024-06-000${n}`, true]),
				'every created payout is in the journal before the approval waits',
			);
			const { approval } = approvalOf(sampleRun);
			assert.equal(approval.counts.waiting, 4);
			assert.deepEqual(approval.totals.waiting, { EUR: '247.63', USD: '310.25' });
			assert.match(approval.text, /^4 payout\(s\) wait for your approval: 247\.63 EUR, 310\.25 USD /);
			assert.ok(approval.message.includes(approval.approvalFormUrl));
			assert.equal(
				stack
					.requests('GET', '/public/payout/')
					.filter((e) => approval.toConfirm.some((t) => e.path.endsWith(t.payoutId))).length >= 4,
				true,
				'every payout put up was read from OMNO',
			);
			const payouts = stack.payoutsOf('aff-');
			assert.equal(payouts.length, 4);
			for (const p of payouts) assert.equal(p.status, 'WAITING_FOR_CONFIRMATION');
			const posted = stack
				.requests('POST', '/public/payout')
				.find((e) => e.body?.orderId === 'aff-2024-06-0003');
			assert.equal(posted.body.customer.billing.address, '1 Market St, Suite 300');
			assert.equal(posted.body.value, 310.25);
		});

		test('payout run: opening the approval link decides nothing; submitting the form confirms and reconciles', async () => {
			const { approval } = approvalOf(sampleRun);
			const confirmsBefore = stack.requests('PUT', '/public/payout/').length;
			const page = await fetch(approval.approvalFormUrl);
			assert.equal(page.status, 200);
			assert.match(await page.text(), /Approve payout run/);
			await sleep(500);
			assert.equal(
				stack.requests('PUT', '/public/payout/').length,
				confirmsBefore,
				'a GET confirmed nothing',
			);
			const execution = await stack.decide(sampleRun, DECISION_APPROVE);
			assert.ok(ran(execution, 'Confirm payouts'));
			assert.equal(ran(execution, 'Reject payouts'), false);
			const confirms = stack.requests('PUT', '/public/payout/').filter((e) => e.path.endsWith('/confirm'));
			assert.equal(confirms.length, 4);
			const report = reportOf(execution);
			assert.equal(report.counts.paid, 3);
			assert.equal(report.counts.declinedOrFailed, 1);
			assert.equal(report.counts.waiting, 0);
			assert.deepEqual(report.perCurrency.EUR.paid, { count: 2, total: '205.50' });
			assert.deepEqual(report.perCurrency.EUR.declinedOrFailed, { count: 1, total: '42.13' });
			assert.deepEqual(report.perCurrency.USD.paid, { count: 1, total: '310.25' });
			assert.match(report.text, /aff-2024-06-0004 \(GENERAL_DECLINE/);
			const statuses = Object.fromEntries(stack.payoutsOf('aff-').map((p) => [p.orderId, p.status]));
			assert.deepEqual(statuses, {
				'aff-2024-06-0001': 'SUCCESS',
				'aff-2024-06-0002': 'SUCCESS',
				'aff-2024-06-0003': 'SUCCESS',
				'aff-2024-06-0004': 'DECLINED', // sandbox: amounts ending in .13 are declined
			});
		});

		test('payout run: rejecting rejects every payout of the run and nothing is confirmed', async () => {
			const execution = await stack.upload(sheetWith('rej-2024-06-'), 'Approve in a form');
			const done = await stack.decide(execution, DECISION_REJECT);
			assert.equal(ran(done, 'Confirm payouts'), false);
			assert.equal(reportOf(done).counts.rejected, 4);
			assert.match(reportOf(done).text, /4 rejected/);
			const payouts = stack.payoutsOf('rej-');
			assert.equal(payouts.length, 4);
			for (const p of payouts) assert.equal(p.status, 'REJECTED');
		});
	},
);
