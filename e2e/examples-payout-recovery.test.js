'use strict';
/**
 * The shipped payout-run example (examples/payout-run-with-approval.json) in `n8n start` (E2E_N8N_VERSION, default
 * 2.41.1) when OMNO already holds payouts of the sheet: payouts of an interrupted earlier run found through the
 * ledger; a typo fixed in the sheet (OMNO 12500.00, sheet 125.50) listed as differing and never confirmed; creates
 * answered 503 after OMNO created them shown as "may exist" and found on the re-run; a 409 naming another order's
 * payout (sandbox style `other-id`) shown as differing and never confirmed. Driven over HTTP as its form pages do;
 * the plain runs are in e2e/examples-payout-run.test.js.
 */
const { describe, before, after, test } = require('node:test');
const assert = require('node:assert/strict');
const { insertDataTableRows } = require('../tools/n8n/data-tables');
const { VERSION, control: sandboxControl } = require('./lib/omno');
const { PayoutFormStack, anaSilva, sheetWith, approvalOf, reportOf } = require('./lib/examples');
const { DECISION_APPROVE } = require('../tools/payout-examples');

describe(
	`examples/payout-run-with-approval.json meets earlier payouts in n8n ${VERSION}`,
	{ timeout: 300_000 },
	() => {
		const stack = new PayoutFormStack();
		/** A POST straight to the sandbox with a token of its own, as OMNO would see it from elsewhere than n8n. */
		const sandboxPost = (urlPath, body) => stack.call('POST', urlPath, body);

		before(() => stack.start({ seed: 'examples-recovery' }));
		after(() => stack.stop());

		test('payout run: payouts an interrupted earlier run created are found (ledger) and confirmed with this run', async () => {
			// The "earlier run": two of the four orderIds were created on OMNO and never approved; the ledger workflow
			// recorded one of them from OMNO's webhook.
			const earlier = [];
			for (const [orderId, value, currency] of [
				['int-2024-06-0001', 125.5, 'EUR'],
				['int-2024-06-0002', 80, 'EUR'],
			]) {
				earlier.push(
					await sandboxPost('/public/payout', {
						orderId,
						value,
						currency,
						kycVerified: true,
						customer: anaSilva('int-1'),
					}),
				);
			}
			const ledgerPayoutId = earlier[0].payoutId ?? earlier[0].id;
			await insertDataTableRows(stack.n8n, stack.ledgerId, [
				{
					orderId: 'int-2024-06-0001',
					payoutId: ledgerPayoutId,
					status: 'WAITING_FOR_CONFIRMATION',
					amount: '125.50',
					currency: 'EUR',
					statusUpdatedAt: new Date().toISOString(),
				},
			]);
			const execution = await stack.upload(sheetWith('int-2024-06-'), 'Approve in a form');
			const { approval, row } = approvalOf(execution);
			assert.equal(row['int-2024-06-0001'].group, 'waiting');
			assert.equal(row['int-2024-06-0001'].payoutId, ledgerPayoutId);
			// Not in the ledger: found only if OMNO's 409 named it; otherwise not identifiable — never "created".
			assert.ok(
				['waiting', 'notIdentifiable'].includes(row['int-2024-06-0002'].group),
				row['int-2024-06-0002'].group,
			);
			assert.equal(row['int-2024-06-0003'].group, 'waiting');
			assert.equal(row['int-2024-06-0004'].group, 'waiting');
			if (row['int-2024-06-0002'].group === 'notIdentifiable')
				assert.match(approval.text, /In OMNO but not identifiable: 1\. /);
			await stack.decide(execution, DECISION_APPROVE);
			const status = (o) => stack.payoutsOf(o)[0]?.status;
			assert.equal(stack.payoutsOf('int-2024-06-0001').length, 1, 'never a second payout');
			assert.equal(
				status('int-2024-06-0001'),
				'SUCCESS',
				'the earlier payout found in the ledger was confirmed',
			);
			assert.equal(status('int-2024-06-0003'), 'SUCCESS');
			if (row['int-2024-06-0002'].group === 'notIdentifiable')
				assert.equal(status('int-2024-06-0002'), 'WAITING_FOR_CONFIRMATION');
		});

		test('payout run: typo then fix — OMNO holds 12500.00, the sheet says 125.50: listed as differing, never confirmed, in no total', async () => {
			// Run 1 (elsewhere) created the first row with a typo and stopped before approval.
			const typo = await sandboxPost('/public/payout', {
				orderId: 'typo-2024-06-0001',
				value: 12500,
				currency: 'EUR',
				kycVerified: true,
				customer: anaSilva('typo-1'),
			});
			const typoId = typo.payoutId ?? typo.id;
			await insertDataTableRows(stack.n8n, stack.ledgerId, [
				{
					orderId: 'typo-2024-06-0001',
					payoutId: typoId,
					status: 'WAITING_FOR_CONFIRMATION',
					amount: '12500',
					currency: 'EUR',
				},
			]);
			const execution = await stack.upload(sheetWith('typo-2024-06-'), 'Approve in a form');
			const { approval, row } = approvalOf(execution);
			assert.equal(row['typo-2024-06-0001'].group, 'differs');
			assert.equal(row['typo-2024-06-0001'].omnoAmount, '12500');
			assert.ok(!approval.toConfirm.some((t) => t.orderId === 'typo-2024-06-0001'));
			assert.equal(approval.counts.waiting, 3);
			// 80.00 + 42.13 EUR and 310.25 USD: the 12500 is in no "to confirm" total.
			assert.deepEqual(approval.totals.waiting, { EUR: '122.13', USD: '310.25' });
			assert.match(approval.text, /typo-2024-06-0001 \(OMNO 12500\.00 EUR, sheet 125\.50 EUR\)/);
			assert.ok(
				approval.text.indexOf('Differs') < approval.text.indexOf('Waiting'),
				'differences are listed first',
			);
			const done = await stack.decide(execution, DECISION_APPROVE);
			assert.equal(
				stack.payoutsOf('typo-2024-06-0001')[0].status,
				'WAITING_FOR_CONFIRMATION',
				'not confirmed',
			);
			assert.equal(
				stack.requests('PUT', `/public/payout/${typoId}`).length,
				0,
				'no confirm was even sent for it',
			);
			assert.equal(reportOf(done).counts.differs, 1);
			assert.equal(stack.payoutsOf('typo-2024-06-0003')[0].status, 'SUCCESS');
		});

		test('payout run: creates OMNO answered 503 after creating them are "may exist", never "not created"; the re-run finds them', async () => {
			await sandboxControl(stack.url, 'POST', 'config', { faultAfterRate: 1, faultAfterMode: '503' });
			let execution;
			try {
				execution = await stack.upload(sheetWith('may-2024-06-'), 'Approve in a form');
			} finally {
				await sandboxControl(stack.url, 'POST', 'config', { faultAfterRate: 0 });
			}
			const { approval, row } = approvalOf(execution);
			assert.equal(stack.payoutsOf('may-').length, 4, 'OMNO did create them');
			for (const n of [1, 2, 3, 4]) assert.equal(row[`may-2024-06-000${n}`].group, 'mayExist');
			assert.equal(approval.counts.notCreated, 0);
			assert.equal(approval.counts.waiting, 0);
			assert.match(approval.text, /^No payout waits for your approval/);
			assert.match(approval.text, /May exist in OMNO \(a create got no clear answer\): 4 /);
			// OMNO's webhooks tell the ledger about them (written here as the ledger workflow would): the re-run finds them.
			await insertDataTableRows(
				stack.n8n,
				stack.ledgerId,
				stack.payoutsOf('may-').map((p) => ({
					orderId: p.orderId,
					payoutId: p.id,
					status: p.status,
					amount: String(p.amount),
					currency: p.currency,
					statusUpdatedAt: new Date().toISOString(),
				})),
			);
			const again = approvalOf(await stack.upload(sheetWith('may-2024-06-'), 'Approve in a form'));
			assert.equal(again.approval.counts.waiting, 4);
			assert.equal(stack.payoutsOf('may-').length, 4, 'never a second payout');
		});

		test("payout run: a 409 naming another order's payout is shown as differing and never confirmed", async () => {
			// Another order's payout, then this sheet's second row: OMNO's (wrong) 409 for it names the one before.
			const other = await sandboxPost('/public/payout', {
				orderId: 'someone-else-9800',
				value: 9800,
				currency: 'EUR',
				kycVerified: true,
				customer: anaSilva('oth-x'),
			});
			const earlier = await sandboxPost('/public/payout', {
				orderId: 'oth-2024-06-0002',
				value: 80,
				currency: 'EUR',
				kycVerified: true,
				customer: anaSilva('oth-2'),
			});
			await sandboxControl(stack.url, 'POST', 'config', { conflictStyle: 'other-id' });
			let execution;
			try {
				execution = await stack.upload(sheetWith('oth-2024-06-'), 'Approve in a form');
			} finally {
				await sandboxControl(stack.url, 'POST', 'config', { conflictStyle: 'bare' });
			}
			const { approval, row } = approvalOf(execution);
			const named = row['oth-2024-06-0002'];
			assert.equal(named.group, 'differs');
			assert.equal(named.payoutId, other.payoutId ?? other.id, "the 409 named the other order's payout");
			assert.notEqual(named.payoutId, earlier.payoutId ?? earlier.id);
			assert.equal(named.omnoOrderId, 'someone-else-9800');
			assert.equal(named.omnoAmount, '9800');
			assert.ok(!approval.toConfirm.some((t) => t.payoutId === named.payoutId));
			assert.deepEqual(
				approval.totals.waiting,
				{ EUR: '167.63', USD: '310.25' },
				'9800 is in no total to confirm',
			);
			await stack.decide(execution, DECISION_APPROVE);
			assert.equal(
				stack.sandbox.state.store.payouts.get(other.payoutId ?? other.id).status,
				'WAITING_FOR_CONFIRMATION',
			);
			assert.equal(stack.payoutsOf('oth-2024-06-0002')[0].status, 'WAITING_FOR_CONFIRMATION');
			assert.equal(stack.payoutsOf('oth-2024-06-0001')[0].status, 'SUCCESS');
		});
	},
);
