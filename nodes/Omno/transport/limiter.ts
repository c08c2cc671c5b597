// The concurrency controller: one learned limit per credential (the rules are on the class below).
import { CONCURRENCY_LIMITS, CONTROLLER } from './concurrencyLimits';
import { RateGate, realClock, type LimiterClock } from './rateGate';

/** Answers a cycle needs before its fastest one is trusted as a queueing estimate. */
const MIN_SAMPLES = 5;
/** Nothing under way for this long starts a new measurement cycle. */
const QUIET_MS = 1000;
/**
 * Answers are counted in spans this long for the queueing estimate: short enough that the slow start's
 * own queue (a window doubling each round trip) shows before its first 429, which at 1 s it did not.
 */
const SPAN_MS = 250;

/** One attempt holding a slot. Released exactly once with what OMNO answered. */
export interface Slot {
	/** The controller's cut counter when this attempt was sent: a 429 cuts again only for later sends. */
	readonly epoch: number;
	readonly adaptive: boolean;
	readonly ceiling: number;
	/** When it was sent (after any Retry-After pause). */
	readonly sentAt: number;
	released: boolean;
}

export type AttemptOutcome = 'ok' | 'rateLimited' | 'other';

/** Successful answers over a span of time. */
interface AnswerStats {
	from: number;
	to: number;
	ok: number;
	latencyMs: number;
	minLatencyMs: number;
}

/**
 * A concurrency limit learned from 429s, plus one "not before" time (Retry-After) for everyone.
 *
 * - Slow start: until the first 429 the limit grows by one per success (doubling each round trip), so a
 *   high limit is found within a few round trips.
 * - A 429 is a congestion event; 429s for requests sent before the last cut say nothing new. The event
 *   cuts the limit to the window that carried what OMNO let through since the last cut (its success rate
 *   × mean latency, + `rateTargetMargin`), kept between `minBackoffRatio` and `backoffRatio` of the limit:
 *   OMNO limits a rate, so the right window is rate × latency, and cutting to just above it wastes no
 *   capacity while the Retry-After pause refills OMNO's bucket. The Retry-After holds back every request
 *   of the credential.
 * - Then the limit grows by `growthPerSecond` of itself per second while the window is in use, until the
 *   next 429.
 * - A busy n8n process (a starved event loop) delays every answer by its own queue. When the last 250 ms's
 *   fastest answer took over `queueingRatio` × the fastest seen, that queue is taken off the latency the
 *   cut uses, and the limit stops growing beyond `growthCap` × the window last span's answers needed:
 *   more in flight would only queue, and each 429 would reach the gate later.
 * - Below 1 it paces: one request, then a pause so that it sends `limit` per latency.
 * - 4xx/5xx/network failures never lower it (they say nothing about the rate).
 * - It grows only while at least half its window is in use, so a quiet credential does not build a limit
 *   it never tried.
 * - Nobody holds a slot through a Retry-After pause: when it ends, the window's worth goes, not every lane.
 *
 * Parameters were chosen with bench/controller-sim.js (the sandbox's token bucket in virtual time) and
 * checked with the benchmark; see bench/RESULTS.md.
 */
export class ConcurrencyLimiter {
	private limitValue: number;
	private inFlight = 0;
	private epoch = 0;
	private slowStart = true;
	private readonly gate: RateGate;
	private readonly waiters: Array<{ ceiling: number; resolve: () => void }> = [];
	// What OMNO let through since the last cut.
	private cycleStart: number;
	private cycleOk = 0;
	private cycleLatencyMs = 0;
	/** The answers of the SPAN_MS under way and of the last whole one (for `queuedMs`). */
	private span: AnswerStats;
	private lastSpan: AnswerStats | undefined;
	/**
	 * The fastest answer seen (rising slowly): latency with nothing queued in n8n. A busy n8n process
	 * delays every answer by about the same queue, so the last span's fastest − this = the queueing delay.
	 */
	private baseLatencyMs: number | undefined;
	private baseLatencyAt = 0;
	private lastReleaseAt = 0;
	private lastGrowthAt: number;
	private lastSentAt = 0;
	/** Recent latency of successful requests (moving average), for pacing below a window of 1. */
	private latencyMs: number | undefined;
	/** Highest number of requests under way at once (for tests and the benchmark). */
	peakInFlight = 0;
	rateLimitedCount = 0;
	cuts = 0;

