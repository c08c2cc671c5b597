'use strict';
/** Builders for the n8n nodes and connections the payout-run example is made of. */
const { CREDENTIAL, JOURNAL } = require('./constants');

function omno(name, position, parameters, extra = {}) {
	return {
		parameters,
		name,
		type: 'n8n-nodes-omno.omno',
		typeVersion: 1,
		position,
		credentials: CREDENTIAL,
		...extra,
	};
}

function condition(id, leftValue, rightValue, operator) {
	return { id, leftValue, rightValue, operator };
}

function ifNode(name, position, conditions, options = {}) {
	return {
		parameters: {
			conditions: {
				options: {
					caseSensitive: options.caseSensitive ?? true,
					leftValue: '',
					typeValidation: 'loose',
					version: 2,
				},
				conditions,
				combinator: 'and',
			},
			looseTypeValidation: true,
			options: {},
		},
		name,
		type: 'n8n-nodes-base.if',
		typeVersion: 2.2,
		position,
	};
}

/**
 * A Data Table node writing one journal row per item (n8n's own node: a community node cannot write tables), into
 * the example's journal table unless another table is given.
 */
function journalInsert(name, position, value, dataTableId = JOURNAL) {
	const column = (id) => ({
		id,
		displayName: id,
		required: false,
		defaultMatch: false,
		display: true,
		type: 'string',
		canBeUsedToMatch: true,
		readOnly: false,
		removed: false,
	});
	return {
		parameters: {
			resource: 'row',
			operation: 'insert',
			dataTableId,
			columns: {
				mappingMode: 'defineBelow',
				value,
				matchingColumns: [],
				schema: Object.keys(value).map(column),
				attemptToConvertTypes: false,
				convertFieldsToString: false,
			},
			options: {},
		},
		name,
		type: 'n8n-nodes-base.dataTable',
		typeVersion: 1,
		position,
		alwaysOutputData: true,
	};
}

function readTable(name, position, table) {
	return {
		parameters: { operation: 'get', dataTableId: table, returnAll: true },
		name,
		type: 'n8n-nodes-base.dataTable',
		typeVersion: 1,
		position,
		executeOnce: true,
		alwaysOutputData: true,
	};
}

/** A Set node that puts one field of the check's item on a single item (for Split Out). */
function fromCheck(name, position, field) {
	return {
		parameters: {
			assignments: {
				assignments: [
					{
						id: `${field}-0c1d2e3f`,
						name: field,
						value: `={{ $('Check against OMNO').first().json.${field} }}`,
						type: 'array',
					},
				],
			},
			options: {},
		},
		name,
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position,
		executeOnce: true,
	};
}

function splitOut(name, position, field) {
	return {
		parameters: { fieldToSplitOut: field, options: {} },
		name,
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		position,
	};
}

/** Payout → Confirm / Reject of one approved payout, only if OMNO still holds what the approver saw. */
function decide(name, position, operation) {
	return omno(
		name,
		position,
		{
			resource: 'payout',
			operation,
			payoutId: '={{ $json.payoutId }}',
			expected: {
				orderId: '={{ $json.orderId }}',
				amount: '={{ $json.amount }}',
				currency: '={{ $json.currency }}',
			},
		},
		{ onError: 'continueRegularOutput' },
	);
}

// Columns matched by name ("Order ID", "Amount", "E-mail", "Postcode", …): a sheet runs with no edit.
const payoutFields = {
	resource: 'payout',
	operation: 'create',
	mappingMode: 'autoMapInputData',
	kycVerified: true,
};

/** An n8n Form completion page (the form's answer to the browser at the end of a branch). */
function formEnding(name, position, title, message) {
	return {
		parameters: {
			operation: 'completion',
			completionTitle: title,
			completionMessage: message,
			options: {},
		},
		name,
		type: 'n8n-nodes-base.form',
		typeVersion: 1,
		position,
		webhookId: `${name.toLowerCase().replace(/[^a-z]+/g, '-')}-0c1d2e3f`,
	};
}

/** n8n's connection shape from [[target | [target, inputIndex]], …] per output. */
function outputs(targetsPerOutput) {
	return {
		main: targetsPerOutput.map((targets) =>
			targets.map((t) => {
				const [node, index] = Array.isArray(t) ? t : [t, 0];
				return { node, type: 'main', index };
			}),
		),
	};
}

function note(content, position, size = [560, 420]) {
	return {
		parameters: { content, height: size[1], width: size[0] },
		name: 'About this workflow',
		type: 'n8n-nodes-base.stickyNote',
		typeVersion: 1,
		position,
	};
}

module.exports = {
	omno,
	condition,
	ifNode,
	journalInsert,
	readTable,
	fromCheck,
	splitOut,
	decide,
	payoutFields,
	formEnding,
	outputs,
	note,
};
