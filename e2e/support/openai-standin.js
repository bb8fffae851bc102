// @ts-check
// A stand-in OpenAI-compatible chat model on 127.0.0.1 (chat completions, plain or streamed). The first call
// asks for the first tool offered, with `toolArguments`; once a tool result is in the conversation it answers
// "Done: <tool result>". A tool gated by a human review takes its arguments under `toolParameters` (and the
// review's own under `hitlParameters`), as n8n's schema for it says.
const http = require('http');

class OpenAiStandIn {
	/** @param {Record<string, unknown>} toolArguments */
	constructor(toolArguments) {
		this.toolArguments = toolArguments;
		/** @type {any[]} */
		this.requests = [];
		this.server = http.createServer((req, res) => {
			let text = '';
			req.on('data', (chunk) => (text += chunk));
			req.on('end', () => this.answer(JSON.parse(text || '{}'), res));
		});
	}

	/** @returns {Promise<string>} the base URL for the openAiApi credential */
	async start() {
		await new Promise((resolve) => this.server.listen(0, '127.0.0.1', () => resolve(undefined)));
		const { port } = /** @type {import('net').AddressInfo} */ (this.server.address());
		return `http://127.0.0.1:${port}/v1`;
	}

	async stop() {
		this.server.closeAllConnections();
		await new Promise((resolve) => this.server.close(() => resolve(undefined)));
	}

	/** @param {any} request @param {import('http').ServerResponse} res */
	answer(request, res) {
		this.requests.push(request);
		const toolResult = (request.messages || []).find((/** @type {any} */ message) => message.role === 'tool');
		const tool = request.tools?.[0]?.function;
		const gated = tool?.parameters?.properties?.toolParameters !== undefined;
		const toolArguments = gated ? { toolParameters: this.toolArguments, hitlParameters: {} } : this.toolArguments;
		const call = {
			id: `call_${this.requests.length}`,
			type: 'function',
			function: { name: tool?.name, arguments: JSON.stringify(toolArguments) },
		};
		const message = toolResult
			? { role: 'assistant', content: `Done: ${toolResult.content}` }
			: { role: 'assistant', content: null, tool_calls: [call] };
		const finish = toolResult ? 'stop' : 'tool_calls';
		const base = { id: `chatcmpl-${this.requests.length}`, created: Math.floor(Date.now() / 1000), model: request.model };
		if (request.stream) {
			res.writeHead(200, { 'content-type': 'text/event-stream' });
			const delta = toolResult ? message : { role: 'assistant', tool_calls: [{ index: 0, ...call }] };
			const chunk = (/** @type {any} */ choice) => `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [choice] })}\n\n`;
			res.write(chunk({ index: 0, delta, finish_reason: null }));
			res.write(chunk({ index: 0, delta: {}, finish_reason: finish }));
			res.end('data: [DONE]\n\n');
			return;
		}
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end(
			JSON.stringify({
				...base,
				object: 'chat.completion',
				choices: [{ index: 0, message, finish_reason: finish }],
				usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
			}),
		);
	}
}

module.exports = { OpenAiStandIn };
