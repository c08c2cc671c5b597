import type { IDataObject } from 'n8n-workflow';

import { OmnoTrigger } from '../../../nodes/OmnoTrigger/OmnoTrigger.node';
import { PRODUCTION_URL, TEST_URL, createHookFunctions } from '../../helpers/webhookFunctions';

describe('OmnoTrigger lifecycle methods', () => {
	const { webhookMethods } = new OmnoTrigger();
	const hooks = webhookMethods.default;

	it('create records the Production URL and the time, and says where to paste it', async () => {
		const context = createHookFunctions();
		const before = Date.now();

		expect(await hooks.create.call(context)).toBe(true);

		expect(context.staticData.webhookUrl).toBe(PRODUCTION_URL);
		const registeredAt = Date.parse(String(context.staticData.registeredAt));
		expect(registeredAt).toBeGreaterThanOrEqual(before - 1000);
		expect(registeredAt).toBeLessThanOrEqual(Date.now());
		expect(context.logs[0].message).toContain(PRODUCTION_URL);
		expect(context.logs[0].message).toContain('OMNO Dashboard');
	});

	it('create on the test URL warns that it is not the URL to paste', async () => {
		const context = createHookFunctions({ url: TEST_URL });

		await hooks.create.call(context);

		expect(context.logs[0].message).toMatch(/test URL.*Paste the Production URL/);
	});

	it('checkExists is true only for the URL recorded by create', async () => {
		const staticData: IDataObject = {};
		expect(await hooks.checkExists.call(createHookFunctions({ staticData }))).toBe(false);

		await hooks.create.call(createHookFunctions({ staticData }));

		expect(await hooks.checkExists.call(createHookFunctions({ staticData }))).toBe(true);
		expect(await hooks.checkExists.call(createHookFunctions({ staticData, url: TEST_URL }))).toBe(false);
	});

	it('delete forgets the URL, the time and remembered deliveries, and reminds about the Dashboard', async () => {
		const staticData: IDataObject = {
			webhookUrl: PRODUCTION_URL,
			registeredAt: '2026-01-01T00:00:00.000Z',
			recentDeliveries: { 'payIn:x:SUCCESS': 1 },
		};
		const context = createHookFunctions({ staticData, workflowId: 'wf-lifecycle' });

		expect(await hooks.delete.call(context)).toBe(true);

		expect(staticData).toEqual({});
		expect(context.logs[0].message).toMatch(
			/OMNO keeps sending until the webhook is deleted in the OMNO Dashboard/,
		);
	});

	it.each(['checkExists', 'create'] as const)(
		'%s fails loudly when n8n has no webhook URL',
		async (method) => {
			const context = createHookFunctions({ url: undefined });

			await expect(hooks[method].call(context)).rejects.toThrow(
				'n8n has no webhook URL for this OMNO Trigger',
			);
			expect(context.staticData).toEqual({});
		},
	);
});
