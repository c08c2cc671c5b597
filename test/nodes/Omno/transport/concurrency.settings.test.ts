import type { IExecuteFunctions } from 'n8n-workflow';

import {
	CONCURRENCY_LIMITS,
	concurrencyRunOptions,
	lanesFor,
	limiterFor,
	readConcurrency,
	resetLimiters,
	settingsForRequest,
} from '../../../../nodes/Omno/transport/concurrency';
import { makeContext } from '../../../helpers/omno';

// One controller per credential for the whole process: each test starts without any.
beforeEach(() => resetLimiters());

describe('one controller per credential per process', () => {
	const contextWith = (credentialId?: string) =>
		({
			getNode: () => ({
				credentials: credentialId ? { omnoOAuth2Api: { id: credentialId, name: 'x' } } : {},
			}),
		}) as unknown as IExecuteFunctions;

	it('two executions with the same credential share it; another credential has its own', () => {
		const a1 = limiterFor(contextWith('cred-A'));
		const a2 = limiterFor(contextWith('cred-A'));
		const b = limiterFor(contextWith('cred-B'));
		expect(a1).toBe(a2);
		expect(b).not.toBe(a1);

		a1.delay(5000);
		expect(a2.pausedForMs).toBeGreaterThan(4000);
		expect(b.pausedForMs).toBe(0);
	});

	it('without a credential id, one per execution', () => {
		const context = contextWith();
		expect(limiterFor(context)).toBe(limiterFor(context));
		expect(limiterFor(contextWith())).not.toBe(limiterFor(context));
	});
});

describe('Run Options', () => {
	const withOptions = (runOptions: object | undefined) =>
		makeContext(runOptions === undefined ? {} : { runOptions }) as unknown as IExecuteFunctions;

	it('untouched Run Options mean Auto with the default ceiling', () => {
		for (const options of [undefined, {}, { dryRun: true }]) {
			const settings = readConcurrency(withOptions(options));
			expect(settings).toEqual({
				mode: 'auto',
				concurrency: 1,
				maxConcurrency: CONCURRENCY_LIMITS.defaultMax,
			});
			expect(lanesFor(settings)).toBe(CONCURRENCY_LIMITS.defaultMax);
		}
	});

	it('Auto with a ceiling, Fixed with a number, and a number without a mode is Fixed', () => {
		expect(
			readConcurrency(withOptions({ concurrencyMode: 'auto', maxConcurrency: 30, concurrency: 7 })),
		).toEqual({
			mode: 'auto',
			concurrency: 1,
			maxConcurrency: 30,
		});
		const fixed = readConcurrency(
			withOptions({ concurrencyMode: 'fixed', concurrency: 7, maxConcurrency: 30 }),
		);
		expect(fixed).toMatchObject({ mode: 'fixed', concurrency: 7 });
		expect(lanesFor(fixed)).toBe(7);
		expect(readConcurrency(withOptions({ concurrency: 3 }))).toMatchObject({ mode: 'fixed', concurrency: 3 });
		expect(readConcurrency(withOptions({ concurrencyMode: 'fixed' }))).toMatchObject({
			mode: 'fixed',
			concurrency: 10,
		});
	});

	it.each([
		[
			{ concurrencyMode: 'fixed', concurrency: 0 },
			'Run Options → Concurrency must be a whole number from 1 to 500',
		],
		[
			{ concurrencyMode: 'fixed', concurrency: 2.5 },
			'Run Options → Concurrency must be a whole number from 1 to 500',
		],
		[{ maxConcurrency: 501 }, 'Run Options → Max Concurrency must be a whole number from 1 to 500'],
		[{ concurrencyMode: 'fast' }, 'Run Options → Concurrency Mode must be Auto or Fixed'],
	])('%j is refused with a message naming the option', (options, message) => {
		expect(() => readConcurrency(withOptions(options))).toThrow(message);
	});

	it('the options for the Run Options collection: Auto by default, each number shown for its mode', () => {
		const byName = Object.fromEntries(concurrencyRunOptions.map((p) => [p.name, p]));
		expect(Object.keys(byName)).toEqual(['concurrencyMode', 'concurrency', 'maxConcurrency']);
		expect(byName.concurrencyMode.default).toBe('auto');
		expect(byName.concurrency.displayOptions).toEqual({ hide: { concurrencyMode: ['auto'] } });
		expect(byName.maxConcurrency.displayOptions).toEqual({ hide: { concurrencyMode: ['fixed'] } });
		expect(byName.maxConcurrency.default).toBe(CONCURRENCY_LIMITS.defaultMax);
	});

	it('the transport reads them once per execution and falls back to Auto outside executions', () => {
		const context = withOptions({ concurrencyMode: 'fixed', concurrency: 5 });
		expect(settingsForRequest(context)).toMatchObject({ mode: 'fixed', concurrency: 5 });
		expect(settingsForRequest({ getNode: () => ({}) })).toMatchObject({ mode: 'auto' });
		expect(settingsForRequest(withOptions({ concurrency: 'x' }))).toMatchObject({ mode: 'auto' });
	});
});
