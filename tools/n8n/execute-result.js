'use strict';
/** Reading what `n8n execute --rawOutput` printed: the run, the last node's items, the error. */

/**
 * Parse n8n's JSON-format log lines (N8N_LOG_FORMAT=json): one `{"level","message","metadata"}` object per
 * line. Lines that are not JSON (1.x prints some raw text) are returned as { level: 'raw', message }.
 */
function parseLogLines(text) {
	const out = [];
	for (const line of text.split('\n')) {
		if (!line.trim()) continue;
		try {
			const o = JSON.parse(line);
			if (o && typeof o === 'object' && 'message' in o) {
				out.push(o);
				continue;
			}
		} catch {}
		out.push({ level: 'raw', message: line });
	}
	return out;
}

/** Find the IRun object (`{ data: { resultData: … } }`) that `n8n execute` logs at info level. */
function findRunInLog(entries) {
	for (let i = entries.length - 1; i >= 0; i--) {
		const m = entries[i].message;
		if (typeof m !== 'string' || !m.startsWith('{')) continue;
		try {
			const o = JSON.parse(m);
			if (o && o.data && o.data.resultData) return o;
		} catch {}
	}
	return undefined;
}

/**
 * Turn the raw result of `n8n execute --id X --rawOutput` (run with N8N_LOG_LEVEL=info, N8N_LOG_FORMAT=json)
 * into a structured result:
 *   ok        exit code 0 and no resultData.error
 *   run       the full IRun n8n logged ({ data: { resultData: { runData, lastNodeExecuted, error? } }, status, … })
 *   lastNode  name of the last node executed
 *   items     item.json of the last node's first output (success)
 *   error     { message, description, node, httpCode, name } from resultData.error, or parsed from error log lines
 *   errorText all error-level log text (handy for assertions/diagnostics)
 *   nodeItems(name, output = 0, run = 0) → item.json array of any node
 */
function interpretExecuteResult(res) {
	const entries = parseLogLines(res.stdout + '\n' + res.stderr);
	const run = findRunInLog(entries);
	const resultData = run?.data?.resultData;
	const runData = resultData?.runData || {};
	const lastNode = resultData?.lastNodeExecuted;
	const nodeItems = (name, output = 0, runIndex = 0) => {
		const r = runData[name]?.[runIndex];
		const main = r?.data?.main;
		if (!main) return undefined;
		return (main[output] || []).map((it) => it.json);
	};
	const errorText = entries
		.filter((e) => e.level === 'error' || e.level === 'raw')
		.map((e) => e.message)
		.join('\n');
	let error;
	if (resultData?.error) {
		const e = resultData.error;
		error = {
			name: e.name,
			message: e.message,
			description: e.description,
			httpCode: e.httpCode,
			node: e.node?.name,
			raw: e,
		};
	} else if (res.code !== 0) {
		error = { message: errorText || res.stdout || res.stderr };
	}
	return {
		code: res.code,
		stdout: res.stdout,
		stderr: res.stderr,
		ms: res.ms,
		ok: res.code === 0 && !error,
		run,
		runData,
		lastNode,
		items: lastNode ? nodeItems(lastNode) : undefined,
		nodeItems,
		error,
		errorText,
	};
}

module.exports = { parseLogLines, findRunInLog, interpretExecuteResult };
