'use strict';
/**
 * Throw-away Redis and PostgreSQL servers for the queue-mode e2e and benchmark (plain CommonJS, no dependencies).
 *
 *   const { startPostgres, startRedis } = require('../../tools/queue-mode/services');  // from e2e/queue/
 *   const pg = await startPostgres({ dir });      // { host, port, database, user, password, stop() }
 *   const redis = await startRedis({ dir });      // { host, port, stop() }
 *
 * Both run as our own child processes on 127.0.0.1 and a free port, with their data in `dir` (a temp folder),
 * never the system services. Binaries come from the Debian packages `postgresql` and `redis-server`
 * (e2e/queue/run.sh installs them when missing). PostgreSQL refuses to run as root: as root the server runs as
 * the `postgres` user (`runuser`), its data directory owned by that user. Durability is switched off
 * (fsync, RDB/AOF): these databases live for one test run.
 *
 * Each server is also stopped when this process exits, and `dir/services.json` records how to stop them so a
 * shell trap can clean up after a crash (see stopRecorded / `node tools/queue-mode/services.js stop <dir>`).
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const net = require('node:net');
const path = require('node:path');
const { findOnPath, freePort, killGroup, isAlive, sleep } = require('../n8n');

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Newest /usr/lib/postgresql/<ver>/bin (Debian layout), else whatever `pg_ctl` is on PATH. */
function postgresBinDir() {
	const root = '/usr/lib/postgresql';
	if (fs.existsSync(root)) {
		const versions = fs
			.readdirSync(root)
			.filter((v) => fs.existsSync(path.join(root, v, 'bin', 'pg_ctl')))
			.sort((a, b) => Number(b) - Number(a));
		if (versions.length) return path.join(root, versions[0], 'bin');
	}
	const found = findOnPath('pg_ctl');
	if (found) return path.dirname(fs.realpathSync(found));
	throw new Error('PostgreSQL is not installed (no pg_ctl): apt-get install -y postgresql');
}

function redisBin() {
	const found =
		findOnPath('redis-server') ||
		(fs.existsSync('/usr/bin/redis-server') ? '/usr/bin/redis-server' : undefined);
	if (!found) throw new Error('Redis is not installed (no redis-server): apt-get install -y redis-server');
	return found;
}

/** Run a PostgreSQL tool, as `postgres` when we are root. */
function pgCommand(bin, args) {
	return isRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}

function runSync(cmd, args, opts = {}) {
	const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
	if (r.error) throw r.error;
	if (r.status !== 0) {
		throw new Error(
			`${path.basename(cmd)} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`,
		);
	}
	return r;
}

// ------------------------------------------------------------------ records for crash cleanup

function recordFile(dir) {
	return path.join(dir, 'services.json');
}

function readRecords(dir) {
	try {
		return JSON.parse(fs.readFileSync(recordFile(dir), 'utf8'));
	} catch {
		return {};
	}
}

function writeRecord(dir, name, value) {
	const all = readRecords(dir);
	if (value === undefined) delete all[name];
	else all[name] = value;
	fs.writeFileSync(recordFile(dir), JSON.stringify(all, null, 2));
}

/** Stop whatever `dir/services.json` lists (used by the shell trap; safe to call twice). */
function stopRecorded(dir) {
	const all = readRecords(dir);
	if (all.postgres) stopPostgresSync(all.postgres);
	// n8n processes first (they hold connections), then Redis.
	for (const [name, rec] of Object.entries(all))
		if (name !== 'redis' && rec && rec.pid) killGroup(rec.pid, 'SIGKILL');
	if (all.redis) killGroup(all.redis.pid, 'SIGKILL');
	for (const name of Object.keys(all)) writeRecord(dir, name, undefined);
}

/** Remember another process group (e.g. an n8n worker) for stopRecorded; pid undefined forgets it. */
function recordProcess(dir, name, pid) {
	writeRecord(dir, name, pid === undefined ? undefined : { pid });
}

