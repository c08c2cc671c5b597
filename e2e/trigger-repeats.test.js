'use strict';
/**
 * OMNO Trigger "Ignore Repeats" in a real, running n8n: how many runs start per pay-in when OMNO sends the same
 * news more than once. Three triggers (Verify with OMNO on, Statuses [SUCCESS], every pay-in already SUCCESS in
 * the sandbox) get the same deliveries: Ignore Repeats on, off, and off followed by n8n's Remove Duplicates node
 * on the trigger's `repeatKey` ("processed in previous executions", a candidate for what Ignore Repeats cannot
 * cover: restarts, several webhook processes). Runs are counted through n8n's executions API. The sandbox answers with 100–300 ms latency, like OMNO, so deliveries at the same
 * instant overlap in the fetch.
 */
const { describe, before, after, test } = require('node:test');
const assert = require('node:assert/strict');
const { sleep } = require('../tools/n8n');
const { Stack } = require('./lib/stack');
const { VERSION, CRED_ID, CRED_NAME, customer, sandboxToken, omnoCall, control } = require('./lib/omno');
const { notBuilt, headerSecretField } = require('./lib/trigger');

const HOOK_CRED = { id: 'omnoE2eRepHook01', name: 'OMNO e2e repeats key' };
const HEADER_NAME = 'X-Omno-Key';
const SECRET = 'e2e-repeats-secret-0123456789';
const TRIGGER = 'OMNO Trigger';
const PAY_INS = 10;

/** One trigger workflow per way of handling repeats. */
const FLOWS = {
	on: { id: 'omnoE2eRepOn0001', webhookId: 'd1a2b3c4-0001-4a7b-8c9d-0e1f2a3b4c5d', ignoreRepeats: true },
	off: { id: 'omnoE2eRepOff001', webhookId: 'd1a2b3c4-0002-4a7b-8c9d-0e1f2a3b4c5d', ignoreRepeats: false },
	removeDuplicates: {
		id: 'omnoE2eRepDedup1',
		webhookId: 'd1a2b3c4-0003-4a7b-8c9d-0e1f2a3b4c5d',
		ignoreRepeats: false,
		removeDuplicates: true,
	},
};

