'use strict';
/**
 * What automatic column matching saves in a real n8n: 800 sheet rows with headers as people write them →
 * OMNO Payout → Create (Dry Run), once with every field mapped by an expression (`{{ $json['Order ID'] }}`, …)
 * and once with Mapping Column Mode → Map Automatically. Prints the OMNO node's own executionTime per run.
 *
 *   node bench/column-mapping.js                 (n8n 2.41.1)
 *   N8N_VERSION=1.123.81 node bench/column-mapping.js
 *
 * Nothing is sent (Dry Run), so no sandbox is needed; the credential only has to exist.
 */
const path = require('node:path');
const { N8n } = require('../tools/n8n');
const W = require('../tools/payout-workflows');

const ROOT = path.resolve(__dirname, '..');
const ROWS = Number(process.env.ROWS || 800);
const REPEATS = Number(process.env.REPEATS || 3);
const CRED = { id: 'mappingBenchCred', name: 'OMNO (bench)' };

const rowsCode = W.rowsCode(ROWS, 'M-', { sheet: true });

const column = (name) => `={{ $json[${JSON.stringify(name)}] }}`;
const MODES = {
	manual: {
		resource: 'payout',
		operation: 'create',
		orderId: column('Order ID'),
		value: column('Amount'),
		currency: column('Currency'),
		kycVerified: true,
		customerInput: 'fields',
		externalUserId: column('Customer ID'),
		firstName: column('First name'),
		lastName: column('Last name'),
		email: column('E-mail'),
		phoneNumber: column('Phone'),
		dateOfBirth: column('Date of birth'),
		address: column('Address'),
		city: column('City'),
		state: column('State'),
		countryCode: column('Country'),
		postalCode: column('Postal code'),
		runOptions: { dryRun: true },
	},
	automatic: {
		resource: 'payout',
		operation: 'create',
		mappingMode: 'autoMapInputData',
		kycVerified: true,
		runOptions: { dryRun: true },
	},
};

const workflow = (id, parameters) => ({
	id,
	name: `column mapping: ${id}`,
	nodes: [
		{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			name: 'Rows',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [200, 0],
			parameters: { jsCode: rowsCode },
		},
		{
			name: 'OMNO',
			type: 'n8n-nodes-omno.omno',
			typeVersion: 1,
			position: [400, 0],
			parameters,
			credentials: { omnoOAuth2Api: CRED },
		},
	],
	connections: {
		Start: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
		Rows: { main: [[{ node: 'OMNO', type: 'main', index: 0 }]] },
	},
	settings: { executionOrder: 'v1' },
});

async function main() {
	const n8n = new N8n({ version: process.env.N8N_VERSION || '2.41.1', packageDir: ROOT });
	await n8n.prepareUserFolder();
	try {
		await n8n.importCredentials([
			{
				...CRED,
				type: 'omnoOAuth2Api',
				data: {
					environment: 'custom',
					clientId: 'x',
					clientSecret: 'y',
					apiBaseUrl: 'http://127.0.0.1:9',
					tokenUrl: 'http://127.0.0.1:9/t',
				},
			},
		]);
		const ids = { manual: 'mappingBenchMan1', automatic: 'mappingBenchAut1' };
		await n8n.importWorkflows(Object.entries(ids).map(([mode, id]) => workflow(id, MODES[mode])));
		for (let r = 0; r < REPEATS; r++) {
			for (const [mode, id] of Object.entries(ids)) {
				const run = await n8n.execute(id);
				const ms = run.runData.OMNO?.[0]?.executionTime;
				process.stdout.write(`${mode}: ${run.nodeItems('OMNO')?.length ?? 0} rows, OMNO node ${ms} ms\n`);
			}
		}
	} finally {
		await n8n.cleanup();
	}
}

main().catch((error) => {
	process.stderr.write(`${error.stack}\n`);
	process.exit(1);
});