function stopPostgresSync({ binDir, dataDir }) {
	if (!fs.existsSync(path.join(dataDir, 'postmaster.pid'))) return;
	const [cmd, args] = pgCommand(path.join(binDir, 'pg_ctl'), [
		'-D',
		dataDir,
		'-m',
		'immediate',
		'-w',
		'stop',
	]);
	spawnSync(cmd, args, { stdio: 'ignore' });
}

const _exitHooks = new Set();
let _hooked = false;
function onExit(fn) {
	_exitHooks.add(fn);
	if (!_hooked) {
		_hooked = true;
		process.on('exit', () => {
			for (const f of _exitHooks) {
				try {
					f();
				} catch {}
			}
		});
	}
	return () => _exitHooks.delete(fn);
}

// ------------------------------------------------------------------ PostgreSQL

/**
 * initdb + pg_ctl start on 127.0.0.1:<free port> (TCP only, password auth), then a database and role for n8n.
 * Returns { host, port, database, user, password, dataDir, ms, stop() }.
 */
async function startPostgres({
	dir,
	port,
	database = 'n8n',
	user = 'n8n',
	password = 'n8n-e2e-password',
} = {}) {
	const t0 = Date.now();
	const binDir = postgresBinDir();
	port ??= await freePort();
	const pgRoot = path.join(dir, 'postgres');
	const dataDir = path.join(pgRoot, 'data');
	await fsp.mkdir(pgRoot, { recursive: true });
	const superPass = 'postgres-e2e';
	const pwFile = path.join(pgRoot, 'pw');
	await fsp.writeFile(pwFile, superPass);
	if (isRoot) {
		// The postgres user must reach the folder: open the path, hand the folder over.
		for (let d = pgRoot; d !== path.dirname(d) && d.startsWith(dir); d = path.dirname(d))
			fs.chmodSync(d, 0o755);
		fs.chmodSync(dir, 0o755);
		runSync('chown', ['-R', 'postgres:', pgRoot]);
	}
	let [cmd, args] = pgCommand(path.join(binDir, 'initdb'), [
		'-D',
		dataDir,
		'-U',
		'postgres',
		`--pwfile=${pwFile}`,
		'--auth-host=scram-sha-256',
		'--auth-local=trust',
		'-E',
		'UTF8',
		'--locale=C',
		'--no-sync',
	]);
	runSync(cmd, args);
	const logFile = path.join(pgRoot, 'postgres.log');
	const options = [
		`-p ${port}`,
		'-c listen_addresses=127.0.0.1',
		`-c unix_socket_directories=${pgRoot}`,
		'-c fsync=off',
		'-c synchronous_commit=off',
		'-c full_page_writes=off',
		'-c max_connections=100',
	].join(' ');
	[cmd, args] = pgCommand(path.join(binDir, 'pg_ctl'), [
		'-D',
		dataDir,
		'-o',
		options,
		'-l',
		logFile,
		'-w',
		'-t',
		'60',
		'start',
	]);
	runSync(cmd, args);
	const record = { binDir, dataDir, port };
	writeRecord(dir, 'postgres', record);
	const unhook = onExit(() => stopPostgresSync(record));

	/** psql on this server as `role`, SQL in `sql`, rows unaligned with tabs between fields. */
	const runPsql = (role, rolePassword, db, sql) =>
		runSync(
			path.join(binDir, 'psql'),
			[
				...['-h', '127.0.0.1', '-p', String(port), '-U', role, '-d', db],
				...['-v', 'ON_ERROR_STOP=1', '-qAt', '-F', '\t', '-c', sql],
			],
			{ env: { ...process.env, PGPASSWORD: rolePassword } },
		);
	const psql = (sql) => runPsql('postgres', superPass, 'postgres', sql);
	psql(`CREATE ROLE ${user} LOGIN PASSWORD '${password}'`);
	psql(`CREATE DATABASE ${database} OWNER ${user}`);

	return {
		host: '127.0.0.1',
		port,
		database,
		user,
		password,
		dataDir,
		logFile,
		ms: Date.now() - t0,
		/** Run SQL as the n8n role; rows as arrays of strings (diagnostics, e.g. execution_entity). */
		query(sql) {
			const r = runPsql(user, password, database, sql);
			return r.stdout
				.split('\n')
				.filter(Boolean)
				.map((l) => l.split('\t'));
		},
		/** Number of open connections per application/user (diagnostics). */
		connections() {
			return psql(`SELECT count(*) FROM pg_stat_activity WHERE datname = '${database}'`).stdout.trim();
		},
		async stop() {
			stopPostgresSync(record);
			unhook();
			writeRecord(dir, 'postgres', undefined);
		},
	};
}