function repeatsWorkflow({ id, webhookId, ignoreRepeats, removeDuplicates = false }) {
	const trigger = {
		name: TRIGGER,
		type: 'n8n-nodes-omno.omnoTrigger',
		typeVersion: 1,
		position: [0, 0],
		webhookId,
		parameters: {
			deliveryAuthentication: 'credential',
			verifyWithOmno: true,
			transactionKind: 'both',
			statuses: ['SUCCESS'],
			ignoreRepeats,
			repeatWindowMinutes: 10,
		},
		credentials: {
			omnoWebhookAuthApi: HOOK_CRED,
			omnoOAuth2Api: { id: CRED_ID, name: CRED_NAME },
		},
	};
	const done = {
		name: 'Done',
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: [440, 0],
		parameters: {},
	};
	if (!removeDuplicates) {
		return {
			id,
			name: `e2e OMNO trigger repeats ${id}`,
			nodes: [trigger, done],
			connections: { [TRIGGER]: { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		};
	}
	const dedupe = {
		name: 'Remove Duplicates',
		type: 'n8n-nodes-base.removeDuplicates',
		typeVersion: 2,
		position: [220, 0],
		// As in the route-by-status example: the node's first write inserts its list, and two runs doing that at once
		// collide on the table's key (measured: the run fails, or with On Error Continue the item is replaced by the
		// error). A second try finds the list and adds to it.
		retryOnFail: true,
		maxTries: 3,
		waitBetweenTries: 100,
		parameters: {
			operation: 'removeItemsSeenInPreviousExecutions',
			dedupeValue: '={{ $json.repeatKey }}',
			options: { scope: 'workflow' },
		},
	};
	return {
		id,
		name: `e2e OMNO trigger repeats ${id}`,
		nodes: [trigger, dedupe, done],
		connections: {
			[TRIGGER]: { main: [[{ node: 'Remove Duplicates', type: 'main', index: 0 }]] },
			'Remove Duplicates': { main: [[{ node: 'Done', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/** The trigger's output item of an execution read through the public API (includeData=true). */
const triggerItem = (execution) =>
	execution.data?.resultData?.runData?.[TRIGGER]?.[0]?.data?.main?.[0]?.[0]?.json;
/** Whether the execution's item reached Done (after Remove Duplicates, when there is one). */
const reachedDone = (execution) =>
	(execution.data?.resultData?.runData?.Done?.[0]?.data?.main?.[0] ?? []).length > 0;

describe(`OMNO Trigger Ignore Repeats in n8n ${VERSION}`, { timeout: 420_000, skip: notBuilt }, () => {
	const stack = new Stack();
	let sandboxUrl;
	let n8n;
	let token;
	/** Scenario name → the pay-in ids it uses (PAY_INS each, SUCCESS in the sandbox). */
	const payIns = {};
	/** `${flow} ${scenario}` → runs per pay-in, for the summary. */
	const measured = {};

	const hookUrl = (flow) => `${n8n.baseUrl}/webhook/${FLOWS[flow].webhookId}/webhook`;
	const deliver = (flow, body) =>
		fetch(hookUrl(flow), {
			method: 'POST',
			headers: { 'content-type': 'application/json', [HEADER_NAME]: SECRET },
			body: JSON.stringify(body),
		}).then(async (r) => ({ status: r.status, text: await r.text() }));
	const success = (id) => ({ id, type: 'payin', status: 'SUCCESS' });

	/**
	 * Waits until the workflow's executions for these pay-ins have all finished and no new one appeared for 3 s,
	 * then counts them per pay-in: { runs: [per pay-in], passed: [per pay-in, reached Done], statuses }.
	 */
	async function countRuns(flow, ids) {
		const wanted = new Set(ids);
		let last = -1;
		let stableSince = Date.now();
		const t0 = Date.now();
		for (;;) {
			const mine = (await n8n.listExecutions(FLOWS[flow].id, { limit: 250 })).filter((e) =>
				wanted.has(triggerItem(e)?.id),
			);
			const running = mine.some(
				(e) => !(e.finished || ['success', 'error', 'crashed', 'canceled'].includes(e.status)),
			);
			if (mine.length !== last || running) {
				last = mine.length;
				stableSince = Date.now();
			} else if (Date.now() - stableSince >= 3000) {
				return {
					runs: ids.map((id) => mine.filter((e) => triggerItem(e).id === id).length),
					passed: ids.map((id) => mine.filter((e) => triggerItem(e).id === id && reachedDone(e)).length),
					statuses: [...new Set(mine.map((e) => e.status))],
					keys: [...new Set(mine.map((e) => triggerItem(e).repeatKey))].length,
					failures: mine
						.flatMap((e) => Object.values(e.data?.resultData?.runData ?? {}).flatMap((runs) => runs))
						.map((r) => r.error?.message)
						.filter(Boolean),
				};
			}
			if (Date.now() - t0 > 90_000) throw new Error(`${flow}: executions still changing after 90 s`);
			await sleep(500);
		}
	}

	/** The three ways OMNO repeats news, each on its own PAY_INS pay-ins. Resolves to every answer's status. */
	const SCENARIOS = {
		// The same SUCCESS delivery twice, 2 s apart.
		'twice, 2 s apart': async (flow, ids) => {
			const first = await Promise.all(ids.map((id) => deliver(flow, success(id))));
			await sleep(2000);
			const second = await Promise.all(ids.map((id) => deliver(flow, success(id))));
			return [...first, ...second];
		},
		// Two identical SUCCESS deliveries at the same instant (all pay-ins at once).
		'twice at the same instant': async (flow, ids) =>
			await Promise.all(ids.flatMap((id) => [deliver(flow, success(id)), deliver(flow, success(id))])),
		// PENDING, then SUCCESS 0–45 ms later; the trigger re-fetches SUCCESS for both.
		'PENDING then SUCCESS 0–45 ms later': async (flow, ids) =>
			await Promise.all(
				ids.flatMap((id, i) => [
					deliver(flow, { id, type: 'payin', status: 'PENDING' }),
					sleep(i * 5).then(() => deliver(flow, success(id))),
				]),
			),
	};

	before(async () => {
		await stack.start({
			sandbox: { seed: 'e2e-trigger-repeats', settleMs: 50, latency: '100-300' },
			credentials: [
				{
					...HOOK_CRED,
					type: 'omnoWebhookAuthApi',
					data: { authType: 'header', headerName: HEADER_NAME, [headerSecretField()]: SECRET },
				},
			],
			workflows: Object.values(FLOWS).map(repeatsWorkflow),
			server: true,
		});
		({ n8n, url: sandboxUrl } = stack);
		token = await sandboxToken(stack.tokenUrl);
		for (const flow of Object.keys(FLOWS)) {
			await n8n.activateWorkflow(FLOWS[flow].id);
			const probe = await n8n.waitForWebhookLive(`${FLOWS[flow].webhookId}/webhook`, {
				body: { id: 'probe' },
			});
			assert.equal(probe.status, 401, probe.text);
		}

		// Pay-ins made directly on the sandbox and settled, as OMNO would have them before it sends the news.
		const stamp = Date.now().toString(36);
		for (const scenario of Object.keys(SCENARIOS)) {
			payIns[scenario] = [];
			for (let i = 0; i < PAY_INS; i++) {
				const { paymentId } = await omnoCall(sandboxUrl, token, 'POST', '/public/payin', {
					orderId: `e2e-rep-${stamp}-${Object.keys(payIns).length}-${i}`,
					amount: 10 + i,
					currency: 'EUR',
					kycVerified: true,
					customer,
				});
				await control(sandboxUrl, 'POST', `transactions/payin/${paymentId}/status`, { status: 'SUCCESS' });
				payIns[scenario].push(paymentId);
			}
		}
	});

	after(async (t) => {
		for (const [name, counts] of Object.entries(measured)) t.diagnostic?.(`${name}: ${counts}`);
		await stack.stop();
	});

	/** Sends one scenario to one workflow and returns its counts; every delivery must be answered 200. */
	async function run(t, flow, scenario) {
		const answers = await SCENARIOS[scenario](flow, payIns[scenario]);
		assert.deepEqual(
			answers.filter((a) => a.status !== 200),
			[],
			'every delivery is answered 200',
		);
		const counts = await countRuns(flow, payIns[scenario]);
		const failed = counts.failures.length
			? ` · node errors: ${[...new Set(counts.failures)].join(' | ')} (${counts.failures.length})`
			: '';
		const summary = `runs per pay-in [${counts.runs}] · reached Done [${counts.passed}] · execution statuses ${counts.statuses.join('/')}${failed}`;
		measured[`${flow} · ${scenario}`] = summary;
		t.diagnostic(`n8n ${VERSION} · ${flow} · ${scenario}: ${summary}`);
		return counts;
	}

	const ones = Array(PAY_INS).fill(1);
	const twos = Array(PAY_INS).fill(2);

	for (const scenario of Object.keys(SCENARIOS)) {
		test(`Ignore Repeats on · ${scenario}: exactly one run per pay-in`, async (t) => {
			const counts = await run(t, 'on', scenario);
			assert.deepEqual(counts.runs, ones);
			assert.deepEqual(counts.statuses, ['success']);
		});
	}

	for (const scenario of Object.keys(SCENARIOS)) {
		test(`Ignore Repeats off · ${scenario}: one run per delivery, as before`, async (t) => {
			const counts = await run(t, 'off', scenario);
			assert.deepEqual(counts.runs, twos);
			assert.equal(counts.keys, PAY_INS, 'both runs of a pay-in carry the same repeatKey');
		});
	}

	// Measured, not promised: the node keeps one list of seen values per workflow and each run reads, extends and
	// writes it back, so runs that overlap (any transaction) overwrite each other's additions and a repeat can pass.
	for (const scenario of Object.keys(SCENARIOS)) {
		test(`Remove Duplicates on repeatKey · ${scenario}: never drops the first delivery; repeats measured`, async (t) => {
			const counts = await run(t, 'removeDuplicates', scenario);
			assert.deepEqual(counts.runs, twos, 'every delivery starts a run; the node decides what goes on');
			assert.deepEqual(counts.statuses, ['success']);
			for (const passed of counts.passed) assert.ok(passed >= 1 && passed <= 2, `${counts.passed}`);
		});
	}

	// The documented exception, measured: the memory is the process's, so a restart forgets it. Remove Duplicates
	// keeps its list in the database; deliveries here are one at a time, so its runs do not overlap.
	test('after n8n restarts: Ignore Repeats has forgotten (a repeat starts a second run); Remove Duplicates measured', async (t) => {
		const ids = payIns['twice, 2 s apart'];
		await n8n.stop();
		await n8n.startServer();
		for (const flow of ['on', 'removeDuplicates']) {
			const probe = await n8n.waitForWebhookLive(`${FLOWS[flow].webhookId}/webhook`, {
				body: { id: 'probe' },
			});
			assert.equal(probe.status, 401, probe.text);
		}
		for (const id of ids) {
			for (const flow of ['on', 'removeDuplicates'])
				assert.equal((await deliver(flow, success(id))).status, 200);
			await sleep(300);
		}
		const on = await countRuns('on', ids);
		const dedupe = await countRuns('removeDuplicates', ids);
		const summary = `on: runs per pay-in [${on.runs}] · Remove Duplicates: runs [${dedupe.runs}], reached Done [${dedupe.passed}]`;
		measured['after a restart, one more SUCCESS each'] = summary;
		t.diagnostic(`n8n ${VERSION} · after a restart, one more SUCCESS each: ${summary}`);
		assert.deepEqual(on.runs, twos, 'one run before the restart, one after');
		assert.deepEqual(dedupe.runs, Array(PAY_INS).fill(3));
		assert.deepEqual(on.statuses, ['success']);
	});
});
