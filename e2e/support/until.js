// @ts-check
// Waiting for something the system under test does in its own time (an execution, a message to the stand-in).
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref());

/**
 * Calls `probe` until it returns something other than undefined, and returns that; fails naming `what` after
 * `timeoutMs`.
 * @template T
 * @param {string} what
 * @param {() => Promise<T | undefined>} probe
 * @returns {Promise<T>}
 */
async function until(what, probe, timeoutMs = 60_000, everyMs = 200) {
	const started = Date.now();
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
		await sleep(everyMs);
	}
}

module.exports = { until };
