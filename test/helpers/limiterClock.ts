// A virtual clock and a driver for the transport's ConcurrencyLimiter: many workers sending through it against a
// fake OMNO, in simulated time.
import type {
	AttemptOutcome,
	ConcurrencyLimiter,
	LimiterClock,
} from '../../nodes/Omno/transport/concurrency';

/** Virtual time: `sleep` resolves only when the test moves the clock past it. */
export class FakeClock implements LimiterClock {
	private t = 1_000_000;
	private timers: Array<{ at: number; resolve: () => void }> = [];

	now = () => this.t;

	sleep = async (ms: number) =>
		await new Promise<void>((resolve) => this.timers.push({ at: this.t + ms, resolve }));

	get pending() {
		return this.timers.length;
	}

	/** Runs every timer due within `ms`, in time order, letting promise chains settle in between. */
	async advance(ms: number) {
		const end = this.t + ms;
		for (;;) {
			await settle();
			const due = this.timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at)[0];
			if (!due) break;
			this.t = Math.max(this.t, due.at);
			this.timers = this.timers.filter((x) => x !== due);
			due.resolve();
		}
		this.t = end;
		await settle();
	}
}

async function settle() {
	for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

export interface DriveOptions {
	workers: number;
	items: number;
	latencyMs: (n: number) => number;
	/** What the fake OMNO answers to the n-th request, sent at `now`. */
	answer: (n: number, now: number) => { outcome: AttemptOutcome; retryAfterMs?: number };
	ceiling?: number;
	adaptive?: boolean;
	/**
	 * A busy n8n process: this many ms of single-threaded work per attempt (half before it goes out, half
	 * after its answer arrives), queued behind every other attempt's.
	 */
	busyMs?: number;
}

/**
 * Workers pull items and send each through the limiter until it is answered with something other than 429,
 * as the transport does. Records what was under way and the window at every send.
 */
export async function drive(limiter: ConcurrencyLimiter, clock: FakeClock, o: DriveOptions) {
	const sends: Array<{ at: number; active: number; limit: number; cutsBefore: number; cutsAtSend: number }> =
		[];
	const limits: number[] = [];
	let cuts = 0;
	let lastLimit = limiter.limit;
	const noteLimit = () => {
		if (limiter.limit < lastLimit) cuts++;
		lastLimit = limiter.limit;
		limits.push(limiter.limit);
	};
	let next = 0;
	let sent = 0;
	let done = 0;
	let busyUntil = clock.now();
	const busy = async () => {
		if (!o.busyMs) return;
		busyUntil = Math.max(clock.now(), busyUntil) + o.busyMs / 2;
		await clock.sleep(busyUntil - clock.now());
	};
	const worker = async () => {
		while (next < o.items) {
			next++;
			for (;;) {
				const cutsBefore = cuts;
				const slot = await limiter.acquire({ adaptive: o.adaptive ?? true, ceiling: o.ceiling });
				const n = sent++;
				sends.push({
					at: clock.now(),
					active: limiter.active,
					limit: limiter.limit,
					cutsBefore,
					cutsAtSend: cuts,
				});
				await busy();
				const reply = o.answer(n, clock.now());
				// Like the sandbox, a 429 comes back at once (it is refused before any work is done).
				await clock.sleep(reply.outcome === 'rateLimited' ? 1 : o.latencyMs(n));
				await busy();
				limiter.release(slot, reply.outcome, reply.retryAfterMs);
				noteLimit();
				if (reply.outcome !== 'rateLimited') break;
			}
			done++;
		}
	};
	const all = Promise.all(Array.from({ length: o.workers }, worker));
	let guard = 0;
	while (done < o.items && guard++ < 100_000) await clock.advance(10);
	await all;
	return { sends, limits };
}

/** Every request answered: nothing rate-limited, nothing failed. */
export const ok = () => ({ outcome: 'ok' as const });
