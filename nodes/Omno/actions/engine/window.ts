/**
 * Runs `worker` over `indices` with at most `limit` under way: a sliding window, so one slow request never
 * holds back the others. Stops starting new work once `shouldStop()` is true; what is under way finishes.
 */
export async function runWindow(
	indices: number[],
	limit: number,
	worker: (index: number) => Promise<void>,
	shouldStop: () => boolean = () => false,
): Promise<void> {
	let next = 0;
	const lanes = Array.from({ length: Math.min(limit, indices.length) }, async () => {
		while (next < indices.length && !shouldStop()) {
			await worker(indices[next++]);
		}
	});
	await Promise.all(lanes);
}