	constructor(private readonly clock: LimiterClock = realClock) {
		this.limitValue = CONTROLLER.initialLimit;
		this.gate = new RateGate(clock.now, clock.sleep);
		this.cycleStart = clock.now();
		this.span = { from: clock.now(), to: clock.now(), ok: 0, latencyMs: 0, minLatencyMs: Infinity };
		this.lastGrowthAt = clock.now();
	}

	/** The whole-number window adaptive attempts must fit in (at least 1; below that it paces). */
	get limit(): number {
		return Math.max(1, Math.floor(this.limitValue));
	}

	/** The learned limit itself, fractional. */
	get limitExact(): number {
		return this.limitValue;
	}

	get active(): number {
		return this.inFlight;
	}

	get inSlowStart(): boolean {
		return this.slowStart;
	}

	/**
	 * Waits for the shared not-before time, then for a slot (adaptive attempts only: a Fixed run's own lanes
	 * are its limit). Resolves with the slot to `release`. Nobody holds a slot through a Retry-After pause,
	 * so when it ends only the window's worth goes, not every lane at once.
	 */
	async acquire(options: { adaptive: boolean; ceiling?: number }): Promise<Slot> {
		const ceiling = options.ceiling ?? CONCURRENCY_LIMITS.defaultMax;
		for (;;) {
			await this.gate.pass();
			if (options.adaptive && (this.waiters.length > 0 || this.inFlight >= this.windowFor(ceiling))) {
				// The slot is handed over by `release` (counted there), so nobody can take it in between.
				await new Promise<void>((resolve) => this.waiters.push({ ceiling, resolve }));
			} else {
				this.inFlight++;
			}
			const pace = options.adaptive ? this.paceMs() : 0;
			if (pace > 0) await this.clock.sleep(pace);
			if (this.gate.remainingMs === 0) break;
			// A 429 closed the gate while this one waited for a slot: give the slot back, wait again.
			this.inFlight--;
			this.handOver();
		}
		this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
		const sentAt = this.clock.now();
		if (options.adaptive) this.lastSentAt = sentAt;
		// After a quiet spell, what OMNO let through before says nothing about now.
		if (this.inFlight === 1 && this.cycleOk > 0 && sentAt - this.lastReleaseAt > QUIET_MS) {
			this.newCycle(sentAt);
		}
		return { epoch: this.epoch, adaptive: options.adaptive, ceiling, sentAt, released: false };
	}

	/** A window below 1: one request every latency / limit. */
	private paceMs(): number {
		if (this.limitValue >= 1 || this.latencyMs === undefined) return 0;
		return Math.max(0, this.lastSentAt + this.unqueued(this.latencyMs) / this.limitValue - this.clock.now());
	}

	/**
	 * How long answers waited in a busy n8n process (a starved event loop delays them all alike): how far
	 * the last span's fastest answer is above the fastest seen, once it is `queueingRatio` × that (less is
	 * OMNO's own spread). A controller that believed the latency it measures there would conclude that a
	 * large window fits the rate, and its 429s would reach the gate late: 11–26 % of requests answered 429
	 * at 20 req/s on a loaded machine.
	 */
	private queuedMs(): number {
		const recent = this.span.ok >= MIN_SAMPLES ? this.span : this.lastSpan;
		if (this.baseLatencyMs === undefined || !recent || recent.ok < MIN_SAMPLES) return 0;
		return recent.minLatencyMs > this.baseLatencyMs * CONTROLLER.queueingRatio
			? recent.minLatencyMs - this.baseLatencyMs
			: 0;
	}

	/** `latencyMs` less the time answers spent queued in n8n. */
	private unqueued(latencyMs: number): number {
		return Math.max(this.baseLatencyMs ?? 0, latencyMs - this.queuedMs());
	}

	private noteLatency(latencyMs: number, now: number): void {
		this.cycleOk++;
		this.cycleLatencyMs += latencyMs;
		this.latencyMs = this.latencyMs === undefined ? latencyMs : this.latencyMs * 0.9 + latencyMs * 0.1;
		if (now - this.span.from >= SPAN_MS) {
			this.lastSpan = { ...this.span, to: now };
			this.span = { from: now, to: now, ok: 0, latencyMs: 0, minLatencyMs: Infinity };
		}
		this.span.ok++;
		this.span.latencyMs += latencyMs;
		this.span.minLatencyMs = Math.min(this.span.minLatencyMs, latencyMs);
		if (this.baseLatencyMs === undefined || latencyMs <= this.baseLatencyMs) {
			this.baseLatencyMs = latencyMs;
		} else {
			const drift = (CONTROLLER.baseLatencyDriftPerSecond * Math.max(0, now - this.baseLatencyAt)) / 1000;
			this.baseLatencyMs = Math.min(latencyMs, this.baseLatencyMs * (1 + drift));
		}
		this.baseLatencyAt = now;
	}

