import { parseDelivery, typeFromHint } from '../../../nodes/OmnoTrigger/delivery';

const raw = (text: string) => Buffer.from(text, 'utf8');

describe('parseDelivery', () => {
	it('reads id, status and body from the raw bytes', () => {
		const result = parseDelivery(raw('{"id":"pi-1","status":"SUCCESS","amount":10}'), {});
		expect(result).toEqual({
			ok: true,
			delivery: {
				id: 'pi-1',
				type: undefined,
				status: 'SUCCESS',
				body: { id: 'pi-1', status: 'SUCCESS', amount: 10 },
			},
		});
	});

	it("prefers the raw bytes (what OMNO sent) over n8n's parsed body", () => {
		const result = parseDelivery(raw('{"id":"from-raw"}'), { id: 'from-parsed' });
		expect(result.ok && result.delivery.id).toBe('from-raw');
	});

	it('falls back to the parsed body when there are no raw bytes', () => {
		const result = parseDelivery(undefined, { paymentId: 'p-9' });
		expect(result.ok && result.delivery.id).toBe('p-9');
	});

	it.each([
		[{ paymentId: 'a' }, 'a', 'payIn'],
		[{ payoutId: 'b' }, 'b', 'payout'],
		[{ transactionId: 'c', type: 'PAYOUT' }, 'c', 'payout'],
		[{ id: 42, transactionType: 'pay-in' }, '42', 'payIn'],
		[{ id: 'd', transactionType: 'CARD' }, 'd', undefined],
		[{ id: 'e', paymentId: 'other' }, 'e', 'payIn'],
	])('%j → id %s, type %s', (body, id, type) => {
		const result = parseDelivery(raw(JSON.stringify(body)), body);
		expect(result.ok && [result.delivery.id, result.delivery.type]).toEqual([id, type]);
	});

	it.each([
		['{"id": "x",', 'body is not valid JSON'],
		['[{"id":"x"}]', 'body is not a JSON object'],
		['"x"', 'body is not a JSON object'],
		['null', 'body is not a JSON object'],
		['{"status":"SUCCESS"}', 'body has no transaction id (id, paymentId, payoutId, transactionId)'],
		['{"id":""}', 'body has no transaction id (id, paymentId, payoutId, transactionId)'],
		['{"id":{"a":1}}', 'id is not a string or number'],
		['{"id":"../payout/x"}', 'id is not a valid transaction id'],
		['{"id":"a b"}', 'id is not a valid transaction id'],
		['{"id":".."}', 'id is not a valid transaction id'],
	])('refuses %s: %s', (text, reason) => {
		expect(parseDelivery(raw(text), {})).toEqual({ ok: false, reason });
	});

	it('refuses bytes that are not UTF-8', () => {
		expect(parseDelivery(Buffer.from([0x7b, 0xff, 0x7d]), {})).toEqual({
			ok: false,
			reason: 'body is not valid JSON',
		});
	});

	it('never quotes the body in a reason', () => {
		const result = parseDelivery(raw('{"cardNumber":"4111111111111111"'), {});
		expect(JSON.stringify(result)).not.toContain('4111');
	});
});

describe('typeFromHint', () => {
	it.each([
		['payin', 'payIn'],
		['PAY_IN', 'payIn'],
		['payin.status_changed', 'payIn'],
		['Payout', 'payout'],
		['WITHDRAWAL', 'payout'],
		['CARD', undefined],
		[7, undefined],
	])('%j → %s', (hint, type) => {
		expect(typeFromHint(hint)).toBe(type);
	});
});
