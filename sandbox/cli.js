#!/usr/bin/env node
'use strict';

const fs = require('node:fs');
const { parseArgs } = require('node:util');
const { createSandbox } = require('./server');

const HELP = `Usage: node sandbox/cli.js [options]   (dev-only local stand-in for the OMNO API)

  --port <n>               listen port (default 8787; 0 = random)
  --host <addr>            listen address (default 127.0.0.1)
  --client-id <id>         accepted client id (default n8n-sandbox)
  --client-secret <s>      accepted client secret (default sandbox-secret)
  --token-lifetime <s>     access token lifetime in seconds (default 300)
  --rate-limit <req/s>     token bucket over /public/* answering 429 + Retry-After (default 0 = off)
  --rate-burst <n>         bucket size (default = rate limit, i.e. one second of burst)
  --latency <ms|min-max>   added delay on /public/* calls, e.g. 20-80 (default 0)
  --fault-rate <0..1>      share of create calls answering 503 before anything is created
  --fault-after-rate <0..1> share of create calls that create, then answer 503 or drop the connection
  --fault-after-mode <m>   503 | drop | mixed (default mixed)
  --business-error-rate <0..1> share of orderIds refused with 422 (same orderId -> same answer)
  --settle-ms <ms>         confirmed payout PENDING -> final after this delay (default 100)
  --seed <s>               makes faults and latency reproducible (default random)
  --webhooks <file.json>   webhook list (array, or { "webhooks": [...] })
  --tls-cert <file> --tls-key <file>   serve HTTPS instead of HTTP
  --public-url <url>       base URL used in iframe/redirect/checkout links (default the listen URL)
  --log-limit <n>          keep this many request-log entries (default 100000)
  --state-file <file>      keep transactions, webhooks and undelivered deliveries in this file across restarts
                           (written atomically, debounced; created if missing; delete it to start over)
  --conflict-style <s>     409 answer to a reused orderId: bare | with-id | nested | other-id
                           (default: $OMNO_SANDBOX_409, else bare)
  --webhook-max-attempts <n>  attempts per webhook delivery (default 0 = until a 2xx, as OMNO does)
  --webhook-retry-delays <ms,ms,...>  waits between attempts, the last repeats (default 100,500,1000,2000,5000)
  --webhook-concurrency <n>          delivery attempts in flight at most (default: no limit)
  --webhook-timeout-ms <ms>          how long one attempt waits for an answer (default 5000)
  --quiet                  print only the listening line
  --help
`;

