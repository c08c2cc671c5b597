'use strict';
/**
 * Workflows shared by the payout-run e2e test and the benchmark: Manual Trigger → Code (N payout rows) →
 * the contender node. Rows are identical for every contender (same orderIds, amounts, customers).
 */

const { DEFAULTS: SANDBOX_DEFAULTS, n8nCredentialData } = require('../sandbox/config');
const CLIENT_ID = SANDBOX_DEFAULTS.clientId;
const CLIENT_SECRET = SANDBOX_DEFAULTS.clientSecret;

/**
 * N payout rows, numbered from `from`: { orderId, amount (decimal text), currency, customer }, or with `sheet` the
 * same rows as flat columns headed the way people write them ("Order ID", "E-mail", …), as an uploaded sheet gives
 * them. It runs inside n8n's Code node (`rowsCode` sends its source), so it uses nothing from this file; written
 * here as a function, it is linted and tested like the rest.
 */
function payoutRows(count, prefix, from = 0, sheet = false) {
	const out = [];
	for (let n = from; n < from + count; n++) {
		const id = String(n).padStart(6, '0');
		// Two non-zero decimals: the text round-trips through a JSON number exactly.
		const amount = `${10 + (n % 490)}.${1 + (n % 9)}${1 + (n % 7)}`;
		const person = { firstName: 'Ada', lastName: 'Lovelace', email: `ada+${id}@example.com` };
		const json = sheet
			? {
					'Order ID': prefix + id,
					Amount: amount,
					Currency: 'EUR',
					'Customer ID': `user-${id}`,
					'First name': person.firstName,
					'Last name': person.lastName,
					'E-mail': person.email,
					Phone: '1 1234567890',
					'Date of birth': '1990-12-10',
					Address: '1 Main St',
					City: 'Berlin',
					State: 'BE',
					Country: 'DE',
					'Postal code': '10115',
				}
			: {
					orderId: prefix + id,
					amount,
					currency: 'EUR',
					customer: {
						externalUserId: `user-${id}`,
						...person,
						phoneNumber: '1 1234567890',
						dateOfBirth: '1990-12-10',
						billing: {
							address: '1 Main St',
							city: 'Berlin',
							state: 'BE',
							countryCode: 'DE',
							postalCode: '10115',
						},
					},
				};
		out.push({ json });
	}
	return out;
}

/** The Code node's source: `payoutRows` from row 0; `badRow` gets an amount that is not a number. */
function rowsCode(count, prefix, { badRow, sheet } = {}) {
	const call = `(${payoutRows.toString()})(${Number(count)}, ${JSON.stringify(prefix)}, 0, ${Boolean(sheet)})`;
	if (badRow === undefined) return `return ${call};`;
	return `const out = ${call};\nout[${Number(badRow)}].json.amount = 'twelve';\nreturn out;`;
}

/** The body a row becomes (what OMNO's POST /public/payout expects). */
const HTTP_BODY_EXPRESSION =
	'={{ JSON.stringify({ orderId: $json.orderId, value: Number($json.amount), currency: $json.currency, kycVerified: true, customer: $json.customer }) }}';

const omnoCredentialData = (sandboxUrl) => n8nCredentialData(sandboxUrl);

/** n8n's generic OAuth2 credential set up for client credentials, secret in the body (as a user would). */
function genericOAuth2Data(sandboxUrl) {
	return {
		grantType: 'clientCredentials',
		accessTokenUrl: `${sandboxUrl}/realms/omno/protocol/openid-connect/token`,
		clientId: CLIENT_ID,
		clientSecret: CLIENT_SECRET,
		scope: '',
		authQueryParameters: '',
		authentication: 'body',
	};
}

