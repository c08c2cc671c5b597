import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CONCURRENCY_LIMITS } from './concurrencyLimits';
import { ConcurrencyLimiter } from './limiter';

/**
 * How many OMNO requests are under way at once. OMNO does not publish its rate limit; its only signal is
 * 429 + Retry-After. "Auto" learns the limit from that signal (AIMD with a slow start, the client-side
 * scheme of Netflix's concurrency-limits and the AWS SDKs' adaptive mode); "Fixed" is a number the user
 * chooses. Either way every request of a credential waits out a Retry-After together.
 */

export type ConcurrencyMode = 'auto' | 'fixed';

export interface ConcurrencySettings {
	mode: ConcurrencyMode;
	/** Fixed mode: requests under way at once. */
	concurrency: number;
	/** Auto mode: the most the controller may allow. */
	maxConcurrency: number;
}

// The parts, for the transport, the tests and bench/controller-sim.js: this module is the concurrency API.
export { CONCURRENCY_LIMITS, CONTROLLER } from './concurrencyLimits';
export { ConcurrencyLimiter, type AttemptOutcome, type Slot } from './limiter';
export { RateGate, type LimiterClock } from './rateGate';

export const concurrencyRunOptions: INodeProperties[] = [
	{
		displayName: 'Concurrency Mode',
		name: 'concurrencyMode',
		type: 'options',
		options: [
			{
				name: 'Auto',
				value: 'auto',
				description:
					'Start with a few requests at once and send more while OMNO keeps up; back off as soon as OMNO says "too many requests"',
			},
			{
				name: 'Fixed',
				value: 'fixed',
				description: 'Always the number of requests set in Concurrency',
			},
		],
		default: 'auto',
		description:
			'How many requests are under way at once. Auto finds the speed OMNO allows for this credential (shared by every workflow using it in this n8n process); outputs stay in input order either way.',
	},
	{
		displayName: 'Concurrency',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: CONCURRENCY_LIMITS.max },
		default: 10,
		// Shown for Fixed, and when no mode was chosen (a number set on its own means Fixed).
		displayOptions: { hide: { concurrencyMode: ['auto'] } },
		description: `Fixed mode: how many requests are under way at once (1–${CONCURRENCY_LIMITS.max}). When OMNO rate-limits, every request waits as OMNO asks.`,
	},
	{
		displayName: 'Max Concurrency',
		name: 'maxConcurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: CONCURRENCY_LIMITS.max },
		default: 128, // = CONCURRENCY_LIMITS.defaultMax (a literal for the linter; a test checks they agree)
		displayOptions: { hide: { concurrencyMode: ['fixed'] } },
		description:
			"Auto mode: the most requests it may send at once. Lower it to be gentle with OMNO; the default is high enough that latency and OMNO's own limit decide the speed.",
	},
];

function wholeNumber(context: IExecuteFunctions, value: unknown, label: string): number {
	const n = Number(value);
	if (!Number.isInteger(n) || n < 1 || n > CONCURRENCY_LIMITS.max) {
		throw new NodeOperationError(
			context.getNode(),
			`Run Options → ${label} must be a whole number from 1 to ${CONCURRENCY_LIMITS.max}`,
		);
	}
	return n;
}

/**
 * The Run Options' concurrency settings. Untouched options mean Auto. A Concurrency set without a mode is
 * Fixed: that is what workflows saved before Auto existed mean by it.
 */
export function readConcurrency(context: IExecuteFunctions): ConcurrencySettings {
	const raw = (context.getNodeParameter('runOptions', 0, {}) ?? {}) as IDataObject;
	const explicit = raw.concurrencyMode;
	if (explicit !== undefined && explicit !== 'auto' && explicit !== 'fixed') {
		throw new NodeOperationError(context.getNode(), 'Run Options → Concurrency Mode must be Auto or Fixed');
	}
	const mode: ConcurrencyMode =
		(explicit as ConcurrencyMode | undefined) ?? (raw.concurrency !== undefined ? 'fixed' : 'auto');
	return {
		mode,
		concurrency: mode === 'fixed' ? wholeNumber(context, raw.concurrency ?? 10, 'Concurrency') : 1,
		maxConcurrency:
			mode === 'auto'
				? wholeNumber(context, raw.maxConcurrency ?? CONCURRENCY_LIMITS.defaultMax, 'Max Concurrency')
				: CONCURRENCY_LIMITS.defaultMax,
	};
}

/** How many lanes a bulk run opens: Fixed's number, or Auto's ceiling (the controller holds lanes back). */
export function lanesFor(settings: ConcurrencySettings): number {
	return settings.mode === 'fixed' ? settings.concurrency : settings.maxConcurrency;
}

// One controller per credential per n8n process: OMNO limits per client, not per execution.
const byCredential = new Map<string, ConcurrencyLimiter>();
// Without a saved credential id (e.g. a test run of an unsaved node), one per execution.
const byContext = new WeakMap<object, ConcurrencyLimiter>();

interface NodeWithCredentials {
	getNode?: () => { credentials?: Record<string, { id?: string | null } | undefined> | null };
}

/** The controller shared by every execution in this process that uses the same OMNO credential. */
export function limiterFor(context: object, credentialType = 'omnoOAuth2Api'): ConcurrencyLimiter {
	let id: string | null | undefined;
	try {
		id = (context as NodeWithCredentials).getNode?.().credentials?.[credentialType]?.id;
	} catch {
		id = undefined;
	}
	if (id) {
		let limiter = byCredential.get(id);
		if (!limiter) {
			limiter = new ConcurrencyLimiter();
			byCredential.set(id, limiter);
		}
		return limiter;
	}
	let limiter = byContext.get(context);
	if (!limiter) {
		limiter = new ConcurrencyLimiter();
		byContext.set(context, limiter);
	}
	return limiter;
}

/** Forgets every learned limit (tests start from a fresh process this way). */
export function resetLimiters(): void {
	byCredential.clear();
}

// The settings of a run, read once per execution context: the transport asks on every attempt.
const settingsByContext = new WeakMap<object, ConcurrencySettings>();
const AUTO_DEFAULT: ConcurrencySettings = {
	mode: 'auto',
	concurrency: 1,
	maxConcurrency: CONCURRENCY_LIMITS.defaultMax,
};

/**
 * The settings the transport applies to a request of `context`. Only an execute context has Run Options
 * (webhooks, hooks and option lists send single requests and use Auto's defaults); a bad value is reported
 * by the operation's own `readConcurrency`, so here it falls back to Auto's defaults.
 */
export function settingsForRequest(context: object): ConcurrencySettings {
	const cached = settingsByContext.get(context);
	if (cached) return cached;
	let settings = AUTO_DEFAULT;
	const execute = context as Partial<IExecuteFunctions>;
	if (typeof execute.getInputData === 'function' && typeof execute.getNodeParameter === 'function') {
		try {
			settings = readConcurrency(execute as IExecuteFunctions);
		} catch {
			settings = AUTO_DEFAULT;
		}
	}
	settingsByContext.set(context, settings);
	return settings;
}
