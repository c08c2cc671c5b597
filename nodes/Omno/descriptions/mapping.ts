import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { InvalidInputError } from '../validation';
import { type ColumnField, type ColumnMatch, matchColumns } from '../validation/columns';
import { columnsOf } from '../validation/rows';

export const AUTO_MAPPING = 'autoMapInputData';
export const MANUAL_MAPPING = 'defineBelow';

/**
 * n8n's own choice (Postgres, Google Sheets): match the input's columns by name, or map each field. Manual is
 * the default because n8n stores only values that differ from it: a workflow saved before this parameter
 * existed has none, and must keep reading its fields exactly as it did. (The node is also an AI tool, whose
 * fields come from the model, not from an item's columns.)
 */
export const mappingModeField: INodeProperties = {
	displayName: 'Mapping Column Mode',
	name: 'mappingMode',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Map Automatically',
			value: AUTO_MAPPING,
			description:
				'Read each field from the input column of the same name ("Order ID", "Amount", "E-mail", "Postcode", …), ignoring case, spaces and punctuation',
		},
		{
			name: 'Map Each Field Manually',
			value: MANUAL_MAPPING,
			description: 'Set every field below, e.g. by dragging a column from the input panel',
		},
	],
	default: MANUAL_MAPPING,
};

/** The create's fields, shown only when they are mapped by hand. */
export function mappedByHand(properties: INodeProperties[]): INodeProperties[] {
	return properties.map((p) => ({
		...p,
		displayOptions: {
			...p.displayOptions,
			show: { ...p.displayOptions?.show, mappingMode: [MANUAL_MAPPING] },
		},
	}));
}

const field = (
	name: string,
	label: string,
	path: string,
	aliases: string[],
	required = true,
): ColumnField => ({ name, label, path, aliases, required });

/**
 * What a sheet's columns can feed, with the other names people give them. The amount is "amount" here for pay-ins
 * and payouts alike (OMNO's payout calls it `value`; both names are read).
 */
const CREATE_FIELDS: ColumnField[] = [
	field('orderId', 'Order ID', 'orderId', ['Order Number', 'Order No', 'Order Reference', 'Reference']),
	field('amount', 'Amount', 'amount', ['Value', 'Payout Amount', 'Payment Amount']),
	field('currency', 'Currency', 'currency', ['Currency Code', 'CCY']),
	field('externalUserId', 'External User ID', 'customer.externalUserId', [
		'User ID',
		'Customer ID',
		'Account ID',
		'Payee ID',
	]),
	field('firstName', 'First Name', 'customer.firstName', ['Given Name', 'Forename']),
	field('lastName', 'Last Name', 'customer.lastName', ['Surname', 'Family Name']),
	field('email', 'Email', 'customer.email', ['Email Address', 'Mail']),
	field('phoneNumber', 'Phone Number', 'customer.phoneNumber', [
		'Phone',
		'Telephone',
		'Tel',
		'Mobile',
		'Mobile Number',
	]),
	field('dateOfBirth', 'Date of Birth', 'customer.dateOfBirth', ['Birth Date', 'Birthdate', 'DOB']),
	field('address', 'Billing Address', 'customer.billing.address', [
		'Street',
		'Street Address',
		'Address Line 1',
	]),
	field('city', 'Billing City', 'customer.billing.city', ['Town']),
	field('state', 'Billing State', 'customer.billing.state', ['Province', 'Region', 'County'], false),
	field('countryCode', 'Billing Country Code', 'customer.billing.countryCode', ['Country']),
	field('postalCode', 'Billing Postal Code', 'customer.billing.postalCode', [
		'Postcode',
		'ZIP',
		'ZIP Code',
		'Postal',
	]),
	field('idType', 'ID Type', 'customer.kyc.idType', ['Document Type'], false),
	field('idNumber', 'ID Number', 'customer.kyc.idNumber', ['Document Number'], false),
	field('idCountry', 'ID Country', 'customer.kyc.idCountry', ['Document Country'], false),
	field('idExpirationDate', 'ID Expiration Date', 'customer.kyc.idExpirationDate', ['ID Expiry Date'], false),
	field('nationality', 'Nationality', 'customer.kyc.nationality', [], false),
	field('countryOfBirth', 'Country of Birth', 'customer.kyc.countryOfBirth', ['Birth Country'], false),
];

/** The fields and their other names, for the docs and the node's help text. */
export const columnFields: readonly ColumnField[] = CREATE_FIELDS;

/** The columns of one run, matched once, and the items they are read from. */
export interface AutoInput {
	match: ColumnMatch;
	items: INodeExecutionData[];
}

// Matched once per execution: keyed by that execution's context, so nothing outlives it.
const autoInputs = new WeakMap<IExecuteFunctions, AutoInput | null>();

