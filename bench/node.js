// `npm run bench`: 1,000 items through the Infobip TikTok node (n8n-core's real execution context) against a
// stand-in Infobip on 127.0.0.1 answering after 50 ms; once in bulk (the defaults), once one request per item.
// Then Contact > Add Tag for the same number of items. Prints wall time, items/second, requests and the
// ratio. Figures, not assertions.
const { execFileSync } = require('child_process');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const BUILD = path.join(ROOT, '.tools', 'bench-build');
execFileSync(path.join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', path.join(__dirname, 'tsconfig.json')], { stdio: 'inherit' });

const { runNode } = require(path.join(BUILD, 'test/support/n8n.js'));
const { InfobipTikTok } = require(path.join(BUILD, 'nodes/InfobipTikTok/InfobipTikTok.node.js'));
const { flattenMessage } = require(path.join(BUILD, 'nodes/infobip/flatten.js'));
const { manyTexts } = require(path.join(BUILD, 'test/fixtures/webhooks.js'));
const { InfobipStandIn } = require(path.join(ROOT, 'test/support/infobip-standin.js'));

const ITEMS = Number(process.env.BENCH_ITEMS || 1000);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS || 50);

async function main() {
	const standIn = new InfobipStandIn({ apiKey: 'bench-key', latencyMs: LATENCY_MS, validateSends: false });
	const baseUrl = await standIn.start();
	const credentials = { infobipTikTokApi: { apiKey: 'bench-key', baseUrl } };
	const node = new InfobipTikTok();
	const items = (prefix) => manyTexts(ITEMS, prefix).map((result) => flattenMessage(result));
	// The node's defaults: Business Account ID and Recipient come from the trigger item by expression.
	const parameters = { resource: 'message', operation: 'sendText', text: '={{ $json.text }}' };

	const measure = async (label, extra, prefix) => {
		standIn.reset();
		const started = process.hrtime.bigint();
		const { output } = await runNode(node, { ...parameters, ...extra }, items(prefix), { credentials, nodeId: `bench-${prefix}` });
		const ms = Number(process.hrtime.bigint() - started) / 1e6;
		const requests = standIn.requestsTo('/tiktok/1/messages').length;
		const sent = standIn.sentMessages().length;
		if (sent !== ITEMS || output.length !== ITEMS) throw new Error(`${label}: sent ${sent}, output ${output.length}`);
		console.log(`${label.padEnd(42)} ${ms.toFixed(0).padStart(6)} ms  ${(ITEMS / (ms / 1000)).toFixed(0).padStart(6)} items/s  ${requests} requests`);
		return ms;
	};

	console.log(`${ITEMS} items, stand-in Infobip latency ${LATENCY_MS} ms, Node ${process.version}`);
	await measure('warm-up', {}, 'warm');
	const bulk = await measure('bulk (defaults: batch 100, 10 in flight)', {}, 'bulk');
	const single = await measure('one request per item, 20 in flight', { options: { batchSize: 1, parallelRequests: 20 } }, 'single');
	console.log(`ratio: bulk is ${(single / bulk).toFixed(1)}x faster`);

	// Contact > Add Tag: 1,000 trigger items, one tag (target: at most 2 requests, under 1 s).
	standIn.reset();
	standIn.tags.add('bench-tag');
	const started = process.hrtime.bigint();
	const { output } = await runNode(node, { resource: 'contact', operation: 'addTag', tag: 'bench-tag' }, items('tag'), { credentials });
	const tagMs = Number(process.hrtime.bigint() - started) / 1e6;
	const tagRequests = standIn.requests.filter((request) => request.path.startsWith('/people/')).length;
	if (output.filter((item) => item.json.added).length !== ITEMS) throw new Error('add tag: not every item tagged');
	console.log(`${'Contact > Add Tag (one tag)'.padEnd(42)} ${tagMs.toFixed(0).padStart(6)} ms  ${(ITEMS / (tagMs / 1000)).toFixed(0).padStart(6)} items/s  ${tagRequests} requests`);
	await standIn.stop();
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
