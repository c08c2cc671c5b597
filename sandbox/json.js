'use strict';

const crypto = require('node:crypto');

// Money must travel as the exact number text the caller sent (no float round trip). A RawNumber holds
// that text; toJson() splices it back into the output as a bare JSON number.
const MARK = `~rawnum${crypto.randomBytes(6).toString('hex')}~`;
const MARK_RE = new RegExp(`"${MARK}(-?[0-9][0-9.eE+-]*)${MARK}"`, 'g');
const NUMBER_RE = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;

class RawNumber {
	constructor(text) {
		if (!NUMBER_RE.test(text)) throw new TypeError(`not a JSON number: ${text}`);
		this.text = text;
	}
	toJSON() {
		return `${MARK}${this.text}${MARK}`;
	}
	valueOf() {
		return Number(this.text);
	}
	toString() {
		return this.text;
	}
}

function toJson(value) {
	return JSON.stringify(value).replace(MARK_RE, '$1');
}

const WS = new Set([' ', '\t', '\n', '\r']);
const NUM_CHARS = /[-+0-9.eE]/;

// Source text of the numbers directly under the root object ({"amount": 10.10} -> { amount: "10.10" }).
// Node 20 has no JSON.parse source access, so a light scan over the already-valid text does it.
function topLevelNumberTexts(text) {
	const out = Object.create(null);
	let depth = 0;
	let i = 0;
	const n = text.length;
	while (i < n) {
		const c = text[i];
		if (c === '"') {
			let j = i + 1;
			while (j < n && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
			if (depth === 1) {
				let k = j + 1;
				while (k < n && WS.has(text[k])) k++;
				if (text[k] === ':') {
					const key = JSON.parse(text.slice(i, j + 1));
					k++;
					while (k < n && WS.has(text[k])) k++;
					if (k < n && NUM_CHARS.test(text[k])) {
						let m = k;
						while (m < n && NUM_CHARS.test(text[m])) m++;
						out[key] = text.slice(k, m);
						i = m;
					} else {
						delete out[key];
						i = k;
					}
					continue;
				}
			}
			i = j + 1;
			continue;
		}
		if (c === '{' || c === '[') depth++;
		else if (c === '}' || c === ']') depth--;
		i++;
	}
	return out;
}

// Parses a request body. Returns { value, numberText(key) } or throws SyntaxError.
function parseJsonBody(text) {
	const value = JSON.parse(text);
	let texts;
	return {
		value,
		numberText(key) {
			if (!value || typeof value !== 'object' || typeof value[key] !== 'number') return undefined;
			texts ??= topLevelNumberTexts(text);
			const t = texts[key];
			// Fall back to JS formatting if the scan disagrees with JSON.parse (should not happen).
			return t !== undefined && NUMBER_RE.test(t) && Number(t) === value[key] ? t : String(value[key]);
		},
	};
}

// Digits after the decimal point of a JSON number text, trailing zeros dropped, without float maths.
function fractionDigits(text) {
	const [mantissa, expText] = text.toLowerCase().replace(/^-/, '').split('e');
	const exp = parseInt(expText || '0', 10);
	if (Math.abs(exp) > 1000) return '';
	const [intPart, fracPart = ''] = mantissa.split('.');
	let digits = intPart + fracPart;
	let point = intPart.length + exp;
	if (point < 0) {
		digits = '0'.repeat(-point) + digits;
		point = 0;
	}
	return digits.slice(point).replace(/0+$/, '');
}

module.exports = { RawNumber, toJson, parseJsonBody, fractionDigits, topLevelNumberTexts, NUMBER_RE };
