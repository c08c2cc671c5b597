'use strict';

const path = require('node:path');
const { spawn } = require('node:child_process');

const CLI = path.join(__dirname, '../../sandbox/cli.js');

function startCli(args) {
	const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
	let out = '';
	const firstLine = new Promise((resolve, reject) => {
		child.stdout.on('data', (d) => {
			out += d;
			if (out.includes('\n')) resolve(out.split('\n')[0]);
		});
		child.on('exit', (code) => reject(new Error(`exited ${code}`)));
	});
	firstLine.catch(() => {});
	const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
	return { child, firstLine, exited, output: () => out };
}

describe('sandbox CLI', () => {
	test('prints the listening line, applies flags and stops cleanly on SIGTERM', async () => {
		const { child, firstLine, exited } = startCli([
			'--port',
			'0',
			'--quiet',
			'--rate-limit',
			'7',
			'--latency',
			'5-10',
			'--seed',
			's1',
			'--client-id',
			'cli-id',
		]);
		const line = await firstLine;
		expect(line).toMatch(/^OMNO sandbox listening on http:\/\/127\.0\.0\.1:\d+$/);
		const url = line.split(' ').pop();
		const cfg = await (await fetch(`${url}/_sandbox/config`)).json();
		expect(cfg).toMatchObject({
			rateLimit: 7,
			latency: { min: 5, max: 10 },
			seed: 's1',
			clientId: 'cli-id',
			clientSecret: '***',
		});
		child.kill('SIGTERM');
		expect(await exited).toEqual({ code: 0, signal: null });
	});

	test('without --quiet prints token URL and client id; SIGINT stops it', async () => {
		const { child, firstLine, exited, output } = startCli(['--port', '0']);
		await firstLine;
		await new Promise((r) => setTimeout(r, 100));
		expect(output()).toMatch(
			/token URL: http:\/\/127\.0\.0\.1:\d+\/realms\/omno\/protocol\/openid-connect\/token/,
		);
		expect(output()).toContain('client id: n8n-sandbox');
		child.kill('SIGINT');
		expect((await exited).code).toBe(0);
	});

	test('--state-file restores after a restart and says so; --conflict-style and webhook retry flags apply', async () => {
		const fs = require('node:fs');
		const os = require('node:os');
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omno-cli-state-'));
		const file = path.join(dir, 's.json');
		try {
			const args = [
				'--port',
				'0',
				'--state-file',
				file,
				'--conflict-style',
				'with-id',
				'--webhook-retry-delays',
				'7,9',
			];
			const a = startCli(args);
			const url = (await a.firstLine).split(' ').pop();
			await new Promise((r) => setTimeout(r, 100));
			expect(a.output()).toContain(`state file: ${file} (new: nothing to restore)`);
			const cfg = await (await fetch(`${url}/_sandbox/config`)).json();
			expect(cfg).toMatchObject({
				conflictStyle: 'with-id',
				webhookMaxAttempts: 0,
				webhookRetryDelaysMs: [7, 9],
			});
			await fetch(`${url}/_sandbox/webhooks`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify([{ id: 'w', url: 'http://127.0.0.1:9/none', events: ['SUCCESS'] }]),
			});
			a.child.kill('SIGTERM');
			expect((await a.exited).code).toBe(0);
			const b = startCli(args);
			const url2 = (await b.firstLine).split(' ').pop();
			await new Promise((r) => setTimeout(r, 100));
			expect(b.output()).toContain(
				`state file: ${file} (restored 0 payouts, 0 pay-ins, 0 webhook deliveries still to send)`,
			);
			expect((await (await fetch(`${url2}/_sandbox/webhooks`)).json()).webhooks.map((w) => w.id)).toEqual([
				'w',
			]);
			b.child.kill('SIGTERM');
			expect((await b.exited).code).toBe(0);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});

	test('bad flags exit with code 2', async () => {
		const { exited } = startCli(['--fault-rate', '3']);
		expect((await exited).code).toBe(2);
		const { exited: e2 } = startCli(['--no-such-flag']);
		expect((await e2).code).toBe(2);
	});
});
