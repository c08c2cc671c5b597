import { createHash, timingSafeEqual } from 'crypto';

/** How OMNO proves a delivery is its own: the secret set in the Dashboard, as stored in the credential. */
export type DeliveryAuth =
	| { authType: 'header'; headerName: string; headerSecret: string }
	| { authType: 'basic'; user: string; password: string }
	| { authType: 'query'; queryName: string; querySecret: string };

export interface DeliveryRequest {
	/** Node's lower-cased request headers. */
	headers: Record<string, string | string[] | undefined>;
	query: Record<string, unknown>;
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * Constant-time comparison. Both sides are hashed first, so the buffers always have the same length:
 * `timingSafeEqual` never throws and the time taken says nothing about the secret's length.
 */
export function secretsEqual(received: string, expected: string): boolean {
	return timingSafeEqual(sha256(received), sha256(expected));
}

/** A single header or query value; repeated ones are ambiguous and refused. */
function single(value: unknown): string | undefined {
	return typeof value === 'string' ? value : undefined;
}

function decodeBasic(header: string): { user: string; password: string } | undefined {
	const match = /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
	if (!match) return undefined;
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon < 0) return undefined;
	return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * Checks a delivery against the configured secret. Fails closed: an empty configured secret, a missing
 * value and a wrong value are all refused. Reasons name what was wrong, never a value.
 */
export function verifyDelivery(auth: DeliveryAuth, request: DeliveryRequest): VerifyResult {
	switch (auth.authType) {
		case 'header': {
			const name = (auth.headerName ?? '').trim().toLowerCase();
			if (!name || !auth.headerSecret) {
				return {
					ok: false,
					reason: 'the OMNO Webhook Authentication credential has no header name or value',
				};
			}
			const raw = request.headers[name];
			if (raw === undefined) return { ok: false, reason: `header ${name} is missing` };
			const received = single(raw);
			if (received === undefined) return { ok: false, reason: `header ${name} was sent more than once` };
			return secretsEqual(received, auth.headerSecret)
				? { ok: true }
				: { ok: false, reason: `header ${name} has the wrong value` };
		}
		case 'basic': {
			if (!auth.user || !auth.password) {
				return { ok: false, reason: 'the OMNO Webhook Authentication credential has no user or password' };
			}
			const header = single(request.headers.authorization);
			if (header === undefined) return { ok: false, reason: 'Basic authorization header is missing' };
			const given = decodeBasic(header);
			if (!given) return { ok: false, reason: 'authorization header is not Basic auth' };
			// Both comparisons always run, so timing does not reveal which one failed.
			const userOk = secretsEqual(given.user, auth.user);
			const passwordOk = secretsEqual(given.password, auth.password);
			return userOk && passwordOk ? { ok: true } : { ok: false, reason: 'wrong Basic auth user or password' };
		}
		case 'query': {
			const name = (auth.queryName ?? '').trim();
			if (!name || !auth.querySecret) {
				return {
					ok: false,
					reason: 'the OMNO Webhook Authentication credential has no query parameter name or value',
				};
			}
			const raw = request.query[name];
			if (raw === undefined) return { ok: false, reason: `query parameter ${name} is missing` };
			const received = single(raw);
			if (received === undefined) {
				return { ok: false, reason: `query parameter ${name} was sent more than once` };
			}
			return secretsEqual(received, auth.querySecret)
				? { ok: true }
				: { ok: false, reason: `query parameter ${name} has the wrong value` };
		}
		default:
			return { ok: false, reason: 'the OMNO Webhook Authentication credential has an unknown method' };
	}
}

/** Reads the credential n8n decrypted into a DeliveryAuth; unknown methods are refused by verifyDelivery. */
export function toDeliveryAuth(data: Record<string, unknown>): DeliveryAuth {
	const text = (key: string, fallback = '') =>
		typeof data[key] === 'string' ? (data[key] as string) : fallback;
	const authType = text('authType', 'header');
	if (authType === 'basic') return { authType, user: text('user'), password: text('password') };
	if (authType === 'query') {
		return { authType, queryName: text('queryName', 'token'), querySecret: text('querySecret') };
	}
	if (authType === 'header') {
		return { authType, headerName: text('headerName', 'Authorization'), headerSecret: text('headerSecret') };
	}
	// Left for verifyDelivery to refuse, so a credential from a newer version never opens the door.
	return { authType } as unknown as DeliveryAuth;
}
