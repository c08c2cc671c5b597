'use strict';
/** The runs of one invocation (grid cells × contenders, no-op baselines, the lifecycle) and each one's workflow. */
const crypto = require('node:crypto');
const W = require('../../tools/payout-workflows');
const {
	env,
	FULL,
	LIFECYCLE_ITEMS,
	LIFECYCLE_CELL,
	GRID,
	CONTENDERS,
	PREFIX,
	itemsFor,
} = require('./settings');

const credIdFor = (key) => `b${crypto.createHash('sha256').update(key).digest('hex').slice(0, 15)}`;

/** Every run of this invocation: { key, cell, contender, items, workflow? }. */
function plan() {
	const runs = [];
	const lifecycle = () => {
		const [rate, latency] = LIFECYCLE_CELL.split('x').map(Number);
		const cell = { rate, latency };
		runs.push({
			key: `noop-life-${LIFECYCLE_ITEMS}`,
			cell,
			contender: 'noop-lifecycle',
			items: LIFECYCLE_ITEMS,
		});
		runs.push({
			key: `lifecycle-${rate}x${latency}-${LIFECYCLE_ITEMS}`,
			cell,
			contender: 'lifecycle',
			items: LIFECYCLE_ITEMS,
		});
	};
	if (env.BENCH_LIFECYCLE === '1') {
		lifecycle();
		return runs;
	}
	const noopSizes = new Set();
	for (const cell of GRID) {
		for (const contender of CONTENDERS) {
			const items = itemsFor(cell, contender);
			// The sheet-shaped rows get a no-op baseline of their own (the same rows, the same memory).
			if (contender === 'columns') noopSizes.add(`sheet:${items}`);
			else if (contender !== 'fetch') noopSizes.add(items);
			runs.push({ key: `${contender}-${cell.rate}x${cell.latency}-${items}`, cell, contender, items });
		}
	}
	if (env.BENCH_NOOP !== '0')
		for (const size of noopSizes) {
			const sheet = String(size).startsWith('sheet:');
			const items = Number(String(size).replace('sheet:', ''));
			const contender = sheet ? 'noop-sheet' : 'noop';
			runs.unshift({ key: `${contender}-${items}`, cell: null, contender, items });
		}
	if (FULL && LIFECYCLE_ITEMS > 0) lifecycle();
	return runs;
}

/** A rough floor for the invocation's length (rate limit or latency, + ~20 s to boot n8n per run). */
function estimateS(runs) {
	let total = 0;
	for (const run of runs) {
		const { cell, contender, items } = run;
		let s = 20;
		if (contender === 'lifecycle') s += (3 * items) / cell.rate;
		else if (cell) {
			s += items / cell.rate;
			if (contender === 'fixed1') s = Math.max(s, 20 + (items * cell.latency) / 1000);
		}
		total += s;
	}
	return total;
}

function workflowFor(run, url) {
	const id = `wf${credIdFor(run.key)}`.slice(0, 16);
	const credId = credIdFor(run.key);
	const base = { id, name: `bench ${run.key}`, count: run.items, prefix: PREFIX, credId };
	const c = run.contender;
	if (c === 'noop') return { workflow: W.noopWorkflow(base) };
	if (c === 'noop-sheet') return { workflow: W.noopWorkflow({ ...base, sheet: true }) };
	if (c === 'noop-lifecycle') return { workflow: W.noopWorkflow({ ...base, steps: 3 }) };
	if (c === 'lifecycle') {
		return {
			workflow: W.lifecycleWorkflow({ ...base, onError: 'continueRegularOutput' }),
			credential: {
				id: credId,
				name: `OMNO ${credId}`,
				type: 'omnoOAuth2Api',
				data: W.omnoCredentialData(url),
			},
		};
	}
	if (c === 'auto' || c === 'columns' || c === 'dry' || c.startsWith('fixed')) {
		// dry: Dry Run — reads and validates every row, sends nothing (the node's own cost without HTTP).
		const runOptions =
			c === 'auto' || c === 'columns'
				? undefined
				: c === 'dry'
					? { dryRun: true }
					: { concurrencyMode: 'fixed', concurrency: Number(c.slice(5)) };
		return {
			workflow: W.omnoPayoutWorkflow({
				...base,
				runOptions,
				onError: 'continueRegularOutput',
				sheet: c === 'columns',
			}),
			credential: {
				id: credId,
				name: `OMNO ${credId}`,
				type: 'omnoOAuth2Api',
				data: W.omnoCredentialData(url),
			},
		};
	}
	if (c === 'http-tuned') {
		// Tuned by someone who knows the limit: rate/10 requests every 100 ms, failures to the error output.
		const batchSize = Math.max(1, Math.round(run.cell.rate / 10));
		return {
			workflow: W.httpPayoutWorkflow({
				...base,
				sandboxUrl: url,
				batching: { batchSize, batchInterval: 100 },
				onError: 'continueErrorOutput',
			}),
			credential: { id: credId, name: `OAuth2 ${credId}`, type: 'oAuth2Api', data: W.genericOAuth2Data(url) },
		};
	}
	return {};
}

module.exports = { plan, estimateS, workflowFor };
