/**
 * Card data must never reach n8n's UI, its execution log or our own log lines (PCI DSS allows at most the first
 * six and last four digits of a card number, and never the security code). Everything shown goes through here.
 */

export function luhnValid(digits: string): boolean {
	let sum = 0;
	let double = false;
	for (let i = digits.length - 1; i >= 0; i--) {
		let d = digits.charCodeAt(i) - 48;
		if (double) {
			d *= 2;
			if (d > 9) d -= 9;
		}
		sum += d;
		double = !double;
	}
	return sum % 10 === 0;
}

const MIN_PAN = 12;
const MAX_PAN = 19;

/**
 * Digit groups with what may stand between the groups of a written card number: up to three spaces (any kind),
 * dashes, dots, slashes, underscores, colons and the like. Letters end a run but do not start one:
 * "card4242…" and "pan_4242…" are still found.
 */
const DIGIT_RUN = /\d+(?:[\s\-–—.·_/\\:|,;+*~'"=]{1,3}\d+)*/g;

/** A UUID (OMNO's transaction ids): never a card number, even when its first groups are all digits. */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * Replaces every card number in the text by stars, keeping its last four digits and its separators:
 * "4242 4242 4242 4242" → "**** **** **** 4242". A card number is a Luhn-valid run of 12–19 digits, either
 * unbroken or written in groups of 3–6 digits (4-4-4-4, 4-6-5, …) with any separators; a longer run of groups is
 * searched group by group (a card number followed by an expiry date). One long unbroken run of digits (a
 * reference number) and UUIDs are not card numbers.
 */
export function maskCardNumbersInText(text: string): string {
	if (!/\d/.test(text)) return text;
	let out = '';
	let last = 0;
	for (const match of text.matchAll(UUID)) {
		const start = match.index ?? 0;
		out += maskRuns(text.slice(last, start)) + match[0];
		last = start + match[0].length;
	}
	return out + maskRuns(text.slice(last));
}

function maskRuns(text: string): string {
	return text.replace(DIGIT_RUN, (run) => maskRun(run));
}

const MIN_GROUP = 3;
const MAX_GROUP = 6;

function maskRun(run: string): string {
	const groups: Array<{ start: number; end: number; digits: number }> = [];
	for (const match of run.matchAll(/\d+/g)) {
		const start = match.index ?? 0;
		groups.push({ start, end: start + match[0].length, digits: match[0].length });
	}
	const total = groups.reduce((n, g) => n + g.digits, 0);
	if (total < MIN_PAN) return run;
	const digitsOf = (from: number, to: number) =>
		run.slice(groups[from].start, groups[to].end).replace(/\D/g, '');
	const masked = new Array<boolean>(run.length).fill(false);
	let found = false;
	for (let from = 0; from < groups.length; from++) {
		let count = 0;
		for (let to = from; to < groups.length; to++) {
			const grouped = to > from;
			// In a written card number every group has 3–6 digits; a single group is the whole number.
			// The last group may be short ("3056 9309 0259 04"); a short group ends the number.
			if (grouped && groups[to].digits > MAX_GROUP) break;
			if (grouped && to === from + 1 && (groups[from].digits < MIN_GROUP || groups[from].digits > MAX_GROUP))
				break;
			count += groups[to].digits;
			if (count > MAX_PAN) break;
			const short = grouped && groups[to].digits < MIN_GROUP;
			if (count < MIN_PAN) {
				if (short) break;
				continue;
			}
			if (luhnValid(digitsOf(from, to))) {
				found = true;
				markAllButLastFour(run, groups[from].start, groups[to].end, masked);
			}
			if (short) break;
		}
	}
	if (!found) return run;
	let out = '';
	for (let i = 0; i < run.length; i++) out += masked[i] ? '*' : run[i];
	return out;
}

function markAllButLastFour(run: string, start: number, end: number, masked: boolean[]): void {
	let keep = 4;
	for (let i = end - 1; i >= start; i--) {
		const isDigit = run.charCodeAt(i) >= 48 && run.charCodeAt(i) <= 57;
		if (!isDigit) continue;
		if (keep > 0) keep--;
		else masked[i] = true;
	}
}

/**
 * Keys that hold a card security code, however they are spelt: cvv, CVV2, cvc, cvc2, csc, cvn, cid,
 * securityCode, security_code, cardSecurityCode, cardVerificationValue, card_verification_code, ….
 */
export function isSecurityCodeKey(key: string): boolean {
	const k = key.toLowerCase().replace(/[^a-z0-9]/g, '');
	return (
		/^(card)?(cvv|cvc|csc|cvn|cid|cav|cvd)\d?(code|value|number)?$/.test(k) ||
		k.includes('cvv') ||
		k.includes('cvc') ||
		k.includes('securitycode') ||
		k.includes('cardverification') ||
		k.includes('verificationcode') ||
		k.includes('verificationvalue')
	);
}

const SECURITY_CODE_IN_TEXT =
	/((?:cvv|cvc|csc|cvn|security[\s_-]?code|card[\s_-]?verification(?:[\s_-]?(?:value|code))?)\d?["']?\s*[:=]?\s*["']?)(\d{3,4})(?!\d)/gi;

/** Card numbers and security codes written into free text ("CVV 123", "cvc=1234") are starred. */
export function redactText(text: string): string {
	return maskCardNumbersInText(text).replace(SECURITY_CODE_IN_TEXT, (_, label: string) => `${label}***`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A copy of any JSON-like value that is safe to show: security codes replaced by "***" under any key that means
 * one, card numbers starred in every string, number and key. Prototype keys are kept as plain data.
 */
export function redact<T>(value: T, depth = 0): T {
	if (typeof value === 'string') return redactText(value) as T;
	if (typeof value === 'number') {
		// Only a whole number of 12+ digits can be a card number; String() prints those without an exponent
		// up to 1e21.
		if (!Number.isInteger(value) || Math.abs(value) < 1e11 || Math.abs(value) >= 1e21) return value;
		const text = String(value);
		const masked = maskCardNumbersInText(text);
		return (masked === text ? value : masked) as T;
	}
	if (typeof value === 'bigint') {
		const text = value.toString();
		const masked = maskCardNumbersInText(text);
		return (masked === text ? value : masked) as unknown as T;
	}
	if (value === null || typeof value !== 'object' || depth > 50) return value;
	if (Array.isArray(value)) return value.map((inner) => redact(inner, depth + 1)) as T;
	if (!isPlainObject(value)) return value;
	const out: Record<string, unknown> = {};
	for (const [key, inner] of Object.entries(value)) {
		const safeKey = maskCardNumbersInText(key);
		const shown =
			isSecurityCodeKey(key) && inner !== null && inner !== undefined && inner !== ''
				? '***'
				: redact(inner, depth + 1);
		Object.defineProperty(out, safeKey, {
			value: shown,
			enumerable: true,
			writable: true,
			configurable: true,
		});
	}
	return out as T;
}
