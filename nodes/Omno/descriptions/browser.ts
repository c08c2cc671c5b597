import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { InvalidInputError } from '../validation';
import { assertIp } from '../validation/ip';
import { assertBoolean, assertInteger } from '../validation/numbers';

/**
 * What a server-side flow sends when the payer's real browser data is unknown: a common desktop Chrome.
 * OMNO wants every field; 3-DS risk checks work better with the payer's real values, so they can be overridden.
 */
export const BROWSER_DEFAULTS = {
	acceptHeader: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
	userAgent:
		'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
	language: 'en-US',
	timeZoneOffset: 0,
	timeZone: 'UTC',
	colorDepth: 24,
	screenHeight: 1080,
	screenWidth: 1920,
	windowHeight: 1080,
	windowWidth: 1920,
	javaEnabled: false,
	javascriptEnabled: true,
};

type BrowserKey = keyof typeof BROWSER_DEFAULTS;

const INT_LIMITS: Partial<Record<BrowserKey, { min: number; max: number }>> = {
	// Minutes, as JavaScript's getTimezoneOffset() gives them (UTC+14 … UTC−12 → −840 … 720).
	timeZoneOffset: { min: -840, max: 840 },
	colorDepth: { min: 1, max: 64 },
	screenHeight: { min: 1, max: 100000 },
	screenWidth: { min: 1, max: 100000 },
	windowHeight: { min: 1, max: 100000 },
	windowWidth: { min: 1, max: 100000 },
};

const LABELS: Record<BrowserKey, string> = {
	acceptHeader: 'Accept Header',
	userAgent: 'User Agent',
	language: 'Language',
	timeZoneOffset: 'Time Zone Offset',
	timeZone: 'Time Zone',
	colorDepth: 'Color Depth',
	screenHeight: 'Screen Height',
	screenWidth: 'Screen Width',
	windowHeight: 'Window Height',
	windowWidth: 'Window Width',
	javaEnabled: 'Java Enabled',
	javascriptEnabled: 'JavaScript Enabled',
};

/** A browser detail that is a whole number of at least 1 (pixels, bits of colour). */
function wholeNumberOption(displayName: string, name: BrowserKey, defaultValue: number): INodeProperties {
	return {
		displayName,
		name,
		type: 'number',
		typeOptions: { minValue: 1, numberPrecision: 0 },
		default: defaultValue,
	};
}

export const browserFields: INodeProperties[] = [
	{
		displayName: 'Customer IP',
		name: 'customerIp',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 203.0.113.7',
		description: "The payer's IPv4 or IPv6 address, as your checkout saw it (used for 3-DS and fraud checks)",
	},
	{
		displayName: 'Browser Overrides',
		name: 'browser',
		type: 'collection',
		placeholder: 'Add Browser Detail',
		default: {},
		description:
			"The payer's browser as your checkout saw it. Anything not set is sent as a typical desktop Chrome (1920×1080, en-US, UTC).",
		options: [
			{
				displayName: 'Accept Header',
				name: 'acceptHeader',
				type: 'string',
				default: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
			},
			wholeNumberOption('Color Depth', 'colorDepth', 24),
			{
				displayName: 'Java Enabled',
				name: 'javaEnabled',
				type: 'boolean',
				default: false,
				description: 'Whether the browser has Java enabled',
			},
			{
				displayName: 'JavaScript Enabled',
				name: 'javascriptEnabled',
				type: 'boolean',
				default: true,
				description: 'Whether the browser has JavaScript enabled',
			},
			{
				displayName: 'Language',
				name: 'language',
				type: 'string',
				default: 'en-US',
				placeholder: 'e.g. de-DE',
			},
			wholeNumberOption('Screen Height', 'screenHeight', 1080),
			wholeNumberOption('Screen Width', 'screenWidth', 1920),
			{
				displayName: 'Time Zone',
				name: 'timeZone',
				type: 'string',
				default: 'UTC',
				placeholder: 'e.g. Europe/Berlin',
			},
			{
				displayName: 'Time Zone Offset',
				name: 'timeZoneOffset',
				type: 'number',
				typeOptions: { numberPrecision: 0 },
				default: 0,
				description: "Minutes from UTC as the browser's getTimezoneOffset() reports it (e.g. -60 for UTC+1)",
			},
			{
				displayName: 'User Agent',
				name: 'userAgent',
				type: 'string',
				default:
					'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
			},
			wholeNumberOption('Window Height', 'windowHeight', 1080),
			wholeNumberOption('Window Width', 'windowWidth', 1920),
		],
	},
];

/** OMNO's `browser` object for item i: the defaults, the user's overrides (validated), then customerIp. */
export function buildBrowser(ctx: IExecuteFunctions, i: number): IDataObject {
	const overrides = (ctx.getNodeParameter('browser', i, {}) ?? {}) as IDataObject;
	const browser: IDataObject = {};
	for (const key of Object.keys(BROWSER_DEFAULTS) as BrowserKey[]) {
		const given = overrides[key];
		const field = `browser.${key}`;
		if (given === undefined || given === null || given === '') {
			browser[key] = BROWSER_DEFAULTS[key];
		} else if (typeof BROWSER_DEFAULTS[key] === 'number') {
			browser[key] = assertInteger(given, field, LABELS[key], INT_LIMITS[key]);
		} else if (typeof BROWSER_DEFAULTS[key] === 'boolean') {
			browser[key] = assertBoolean(given, field, LABELS[key]);
		} else if (typeof given === 'string') {
			browser[key] = given.trim() || BROWSER_DEFAULTS[key];
		} else {
			throw new InvalidInputError(field, LABELS[key], 'must be text');
		}
	}
	browser.customerIp = assertIp(ctx.getNodeParameter('customerIp', i), 'customerIp', 'Customer IP');
	return browser;
}
