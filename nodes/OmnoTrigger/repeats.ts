/**
 * The memory behind "Ignore Repeats", kept in the n8n process that receives the deliveries.
 *
 * Not in the workflow's static data: n8n saves a webhook's static data only when its change flag is set, and it
 * resets that flag when it starts the run, so nothing written there survived the request (measured in n8n
 * 2.41.1; 1.x has the same code). Even when saved, two requests each loaded it before the other wrote it. n8n's processed-data store
 * (Remove Duplicates) is not offered to webhooks. A map in this module is shared by every request the process
 * serves, and isRepeat checks and records in one synchronous step, so two requests cannot both find a key new.
 * It is lost when n8n restarts and is not shared between processes (queue mode with several webhook processes).
 */

export const REPEAT_MEMORY = {
	/** Most keys remembered across all workflows; the oldest are forgotten first, so memory stays bounded. */
	maxEntries: 10_000,
};

/** Key → when it stops counting as a repeat (ms). Insertion order is age order. */
const seen = new Map<string, number>();

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

/** How many keys are remembered (for tests). */
export function repeatMemorySize(): number {
	return seen.size;
}
