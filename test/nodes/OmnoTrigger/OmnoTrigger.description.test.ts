import type { IDataObject } from 'n8n-workflow';

import { OmnoTrigger } from '../../../nodes/OmnoTrigger/OmnoTrigger.node';
import { SECRET, basicCred, headerAuth, queryCred } from '../../helpers/triggerDeliveries';

describe('OmnoTrigger description', () => {
	const { description } = new OmnoTrigger();

	it('is a POST webhook trigger answering with no data', () => {
		expect(description.group).toEqual(['trigger']);
		expect(description.inputs).toEqual([]);
		expect(description.webhooks).toEqual([
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: '={{ $parameter["responseMode"] ?? "onReceived" }}',
				path: 'webhook',
				responseData: 'noData',
			},
		]);
		expect(description.usableAsTool).toBeUndefined();
	});

	it('answers OMNO immediately unless told to answer when the workflow has finished', () => {
		const respond = description.properties.find((p) => p.name === 'responseMode');
		expect(respond?.default).toBe('onReceived');
		expect(respond?.options?.map((o) => ('value' in o ? o.value : undefined))).toEqual([
			'onReceived',
			'lastNode',
		]);
	});

	it('tells the user to paste the Production URL, not the test URL', () => {
		const notice = description.properties.find((p) => p.name === 'setupNotice');
		expect(notice?.type).toBe('notice');
		expect(notice?.displayName).toMatch(/Production URL/);
		expect(notice?.displayName).toMatch(/Developers → Webhooks/);
	});

	it('requires the webhook secret credential by default and warns when authentication is None', () => {
		const auth = description.properties.find((p) => p.name === 'deliveryAuthentication');
		expect(auth?.default).toBe('credential');
		const warning = description.properties.find((p) => p.name === 'noAuthenticationNotice');
		expect(warning?.displayOptions).toEqual({ show: { deliveryAuthentication: ['none'] } });
		expect(description.credentials).toEqual([
			expect.objectContaining({
				name: 'omnoWebhookAuthApi',
				required: true,
				displayOptions: { show: { deliveryAuthentication: ['credential'] } },
			}),
			expect.objectContaining({
				name: 'omnoOAuth2Api',
				required: true,
				displayOptions: { show: { verifyWithOmno: [true] } },
			}),
		]);
	});

	it('verifies with OMNO by default', () => {
		expect(description.properties.find((p) => p.name === 'verifyWithOmno')?.default).toBe(true);
	});
});

describe('OmnoTrigger credential test', () => {
	const test = new OmnoTrigger().methods.credentialTest.omnoWebhookAuthTest;
	const run = async (data: IDataObject) =>
		await test.call({} as never, { id: '1', name: 'c', type: 'omnoWebhookAuthApi', data } as never);

	it.each([
		[headerAuth, 'OK'],
		[{ ...headerAuth, headerName: 'Bad Header' }, 'Error'],
		[{ ...headerAuth, headerSecret: '' }, 'Error'],
		[basicCred, 'OK'],
		[{ ...basicCred, user: 'a:b' }, 'Error'],
		[{ ...basicCred, password: '' }, 'Error'],
		[queryCred, 'OK'],
		[{ ...queryCred, querySecret: '' }, 'Error'],
		[{ authType: 'hmac' }, 'Error'],
	])('%j → %s', async (data, status) => {
		const result = await run(data);
		expect(result.status).toBe(status);
		expect(JSON.stringify(result)).not.toContain(SECRET);
	});
});