	/** Successes per ms × their latency without queueing: the window that carries that rate. */
	private windowFitting(ok: number, spanMs: number, latencySumMs: number): number {
		return (ok / Math.max(1, spanMs)) * this.unqueued(latencySumMs / ok);
	}

	private newCycle(now: number): void {
		this.cycleStart = now;
		this.cycleOk = 0;
		this.cycleLatencyMs = 0;
	}

	/**
	 * Gives an attempt's slot back with what OMNO answered: a success grows the window, a 429 cuts it and holds
	 * every request of the credential back for `retryAfterMs`. The transport (index.ts) releases each slot once;
	 * a second release of the same slot is ignored, so it can never free a slot twice.
	 */
	release(slot: Slot, outcome: AttemptOutcome, retryAfterMs?: number): void {
		if (slot.released) return;
		slot.released = true;
		this.inFlight--;
		const now = this.clock.now();
		this.lastReleaseAt = now;
		if (outcome === 'ok') {
			this.noteLatency(Math.max(0, now - slot.sentAt), now);
			// A Fixed run's successes say nothing about a larger window; its 429s do count.
			if (slot.adaptive) this.grow(slot.ceiling);
		} else if (outcome === 'rateLimited') {
			this.backOff(slot, retryAfterMs);
		}
		this.handOver();
	}

	/** Holds every request of the credential back until `ms` from now. */
	delay(ms: number): void {
		this.gate.delay(ms);
	}

	/** Waits until the credential's Retry-After pause is over (at once when there is none). */
	async waitOutPause(): Promise<void> {
		await this.gate.pass();
	}

	/** Milliseconds until requests may go again (0 = now). */
	get pausedForMs(): number {
		return this.gate.remainingMs;
	}

	private windowFor(ceiling: number): number {
		return Math.min(this.limit, ceiling);
	}

	private grow(ceiling: number): void {
		const now = this.clock.now();
		const sinceLastGrowthMs = Math.max(0, now - this.lastGrowthAt);
		this.lastGrowthAt = now;
		// Only a window in use says the limit holds; +1 for the request that just finished.
		if (this.inFlight + 1 < this.limitValue / 2) return;
		if (this.limitValue >= ceiling) return;
		// While n8n queues answers, a window well beyond what last span's answers needed only queues more
		// (and doubling per round trip is over: no 429 will come to end it).
		const last = this.lastSpan;
		if (CONTROLLER.growthCap !== null && last && last.ok >= MIN_SAMPLES && this.queuedMs() > 0) {
			this.slowStart = false;
			const needed = this.windowFitting(last.ok, last.to - last.from, last.latencyMs);
			if (this.limitValue > Math.max(1, needed * CONTROLLER.growthCap)) return;
		}
		// Slow start: +1 per success. Then time-based: growthPerSecond of the limit per second of use.
		const step = this.slowStart
			? 1
			: (CONTROLLER.growthPerSecond * this.limitValue * Math.min(sinceLastGrowthMs, 1000)) / 1000;
		this.limitValue = Math.min(ceiling, this.limitValue + step);
	}

	private backOff(slot: Slot, retryAfterMs: number | undefined): void {
		this.rateLimitedCount++;
		if (retryAfterMs !== undefined) this.delay(retryAfterMs);
		if (slot.epoch !== this.epoch) return;
		const now = this.clock.now();
		let next = this.limitValue * CONTROLLER.backoffRatio;
		if (CONTROLLER.rateTargetMargin !== null && this.cycleOk > 0) {
			const fits = this.windowFitting(this.cycleOk, now - this.cycleStart, this.cycleLatencyMs);
			const target = fits * (1 + CONTROLLER.rateTargetMargin);
			next = Math.min(next, Math.max(target, this.limitValue * CONTROLLER.minBackoffRatio));
		}
		this.epoch++;
		this.cuts++;
		this.slowStart = false;
		this.limitValue = Math.max(CONTROLLER.minLimit, next);
		this.newCycle(now);
		// The pause that follows is not time the window was in use.
		this.lastGrowthAt = now + (retryAfterMs ?? 0);
	}

	private handOver(): void {
		while (this.waiters.length > 0 && this.inFlight < this.windowFor(this.waiters[0].ceiling)) {
			this.inFlight++;
			this.waiters.shift()?.resolve();
		}
	}
}
