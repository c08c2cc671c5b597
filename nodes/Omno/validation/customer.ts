import type { IDataObject } from 'n8n-workflow';

import { InvalidInputError, assertNonEmpty, isBlank } from './index';
import { assertCountry } from './country';
import { assertCalendarDate, assertPastDate } from './date';
import { assertEmail } from './email';
import { assertPhone } from './phone';

/** The keys of OMNO's `customer.billing`. */
export const BILLING_KEYS = ['address', 'city', 'state', 'countryCode', 'postalCode'] as const;
const KYC_KEYS = [
	'idType',
	'idNumber',
	'idCountry',
	'idExpirationDate',
	'nationality',
	'countryOfBirth',
] as const;

/** Optional text: blank gives "", a string or number its text; anything else (an object, a list) is refused. */
function optionalText(value: unknown, field: string, label: string): string {
	if (isBlank(value)) return '';
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	const kind = Array.isArray(value)
		? 'a list'
		: value === null
			? 'null'
			: typeof value === 'object'
				? 'an object'
				: `a ${typeof value}`;
	throw new InvalidInputError(field, label, `must be text, got ${kind}`);
}

function asObject(value: unknown, field: string, label: string): IDataObject | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'object' || Array.isArray(value)) {
		throw new InvalidInputError(field, label, 'must be an object');
	}
	return value as IDataObject;
}

/**
 * Validates a raw customer (from fields or JSON) into OMNO's `customer` object. Every error names the path
 * inside it, e.g. `customer.billing.countryCode`.
 */
export function validateCustomer(raw: IDataObject, now: Date = new Date()): IDataObject {
	const billingRaw = asObject(raw.billing, 'customer.billing', 'Billing') ?? {};
	const kycRaw = asObject(raw.kyc, 'customer.kyc', 'KYC Details') ?? {};
	// Nested keys win; flat keys let a sheet row be passed as is.
	const pick = (nested: IDataObject, key: string) => (nested[key] !== undefined ? nested[key] : raw[key]);

	const text = (value: unknown, field: string, label: string) => assertNonEmpty(value, field, label);
	const customer: IDataObject = {
		externalUserId: text(raw.externalUserId, 'customer.externalUserId', 'External User ID'),
		firstName: text(raw.firstName, 'customer.firstName', 'First Name'),
		lastName: text(raw.lastName, 'customer.lastName', 'Last Name'),
		email: assertEmail(raw.email, 'customer.email', 'Email'),
		phoneNumber: assertPhone(raw.phoneNumber, 'customer.phoneNumber', 'Phone Number'),
		dateOfBirth: assertPastDate(raw.dateOfBirth, 'customer.dateOfBirth', 'Date of Birth', now),
		billing: {
			address: text(pick(billingRaw, 'address'), 'customer.billing.address', 'Billing Address'),
			city: text(pick(billingRaw, 'city'), 'customer.billing.city', 'Billing City'),
			state: optionalText(pick(billingRaw, 'state'), 'customer.billing.state', 'Billing State'),
			countryCode: assertCountry(
				pick(billingRaw, 'countryCode'),
				'customer.billing.countryCode',
				'Billing Country Code',
			),
			postalCode: text(pick(billingRaw, 'postalCode'), 'customer.billing.postalCode', 'Billing Postal Code'),
		},
	};

	const kyc: IDataObject = {};
	for (const key of KYC_KEYS) {
		const value = pick(kycRaw, key);
		if (isBlank(value)) continue;
		const field = `customer.kyc.${key}`;
		if (key === 'idCountry') kyc[key] = assertCountry(value, field, 'ID Country');
		else if (key === 'nationality') kyc[key] = assertCountry(value, field, 'Nationality');
		else if (key === 'countryOfBirth') kyc[key] = assertCountry(value, field, 'Country of Birth');
		else if (key === 'idExpirationDate') kyc[key] = assertCalendarDate(value, field, 'ID Expiration Date');
		else kyc[key] = text(value, field, key === 'idType' ? 'ID Type' : 'ID Number');
	}
	if (Object.keys(kyc).length) customer.kyc = kyc;
	return customer;
}
