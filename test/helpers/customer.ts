import type { IDataObject } from 'n8n-workflow';

/** Customer parameters as a user fills them in ("Fields" input). */
export const customerParams: IDataObject = {
	customerInput: 'fields',
	externalUserId: 'user-42',
	firstName: 'Jane',
	lastName: 'Doe',
	email: 'jane@example.com',
	phoneNumber: '1 1234567890',
	dateOfBirth: '1990-01-31',
	address: '1 Main Street',
	city: 'Springfield',
	state: 'IL',
	countryCode: 'us',
	postalCode: '62701',
};

/** The `customer` object OMNO receives for `customerParams`. */
export const expectedCustomer = {
	externalUserId: 'user-42',
	firstName: 'Jane',
	lastName: 'Doe',
	email: 'jane@example.com',
	phoneNumber: '1 1234567890',
	dateOfBirth: '1990-01-31',
	billing: {
		address: '1 Main Street',
		city: 'Springfield',
		state: 'IL',
		countryCode: 'US',
		postalCode: '62701',
	},
};
