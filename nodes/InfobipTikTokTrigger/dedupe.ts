/**
 * A bounded window of recently emitted event keys, kept in this process's memory.
 *
 * It is deliberately not the workflow's static data: n8n 2.41 does not save static-data changes that a
 * webhook method makes when it starts an execution, and static data is not shared safely between
 * webhook processes anyway. Checking and recording happen in one synchronous call, so two requests
 * handled by the same process cannot both see a key as new.
 */
export class RecentKeys {
	private readonly keys = new Set<string>();

	constructor(private readonly capacity: number) {}

	/** Tells for each key whether it is new, and records the new ones; a missing key is always new. */
	admit(candidates: Array<string | undefined>): boolean[] {
		return candidates.map((key) => {
			if (key === undefined) return true;
			if (this.keys.has(key)) return false;
			this.keys.add(key);
			// A Set iterates in insertion order, so the first key is the oldest.
			if (this.keys.size > this.capacity) this.keys.delete(this.keys.values().next().value as string);
			return true;
		});
	}

	get size(): number {
		return this.keys.size;
	}
}

export const WINDOW_SIZE = 10_000;

const windows = new Map<string, RecentKeys>();

/** The window of one trigger node (workflow id + node id + mode), shared by the whole process. */
export function recentKeysFor(scope: string): RecentKeys {
	let window = windows.get(scope);
	if (!window) {
		window = new RecentKeys(WINDOW_SIZE);
		windows.set(scope, window);
	}
	return window;
}
