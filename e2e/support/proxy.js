// @ts-check
// A reverse proxy on 127.0.0.1 standing in for a load balancer in front of n8n (n8n's WEBHOOK_URL points at it).
// Plain JavaScript because it needs Node's http module.
const http = require('http');

class ReverseProxy {
	constructor() {
		/** Where requests go; set once the target has started. */
		this.target = '';
		this.server = http.createServer((req, res) => {
			const forward = http.request(`${this.target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
				res.writeHead(answer.statusCode || 502, answer.headers);
				answer.pipe(res);
			});
			forward.on('error', () => res.writeHead(502).end());
			req.pipe(forward);
		});
	}

	/** @returns {Promise<string>} the proxy's base URL */
	async start() {
		await new Promise((resolve) => this.server.listen(0, '127.0.0.1', () => resolve(undefined)));
		const address = /** @type {import('net').AddressInfo} */ (this.server.address());
		return `http://127.0.0.1:${address.port}`;
	}

	async stop() {
		this.server.closeAllConnections();
		await new Promise((resolve) => this.server.close(() => resolve(undefined)));
	}
}

module.exports = { ReverseProxy };
