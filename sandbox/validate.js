'use strict';

// Request validation. Each check throws a ValidationError whose message starts with the field path,
// which is what OMNO-style clients show to the user.
class ValidationError extends Error {}

const fail = (message) => {
	throw new ValidationError(message);
};

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

function requireObject(v, path) {
	if (v === undefined || v === null) fail(`${path} is required`);
	if (!isObject(v)) fail(`${path} must be an object`);
	return v;
}

function requireString(v, path, { allowEmpty = false } = {}) {
	if (v === undefined || v === null) fail(`${path} is required`);
	if (typeof v !== 'string') fail(`${path} must be a string`);
	if (!allowEmpty && v.trim() === '') fail(`${path} must not be empty`);
	return v;
}

function optionalString(v, path) {
	if (v === undefined || v === null) return undefined;
	if (typeof v !== 'string') fail(`${path} must be a string`);
	return v;
}

function optionalInt(v, path, { min } = {}) {
	if (v === undefined || v === null) return undefined;
	if (typeof v !== 'number' || !Number.isInteger(v)) fail(`${path} must be an integer`);
	if (min !== undefined && v < min) fail(`${path} must be >= ${min}`);
	return v;
}

function optionalBool(v, path) {
	if (v === undefined || v === null) return undefined;
	if (typeof v !== 'boolean') fail(`${path} must be a boolean`);
	return v;
}

function requireBool(v, path) {
	if (v === undefined || v === null) fail(`${path} is required`);
	if (typeof v !== 'boolean') fail(`${path} must be a boolean`);
	return v;
}

