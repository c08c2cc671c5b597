import type { IDataObject } from 'n8n-workflow';

import { applyAdditionalFields, payInAdditionalFields } from '../../../../nodes/Omno/descriptions/additional';
import { makeContext } from '../../../helpers/omno';

const apply = (
	additionalFields: IDataObject | undefined,
	body: IDataObject = { orderId: 'o-1', amount: 10 },
) => applyAdditionalFields(makeContext(additionalFields === undefined ? {} : { additionalFields }), 0, body);

describe('applyAdditionalFields', () => {
	it('leaves the body alone when nothing is set', () => {
		expect(apply(undefined)).toEqual({ orderId: 'o-1', amount: 10 });
		expect(apply({})).toEqual({ orderId: 'o-1', amount: 10 });
	});

	it("maps every known option onto OMNO's names", () => {
		expect(
			apply({
				previousTransactionCount: 3,
				returnUrls: {
					urls: { success: 'https://shop.example.com/ok', failure: 'https://shop.example.com/ko' },
				},
				routerId: 'router-7',
				webhookUrl: 'https://n8n.example.com/webhook/abc',
			}),
		).toEqual({
			orderId: 'o-1',
			amount: 10,
			previousTransactionCount: 3,
			returnUrls: { success: 'https://shop.example.com/ok', failure: 'https://shop.example.com/ko' },
			routerId: 'router-7',
			webhook: { url: 'https://n8n.example.com/webhook/abc' },
		});
	});

	it('merges the JSON extras last (they may replace known options)', () => {
		expect(
			apply({ routerId: 'r-1', additionalBodyFields: '{"routerId":"r-2","metadata":{"shop":"eu"}}' }),
		).toEqual({ orderId: 'o-1', amount: 10, routerId: 'r-2', metadata: { shop: 'eu' } });
	});

	it.each(['orderId', 'amount', 'value', 'currency'])('refuses JSON extras that set %s', (key) => {
		expect(() => apply({ additionalBodyFields: { [key]: 1 } })).toThrow(
			`Additional Body Fields (JSON) (additionalFields.additionalBodyFields) must not set "${key}"`,
		);
	});

	it.each([
		[
			{ previousTransactionCount: -1 },
			'Previous Transaction Count (additionalFields.previousTransactionCount) must be between 0',
		],
		[{ previousTransactionCount: 1.5 }, 'must be a whole number'],
		[
			{ returnUrls: { urls: { success: 'https://ok.example', failure: '' } } },
			'Failure URL (additionalFields.returnUrls.failure) is empty',
		],
		[
			{ returnUrls: { urls: { success: 'ok.example', failure: 'https://ko.example' } } },
			'Success URL (additionalFields.returnUrls.success) must be an absolute http(s) URL',
		],
		[
			{ webhookUrl: 'ftp://x.example' },
			'Webhook URL (additionalFields.webhookUrl) must be an absolute http(s) URL',
		],
		[{ additionalBodyFields: '[1]' }, 'must be a JSON object'],
	])('refuses %j', (fields, message) => {
		expect(() => apply(fields)).toThrow(message);
	});

	it('lists its options sorted by display name (n8n lint rule)', () => {
		const names = (payInAdditionalFields.options ?? []).map(
			(o) => (o as { displayName: string }).displayName,
		);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
	});
});
