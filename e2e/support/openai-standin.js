// @ts-check
// A stand-in OpenAI-compatible chat model on 127.0.0.1 (chat completions, plain or streamed).
// By default the first call asks for the first tool offered, with `toolArguments`; once a tool result is in the
// conversation it answers "Done: <tool result>". With `turns` it follows a script instead: each turn either asks
// for one or more tool calls in one answer (parallel tool calls) or answers with a text; the next turn starts
// once every call of the previous ones has its result in the conversation. A tool gated by a human review takes
// its arguments under `toolParameters` (and the review's own under `hitlParameters`), as n8n's schema for it says.
const http = require('http');

/**
 * @typedef {{ tool?: string, arguments: Record<string, unknown> }} ScriptedCall a call of `tool` (by its name as
 *   offered; default: the first tool offered)
 * @typedef {{ calls: ScriptedCall[] } | { text: string }} Turn
 */

class OpenAiStandIn {
	/**
	 * @param {Record<string, unknown>} toolArguments
	 * @param {{ turns?: Turn[] }} [options]
	 */
	constructor(toolArguments, { turns } = {}) {
		this.toolArguments = toolArguments;
		/** @type {Turn[] | undefined} */
		this.turns = turns;
		/** @type {any[]} */
		this.requests = [];
		/** HTTP status by request number (1 = the first request): the model's API failing that request. @type {Map<number, number>} */
		this.failures = new Map();
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

	/**
	 * What to answer to a conversation: tool calls (name and arguments) or a text.
	 * @param {any} request @returns {{ calls: Array<{ name: string, arguments: unknown }> } | { text: string }}
	 */
	next(request) {
		const results = (request.messages || []).filter((/** @type {any} */ message) => message.role === 'tool');
		const offered = (request.tools || []).map((/** @type {any} */ tool) => tool.function);
		const call = (/** @type {ScriptedCall} */ scripted) => {
			const tool = offered.find((/** @type {any} */ f) => f.name === scripted.tool) ?? offered[0];
			const gated = tool?.parameters?.properties?.toolParameters !== undefined;
			return { name: tool?.name, arguments: gated ? { toolParameters: scripted.arguments, hitlParameters: {} } : scripted.arguments };
		};
		if (!this.turns) {
			return results.length > 0 ? { text: `Done: ${results[0].content}` } : { calls: [call({ arguments: this.toolArguments })] };
		}
		let answered = results.length;
		for (const turn of this.turns) {
			if ('text' in turn) return { text: turn.text };
			if (answered < turn.calls.length) return { calls: turn.calls.map(call) };
			answered -= turn.calls.length;
		}
		return { text: `Done: ${results.map((/** @type {any} */ result) => result.content).join(' | ')}` };
	}

	/** @param {any} request @param {import('http').ServerResponse} res */
	answer(request, res) {
		this.requests.push(request);
		const failure = this.failures.get(this.requests.length);
		if (failure !== undefined) {
			res.writeHead(failure, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ error: { message: 'The stand-in model refused this request', type: 'invalid_request_error' } }));
			return;
		}
		const next = this.next(request);
		const calls =
			'calls' in next
				? next.calls.map((call, position) => ({
						id: `call_${this.requests.length}_${position}`,
						type: 'function',
						function: { name: call.name, arguments: JSON.stringify(call.arguments) },
					}))
				: [];
		const message = 'text' in next ? { role: 'assistant', content: next.text } : { role: 'assistant', content: null, tool_calls: calls };
		const finish = 'text' in next ? 'stop' : 'tool_calls';
		const base = { id: `chatcmpl-${this.requests.length}`, created: Math.floor(Date.now() / 1000), model: request.model };
		if (request.stream) {
			res.writeHead(200, { 'content-type': 'text/event-stream' });
			const delta =
				'text' in next ? message : { role: 'assistant', tool_calls: calls.map((call, index) => ({ index, ...call })) };
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
