/**
 * The memory behind "Ignore Repeats", kept in the n8n process that receives the deliveries.
 *
 * Not in the workflow's static data: n8n saves a webhook's static data only when its change flag is set, and it
 * resets that flag when it starts the run, so nothing written there survived the request (measured in n8n 1.x
 * and 2.x). Even when saved, two requests each loaded it before the other wrote it. n8n's processed-data store
 * (Remove Duplicates) is not offered to webhooks. A map in this module is shared by every request the process
 * serves, and it is written before the next delivery for the same transaction is looked at (see oneAtATime).
 * It is lost when n8n restarts and is not shared between processes (queue mode with several webhook processes).
 */

export const REPEAT_MEMORY = {
	/** Most keys remembered across all workflows; the oldest are forgotten first, so memory stays bounded. */
	maxEntries: 10_000,
};

/** Key → when it stops counting as a repeat (ms). Insertion order is age order. */
const seen = new Map<string, number>();

/** Scope (workflow, node, transaction id) → the tail of the deliveries for it still being handled. */
const inFlight = new Map<string, Promise<void>>();

const noop = () => undefined;

/** Where one trigger's keys live: its workflow and node, so two triggers never share a memory. */
export function repeatScope(workflowId: string | undefined, nodeId: string): string {
	return `${workflowId ?? ''}\u0000${nodeId}\u0000`;
}

/**
 * True when `scope + key` was remembered and has not expired; otherwise remembers it until `now + windowMs`.
 * Expired keys are dropped on every call, and the oldest beyond maxEntries.
 */
export function isRepeat(scope: string, key: string, now: number, windowMs: number): boolean {
	for (const [seenKey, until] of seen) {
		if (until <= now) seen.delete(seenKey);
	}
	const full = scope + key;
	if (seen.has(full)) return true;
	seen.set(full, now + windowMs);
	for (const oldest of seen.keys()) {
		if (seen.size <= REPEAT_MEMORY.maxEntries) break;
		seen.delete(oldest);
	}
	return false;
}

/** Forgets everything one trigger remembered (it was deactivated). */
export function forgetRepeats(scope: string): void {
	for (const key of seen.keys()) {
		if (key.startsWith(scope)) seen.delete(key);
	}
}

/**
 * Runs `work` after every earlier call with the same key has finished, so deliveries for one transaction are
 * fetched and checked one after the other: the second copy of a delivery, or a PENDING and a SUCCESS sent
 * together, finds the first one's key already remembered instead of racing it through the OMNO fetch.
 * Deliveries for other transactions are not held up. Entries last only while work for that key is under way.
 */
export async function oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
	const previous = inFlight.get(key) ?? Promise.resolve();
	const mine = previous.then(work);
	const tail = mine.then(noop, noop);
	inFlight.set(key, tail);
	try {
		return await mine;
	} finally {
		if (inFlight.get(key) === tail) inFlight.delete(key);
	}
}

/** How many keys are remembered and how many transactions are being handled (for tests). */
export function repeatMemorySize(): { remembered: number; inFlight: number } {
	return { remembered: seen.size, inFlight: inFlight.size };
}
