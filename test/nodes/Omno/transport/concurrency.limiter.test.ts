import { CONTROLLER, ConcurrencyLimiter } from '../../../../nodes/Omno/transport/concurrency';
import { FakeClock, drive, ok } from '../../../helpers/limiterClock';

describe('ConcurrencyLimiter (fake clock)', () => {
	it('starts low and doubles per round trip while nothing is rate-limited (slow start)', async () => {
		const clock = new FakeClock();
		const limiter = new ConcurrencyLimiter(clock);
		expect(limiter.limit).toBe(CONTROLLER.initialLimit);

		const { sends } = await drive(limiter, clock, {
			workers: 200,
			items: 4 + 8 + 16 + 32,
			latencyMs: () => 100,
			answer: ok,
		});

		// Round trips of 100 ms: 4 go at once, then 8, 16, 32 — each round the window is twice the last.
		const perRound = new Map<number, number>();
		const t0 = sends[0].at;
		for (const s of sends)
			perRound.set(Math.floor((s.at - t0) / 100), (perRound.get(Math.floor((s.at - t0) / 100)) ?? 0) + 1);
		expect([...perRound.values()]).toEqual([4, 8, 16, 32]);
		// The last round's 32 came back with no more work: it grew only while at least half the window was used.
		expect(limiter.limit).toBeGreaterThan(32);
		expect(limiter.limit).toBeLessThan(64);
	});

	it('respects the ceiling and never has more under way than its window', async () => {
		const clock = new FakeClock();
		const limiter = new ConcurrencyLimiter(clock);
		const { sends, limits } = await drive(limiter, clock, {
			workers: 100,
			items: 2000,
			ceiling: 24,
			latencyMs: (n) => 20 + ((n * 37) % 60),
			answer: ok,
		});
		expect(Math.max(...limits)).toBe(24);
		expect(Math.max(...sends.map((s) => s.active))).toBe(24);
		for (const s of sends) expect(s.active).toBeLessThanOrEqual(Math.min(s.limit, 24));
	});

	it('cuts the window on a 429 once per congestion event, to what OMNO let through, then grows ~growthPerSecond per second', async () => {
		const clock = new FakeClock();
		const limiter = new ConcurrencyLimiter(clock);
		// Slow start to the ceiling of 32, then 2 s at 32 under way with 50 ms latency: 640 successes/s.
		await drive(limiter, clock, {
			workers: 32,
			items: 32 * 20 * 2 + 60,
			ceiling: 32,
			latencyMs: () => 50,
			answer: ok,
		});
		expect(limiter.limit).toBe(32);

		// 32 under way, all answered 429 at once: one event, one cut. What got through fits a window of
		// about 32 (+10 % margin), so the cut is the mildest allowed: backoffRatio.
		const slots = await Promise.all(Array.from({ length: 32 }, () => limiter.acquire({ adaptive: true })));
		for (const slot of slots) limiter.release(slot, 'rateLimited', 0);
		expect(limiter.cuts).toBe(1);
		expect(limiter.limitExact).toBeCloseTo(32 * CONTROLLER.backoffRatio, 5);

		// A 429 for a request sent after the cut is a new event. Nothing got through since the last cut (no
		// estimate), so again backoffRatio.
		const after = await limiter.acquire({ adaptive: true });
		limiter.release(after, 'rateLimited', 2000);
		expect(limiter.cuts).toBe(2);
		let cut = 32 * CONTROLLER.backoffRatio ** 2;
		expect(limiter.limitExact).toBeCloseTo(cut, 5);

		// After that 2 s pause, one window of 50 ms successes, then a 429: about 25 under way on average
		// over 2.05 s — fits a window of ~0.7, so the cut is the deepest allowed: minBackoffRatio.
		await drive(limiter, clock, { workers: 25, items: 25, latencyMs: () => 50, answer: ok });
		const third = await limiter.acquire({ adaptive: true });
		limiter.release(third, 'rateLimited', 0);
		expect(limiter.cuts).toBe(3);
		cut = limiter.limitExact;
		expect(cut).toBeGreaterThanOrEqual(32 * CONTROLLER.backoffRatio ** 2 * CONTROLLER.minBackoffRatio);
		expect(cut).toBeLessThan(32 * CONTROLLER.backoffRatio ** 2 * CONTROLLER.minBackoffRatio * 1.05);

		// No more slow start: 3 s of a full window grows it by about (1 + growthPerSecond)^3, not doubling per round trip.
		const startedAt = clock.now();
		await drive(limiter, clock, { workers: 64, items: 300, latencyMs: () => 50, answer: ok });
		const seconds = (clock.now() - startedAt) / 1000;
		const expected = cut * Math.exp(CONTROLLER.growthPerSecond * seconds);
		expect(limiter.limitExact).toBeGreaterThan(expected * 0.85);
		expect(limiter.limitExact).toBeLessThan(expected * 1.15);
	});

	it('is never lowered by 4xx/5xx or network failures', async () => {
		const clock = new FakeClock();
		const limiter = new ConcurrencyLimiter(clock);
		await drive(limiter, clock, { workers: 16, items: 100, ceiling: 16, latencyMs: () => 50, answer: ok });
		expect(limiter.limit).toBe(16);
		await drive(limiter, clock, {
			workers: 16,
			items: 64,
			latencyMs: () => 50,
			answer: () => ({ outcome: 'other' }),
		});
		expect(limiter.limit).toBe(16);
		expect(limiter.pausedForMs).toBe(0);
	});

	it('honours Retry-After for every request of the credential, Fixed ones too', async () => {
		const clock = new FakeClock();
		const limiter = new ConcurrencyLimiter(clock);
		const first = await limiter.acquire({ adaptive: true });
		limiter.release(first, 'rateLimited', 2000);
		expect(limiter.pausedForMs).toBe(2000);

		let adaptiveSent = false;
		let fixedSent = false;
		void limiter.acquire({ adaptive: true }).then(() => (adaptiveSent = true));
		void limiter.acquire({ adaptive: false }).then(() => (fixedSent = true));
		await clock.advance(1999);
		expect([adaptiveSent, fixedSent]).toEqual([false, false]);
		await clock.advance(1);
		expect([adaptiveSent, fixedSent]).toEqual([true, true]);

		// A shorter Retry-After never shortens the pause already set.
		limiter.delay(1000);
		limiter.delay(10);
		expect(limiter.pausedForMs).toBe(1000);
	});
});
