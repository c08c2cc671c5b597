'use strict';
/**
 * The state folder `npm start` keeps across starts: $OMNO_START_STATE or
 * ${OMNO_N8N_CACHE:-~/.cache/n8n-nodes-omno}/start-state, deleted on --reset.
 *   n8n-<version>/      the n8n user folder: database (workflows, credential, executions, Data Tables), settings
 *   sandbox-state.json  the OMNO sandbox's transactions
 *   start.json          what npm start set up (examples imported, owner login, the webhook secret)
 *   n8n.log, sandbox.log
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { cacheRoot } = require('../../tools/n8n');
const { log } = require('./log');

const STATE_VERSION = 1;

function readState(file) {
	try {
		const s = JSON.parse(fs.readFileSync(file, 'utf8'));
		return s && s.stateVersion === STATE_VERSION ? s : undefined;
	} catch {
		return undefined;
	}
}

function writeState(file, state) {
	fs.writeFileSync(`${file}.tmp`, JSON.stringify(state, null, 2));
	fs.renameSync(`${file}.tmp`, file);
}

/**
 * Keep the state folder, or delete it on --reset; forget this n8n version's part when its database is gone.
 * Returns { dir, file, userFolder, state, vs (this version's part of state), mode: fresh | reset | continued }.
 */
function openStateFolder({ version, reset }) {
	const dir = process.env.OMNO_START_STATE || path.join(cacheRoot(), 'start-state');
	const file = path.join(dir, 'start.json');
	const userFolder = path.join(dir, `n8n-${version}`);
	const hadState = fs.existsSync(dir);
	if (reset) fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	let state = readState(file);
	const versionState = state?.n8n?.[version];
	const continuing = Boolean(
		versionState?.ownerCreated && fs.existsSync(path.join(userFolder, '.n8n', 'database.sqlite')),
	);
	if (!continuing) {
		// Nothing usable for this n8n version (first start, an interrupted first start, or an older layout).
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
	state = state || { stateVersion: STATE_VERSION, createdAt: new Date().toISOString(), n8n: {} };
	state.n8n[version] = continuing ? versionState : { imported: {} };
	const mode = reset && hadState ? 'reset' : continuing ? 'continued' : 'fresh';
	log(
		mode === 'continued'
			? `continuing from the last start (state: ${dir}; \`npm start -- --reset\` starts over)`
			: mode === 'reset'
				? `--reset: deleted the saved state, starting over in ${dir}`
				: `first start: setting up ${dir}`,
	);
	return {
		dir,
		file,
		userFolder,
		state,
		vs: state.n8n[version],
		mode,
		save: () => writeState(file, state),
	};
}

/** The header secret shared by the sandbox's webhooks and the webhook credential; made once per state folder. */
function webhookSecret(state) {
	if (!state.webhookSecret) state.webhookSecret = crypto.randomBytes(24).toString('base64url');
	return state.webhookSecret;
}

module.exports = { openStateFolder, webhookSecret };
