'use strict';
/**
 * Real-n8n driver for the e2e tests, `npm start`, the benchmarks and the screenshots (plain CommonJS, no dependencies, Node >= 20).
 *
 *   const { N8n } = require('../tools/n8n');
 *   const n8n = new N8n({ version: '2.41.1', packageDir: repoRoot });
 *   await n8n.prepareUserFolder();                 // fresh N8N_USER_FOLDER with the built package installed
 *   await n8n.importCredentials([cred]);           // `n8n import:credentials` (plain data is encrypted on import)
 *   const run = await n8n.executeWorkflow(wf);     // import + `n8n execute --id … --rawOutput`, parsed
 *   await n8n.startServer(); await n8n.setupOwner(); await n8n.login(); …
 *   await n8n.stop();
 *
 * n8n itself comes from the cache filled by tools/n8n/install.sh
 * (${OMNO_N8N_CACHE:-~/.cache/n8n-nodes-omno}/n8n-<version>); 2.x runs on the cached Node 24.
 * See e2e/README.md for what `--rawOutput` prints and how errors show up.
 *
 * The files, by job: paths.js (the cached install), user-folder.js (N8N_USER_FOLDER and n8n's environment),
 * processes.js (child processes, ports), instance.js (CLI and server start/stop), rest.js (N8n: REST calls on
 * the running server), execute-result.js (parsing `n8n execute`), workflow.js (importable workflow JSON),
 * data-tables.js (Data Tables the examples use); install.sh, version.sh and env.sh install n8n versions and
 * run them (the tested versions are written once, in scripts/n8n-versions.json).
 */
const paths = require('./paths');
const processes = require('./processes');
const userFolder = require('./user-folder');
const executeResult = require('./execute-result');
const workflow = require('./workflow');
const { OWNER, N8n } = require('./rest');

module.exports = {
	...paths,
	...processes,
	...userFolder,
	...executeResult,
	...workflow,
	OWNER,
	N8n,
};
