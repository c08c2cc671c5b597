'use strict';

// OMNO's Keycloak stand-in: the client-credentials token endpoint and the bearer check on /public/*.

const crypto = require('node:crypto');
const { HttpError, decodeFormPart } = require('./http');
const { safeEqual } = require('./draws');

const TOKEN_PATH_RE = /^\/realms\/[^/]+\/protocol\/openid-connect\/token$/;

class Tokens {
	/** `rt`: the sandbox runtime (reads rt.config and rt.stats.tokenRequests on every call). */
	constructor(rt) {
		this.rt = rt;
		this.issued = new Map(); // token -> expiry (ms since epoch)
		this.issuedSinceSweep = 0;
	}

	get size() {
		return this.issued.size;
	}

	clear() {
		this.issued.clear();
	}

	issue() {
		const token = crypto.randomBytes(32).toString('base64url');
		this.issued.set(token, Date.now() + this.rt.config.tokenLifetime * 1000);
		if (++this.issuedSinceSweep > 1000) {
			this.issuedSinceSweep = 0;
			const now = Date.now();
			for (const [t, exp] of this.issued) if (exp <= now) this.issued.delete(t);
		}
		return token;
	}

	checkBearer(req) {
		const h = req.headers.authorization ?? '';
		const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
		const exp = m ? this.issued.get(m[1]) : undefined;
		if (exp === undefined || exp <= Date.now()) {
			throw new HttpError(
				401,
				{ error: 'invalid_token', message: 'Unauthorized: token missing or expired' },
				{
					'www-authenticate': 'Bearer error="invalid_token"',
				},
			);
		}
	}

	/** POST /realms/{realm}/protocol/openid-connect/token → { status, body, headers }. */
	handleTokenRequest(req, text, entry) {
		const { config, stats } = this.rt;
		const ctype = (req.headers['content-type'] ?? '').toLowerCase();
		const form = new URLSearchParams(text);
		entry.body = { grant_type: form.get('grant_type'), client_id: form.get('client_id') };
		const fail = (status, body) => {
			stats.tokenRequests.failed++;
			throw new HttpError(status, body);
		};
		if (ctype && !ctype.startsWith('application/x-www-form-urlencoded')) {
			fail(400, {
				error: 'invalid_request',
				error_description: 'Content-Type must be application/x-www-form-urlencoded',
			});
		}
		let clientId = form.get('client_id');
		let clientSecret = form.get('client_secret');
		const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? '');
		if (basic) {
			const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
			const i = decoded.indexOf(':');
			if (i >= 0) {
				clientId = decodeFormPart(decoded.slice(0, i));
				clientSecret = decodeFormPart(decoded.slice(i + 1));
				entry.body.client_id = clientId;
			}
		}
		if (
			!clientId ||
			!clientSecret ||
			!safeEqual(clientId, config.clientId) ||
			!safeEqual(clientSecret, config.clientSecret)
		) {
			fail(401, {
				error: 'invalid_client',
				error_description: 'Invalid client or Invalid client credentials',
			});
		}
		const grant = form.get('grant_type');
		if (!grant)
			fail(400, { error: 'invalid_request', error_description: 'Missing form parameter: grant_type' });
		if (grant !== 'client_credentials')
			fail(400, { error: 'unsupported_grant_type', error_description: `Unsupported grant_type ${grant}` });
		stats.tokenRequests.ok++;
		return {
			status: 200,
			body: {
				access_token: this.issue(),
				expires_in: Math.ceil(config.tokenLifetime),
				refresh_expires_in: 0,
				token_type: 'Bearer',
				'not-before-policy': 0,
				scope: '',
			},
			headers: { 'cache-control': 'no-store', pragma: 'no-cache' },
		};
	}
}

module.exports = { Tokens, TOKEN_PATH_RE };
