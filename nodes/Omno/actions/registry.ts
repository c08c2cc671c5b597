import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import * as cashierCreateSession from './cashier/createSession.operation';
import * as cashierUpdateBalance from './cashier/updateBalance.operation';
import * as directLinkStartPayIn from './directLink/startPayIn.operation';
import * as directLinkStartPayout from './directLink/startPayout.operation';
import * as payInCreate from './payIn/create.operation';
import * as payInGet from './payIn/get.operation';
import * as payInProcessCard from './payIn/processCard.operation';
import * as payInProcessDirectLink from './payIn/processDirectLink.operation';
import * as payInProcessSavedCard from './payIn/processSavedCard.operation';
import * as paymentPageCreate from './paymentPage/create.operation';
import * as payoutConfirm from './payout/confirm.operation';
import * as payoutCreate from './payout/create.operation';
import * as payoutGet from './payout/get.operation';
import * as payoutProcessDirectLink from './payout/processDirectLink.operation';
import * as payoutReject from './payout/reject.operation';
import * as payoutRunCheck from './payoutRun/check.operation';
import * as payoutRunReconcile from './payoutRun/reconcile.operation';
import * as transactionGet from './transaction/get.operation';
import type { Operation } from './operation';

interface Resource {
	name: string;
	description: string;
	/** The operation the picker starts on. */
	default: string;
	operations: Record<string, Operation>;
}

/**
 * Every resource and operation, listed once. The node's pickers, the parameters' display conditions, the
 * router's dispatch and the `OmnoType` map are all read from here: the key is the value n8n stores.
 */
export const registry = {
	cashier: {
		name: 'Cashier',
		description: 'Hosted checkout sessions where the customer picks how to pay',
		default: 'createSession',
		operations: { createSession: cashierCreateSession, updateBalance: cashierUpdateBalance },
	},
	directLink: {
		name: 'Direct Link',
		description: 'Create and start a pay-in or payout through an APM or crypto in one step',
		default: 'startPayIn',
		operations: { startPayIn: directLinkStartPayIn, startPayout: directLinkStartPayout },
	},
	payIn: {
		name: 'Pay-In',
		description: 'Money in from a customer',
		default: 'get',
		operations: {
			create: payInCreate,
			get: payInGet,
			processCard: payInProcessCard,
			processDirectLink: payInProcessDirectLink,
			processSavedCard: payInProcessSavedCard,
		},
	},
	paymentPage: {
		name: 'Payment Page',
		description: 'A hosted page where the customer pays a fixed amount',
		default: 'create',
		operations: { create: paymentPageCreate },
	},
	payout: {
		name: 'Payout',
		description: 'Money out to a customer',
		default: 'get',
		operations: {
			confirm: payoutConfirm,
			create: payoutCreate,
			get: payoutGet,
			processDirectLink: payoutProcessDirectLink,
			reject: payoutReject,
		},
	},
	payoutRun: {
		name: 'Payout Run',
		description:
			"A run of many payouts from a sheet, checked against OMNO's record before approval and after",
		default: 'check',
		operations: { check: payoutRunCheck, reconcile: payoutRunReconcile },
	},
	transaction: {
		name: 'Transaction',
		description: 'A pay-in or payout by ID, whichever it is',
		default: 'get',
		operations: { get: transactionGet },
	},
} satisfies Record<string, Resource>;

export type Registry = typeof registry;

/** The operation for a stored resource/operation pair, or undefined for one this version does not know. */
export function findOperation(resource: string, operation: string): Operation | undefined {
	const operations = (registry as Record<string, Resource>)[resource]?.operations;
	return operations && Object.hasOwn(operations, operation) ? operations[operation] : undefined;
}

const byName = (a: INodePropertyOptions, b: INodePropertyOptions) => a.name.localeCompare(b.name);

/** The node's parameters: the resource picker, then per resource its operation picker and each operation's fields. */
export function nodeProperties(): INodeProperties[] {
	const resources = Object.entries(registry as Record<string, Resource>);
	const resourcePicker: INodeProperties = {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: resources
			.map(([value, r]) => ({ name: r.name, value, description: r.description }))
			.sort(byName),
		default: 'payIn',
	};
	const perResource = resources.flatMap(([resource, r]) => {
		const operations = Object.entries(r.operations);
		const startsOn = r.default;
		const operationPicker: INodeProperties = {
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource] } },
			options: operations
				.map(([value, { option }]) => ({
					name: option.name,
					value,
					description: option.description,
					action: option.action,
				}))
				.sort(byName),
			default: startsOn,
		};
		const fields = operations.flatMap(([operation, op]) =>
			updateDisplayOptions({ show: { resource: [resource], operation: [operation] } }, op.properties),
		);
		return [operationPicker, ...fields];
	});
	return [resourcePicker, ...perResource];
}
