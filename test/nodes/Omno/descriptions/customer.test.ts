import type { IDataObject } from 'n8n-workflow';

import { buildCustomer, readKycVerified } from '../../../../nodes/Omno/descriptions/customer';
import { validateCustomer } from '../../../../nodes/Omno/validation/customer';
import { customerParams, expectedCustomer } from '../../../helpers/customer';
import { makeContext } from '../../../helpers/omno';

const expected = expectedCustomer;

const build = (params: IDataObject) => buildCustomer(makeContext(params), 0);

describe('buildCustomer from fields', () => {
	it("builds OMNO's customer object, normalising the country code", () => {
		expect(build(customerParams)).toEqual(expected);
	});

	it('adds only the KYC details that were filled in, validated', () => {
		const customer = build({
			...customerParams,
			kyc: {
				idType: 'PASSPORT',
				idNumber: 'X123',
				idCountry: 'de',
				idExpirationDate: '2031-05-01',
				nationality: '',
			},
		});
		expect(customer.kyc).toEqual({
			idType: 'PASSPORT',
			idNumber: 'X123',
			idCountry: 'DE',
			idExpirationDate: '2031-05-01',
		});
	});

	it('sends an empty state as "" (countries without states)', () => {
		expect((build({ ...customerParams, state: '' }).billing as IDataObject).state).toBe('');
	});

	it.each([
		[{ firstName: ' ' }, 'First Name (customer.firstName) is empty'],
		[{ email: 'jane' }, 'Email (customer.email) must be an e-mail address'],
		[{ phoneNumber: 'n/a' }, 'Phone Number (customer.phoneNumber) must be a phone number'],
		[{ dateOfBirth: '31.02.1990' }, 'Date of Birth (customer.dateOfBirth) must be a real date'],
		[{ dateOfBirth: '02.03.1990' }, 'Date of Birth (customer.dateOfBirth) is ambiguous'],
		[{ countryCode: 'UK' }, 'Billing Country Code (customer.billing.countryCode) must be a two-letter'],
		[{ postalCode: '' }, 'Billing Postal Code (customer.billing.postalCode) is empty'],
		[{ kyc: { nationality: 'German' } }, 'Nationality (customer.kyc.nationality) must be a two-letter'],
		[
			{ kyc: { idExpirationDate: '2031-02-30' } },
			'ID Expiration Date (customer.kyc.idExpirationDate) must be a real date',
		],
	])('refuses %j, naming the field path', (change, message) => {
		expect(() => build({ ...customerParams, ...change })).toThrow(message);
	});
});

describe('buildCustomer from JSON', () => {
	const json = { ...expected, billing: { ...expected.billing, countryCode: 'us' } };

	it('accepts a JSON string', () => {
		expect(build({ customerInput: 'json', customer: JSON.stringify(json) })).toEqual(expected);
	});

	it('accepts an object and ignores unknown keys', () => {
		expect(build({ customerInput: 'json', customer: { ...json, row_number: 7, amount: '10' } })).toEqual(
			expected,
		);
	});

	it('accepts a flat sheet row (billing and KYC keys at the top level)', () => {
		const { billing, ...rest } = json;
		expect(build({ customerInput: 'json', customer: { ...rest, ...billing, nationality: 'fr' } })).toEqual({
			...expected,
			kyc: { nationality: 'FR' },
		});
	});

	it.each([
		['not json', 'Customer (JSON) (customer) is not valid JSON'],
		['[]', 'Customer (JSON) (customer) must be a JSON object'],
		['{}', 'External User ID (customer.externalUserId) is empty'],
		[{ ...json, billing: 'Main St' }, 'Billing (customer.billing) must be an object'],
		[{ ...json, billing: { ...json.billing, countryCode: 'ZZ' } }, 'customer.billing.countryCode'],
	])('refuses %j', (customer, message) => {
		expect(() => build({ customerInput: 'json', customer })).toThrow(message);
	});
});

describe('validateCustomer', () => {
	it('refuses a date of birth in the future', () => {
		expect(() => validateCustomer({ ...expected, dateOfBirth: '2999-01-01' })).toThrow('must be in the past');
	});
});

describe('readKycVerified', () => {
	it.each([
		[true, true],
		[false, false],
		['true', true],
	])('%j → %j', (value, result) => {
		expect(readKycVerified(makeContext({ kycVerified: value }), 0)).toBe(result);
	});
	it('refuses other values', () => {
		expect(() => readKycVerified(makeContext({ kycVerified: 'yes' }), 0)).toThrow(
			'KYC Verified (kycVerified)',
		);
	});
});