// ------------------------------------------------------------------ Redis

/** `redis-server` on 127.0.0.1:<free port>, no persistence. Returns { host, port, pid, ms, stop() }. */
async function startRedis({ dir, port } = {}) {
	const t0 = Date.now();
	port ??= await freePort();
	const redisDir = path.join(dir, 'redis');
	await fsp.mkdir(redisDir, { recursive: true });
	const logFile = path.join(redisDir, 'redis.log');
	const out = fs.openSync(logFile, 'a');
	const child = spawn(
		redisBin(),
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--save',
			'',
			'--appendonly',
			'no',
			'--daemonize',
			'no',
			'--dir',
			redisDir,
			'--protected-mode',
			'yes',
		],
		{ detached: true, stdio: ['ignore', out, out] },
	);
	fs.closeSync(out);
	writeRecord(dir, 'redis', { pid: child.pid, port });
	const unhook = onExit(() => killGroup(child.pid, 'SIGKILL'));
	let exited = false;
	child.on('exit', () => (exited = true));
	for (;;) {
		if (exited) throw new Error(`redis-server exited:\n${fs.readFileSync(logFile, 'utf8').slice(-2000)}`);
		if ((await redisPing(port).catch(() => '')) === '+PONG') break;
		if (Date.now() - t0 > 20_000) throw new Error(`redis-server not answering on ${port}`);
		await sleep(100);
	}
	return {
		host: '127.0.0.1',
		port,
		pid: child.pid,
		logFile,
		ms: Date.now() - t0,
		command: (...words) => redisCommand(port, words),
		async stop() {
			killGroup(child.pid, 'SIGTERM');
			for (let i = 0; i < 50 && isAlive(child.pid); i++) await sleep(100);
			killGroup(child.pid, 'SIGKILL');
			unhook();
			writeRecord(dir, 'redis', undefined);
		},
	};
}

/** One inline RESP command; resolves with the first reply line (enough for PING / INFO-free checks). */
function redisCommand(port, words) {
	return new Promise((resolve, reject) => {
		const s = net.connect(port, '127.0.0.1');
		let buf = '';
		s.setTimeout(2000, () => {
			s.destroy();
			reject(new Error('redis timeout'));
		});
		s.on('error', reject);
		s.on('data', (d) => {
			buf += d;
			if (buf.includes('\r\n')) {
				s.end();
				resolve(buf.split('\r\n')[0]);
			}
		});
		s.write(`${words.join(' ')}\r\n`);
	});
}

const redisPing = (port) => redisCommand(port, ['PING']);

module.exports = { startPostgres, startRedis, stopRecorded, recordProcess, postgresBinDir, redisBin, isRoot };

if (require.main === module) {
	// `node tools/queue-mode/services.js stop <dir>`: the shell trap's cleanup.
	const [cmd, dir] = process.argv.slice(2);
	if (cmd === 'stop' && dir) stopRecorded(dir);
	else {
		console.error('usage: node tools/queue-mode/services.js stop <dir>');
		process.exit(2);
	}
}
