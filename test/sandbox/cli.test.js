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
		const { child, firstLine, exited } = startCli(['--port', '0', '--quiet', '--rate-limit', '7', '--latency', '5-10', '--seed', 's1', '--client-id', 'cli-id']);
		const line = await firstLine;
		expect(line).toMatch(/^OMNO sandbox listening on http:\/\/127\.0\.0\.1:\d+$/);
		const url = line.split(' ').pop();
		const cfg = await (await fetch(`${url}/_sandbox/config`)).json();
		expect(cfg).toMatchObject({ rateLimit: 7, latency: { min: 5, max: 10 }, seed: 's1', clientId: 'cli-id', clientSecret: '***' });
		child.kill('SIGTERM');
		expect(await exited).toEqual({ code: 0, signal: null });
	});

	test('without --quiet prints token URL and client id; SIGINT stops it', async () => {
		const { child, firstLine, exited, output } = startCli(['--port', '0']);
		await firstLine;
		await new Promise((r) => setTimeout(r, 100));
		expect(output()).toMatch(/token URL: http:\/\/127\.0\.0\.1:\d+\/realms\/omno\/protocol\/openid-connect\/token/);
		expect(output()).toContain('client id: n8n-sandbox');
		child.kill('SIGINT');
		expect((await exited).code).toBe(0);
	});

	test('bad flags exit with code 2', async () => {
		const { exited } = startCli(['--fault-rate', '3']);
		expect((await exited).code).toBe(2);
		const { exited: e2 } = startCli(['--no-such-flag']);
		expect((await e2).code).toBe(2);
	});
});
