import { sleep } from 'n8n-workflow';

/** The time the controller reads and waits on (tests and the simulator pass a virtual one). */
export interface LimiterClock {
	now: () => number;
	sleep: (ms: number) => Promise<void>;
}

export const realClock: LimiterClock = { now: () => Date.now(), sleep };

/**
 * One "not before" time shared by every request of a credential: when OMNO answers 429, all wait, not just
 * the one that was told.
 */
export class RateGate {
	private notBefore = 0;

	constructor(
		private readonly now: () => number = Date.now,
		private readonly wait: (ms: number) => Promise<void> = sleep,
	) {}

	/** Holds every request back until `ms` from now (never shortens a wait already set). */
	delay(ms: number): void {
		this.notBefore = Math.max(this.notBefore, this.now() + ms);
	}

	/** Milliseconds until requests may go again (0 = now). */
	get remainingMs(): number {
		return Math.max(0, this.notBefore - this.now());
	}

	async pass(): Promise<void> {
		for (let wait = this.notBefore - this.now(); wait > 0; wait = this.notBefore - this.now()) {
			await this.wait(wait);
		}
	}
}
