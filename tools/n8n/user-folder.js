'use strict';
/** A fresh N8N_USER_FOLDER with the built package installed, and the environment n8n runs with. */
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const os = require('node:os');
const path = require('node:path');
const { DEFAULT_VERSION, major } = require('./paths');

const ENCRYPTION_KEY = 'omno-e2e-fixed-encryption-key-0123456789';

/**
 * Fresh N8N_USER_FOLDER with the built package installed as a community package:
 * <folder>/.n8n/nodes/node_modules/n8n-nodes-omno/{package.json,dist/} + <folder>/.n8n/nodes/package.json.
 * packageDir defaults to the repository root; it must contain dist/ (run `npm run build`).
 * Pass packageDir: null to get a folder without the package.
 */
async function prepareUserFolder({ version = DEFAULT_VERSION, packageDir, userFolder } = {}) {
	const folder =
		userFolder || (await fsp.mkdtemp(path.join(os.tmpdir(), `omno-n8n-${version.replace(/\./g, '_')}-`)));
	const nodesDir = path.join(folder, '.n8n', 'nodes');
	await fsp.mkdir(nodesDir, { recursive: true });
	if (packageDir === undefined) packageDir = path.resolve(__dirname, '..', '..');
	if (packageDir) {
		const pkg = JSON.parse(await fsp.readFile(path.join(packageDir, 'package.json'), 'utf8'));
		const distDir = path.join(packageDir, 'dist');
		if (!fs.existsSync(distDir)) throw new Error(`${distDir} is missing: run npm run build first`);
		const target = path.join(nodesDir, 'node_modules', pkg.name);
		await fsp.rm(target, { recursive: true, force: true });
		await fsp.mkdir(target, { recursive: true });
		await fsp.copyFile(path.join(packageDir, 'package.json'), path.join(target, 'package.json'));
		await fsp.cp(distDir, path.join(target, 'dist'), { recursive: true });
		await fsp.writeFile(
			path.join(nodesDir, 'package.json'),
			JSON.stringify(
				{ name: 'installed-nodes', private: true, dependencies: { [pkg.name]: pkg.version } },
				null,
				2,
			),
		);
	} else {
		await fsp.writeFile(
			path.join(nodesDir, 'package.json'),
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2),
		);
	}
	return folder;
}

/** The environment n8n needs to run isolated, quiet and on 127.0.0.1 (see docs in the guide). */
function n8nEnv({
	userFolder,
	port = 5678,
	brokerPort,
	version = DEFAULT_VERSION,
	logLevel = 'warn',
	extra = {},
} = {}) {
	const base = `http://127.0.0.1:${port}/`;
	const env = {
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		WEBHOOK_URL: base,
		N8N_WEBHOOK_URL: base,
		N8N_EDITOR_BASE_URL: base,
		N8N_SECURE_COOKIE: 'false',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_LOG_LEVEL: logLevel,
		N8N_LOG_OUTPUT: 'console',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		N8N_PUBLIC_API_DISABLED: 'false',
		N8N_BLOCK_ENV_ACCESS_IN_NODE: 'false',
		DB_TYPE: 'sqlite',
		DB_SQLITE_POOL_SIZE: '2',
		EXECUTIONS_MODE: 'regular',
		// Keep every execution (success and error) so tests can read them back.
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
		NO_COLOR: '1',
		FORCE_COLOR: '0',
	};
	if (brokerPort) env.N8N_RUNNERS_BROKER_PORT = String(brokerPort);
	if (major(version) < 2) {
		// n8n 1.x on Node 20: the default `vm` expression engine needs isolated-vm, which is not built.
		env.N8N_EXPRESSION_ENGINE = 'legacy';
		// 1.x runs Code nodes in-process unless runners are switched on; keep it simple.
		env.N8N_RUNNERS_ENABLED = 'false';
	} else {
		env.N8N_RUNNERS_ENABLED = 'true';
		env.N8N_RUNNERS_MODE = 'internal';
	}
	return { ...env, ...extra };
}

module.exports = { ENCRYPTION_KEY, prepareUserFolder, n8nEnv };