function requirePositiveNumber(v, path) {
	if (v === undefined || v === null) fail(`${path} is required`);
	if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${path} must be a number`);
	if (!(v > 0)) fail(`${path} must be a positive number`);
	return v;
}

function requireCurrency(v, path) {
	requireString(v, path);
	if (!/^[A-Z0-9]{3,10}$/.test(v)) fail(`${path} must be 3-10 uppercase letters or digits`);
	return v;
}

function requireUrl(v, path) {
	requireString(v, path);
	let u;
	try {
		u = new URL(v);
	} catch {
		fail(`${path} must be an absolute URL`);
	}
	if (u.protocol !== 'http:' && u.protocol !== 'https:') fail(`${path} must be an http(s) URL`);
	return v;
}

function isValidDate(text) {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
	const d = new Date(`${text}T00:00:00Z`);
	return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

function validateCustomer(c, path = 'customer') {
	requireObject(c, path);
	for (const f of ['externalUserId', 'firstName', 'lastName', 'email', 'phoneNumber']) {
		requireString(c[f], `${path}.${f}`);
	}
	if (!/^[^@\s]+@[^@\s]+$/.test(c.email)) fail(`${path}.email must be an email address`);
	requireString(c.dateOfBirth, `${path}.dateOfBirth`);
	if (!isValidDate(c.dateOfBirth)) fail(`${path}.dateOfBirth must be a date YYYY-MM-DD`);
	const b = requireObject(c.billing, `${path}.billing`);
	for (const f of ['address', 'city', 'postalCode']) requireString(b[f], `${path}.billing.${f}`);
	requireString(b.state, `${path}.billing.state`, { allowEmpty: true });
	requireString(b.countryCode, `${path}.billing.countryCode`);
	if (!/^[A-Z]{2}$/.test(b.countryCode)) fail(`${path}.billing.countryCode must be ISO 3166-1 alpha-2`);
	if (c.kyc !== undefined && c.kyc !== null) {
		requireObject(c.kyc, `${path}.kyc`);
		for (const f of ['idType', 'idNumber', 'idCountry', 'nationality', 'countryOfBirth']) {
			optionalString(c.kyc[f], `${path}.kyc.${f}`);
		}
		const exp = optionalString(c.kyc.idExpirationDate, `${path}.kyc.idExpirationDate`);
		if (exp !== undefined && !isValidDate(exp))
			fail(`${path}.kyc.idExpirationDate must be a date YYYY-MM-DD`);
	}
}

function validateReturnUrls(r, path, required) {
	if (!required && (r === undefined || r === null)) return;
	requireObject(r, path);
	requireUrl(r.success, `${path}.success`);
	requireUrl(r.failure, `${path}.failure`);
}

function validateWebhook(w, path = 'webhook') {
	if (w === undefined || w === null) return;
	requireObject(w, path);
	requireUrl(w.url, `${path}.url`);
}

function validateBody(body) {
	if (!isObject(body)) fail('body must be a JSON object');
	return body;
}

function validatePayin(body) {
	validateBody(body);
	requireString(body.orderId, 'orderId');
	requirePositiveNumber(body.amount, 'amount');
	requireCurrency(body.currency, 'currency');
	requireBool(body.kycVerified, 'kycVerified');
	validateCustomer(body.customer);
	optionalInt(body.previousTransactionCount, 'previousTransactionCount', { min: 0 });
	validateReturnUrls(body.returnUrls, 'returnUrls', false);
	validateWebhook(body.webhook);
}

function validatePayout(body) {
	validateBody(body);
	requireString(body.orderId, 'orderId');
	if (body.value === undefined && body.amount !== undefined)
		fail('value is required (payouts use value, not amount)');
	requirePositiveNumber(body.value, 'value');
	requireCurrency(body.currency, 'currency');
	requireBool(body.kycVerified, 'kycVerified');
	validateCustomer(body.customer);
	optionalInt(body.previousTransactionCount, 'previousTransactionCount', { min: 0 });
	optionalString(body.routerId, 'routerId');
	optionalString(body.directLinkRouteId, 'directLinkRouteId');
	validateWebhook(body.webhook);
}

function validateCashierSession(body) {
	validateBody(body);
	validateCustomer(body.customer);
	validateReturnUrls(body.returnUrls, 'returnUrls', true);
	requireCurrency(body.currency, 'currency');
	optionalBool(body.kycVerified, 'kycVerified');
	optionalInt(body.previousTransactionCount, 'previousTransactionCount', { min: 0 });
	validateWebhook(body.webhook);
}

const BROWSER_STRINGS = ['acceptHeader', 'userAgent', 'language', 'timeZone'];
const BROWSER_INTS = [
	'timeZoneOffset',
	'colorDepth',
	'screenHeight',
	'screenWidth',
	'windowHeight',
	'windowWidth',
];
const BROWSER_BOOLS = ['javaEnabled', 'javascriptEnabled'];

function validateBrowser(b, path = 'browser') {
	requireObject(b, path);
	requireString(b.customerIp, `${path}.customerIp`);
	for (const f of BROWSER_STRINGS) optionalString(b[f], `${path}.${f}`);
	for (const f of BROWSER_INTS) optionalInt(b[f], `${path}.${f}`);
	for (const f of BROWSER_BOOLS) optionalBool(b[f], `${path}.${f}`);
}

function luhnValid(digits) {
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

function digitsOf(v, path) {
	if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return String(v);
	if (typeof v === 'string' && /^\d+$/.test(v)) return v;
	if (v === undefined || v === null) fail(`${path} is required`);
	return fail(`${path} must be digits`);
}

function validateCvv(v, path) {
	if (v === undefined || v === null) fail(`${path} is required`);
	if (typeof v !== 'string' || !/^\d{3,4}$/.test(v)) fail(`${path} must be 3 or 4 digits`);
}

function validateCardData(c, now = new Date(), path = 'cardData') {
	requireObject(c, path);
	requireString(c.cardNumber, `${path}.cardNumber`);
	if (!/^\d{12,19}$/.test(c.cardNumber)) fail(`${path}.cardNumber must be 12-19 digits`);
	if (!luhnValid(c.cardNumber)) fail(`${path}.cardNumber is not a valid card number (Luhn check failed)`);
	const month = Number(digitsOf(c.expirationMonth, `${path}.expirationMonth`));
	if (month < 1 || month > 12) fail(`${path}.expirationMonth must be 1-12`);
	const yearText = digitsOf(c.expirationYear, `${path}.expirationYear`);
	if (yearText.length !== 2 && yearText.length !== 4) fail(`${path}.expirationYear must be YY or YYYY`);
	const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
	const y = now.getUTCFullYear();
	if (year < y || (year === y && month < now.getUTCMonth() + 1)) fail(`${path} is expired`);
	validateCvv(c.cvv, `${path}.cvv`);
	requireString(c.cardholderName, `${path}.cardholderName`);
}

function validateProcessCard(body) {
	validateBody(body);
	validateBrowser(body.browser);
	validateCardData(body.cardData);
	optionalBool(body.saveCard, 'saveCard');
}

function validateProcessSavedCard(body) {
	validateBody(body);
	validateBrowser(body.browser);
	const s = requireObject(body.savedCardData, 'savedCardData');
	requireString(s.cardId, 'savedCardData.cardId');
	validateCvv(s.cvv, 'savedCardData.cvv');
}

function validateDirectLink(body) {
	validateBody(body);
	validateBrowser(body.browser);
	requireObject(body.additionalData, 'additionalData');
}

module.exports = {
	ValidationError,
	isObject,
	luhnValid,
	validatePayin,
	validatePayout,
	validateCashierSession,
	validateProcessCard,
	validateProcessSavedCard,
	validateDirectLink,
	validateCustomer,
	requireUrl,
};
