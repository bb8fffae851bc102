/**
 * Network stand-ins for the Download Media tests: a host that only redirects, and a DNS record pointing a
 * made-up name at an address (what a stranger's domain could do), both on this machine only.
 */
const http = require('http');
const dns = require('dns');

/**
 * A server on 127.0.0.1 that answers `redirects[path]` with a 302 there, anything else with 404.
 * @returns {Promise<{ url: string, redirects: Record<string, string>, hits: Array<{ path: string, authorization?: string }>, reset: () => void, stop: () => Promise<void> }>}
 */
async function startRedirector() {
	/** @type {Record<string, string>} */
	const redirects = {};
	/** @type {Array<{ path: string, authorization?: string }>} */
	const hits = [];
	const server = http.createServer((req, res) => {
		const path = new URL(req.url || '/', 'http://127.0.0.1').pathname;
		hits.push({ path, authorization: req.headers.authorization });
		const location = redirects[path];
		res.writeHead(location ? 302 : 404, location ? { location } : {}).end();
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	const address = /** @type {import('net').AddressInfo} */ (server.address());
	return {
		url: `http://127.0.0.1:${address.port}`,
		redirects,
		hits,
		reset: () => {
			for (const path of Object.keys(redirects)) delete redirects[path];
			hits.length = 0;
		},
		stop: async () => {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(() => resolve(undefined)));
		},
	};
}

/**
 * Makes `dns.promises.lookup` (what n8n's SSRF filter resolves with) answer `hostname` with `address`.
 * @param {string} hostname
 * @param {string} address an IPv4 address
 * @returns {() => void} undoes it
 */
function fakeDnsRecord(hostname, address) {
	const original = dns.promises.lookup;
	dns.promises.lookup = /** @type {typeof original} */ (
		/** @type {unknown} */ (
			async (/** @type {string} */ name, /** @type {any} */ options) => {
				if (name !== hostname) return original(name, options);
				const record = { address, family: 4 };
				return options && options.all ? [record] : record;
			}
		)
	);
	return () => {
		dns.promises.lookup = original;
	};
}

module.exports = { startRedirector, fakeDnsRecord };
