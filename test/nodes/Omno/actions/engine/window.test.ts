import { runWindow } from '../../../../../nodes/Omno/actions/engine/window';

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
		await runWindow(
			[0, 1, 2, 3, 4, 5],
			2,
			async (i) => {
				await tick(i === 0 ? 30 : 1);
				if (i === 1) stop = true;
				done.push(i);
			},
			() => stop,
		);
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