function main() {
	let values;
	try {
		({ values } = parseArgs({
			options: {
				port: { type: 'string', default: '8787' },
				host: { type: 'string', default: '127.0.0.1' },
				'client-id': { type: 'string' },
				'client-secret': { type: 'string' },
				'token-lifetime': { type: 'string' },
				'rate-limit': { type: 'string' },
				'rate-burst': { type: 'string' },
				latency: { type: 'string' },
				'fault-rate': { type: 'string' },
				'fault-after-rate': { type: 'string' },
				'fault-after-mode': { type: 'string' },
				'business-error-rate': { type: 'string' },
				'settle-ms': { type: 'string' },
				seed: { type: 'string' },
				webhooks: { type: 'string' },
				'tls-cert': { type: 'string' },
				'tls-key': { type: 'string' },
				'public-url': { type: 'string' },
				'log-limit': { type: 'string' },
				'state-file': { type: 'string' },
				'conflict-style': { type: 'string' },
				'webhook-max-attempts': { type: 'string', default: '0' },
				'webhook-retry-delays': { type: 'string', default: '100,500,1000,2000,5000' },
				'webhook-concurrency': { type: 'string' },
				'webhook-timeout-ms': { type: 'string' },
				quiet: { type: 'boolean', default: false },
				help: { type: 'boolean', default: false },
			},
			strict: true,
		}));
	} catch (e) {
		console.error(`${e.message}\n\n${HELP}`);
		process.exit(2);
	}
	if (values.help) {
		process.stdout.write(HELP);
		return;
	}

	const port = Number(values.port);
	if (!Number.isInteger(port) || port < 0 || port > 65535) {
		console.error('--port must be an integer 0-65535');
		process.exit(2);
	}
	if (Boolean(values['tls-cert']) !== Boolean(values['tls-key'])) {
		console.error('--tls-cert and --tls-key go together');
		process.exit(2);
	}

	const options = {
		clientId: values['client-id'],
		clientSecret: values['client-secret'],
		tokenLifetime: values['token-lifetime'],
		rateLimit: values['rate-limit'],
		rateBurst: values['rate-burst'],
		latency: values.latency,
		faultRate: values['fault-rate'],
		faultAfterRate: values['fault-after-rate'],
		faultAfterMode: values['fault-after-mode'],
		businessErrorRate: values['business-error-rate'],
		settleMs: values['settle-ms'],
		seed: values.seed,
		publicUrl: values['public-url'],
		logLimit: values['log-limit'],
		conflictStyle: values['conflict-style'],
		webhookMaxAttempts: values['webhook-max-attempts'],
		webhookRetryDelaysMs: values['webhook-retry-delays'].split(',').filter((d) => d.trim() !== ''),
		webhookConcurrency: values['webhook-concurrency'],
		webhookTimeoutMs: values['webhook-timeout-ms'],
		stateFile: values['state-file'],
		quiet: values.quiet,
	};
	let sandbox;
	try {
		if (values.webhooks) options.webhooks = JSON.parse(fs.readFileSync(values.webhooks, 'utf8'));
		if (values['tls-cert']) {
			options.tls = { cert: fs.readFileSync(values['tls-cert']), key: fs.readFileSync(values['tls-key']) };
		}
		if (!values.quiet) {
			options.onRequest = (e) => {
				const fault = e.fault ? ` [fault ${e.fault}]` : '';
				console.log(
					`${new Date(e.time).toISOString()} ${e.method} ${e.path} -> ${e.status ?? 'dropped'} ${e.durationMs}ms${fault}`,
				);
			};
		}
		sandbox = createSandbox(options);
	} catch (e) {
		console.error(`sandbox: ${e.message}`);
		process.exit(2);
	}

	sandbox.start(port, values.host).then(
		({ url, tokenUrl }) => {
			console.log(`OMNO sandbox listening on ${url}`);
			if (!values.quiet) {
				const c = sandbox.state.config;
				console.log(`  token URL: ${tokenUrl}`);
				console.log(`  API base URL: ${url}`);
				// The default secret is a public test value; a custom one is not echoed.
				console.log(
					`  client id: ${c.clientId}  client secret: ${values['client-secret'] ? '(as given)' : c.clientSecret}`,
				);
				console.log(`  control API: ${url}/_sandbox/health  seed: ${c.seed}  409 style: ${c.conflictStyle}`);
				if (values['state-file']) {
					const r = sandbox.state.restored;
					console.log(
						r
							? `  state file: ${values['state-file']} (restored ${r.payouts} payouts, ${r.payins} pay-ins, ${r.deliveries} webhook deliveries still to send)`
							: `  state file: ${values['state-file']} (new: nothing to restore)`,
					);
				}
			}
		},
		(e) => {
			console.error(`sandbox: cannot listen on ${values.host}:${port}: ${e.message}`);
			process.exit(1);
		},
	);

	let stopping = false;
	const shutdown = (signal) => {
		if (stopping) process.exit(1);
		stopping = true;
		if (!values.quiet) console.log(`sandbox: ${signal}, stopping`);
		sandbox.stop().then(() => process.exit(0));
		setTimeout(() => process.exit(0), 2000).unref();
	};
	process.on('SIGINT', () => shutdown('SIGINT'));
	process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main();
