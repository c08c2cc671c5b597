'use strict';

const http = require('node:http');
const { createSandbox } = require('../../sandbox/server');

const CLIENT = { id: 'n8n-sandbox', secret: 'sandbox-secret' };

const customer = (over = {}) => ({
	externalUserId: 'user-1',
	firstName: 'Ada',
	lastName: 'Lovelace',
	email: 'ada@example.com',
	phoneNumber: '1 1234567890',
	dateOfBirth: '1990-12-10',
	billing: { address: '1 Main St', city: 'Berlin', state: 'BE', countryCode: 'DE', postalCode: '10115' },
	...over,
});

const browser = (over = {}) => ({
	acceptHeader: 'text/html',
	userAgent: 'jest',
	language: 'en-US',
	timeZoneOffset: -60,
	timeZone: 'Europe/Berlin',
	colorDepth: 24,
	screenHeight: 1080,
	screenWidth: 1920,
	windowHeight: 900,
	windowWidth: 1400,
	javaEnabled: false,
	javascriptEnabled: true,
	customerIp: '203.0.113.7',
	...over,
});

const card = (cardNumber = '4242424242424242', over = {}) => ({
	cardNumber,
	expirationMonth: '12',
	expirationYear: String(new Date().getUTCFullYear() + 3),
	cvv: '123',
	cardholderName: 'Ada Lovelace',
	...over,
});

let orderSeq = 0;
const orderId = (p = 'order') => `${p}-${process.pid}-${++orderSeq}`;

const payinBody = (over = {}) => ({
	orderId: orderId('in'),
	amount: 25.5,
	currency: 'EUR',
	kycVerified: true,
	customer: customer(),
	...over,
});
const payoutBody = (over = {}) => ({
	orderId: orderId('out'),
	value: 40,
	currency: 'EUR',
	kycVerified: true,
	customer: customer(),
	...over,
});

async function startSandbox(options = {}) {
	const sandbox = createSandbox({ quiet: true, seed: 'jest', settleMs: 20, ...options });
	const { url, tokenUrl } = await sandbox.start(0);

	async function request(method, path, { body, token, headers = {}, raw } = {}) {
		const h = { ...headers };
		if (token) h.authorization = `Bearer ${token}`;
		let payload;
		if (raw !== undefined) payload = raw;
		else if (body !== undefined) {
			payload = JSON.stringify(body);
			h['content-type'] = 'application/json';
		}
		const res = await fetch(url + path, { method, headers: h, body: payload });
		const text = await res.text();
		let json;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = undefined;
		}
		return { status: res.status, headers: res.headers, json, text };
	}

	async function tokenRequest(form, headers = {}) {
		const res = await fetch(tokenUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
			body: new URLSearchParams(form).toString(),
		});
		return { status: res.status, json: await res.json() };
	}

	async function getToken() {
		const r = await tokenRequest({
			grant_type: 'client_credentials',
			client_id: CLIENT.id,
			client_secret: CLIENT.secret,
		});
		if (r.status !== 200) throw new Error(`token ${r.status}`);
		return r.json.access_token;
	}

	const control = (method, path, body) => request(method, `/_sandbox${path}`, { body });

	return { sandbox, url, tokenUrl, request, tokenRequest, getToken, control, stop: () => sandbox.stop() };
}

// Tiny receiver for webhook deliveries; `status` decides the answer per call.
async function startReceiver(status = () => 200) {
	const received = [];
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			const entry = {
				method: req.method,
				url: req.url,
				headers: req.headers,
				body: text ? JSON.parse(text) : null,
			};
			received.push(entry);
			res.writeHead(status(entry, received.length));
			res.end();
		});
	});
	await new Promise((r) => server.listen(0, '127.0.0.1', r));
	const { port } = server.address();
	return {
		url: `http://127.0.0.1:${port}`,
		received,
		stop: () =>
			new Promise((r) => {
				server.close(() => r());
				server.closeAllConnections();
			}),
	};
}

async function waitFor(fn, { timeout = 3000, interval = 10 } = {}) {
	const end = Date.now() + timeout;
	for (;;) {
		const v = await fn();
		if (v) return v;
		if (Date.now() > end) throw new Error('waitFor timed out');
		await new Promise((r) => setTimeout(r, interval));
	}
}

module.exports = {
	startSandbox,
	startReceiver,
	waitFor,
	customer,
	browser,
	card,
	orderId,
	payinBody,
	payoutBody,
	CLIENT,
};
