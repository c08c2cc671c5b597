import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { InvalidInputError, assertNonEmpty } from '../validation';
import { assertCountry } from '../validation/country';
import { assertCalendarDate, assertPastDate } from '../validation/date';
import { assertEmail } from '../validation/email';
import { parseJsonObject } from '../validation/json';
import { assertBoolean } from '../validation/numbers';
import { assertPhone } from '../validation/phone';

const showFields = { show: { customerInput: ['fields'] } };

export const kycVerifiedField: INodeProperties = {
	displayName: 'KYC Verified',
	name: 'kycVerified',
	type: 'boolean',
	default: false,
	description: "Whether you have already verified this customer's identity (KYC) yourself",
};

/** Customer fields, written once; operations spread them and add their own displayOptions. */
export const customerFields: INodeProperties[] = [
	{
		displayName: 'Customer Input',
		name: 'customerInput',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Fields',
				value: 'fields',
				description: 'One field per customer detail',
			},
			{
				name: 'JSON',
				value: 'json',
				description: "One JSON object in OMNO's customer shape, e.g. a sheet row mapped in",
			},
		],
		default: 'fields',
	},
	{
		displayName: 'Customer (JSON)',
		name: 'customer',
		type: 'json',
		required: true,
		default:
			'{\n  "externalUserId": "",\n  "firstName": "",\n  "lastName": "",\n  "email": "",\n  "phoneNumber": "",\n  "dateOfBirth": "",\n  "billing": { "address": "", "city": "", "state": "", "countryCode": "", "postalCode": "" }\n}',
		displayOptions: { show: { customerInput: ['json'] } },
		description:
			"OMNO's customer object: externalUserId, firstName, lastName, email, phoneNumber, dateOfBirth (YYYY-MM-DD), billing {address, city, state, countryCode, postalCode}, optional kyc {…}. Billing and KYC keys may also sit at the top level (a flat sheet row). Other keys are ignored.",
	},
	{
		displayName: 'External User ID',
		name: 'externalUserId',
		type: 'string',
		required: true,
		default: '',
		displayOptions: showFields,
		description:
			'Your own ID for this customer (e.g. your user or account ID); OMNO uses it to recognise returning customers',
	},
	{
		displayName: 'First Name',
		name: 'firstName',
		type: 'string',
		required: true,
		default: '',
		displayOptions: showFields,
	},
	{
		displayName: 'Last Name',
		name: 'lastName',
		type: 'string',
		required: true,
		default: '',
		displayOptions: showFields,
	},
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'name@email.com',
		required: true,
		default: '',
		displayOptions: showFields,
	},
	{
		displayName: 'Phone Number',
		name: 'phoneNumber',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1 1234567890',
		displayOptions: showFields,
		description: 'Country code and number: digits, spaces and "-", optionally starting with "+"',
	},
	{
		displayName: 'Date of Birth',
		name: 'dateOfBirth',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'YYYY-MM-DD',
		displayOptions: showFields,
		description: "The customer's date of birth as YYYY-MM-DD",
	},
	{
		displayName: 'Billing Address',
		name: 'address',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1 Main Street',
		displayOptions: showFields,
	},
	{
		displayName: 'Billing City',
		name: 'city',
		type: 'string',
		required: true,
		default: '',
		displayOptions: showFields,
	},
	{
		displayName: 'Billing State',
		name: 'state',
		type: 'string',
		default: '',
		displayOptions: showFields,
		description: 'State, province or region; leave empty where the country has none',
	},
	{
		displayName: 'Billing Country Code',
		name: 'countryCode',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. DE',
		displayOptions: showFields,
		description: 'Two-letter ISO 3166-1 country code (US, DE, GB)',
	},
	{
		displayName: 'Billing Postal Code',
		name: 'postalCode',
		type: 'string',
		required: true,
		default: '',
		displayOptions: showFields,
	},
	{
		displayName: 'KYC Details',
		name: 'kyc',
		type: 'collection',
		placeholder: 'Add KYC Detail',
		default: {},
		displayOptions: showFields,
		description: 'Identity document details, if you collected them',
		options: [
			{
				displayName: 'Country of Birth',
				name: 'countryOfBirth',
				type: 'string',
				default: '',
				placeholder: 'e.g. DE',
				description: 'Two-letter ISO 3166-1 country code',
			},
			{
				displayName: 'ID Country',
				name: 'idCountry',
				type: 'string',
				default: '',
				placeholder: 'e.g. DE',
				description: 'Two-letter ISO 3166-1 code of the country that issued the document',
			},
			{
				displayName: 'ID Expiration Date',
				name: 'idExpirationDate',
				type: 'string',
				default: '',
				placeholder: 'YYYY-MM-DD',
			},
			{
				displayName: 'ID Number',
				name: 'idNumber',
				type: 'string',
				default: '',
			},
			{
				displayName: 'ID Type',
				name: 'idType',
				type: 'string',
				default: '',
				placeholder: 'e.g. PASSPORT',
			},
			{
				displayName: 'Nationality',
				name: 'nationality',
				type: 'string',
				default: '',
				placeholder: 'e.g. DE',
				description: 'Two-letter ISO 3166-1 country code',
			},
		],
	},
];

const BILLING_KEYS = ['address', 'city', 'state', 'countryCode', 'postalCode'] as const;
const KYC_KEYS = [
	'idType',
	'idNumber',
	'idCountry',
	'idExpirationDate',
	'nationality',
	'countryOfBirth',
] as const;

function isBlank(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

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

/** OMNO's validated `customer` object for item i, from the fields or from the JSON parameter. */
export function buildCustomer(ctx: IExecuteFunctions, i: number): IDataObject {
	const input = ctx.getNodeParameter('customerInput', i, 'fields') as string;
	if (input === 'json') {
		return validateCustomer(
			parseJsonObject(ctx.getNodeParameter('customer', i), 'customer', 'Customer (JSON)'),
		);
	}
	const raw: IDataObject = {};
	for (const key of ['externalUserId', 'firstName', 'lastName', 'email', 'phoneNumber', 'dateOfBirth']) {
		raw[key] = ctx.getNodeParameter(key, i, '');
	}
	raw.billing = Object.fromEntries(BILLING_KEYS.map((key) => [key, ctx.getNodeParameter(key, i, '')]));
	raw.kyc = ctx.getNodeParameter('kyc', i, {}) as IDataObject;
	return validateCustomer(raw);
}

export function readKycVerified(ctx: IExecuteFunctions, i: number): boolean {
	return assertBoolean(ctx.getNodeParameter('kycVerified', i, false), 'kycVerified', 'KYC Verified');
}
