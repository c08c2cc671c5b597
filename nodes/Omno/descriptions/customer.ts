import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { BILLING_KEYS, validateCustomer } from '../validation/customer';
import { parseJsonObject } from '../validation/json';
import { assertBoolean } from '../validation/numbers';

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
