import { maskRequestBody, runWindow, summarise } from '../../../../nodes/Omno/actions/bulk';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('runWindow', () => {
	it('never has more than the limit under way, and keeps every lane busy (sliding, not batches)', async () => {
		let inFlight = 0;
		let peak = 0;
		const started: number[] = [];
		// Item 0 holds its lane until every other item has started. Batches of 3 would wait for it before
		// starting item 3, so the release would only come from the safety timeout.
		let release!: () => void;
		const othersAllStarted = new Promise<void>((resolve) => (release = resolve));
		let releasedByOthers = false;
		await runWindow([0, 1, 2, 3, 4, 5, 6, 7], 3, async (i) => {
			inFlight++;
			peak = Math.max(peak, inFlight);
			started.push(i);
			if (started.length === 8) {
				releasedByOthers = true;
				release();
			}
			if (i === 0) {
				let timer: NodeJS.Timeout | undefined;
				const safety = new Promise<void>((resolve) => (timer = setTimeout(resolve, 3000)));
				await Promise.race([othersAllStarted, safety]);
				clearTimeout(timer);
			} else {
				await tick(1);
			}
			inFlight--;
		});
		expect(peak).toBe(3);
		expect(releasedByOthers).toBe(true);
		expect(started.sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
	});

	it('stops starting new work once told to, and lets what is under way finish', async () => {
		const done: number[] = [];
		let stop = false;
		await runWindow([0, 1, 2, 3, 4, 5], 2, async (i) => {
			await tick(i === 0 ? 30 : 1);
			if (i === 1) stop = true;
			done.push(i);
		}, () => stop);
		expect(done.sort()).toEqual([0, 1]);
	});

	it('with limit 1 runs strictly in order', async () => {
		const order: number[] = [];
		await runWindow([0, 1, 2, 3], 1, async (i) => {
			await tick(4 - i);
			order.push(i);
		});
		expect(order).toEqual([0, 1, 2, 3]);
	});
});

describe('summarise', () => {
	it('counts outcomes and statuses and adds created amounts per currency exactly', () => {
		const request = (value: number, currency: string) => ({
			method: 'POST' as const,
			path: '/public/payout',
			body: { value, currency },
			orderId: `o-${value}`,
		});
		const summary = summarise([
			{ outcome: 'created', status: 'WAITING_FOR_CONFIRMATION', request: request(0.1, 'EUR') },
			{ outcome: 'created', status: 'WAITING_FOR_CONFIRMATION', request: request(0.2, 'EUR') },
			{ outcome: 'created', status: 'PENDING', request: request(1000, 'JPY') },
			{ outcome: 'alreadyExists', request: request(5, 'EUR') },
			{ outcome: 'failed' },
			{ outcome: 'unknown', request: request(7, 'EUR') },
		]);
		expect(summary).toEqual({
			items: 6,
			outcomes: { created: 3, alreadyExists: 1, failed: 1, unknown: 1 },
			statuses: { WAITING_FOR_CONFIRMATION: 2, PENDING: 1 },
			// 0.1 + 0.2 in floats is 0.30000000000000004.
			totalsCreated: { EUR: '0.3', JPY: '1000' },
		});
	});
});

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
			cardData: { cardNumber: expect.not.stringContaining('42424242424242'), cvv: '***', expirationMonth: '12' },
			savedCardData: { cardId: 'c', cvv: '***' },
		});
	});
});
