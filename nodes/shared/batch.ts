/** Splits `list` into chunks of at most `size`, keeping order. */
export function chunk<T>(list: T[], size: number): T[][] {
	// 0, a negative size or NaN would never move past the first item.
	if (!(size >= 1)) throw new RangeError(`chunk size must be 1 or more, not ${size}`);
	const chunks: T[][] = [];
	for (let start = 0; start < list.length; start += size) chunks.push(list.slice(start, start + size));
	return chunks;
}

export interface PoolOutcome<R> {
	/** One entry per task; undefined where the task never ran or failed. */
	results: Array<R | undefined>;
	/** The first failure; once one happens no new task starts (tasks already running finish). */
	error?: unknown;
}

/**
 * Runs `worker` over `tasks` with at most `limit` of them in flight. It never rejects: the first error
 * stops new tasks from starting and is returned, so the caller can settle what ran before failing.
 */
export async function runPool<T, R>(
	tasks: T[],
	limit: number,
	worker: (task: T, index: number) => Promise<R>,
): Promise<PoolOutcome<R>> {
	const results: Array<R | undefined> = new Array(tasks.length).fill(undefined);
	let next = 0;
	let failure: { error: unknown } | undefined;
	const lane = async () => {
		while (failure === undefined && next < tasks.length) {
			const index = next++;
			try {
				results[index] = await worker(tasks[index], index);
			} catch (error) {
				failure ??= { error };
			}
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, lane));
	return failure ? { results, error: failure.error } : { results };
}
