// @ts-check
// Jest setup for the end-to-end project. n8n's HTTP server closes idle keep-alive connections after 5 s;
// when a test keeps the event loop busy longer than that (packing, parsing a large response under load),
// the next fetch can pick that closed connection and fail with "other side closed" before the request
// reached n8n. Such a request is sent once more on a new connection; any other failure is left alone.
const send = globalThis.fetch;

globalThis.fetch = async (input, init) => {
	try {
		return await send(input, init);
	} catch (error) {
		const cause = /** @type {{ cause?: { code?: string } }} */ (error).cause;
		if (cause?.code !== 'UND_ERR_SOCKET') throw error;
		return await send(input, init);
	}
};
