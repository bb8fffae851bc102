// `npm run bench:queue`: the chatbot workflow in queue mode (Redis, Postgres, main, two webhook processes) with
// one worker and then two, under 200 POSTs spread over both webhook processes, 10 in flight, 20% of them
// duplicates. With two workers it runs the same load again through examples/tiktok-queue-mode-once.json, which
// puts n8n's Redis node (INCR on a key per inbound message, the queue's Redis) in front of the reply. Prints
// requests/second, replies and doubled replies. Figures, not assertions: with several workers, n8n's
// processed-data store (no lock) can let two workers send the same key; the Redis gate cannot.
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const { QueueStack } = require(path.join(ROOT, 'e2e/support/queue.js'));
const { chatbot, withCredentials } = require(path.join(ROOT, 'e2e/support/workflows.js'));
const { body, texts } = require(path.join(ROOT, 'e2e/support/infobip-bodies.js'));
const { postAll } = require(path.join(ROOT, 'e2e/support/load.js'));
const { InfobipStandIn } = require(path.join(ROOT, 'test/support/infobip-standin.js'));
const redisGateExample = require(path.join(ROOT, 'examples/tiktok-queue-mode-once.json'));

const ROUNDS = Number(process.env.BENCH_ROUNDS || 2);

/** Publishes a workflow and runs the load rounds against it through both webhook processes. */
async function rounds(stack, standIn, label, workflow) {
	const { id, url } = await stack.main.createActiveWorkflow(workflow);
	const hookPath = url.split('/webhook/')[1];
	const urls = [stack.webhookA, stack.webhookB].map((server) => `${server.baseUrl}/webhook/${hookPath}`);
	for (const hook of urls) await stack.main.waitForWebhook(hook);
	for (let round = 0; round < ROUNDS; round++) {
		standIn.reset();
		const before = (await stack.main.listExecutions({ workflowId: id })).count;
		const originals = Array.from({ length: 160 }, (_, i) => body(texts(1, `${label}-r${round}-${i}`)));
		const requests = originals.map((payload, i) => ({ url: urls[i % 2], body: payload }));
		for (let i = 0; i < 40; i++) requests.splice(i * 4 + 20 + i, 0, { url: urls[(i * 4 + 1) % 2], body: originals[i * 4] });
		const { seconds } = await postAll(requests, 10);
		await stack.main.waitForExecutions(id, before + 1, { timeoutMs: 120_000, settleMs: 3000 });
		const counts = new Map();
		for (const message of standIn.sentMessages()) counts.set(message.destinations[0].to, (counts.get(message.destinations[0].to) || 0) + 1);
		const doubled = [...counts.values()].filter((count) => count > 1).length;
		console.log(
			`${label}, round ${round + 1}: ${(200 / seconds).toFixed(0)} requests/s, ${counts.size} of 160 messages answered, ${standIn.sentMessages().length} replies, ${doubled} answered more than once`,
		);
	}
}

async function measure(workers, standIn) {
	const stack = new QueueStack({ name: `bench-queue-${workers}w`, workers });
	await stack.start();
	try {
		const credentials = {
			infobipTikTokApi: await stack.main.createCredential('infobipTikTokApi', { apiKey: 'bench-key', baseUrl: standIn.baseUrl }),
			redis: await stack.main.createCredential('redis', { host: '127.0.0.1', port: stack.redisPort, database: 0, password: '' }),
		};
		await rounds(stack, standIn, `${workers} worker(s), Send Once Per Key`, chatbot(credentials.infobipTikTokApi).workflow);
		if (workers > 1) {
			await rounds(stack, standIn, `${workers} worker(s), Redis gate example`, withCredentials(redisGateExample, credentials));
		}
	} finally {
		await stack.stop();
	}
}

(async () => {
	const standIn = new InfobipStandIn({ apiKey: 'bench-key' });
	await standIn.start();
	for (const workers of [1, 2]) await measure(workers, standIn);
	await standIn.stop();
})().catch((error) => {
	console.error(error);
	process.exit(1);
});
