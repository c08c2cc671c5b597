import { maskRequestBody } from '../../../../nodes/Omno/helpers/mask';

describe('maskRequestBody', () => {
	it('masks card numbers and CVVs at any depth and leaves the rest', () => {
		expect(
			maskRequestBody({
				orderId: 'o',
				cardData: { cardNumber: '4242424242424242', cvv: '123', expirationMonth: '12' },
				savedCardData: { cardId: 'c', cvv: '9999' },
			}),
		).toEqual({
			orderId: 'o',
			cardData: {
				cardNumber: expect.not.stringContaining('42424242424242'),
				cvv: '***',
				expirationMonth: '12',
			},
			savedCardData: { cardId: 'c', cvv: '***' },
		});
	});
});
