'use strict';

// HTTP plumbing shared by every route: errors that carry a status, body reading, JSON answers, and the
// redaction applied to whatever the request log keeps.

const { toJson, parseJsonBody } = require('./json');

const MAX_BODY = 1024 * 1024;

class HttpError extends Error {
	constructor(status, body, headers) {
		super(body?.message ?? body?.error ?? String(status));
		this.status = status;
		this.body = body;
		this.headers = headers;
	}
}

const SECRET_KEY_RE = /cvv|cvc|secret|password|token|authorization/i;

// Copy of a request body safe to keep in the log: no PAN, CVV or secret.
function redact(value) {
	if (Array.isArray(value)) return value.map(redact);
	if (!value || typeof value !== 'object') return value;
	const out = {};
	for (const [k, val] of Object.entries(value)) {
		if (/^(cardNumber|pan)$/i.test(k)) {
			out[k] =
				typeof val === 'string' && /^\d{12,19}$/.test(val)
					? `${val.slice(0, 6)}******${val.slice(-4)}`
					: '***';
		} else if (SECRET_KEY_RE.test(k)) {
			out[k] = '***';
		} else {
			out[k] = redact(val);
		}
	}
	return out;
}

function authKind(req) {
	const h = req.headers.authorization;
	if (!h) return null;
	const scheme = h.split(' ')[0].toLowerCase();
	if (scheme === 'bearer') return 'Bearer';
	if (scheme === 'basic') return 'Basic';
	return 'other';
}

function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		let size = 0;
		req.on('data', (c) => {
			size += c.length;
			if (size > MAX_BODY) {
				reject(new HttpError(413, { message: 'Request body too large' }));
				req.destroy();
				return;
			}
			chunks.push(c);
		});
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

function decodeFormPart(s) {
	try {
		return decodeURIComponent(s.replace(/\+/g, ' '));
	} catch {
		return s;
	}
}

function send(res, status, body, headers = {}) {
	if (res.headersSent || res.destroyed) return;
	if (status === 204 || body === undefined) {
		res.writeHead(status, headers);
		res.end();
		return;
	}
	const text = toJson(body);
	res.writeHead(status, {
		'content-type': 'application/json',
		'content-length': Buffer.byteLength(text),
		...headers,
	});
	res.end(text);
}

/** `errorStatus(e)` maps the domain errors of the other modules (validation, conflict, …) to a status. */
function sendError(res, e, { errorStatus, quiet }) {
	if (e instanceof HttpError) return send(res, e.status, e.body, e.headers);
	const status = errorStatus(e);
	if (status) return send(res, status, { message: e.message });
	if (!quiet) console.error('sandbox: internal error', e);
	return send(res, 500, { message: 'Internal sandbox error' });
}

/** JSON body → { value, numberText(key) }; with `entry`, a redacted copy goes to the request log. */
function parseJson(text, entry) {
	if (text.trim() === '') return { value: undefined, numberText: () => undefined };
	try {
		const parsed = parseJsonBody(text);
		if (entry) entry.body = redact(parsed.value);
		return parsed;
	} catch {
		throw new HttpError(400, { message: 'Malformed JSON' });
	}
}

module.exports = {
	HttpError,
	redact,
	authKind,
	readBody,
	decodeFormPart,
	send,
	sendError,
	parseJson,
	MAX_BODY,
};
