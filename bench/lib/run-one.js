'use strict';
/** One run of the bench: set the sandbox's cell, run the contender (n8n or the fetch loop), measure, compare to its no-op. */
const path = require('node:path');
const { PREFIX, latencyRange, fetchConcurrency, log } = require('./settings');
const { control } = require('./sandbox');
const { runMeasured, runN8n, measure, classifyNode, classifyLifecycle } = require('./measure');

/** The row of one prepared run; noopByItems collects the no-op baselines the later runs are compared with. */
async function runOne(run, { url, n8n, noopByItems }) {
	const { cell, contender, items } = run;
	if (cell) await control(url, '/config', { rateLimit: cell.rate, latency: latencyRange(cell.latency) });
	else await control(url, '/config', { rateLimit: 0, latency: 0 });
	const row = {
		key: run.key,
		contender,
		items,
		rate: cell?.rate ?? null,
		latency: cell?.latency ?? null,
		boundS: cell ? items / cell.rate : null,
	};
	log(`--- ${run.key}`);
	let result;
	if (contender === 'fetch') {
		const concurrency = fetchConcurrency(cell);
		result = await measure({ ...row, concurrency }, url, async () => {
			const r = await runMeasured(process.execPath, [
				path.join(__dirname, '..', 'fetch-loop.js'),
				url,
				String(items),
				PREFIX,
				String(concurrency),
			]);
			const res = JSON.parse(r.stdout.trim().split('\n').pop() || '{}');
			return {
				ok: res.ok,
				business: res.business,
				failed: res.failed,
				missing: items - (res.items ?? 0),
				nodeMs: res.ms,
				rssMb: r.mem.treeMb,
				cpuS: r.mem.cpuS,
				load: r.mem.load,
			};
		});
	} else {
		result = await measure(row, url, async () => {
			const { run: executed, mem, code, tail } = await runN8n(n8n, run.workflow);
			let res;
			if (contender.startsWith('noop')) res = { ok: items, business: 0, failed: 0, missing: 0, nodeMs: null };
			else if (contender === 'lifecycle') res = classifyLifecycle(executed, items);
			else
				res = classifyNode(executed, 'Payouts', items, {
					okWhen: (j) =>
						contender === 'http-tuned' ? true : Boolean(j.payoutId || j.alreadyExists || j.dryRun),
				});
			if (!executed.run) res.note = `exit ${code}, no run data: ${tail}`;
			return { ...res, rssMb: mem.treeMb, cpuS: mem.cpuS, load: mem.load };
		});
	}
	if (contender.startsWith('noop')) noopByItems.set(`${contender}-${items}`, result);
	const baseline = { lifecycle: 'noop-lifecycle', columns: 'noop-sheet' }[contender] ?? 'noop';
	const noop = noopByItems.get(`${baseline}-${items}`);
	if (noop && !contender.startsWith('noop') && contender !== 'fetch') {
		result.noopRssMb = noop.rssMb;
		result.rssVsNoop = result.rssMb / noop.rssMb;
		result.nodeCpuMsPerItem = ((result.cpuS - noop.cpuS) * 1000) / items;
	}
	return result;
}

module.exports = { runOne };
