'use strict';
/**
 * Driving n8n Forms over HTTP the way the form page does (for headless tests of form workflows):
 *
 *   await waitForFormLive(`${n8n.baseUrl}/form/omno-payout-run`);          // after activating the workflow
 *   await submitForm(url, { 'field-0': { file: csvText, name: 'sheet.csv', type: 'text/csv' } });
 *   const exec = await waitForExecution(n8n, workflowId, (e) => e.status === 'waiting');
 *
 * A form POST is multipart/form-data with fields `field-<n>` (n = the field's position). Opening a form (GET)
 * never runs anything; only the POST does.
 */
const { sleep } = require('../../tools/n8n');

async function waitForFormLive(url, { timeoutMs = 15_000 } = {}) {
	const t0 = Date.now();
	for (;;) {
		const res = await fetch(url);
		const text = await res.text();
		if (res.status !== 404) return { status: res.status, text };
		if (Date.now() - t0 > timeoutMs) throw new Error(`form ${url} still 404 after ${timeoutMs} ms`);
		await sleep(200);
	}
}

/** POST a form. `fields`: { 'field-0': 'text' | { file, name, type } }. Returns { status, json, text }. */
async function submitForm(url, fields) {
	const body = new FormData();
	for (const [key, value] of Object.entries(fields)) {
		if (value && typeof value === 'object' && 'file' in value) {
			body.append(
				key,
				new Blob([value.file], { type: value.type || 'application/octet-stream' }),
				value.name || 'file',
			);
		} else body.append(key, String(value));
	}
	const res = await fetch(url, { method: 'POST', body, redirect: 'manual' });
	const text = await res.text();
	let json;
	try {
		json = JSON.parse(text);
	} catch {}
	return { status: res.status, json, text, location: res.headers.get('location') };
}

/** Uploads a payout sheet (CSV text) to the payout-run example's form, whose only field is the sheet. */
async function uploadSheet(formUrl, csv) {
	return await submitForm(formUrl, { 'field-0': { file: csv, name: 'payouts.csv', type: 'text/csv' } });
}

/**
 * Answers the approval form that a waiting payout run's "Approval message" links to (its only field is the
 * decision): `{ message, answer }`, `answer` being the pending POST.
 */
function answerApproval(execution, decision) {
	const [message] = nodeJson(execution, 'Approval message');
	return { message, answer: submitForm(message.approvalFormUrl, { 'field-0': decision }) };
}

/**
 * Poll the workflow's executions until one matches `predicate`; returns it (public API shape, with data).
 * The ids come from the editor's REST list (login cookie): n8n 1.123's public list leaves waiting executions
 * out. Each one is then read by id through the public API (API key), which both versions answer with data.
 */
async function executionIds(n8n, workflowId) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const listed = await n8n.request('GET', `/rest/executions?filter=${filter}&limit=50`, { expect: 200 });
	return (listed.json?.data?.results ?? listed.json?.data ?? []).map((row) => String(row.id));
}

async function waitForExecution(
	n8n,
	workflowId,
	predicate,
	{ timeoutMs = 120_000, intervalMs = 300, skip = new Set() } = {},
) {
	const t0 = Date.now();
	let seen = [];
	for (;;) {
		try {
			const ids = (await executionIds(n8n, workflowId)).filter((id) => !skip.has(id));
			seen = [];
			for (const id of ids) {
				const one = await n8n.request('GET', `/api/v1/executions/${id}?includeData=true`, {
					apiKey: true,
					cookie: false,
					expect: 200,
				});
				seen.push(one.json);
				if (predicate(one.json)) return one.json;
			}
		} catch (e) {
			// n8n answers 503 "Database is not ready" while its SQLite is busy (e.g. a webhook backlog after a
			// restart): that is n8n catching up, not an answer about the execution; ask again.
			if (!/-> 503/.test(String(e?.message))) throw e;
		}
		if (Date.now() - t0 > timeoutMs) {
			throw new Error(
				`no matching execution of ${workflowId} after ${timeoutMs} ms: ${JSON.stringify(seen.map((e) => ({ id: e.id, status: e.status, last: e.data?.resultData?.lastNodeExecuted })))}`,
			);
		}
		await sleep(intervalMs);
	}
}

/** item.json of every item a node output in an execution read through the public API (all outputs). */
function nodeJson(execution, name, output) {
	const main = execution?.data?.resultData?.runData?.[name]?.[0]?.data?.main ?? [];
	const branches = output === undefined ? main : [main[output]];
	return branches.flatMap((b) => (b ?? []).map((i) => i.json));
}

module.exports = {
	waitForFormLive,
	submitForm,
	uploadSheet,
	answerApproval,
	executionIds,
	waitForExecution,
	nodeJson,
};