function baseWorkflow(id, name, rows, contender, { onError } = {}) {
	const node = { name: 'Payouts', position: [440, 0], ...contender };
	if (onError) node.onError = onError;
	return {
		id,
		name,
		nodes: [
			{
				name: 'Start',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				name: 'Rows',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 0],
				parameters: { language: 'javaScript', jsCode: rows },
			},
			node,
		],
		connections: {
			Start: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
			Rows: { main: [[{ node: 'Payouts', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/**
 * Our node: payout → create, a row mapped by expressions; with `sheet`, flat sheet columns read by Mapping Column
 * Mode → Map Automatically (no expression per field).
 */
function omnoPayoutWorkflow({ id, name, count, prefix, credId, runOptions, onError, badRow, sheet }) {
	const mapping = sheet
		? { mappingMode: 'autoMapInputData' }
		: {
				orderId: '={{ $json.orderId }}',
				value: '={{ $json.amount }}',
				currency: '={{ $json.currency }}',
				customerInput: 'json',
				customer: '={{ JSON.stringify($json.customer) }}',
			};
	return baseWorkflow(
		id,
		name,
		rowsCode(count, prefix, { badRow, sheet }),
		{
			type: 'n8n-nodes-omno.omno',
			typeVersion: 1,
			parameters: {
				resource: 'payout',
				operation: 'create',
				kycVerified: true,
				...mapping,
				// Absent = Run Options untouched, exactly as a user who never opened them saves the node.
				...(runOptions ? { runOptions } : {}),
			},
			credentials: { omnoOAuth2Api: { id: credId, name: `OMNO ${credId}` } },
		},
		{ onError },
	);
}

/** n8n's HTTP Request node + generic OAuth2 credential; `batching` = { batchSize, batchInterval } or none. */
function httpPayoutWorkflow({ id, name, count, prefix, credId, sandboxUrl, batching, onError }) {
	const options = batching ? { batching: { batch: batching } } : {};
	return baseWorkflow(
		id,
		name,
		rowsCode(count, prefix),
		{
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				method: 'POST',
				url: `${sandboxUrl}/public/payout`,
				authentication: 'genericCredentialType',
				genericAuthType: 'oAuth2Api',
				sendBody: true,
				specifyBody: 'json',
				jsonBody: HTTP_BODY_EXPRESSION,
				options,
			},
			credentials: { oAuth2Api: { id: credId, name: `OAuth2 ${credId}` } },
		},
		{ onError },
	);
}

/** The same rows into `steps` no-op nodes: the memory and CPU n8n spends without our node. */
function noopWorkflow({ id, name, count, prefix, steps = 1, sheet }) {
	const wf = baseWorkflow(id, name, rowsCode(count, prefix, { sheet }), {
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		parameters: {},
	});
	let previous = 'Payouts';
	for (let i = 2; i <= steps; i++) {
		const stepName = `Step ${i}`;
		wf.nodes.push({
			name: stepName,
			type: 'n8n-nodes-base.noOp',
			typeVersion: 1,
			position: [220 * (i + 1), 0],
			parameters: {},
		});
		wf.connections[previous] = { main: [[{ node: stepName, type: 'main', index: 0 }]] };
		previous = stepName;
	}
	return wf;
}

/**
 * The whole payout lifecycle with every option at its default: create → confirm every payout → Transaction
 * → Get with Wait for Final Status. "On Error: Continue" so one bad row does not stop the run.
 */
function lifecycleWorkflow({ id, name, count, prefix, credId, onError }) {
	const wf = omnoPayoutWorkflow({ id, name, count, prefix, credId, onError });
	const credentials = { omnoOAuth2Api: { id: credId, name: `OMNO ${credId}` } };
	wf.nodes.push(
		{
			name: 'Confirm',
			type: 'n8n-nodes-omno.omno',
			typeVersion: 1,
			position: [660, 0],
			parameters: { resource: 'payout', operation: 'confirm', payoutId: '={{ $json.payoutId }}' },
			credentials,
			onError,
		},
		{
			name: 'Final status',
			type: 'n8n-nodes-omno.omno',
			typeVersion: 1,
			position: [880, 0],
			parameters: {
				resource: 'transaction',
				operation: 'get',
				transactionId: '={{ $json.payoutId }}',
				transactionType: 'payout',
				waitForFinalStatus: true,
			},
			credentials,
			onError,
		},
	);
	wf.connections.Payouts = { main: [[{ node: 'Confirm', type: 'main', index: 0 }]] };
	wf.connections.Confirm = { main: [[{ node: 'Final status', type: 'main', index: 0 }]] };
	return wf;
}

module.exports = {
	noopWorkflow,
	lifecycleWorkflow,
	CLIENT_ID,
	CLIENT_SECRET,
	payoutRows,
	rowsCode,
	omnoCredentialData,
	genericOAuth2Data,
	omnoPayoutWorkflow,
	httpPayoutWorkflow,
};
