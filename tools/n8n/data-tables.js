'use strict';
/**
 * n8n Data Tables for examples that use n8n's own Data Table node (the payout ledger `omno_payouts` and the
 * payout run's journal `omno_payout_journal`). The Data Table node finds a table by id only, and n8n generates ids, so the examples ship
 * `dataTableId.value = "<table name>"` and tools (npm start, the walkthrough, e2e tests) create the table and
 * put its real id in before importing.
 *
 *   const id = await ensureDataTable(n8n, 'omno_payouts', LEDGER_COLUMNS);   // server running, n8n.login() done
 *   const wf = pointDataTables(workflow, { omno_payouts: id });             // a copy, other tables untouched
 *
 * REST (both 2.41.1 and 1.123.81): GET /rest/projects/personal, GET/POST /rest/projects/:id/data-tables.
 */

const LEDGER_TABLE = 'omno_payouts';
/** The payout run's own journal (orderId → payoutId right after the creates): the same columns as the ledger. */
const JOURNAL_TABLE = 'omno_payout_journal';
// n8n reserves `id`, `createdAt`, `updatedAt` (system columns), so OMNO's status time is `statusUpdatedAt`.
const LEDGER_COLUMNS = ['orderId', 'payoutId', 'status', 'amount', 'currency', 'statusUpdatedAt'];

// The payout statuses the ledger subscribes to in the OMNO Dashboard: the one that carries a new payout's id, and
// the final ones. PENDING is left out: it changes nothing the ledger is read for, and is a third of the traffic.
const LEDGER_EVENTS = ['WAITING_FOR_CONFIRMATION', 'SUCCESS', 'DECLINED', 'FAILED', 'REJECTED'];

const dataOf = (res) => (res.json && 'data' in res.json ? res.json.data : res.json);

/** The id of the owner's table `name` (string columns), created if it does not exist yet. */
async function ensureDataTable(n8n, name = LEDGER_TABLE, columns = LEDGER_COLUMNS) {
	const project = dataOf(await n8n.request('GET', '/rest/projects/personal', { expect: 200 }));
	const base = `/rest/projects/${project.id}/data-tables`;
	const listed = dataOf(await n8n.request('GET', `${base}?take=500`, { expect: 200 }));
	const tables = Array.isArray(listed) ? listed : (listed?.data ?? []);
	const found = tables.find((t) => t.name === name);
	if (found) return found.id;
	const created = dataOf(
		await n8n.request('POST', base, {
			body: { name, columns: columns.map((c) => ({ name: c, type: 'string' })) },
			expect: 200,
		}),
	);
	return created.id;
}

/** A copy of `workflow` whose Data Table nodes naming a table in `ids` (by value or cachedResultName) use its id. */
function pointDataTables(workflow, ids) {
	const wf = JSON.parse(JSON.stringify(workflow));
	for (const node of wf.nodes ?? []) {
		if (node.type !== 'n8n-nodes-base.dataTable') continue;
		const ref = node.parameters?.dataTableId;
		const name = ref && (ids[ref.value] ? ref.value : ref.cachedResultName);
		if (!ref || !ids[name]) continue;
		node.parameters.dataTableId = { __rl: true, mode: 'list', value: ids[name], cachedResultName: name };
	}
	return wf;
}

/** Names of the tables a workflow's Data Table nodes still reference by name (not yet pointed at an id). */
function tablesReferenced(workflow) {
	return [
		...new Set(
			(workflow.nodes ?? [])
				.filter((n) => n.type === 'n8n-nodes-base.dataTable')
				.map((n) => n.parameters?.dataTableId?.cachedResultName || n.parameters?.dataTableId?.value)
				.filter(Boolean),
		),
	];
}

module.exports = {
	LEDGER_EVENTS,
	LEDGER_TABLE,
	JOURNAL_TABLE,
	LEDGER_COLUMNS,
	ensureDataTable,
	pointDataTables,
	tablesReferenced,
};

/**
 * Import-then-point for a running server: `workflows` were imported with `n8n import:workflow` (table names as
 * placeholders); this creates the tables they reference and saves each one with the real ids through the
 * public API (needs n8n.createApiKey()). Returns { tableName: id }.
 */
async function pointImportedWorkflows(n8n, workflows, columnsByTable = { [LEDGER_TABLE]: LEDGER_COLUMNS }) {
	const ids = {};
	for (const wf of workflows) {
		const names = tablesReferenced(wf).filter(
			(name) => !/^[A-Za-z0-9]{16}$/.test(name) || columnsByTable[name],
		);
		if (!names.length) continue;
		for (const name of names)
			ids[name] ??= await ensureDataTable(n8n, name, columnsByTable[name] ?? LEDGER_COLUMNS);
		const pointed = pointDataTables(wf, ids);
		await n8n.request('PUT', `/api/v1/workflows/${wf.id}`, {
			body: {
				name: pointed.name,
				nodes: pointed.nodes,
				connections: pointed.connections,
				settings: pointed.settings ?? { executionOrder: 'v1' },
			},
			apiKey: true,
			cookie: false,
			expect: 200,
		});
	}
	return ids;
}

module.exports.pointImportedWorkflows = pointImportedWorkflows;

/** Insert rows (objects of strings) into a table through the editor's REST API (login cookie). */
async function insertDataTableRows(n8n, tableId, rows) {
	const project = dataOf(await n8n.request('GET', '/rest/projects/personal', { expect: 200 }));
	return dataOf(
		await n8n.request('POST', `/rest/projects/${project.id}/data-tables/${tableId}/insert`, {
			body: { data: rows, returnType: 'count' },
			expect: 200,
		}),
	);
}

module.exports.insertDataTableRows = insertDataTableRows;

/** Every row of a table (the editor's REST API, 100 rows a page). */
async function readDataTableRows(n8n, tableId) {
	const project = dataOf(await n8n.request('GET', '/rest/projects/personal', { expect: 200 }));
	const rows = [];
	for (let skip = 0; ; skip += 100) {
		const page = dataOf(
			await n8n.request(
				'GET',
				`/rest/projects/${project.id}/data-tables/${tableId}/rows?skip=${skip}&take=100`,
				{
					expect: 200,
				},
			),
		);
		const pageRows = Array.isArray(page) ? page : (page?.data ?? []);
		rows.push(...pageRows);
		if (pageRows.length < 100) return rows;
	}
}

module.exports.readDataTableRows = readDataTableRows;