/** The run's matched columns when its fields are mapped automatically; undefined when they are set by hand. */
export function autoInput(ctx: IExecuteFunctions): AutoInput | undefined {
	let input = autoInputs.get(ctx);
	if (input === undefined) {
		const auto = ctx.getNodeParameter('mappingMode', 0, MANUAL_MAPPING) === AUTO_MAPPING;
		const items = auto ? ctx.getInputData() : [];
		input = auto ? { match: matchColumns(columnsOf(items), CREATE_FIELDS), items } : null;
		autoInputs.set(ctx, input);
	}
	return input ?? undefined;
}

/** The matched field an OMNO name is read from (a payout's `value` is the sheet's amount). */
const keyOf = (name: string) => (name === 'value' ? 'amount' : name);

/** The column a field is read from, for messages ("Amount (value, column "Betrag")"). */
export function autoColumn(input: AutoInput, name: string): string | undefined {
	return input.match.columns[keyOf(name.split('.').pop() ?? name)];
}

/**
 * Row i's value of a field, straight from the item's JSON (no expression to resolve). Text a file reader could
 * not decode ("M\uFFFDller": a sheet saved in a legacy encoding) is refused, never sent on.
 */
export function autoValue(input: AutoInput, name: string, i: number): unknown {
	const column = autoColumn(input, name);
	const value = column === undefined ? undefined : input.items[i]?.json[column];
	if (typeof value === 'string' && value.includes('\uFFFD')) {
		const { label, path } = CREATE_FIELDS.find((f) => f.name === keyOf(name)) as ColumnField;
		throw new InvalidInputError(
			path,
			label,
			'holds "\uFFFD", a character the file reader could not decode: save the sheet as "CSV UTF-8" (or XLSX) and upload it again',
		);
	}
	return value;
}

/** Row i's customer, flat as `validateCustomer` reads a sheet row (billing and KYC keys at the top). */
export function autoCustomer(input: AutoInput, i: number): IDataObject {
	const raw: IDataObject = {};
	for (const { name, path } of CREATE_FIELDS) {
		if (path.startsWith('customer.')) raw[name] = autoValue(input, name, i) as IDataObject[string];
	}
	return raw;
}

const quoted = (names: string[]) => names.map((n) => JSON.stringify(n)).join(', ');

/** The OMNO name a field goes by when creating a pay-in or a payout (the payout's amount is `value`). */
function pathIn(f: ColumnField, creates: string): string {
	return f.name === 'amount' && creates === 'payout' ? 'value' : f.path;
}

/**
 * Why the sheet's columns cannot be read (a required field no column names, or one two columns name), named
 * once with the columns the sheet has; undefined when they can.
 */
export function autoMappingProblem(input: AutoInput, creates: string): string | undefined {
	const { missing, conflicts } = input.match;
	if (!missing.length && !conflicts.length) return undefined;
	const columns = columnsOf(input.items);
	const parts: string[] = [];
	if (missing.length) {
		const names = missing.map((f) => `${f.label} (${pathIn(f, creates)})`).join(', ');
		const hints = missing.map((f) => `${f.label}: ${quoted([f.label, ...f.aliases.slice(0, 2)])}`);
		parts.push(
			`No column of the sheet matches ${names}. Columns the sheet has: ${columns.length ? quoted(columns) : 'none'}. Name a column for each, e.g. ${hints.join('; ')} (case, spaces and punctuation do not matter).`,
		);
	}
	for (const { field: f, columns: both } of conflicts) {
		parts.push(
			`${f.label} (${pathIn(f, creates)}) matches more than one column: ${quoted(both)}. Rename or remove all but one.`,
		);
	}
	return parts.join(' ');
}

/** Which column fed which field, and the columns nothing read: for the summary and the run's hint. */
export function columnReport(input: AutoInput, creates: string): IDataObject {
	const fields: IDataObject = {};
	for (const [name, column] of Object.entries(input.match.columns)) {
		fields[name === 'amount' && creates === 'payout' ? 'value' : name] = column;
	}
	return { mapping: 'automatic', fields, unmatched: input.match.unmatched };
}

/** One line for the run's hint: what each field was read from, and what was not read. */
export function columnHint(input: AutoInput, creates: string): string {
	const { fields, unmatched } = columnReport(input, creates) as {
		fields: Record<string, string>;
		unmatched: string[];
	};
	const read = Object.entries(fields).map(([name, column]) => `${name} ← ${JSON.stringify(column)}`);
	const notRead = unmatched.length ? ` Columns not read: ${quoted(unmatched)}.` : '';
	return `Columns matched automatically: ${read.join(', ') || 'none'}.${notRead}`;
}
