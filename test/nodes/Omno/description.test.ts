import type { INodeProperties } from 'n8n-workflow';

import { Omno } from '../../../nodes/Omno/Omno.node';

const properties = new Omno().description.properties;
const resources = (properties.find((p) => p.name === 'resource')?.options ?? []).map(
	(o) => (o as { value: string }).value,
);

/** The operation values a resource offers, from its picker. */
function operationsOf(resource: string): string[] {
	const picker = properties.find(
		(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource),
	);
	return (picker?.options ?? []).map((o) => (o as { value: string }).value);
}

/** The parameters n8n shows for resource/operation (top-level display conditions on resource/operation only). */
function shownFor(resource: string, operation: string): INodeProperties[] {
	return properties.filter((p) => {
		const show = p.displayOptions?.show;
		return show?.resource?.includes(resource) && show?.operation?.includes(operation);
	});
}

const CUSTOMER_FIELDS = [
	'externalUserId',
	'firstName',
	'lastName',
	'email',
	'phoneNumber',
	'dateOfBirth',
	'address',
	'city',
	'state',
	'countryCode',
	'postalCode',
];

describe('OMNO node description', () => {
	it('offers the fixed resource and operation values', () => {
		expect(Object.fromEntries(resources.map((r) => [r, operationsOf(r).sort()]))).toEqual({
			payIn: ['create', 'get', 'processCard', 'processDirectLink', 'processSavedCard'],
			payout: ['confirm', 'create', 'get', 'processDirectLink', 'reject'],
			cashier: ['createSession', 'updateBalance'],
			paymentPage: ['create'],
			directLink: ['startPayIn', 'startPayout'],
			transaction: ['get'],
			payoutRun: ['check', 'reconcile'],
		});
	});

	it('scopes every parameter to a resource and operation (nothing leaks into other operations)', () => {
		const unscoped = properties
			.filter((p) => !['resource', 'operation'].includes(p.name))
			.filter((p) => !p.displayOptions?.show?.resource || !p.displayOptions?.show?.operation)
			.map((p) => p.name);
		expect(unscoped).toEqual([]);
	});

	it('keeps the "Customer Input" switch on every operation that takes a customer', () => {
		// A field list copied without its display conditions shows the JSON and the separate fields at once,
		// all required: n8n then refuses to run the workflow at all.
		for (const resource of resources) {
			for (const operation of operationsOf(resource)) {
				const shown = shownFor(resource, operation);
				if (!shown.some((p) => p.name === 'customerInput')) continue;
				for (const name of CUSTOMER_FIELDS) {
					const field = shown.find((p) => p.name === name);
					expect([resource, operation, name, field?.displayOptions?.show?.customerInput]).toEqual([
						resource,
						operation,
						name,
						['fields'],
					]);
				}
				expect(shown.find((p) => p.name === 'customer')?.displayOptions?.show?.customerInput).toEqual([
					'json',
				]);
			}
		}
	});

	it('gives every create operation the run options', () => {
		const creates = [
			['payIn', 'create'],
			['payout', 'create'],
			['paymentPage', 'create'],
			['directLink', 'startPayIn'],
			['directLink', 'startPayout'],
		];
		for (const [resource, operation] of creates) {
			expect([
				resource,
				operation,
				shownFor(resource, operation).some((p) => p.name === 'runOptions'),
			]).toEqual([resource, operation, true]);
		}
	});
});

describe('Mapping Column Mode on the create operations', () => {
	const creates: Array<[string, string]> = [
		['payIn', 'create'],
		['payout', 'create'],
		['paymentPage', 'create'],
		['directLink', 'startPayIn'],
		['directLink', 'startPayout'],
	];

	it.each(creates)(
		'%s → %s offers it, manual by default (a saved workflow without it keeps its mapping)',
		(resource, operation) => {
			const mode = shownFor(resource, operation).find((p) => p.name === 'mappingMode');
			expect(mode?.default).toBe('defineBelow');
			expect((mode?.options ?? []).map((o) => (o as { value: string }).value)).toEqual([
				'autoMapInputData',
				'defineBelow',
			]);
		},
	);

	it.each(creates)(
		'%s → %s hides the fields a column feeds when mapping automatically',
		(resource, operation) => {
			const manualOnly = shownFor(resource, operation)
				.filter((p) => p.displayOptions?.show?.mappingMode)
				.map((p) => p.name);
			expect(manualOnly).toEqual([
				'orderId',
				resource === 'payout' || operation === 'startPayout' ? 'value' : 'amount',
				'currency',
				'customerInput',
				'customer',
				...CUSTOMER_FIELDS,
				'kyc',
			]);
		},
	);
});
