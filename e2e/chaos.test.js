'use strict';
/**
 * Chaos in one `n8n start` (regular mode, SQLite): the payout run of e2e/lib/chaos-scenario.js with
 * n8n itself SIGKILLed twice — at ~30 % of the creates and at ~50 % of the confirms — and started again on the
 * same user folder each time. The queue-mode variant, with a worker killed instead, is e2e/queue/chaos.test.js.
 *
 *   npm run test:e2e -- --n8n 2.41.1 e2e/chaos.test.js        E2E_CHAOS_ROWS (default 1000) for iterating
 *
 * n8n 2.x only: on 1.123.81 it would add ~10 minutes to CI for the same code paths in the package (the example
 * itself runs on 1.x in e2e/examples-payout-*.test.js). OMNO_SANDBOX_409 picks the 409 style (default bare: the hard case,
 * where only the ledger can say which payout a 409 row is).
 */
const path = require('node:path');
const { N8n, killGroup } = require('../tools/n8n');
const { payoutRunChaos } = require('./lib/chaos-scenario');

const ROOT = process.env.E2E_PACKAGE_DIR || path.resolve(__dirname, '..');
const VERSION = process.env.E2E_N8N_VERSION || require('../scripts/n8n-versions.json').default;

payoutRunChaos({
	title: `chaos: payout run, n8n ${VERSION} killed twice`,
	what: 'n8n SIGKILLed',
	skip: Number(VERSION.split('.')[0]) < 2 ? 'n8n 1.x: the chaos run is on 2.x only (CI time)' : false,
	rows: Number(process.env.E2E_CHAOS_ROWS || 1000),
	async deploy({ timed, credentials }) {
		const n8n = new N8n({ version: VERSION, packageDir: ROOT, env: { N8N_PAYLOAD_SIZE_MAX: '64' } });
		await n8n.prepareUserFolder();
		await n8n.importCredentials(credentials);
		await timed('n8n first start', () => n8n.startServer());
		return {
			n8n,
			kill() {
				const { pid } = n8n.server;
				killGroup(pid, 'SIGKILL');
				return `n8n (pid ${pid})`;
			},
			async recover() {
				for (let t0 = Date.now(); n8n.server; ) {
					if (Date.now() - t0 > 120_000) throw new Error('n8n did not die after SIGKILL');
					await new Promise((r) => setTimeout(r, 50));
				}
				await n8n.startServer();
				await n8n.login();
			},
			cleanup: () => n8n.cleanup(),
		};
	},
});
