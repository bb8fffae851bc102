// `npm run bench:n8n`: our nodes against n8n's own, side by side in one real n8n 2.41.1 (our built package
// loaded), with a stand-in Infobip on 127.0.0.1 answering after 50 ms. Prints figures; asserts nothing.
//  1. 1,000 items sent by Infobip TikTok (Send Text, defaults) vs n8n's HTTP Request node posting one message
//     per item (its defaults), under n8n's default expression engine and again with N8N_EXPRESSION_ENGINE=legacy.
//     Times are n8n's own per-node execution times of the sending node.
//  2. Webhook throughput of Infobip TikTok Trigger vs n8n's Webhook node, same body, 10 requests in flight.
//  3. Infobip TikTok Trigger on a 2,000-result body: response time, execution time, memory of the n8n process.
//  4. Infobip TikTok Trigger's answer time with Include Contact off and on (People lookups after the answer).
//     BENCH_ONLY=contact runs only this part.
const crypto = require('crypto');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const { N8nServer } = require(path.join(ROOT, 'e2e/support/n8n.js'));
const { actionNode, intoSink, link, n8nWebhookNode, triggerNode, triggerOnly } = require(path.join(ROOT, 'e2e/support/workflows.js'));
const { body, texts, BUSINESS } = require(path.join(ROOT, 'e2e/support/infobip-bodies.js'));
const { InfobipStandIn } = require(path.join(ROOT, 'test/support/infobip-standin.js'));

const VERSION = process.env.N8N_BENCH_VERSION || '2.41.1';
const ITEMS = Number(process.env.BENCH_ITEMS || 1000);
const RUNS = Number(process.env.BENCH_RUNS || 3);
const WEBHOOK_REQUESTS = Number(process.env.BENCH_WEBHOOK_REQUESTS || 300);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const range = (values) => `${Math.min(...values).toFixed(0)}-${Math.max(...values).toFixed(0)}`;

const post = (url, payload) =>
	fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload }).then(async (r) => {
		await r.arrayBuffer();
		return r.status;
	});

function sendingWorkflows(credential, standInUrl) {
	const ours = triggerNode({});
	const send = actionNode('Send', { resource: 'message', operation: 'sendText', text: '={{ $json.text }}' }, credential);
	const oursNoOnce = triggerNode({});
	const sendNoOnce = actionNode(
		'Send',
		{ resource: 'message', operation: 'sendText', text: '={{ $json.text }}', sendOncePerKey: false },
		credential,
	);
	const theirs = triggerNode({});
	const http = {
		id: crypto.randomUUID(),
		name: 'Send',
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [300, 0],
		credentials: { infobipTikTokApi: credential },
		parameters: {
			method: 'POST',
			url: `${standInUrl}/tiktok/1/messages`,
			authentication: 'predefinedCredentialType',
			nodeCredentialType: 'infobipTikTokApi',
			sendBody: true,
			specifyBody: 'json',
			jsonBody:
				'={{ JSON.stringify({ messages: [{ sender: $json.businessAccountId, destinations: [{ to: $json.conversationId }], content: { type: "TEXT", text: $json.text } }] }) }}',
			options: {},
		},
	};
	return {
		ours: { name: 'Bench: Infobip TikTok', nodes: [ours, send], connections: { [ours.name]: link('Send') } },
		oursNoOnce: { name: 'Bench: Infobip TikTok, Send Once off', nodes: [oursNoOnce, sendNoOnce], connections: { [oursNoOnce.name]: link('Send') } },
		theirs: { name: 'Bench: HTTP Request', nodes: [theirs, http], connections: { [theirs.name]: link('Send') } },
	};
}

async function sendTimes(n8n, standIn, workflows) {
	const results = {};
	for (const [label, workflow] of Object.entries(workflows)) {
		const { id, url } = await n8n.createActiveWorkflow(workflow);
		const times = [];
		for (let run = 0; run <= RUNS; run++) {
			standIn.reset();
			await post(url, body(texts(ITEMS, `${label}-${run}`)));
			const executions = await n8n.waitForExecutions(id, run + 1, { timeoutMs: 120_000, settleMs: 0 });
			const sent = standIn.sentMessages().length;
			if (sent !== ITEMS) throw new Error(`${label}: the stand-in received ${sent} messages, expected ${ITEMS}`);
			const newest = executions.reduce((a, b) => (Number(a.id) > Number(b.id) ? a : b));
			const ms = (await n8n.nodeTimes(newest.id)).Send;
			if (run > 0) times.push(ms); // run 0 warms up
		}
		await n8n.api('POST', `/workflows/${id}/deactivate`, {});
		results[label] = times;
	}
	return results;
}

async function webhookThroughput(n8n) {
	const targets = [];
	for (const [label, start] of [['Infobip TikTok Trigger', triggerNode({})], ["n8n's Webhook node", n8nWebhookNode()]]) {
		const { id, url } = await n8n.createActiveWorkflow(intoSink(start, `Bench: ${label}`));
		targets.push({ label, id, url, sent: 0, rates: [] });
	}
	// Alternating rounds, so that neither side always runs on a busier n8n.
	for (let round = 0; round < 2; round++) {
		for (const target of targets) {
			// Same shape for both; new message ids each time so that our trigger drops nothing as a redelivery.
			const payloads = Array.from({ length: WEBHOOK_REQUESTS }, () => body(texts(1, 'wh')));
			let next = 0;
			const started = Date.now();
			const statuses = [];
			await Promise.all(Array.from({ length: 10 }, async () => {
				while (next < payloads.length) statuses.push(await post(target.url, payloads[next++]));
			}));
			const seconds = (Date.now() - started) / 1000;
			if (statuses.some((status) => status !== 200)) throw new Error(`${target.label}: non-200 answers`);
			target.sent += payloads.length;
			await n8n.waitForExecutions(target.id, target.sent, { timeoutMs: 180_000, settleMs: 500 });
			if (round > 0) target.rates.push(statuses.length / seconds); // round 0 warms up
		}
	}
	const result = {};
	for (const target of targets) {
		await n8n.api('POST', `/workflows/${target.id}/deactivate`, {});
		result[target.label] = Math.max(...target.rates);
	}
	return result;
}

async function bigBody(n8n) {
	const { id, url } = await n8n.createActiveWorkflow(intoSink(triggerNode({}), 'Bench: 2,000 results'));
	const rows = [];
	for (let run = 0; run < RUNS; run++) {
		const payload = body(texts(2000, `big-${run}`));
		await sleep(500);
		const before = n8n.rssMb();
		let peak = before;
		const sampler = setInterval(() => (peak = Math.max(peak, n8n.rssMb())), 10);
		const started = Date.now();
		await post(url, payload);
		const answeredMs = Date.now() - started;
		const executions = await n8n.waitForExecutions(id, run + 1, { timeoutMs: 120_000, settleMs: 0 });
		const doneMs = Date.now() - started;
		clearInterval(sampler);
		const newest = executions.reduce((a, b) => (Number(a.id) > Number(b.id) ? a : b));
		const items = (await n8n.executionOutput(newest.id)).output['Infobip TikTok Trigger'].length;
		rows.push({ bytes: payload.length, answeredMs, doneMs, items, before, peak });
	}
	return rows;
}

const CONTACT_POSTS = Number(process.env.BENCH_CONTACT_POSTS || 40);

/** Sequential POSTs of one message each (a known user every other time): answer times, off vs on, alternating. */
async function contactAckTimes(n8n, standIn, credential) {
	const targets = [];
	for (const [label, parameters, credentials] of [
		['Include Contact off', {}, undefined],
		['Include Contact on', { includeContact: true }, { infobipTikTokApi: credential }],
	]) {
		const { id, url } = await n8n.createActiveWorkflow(triggerOnly(parameters, credentials).workflow);
		targets.push({ label, id, url, times: [] });
	}
	for (let i = 0; i < CONTACT_POSTS; i++) {
		for (const target of targets) {
			const [result] = texts(1, `contact-${i}`);
			if (i % 2 === 0) standIn.addPerson(result.sender, BUSINESS, { customAttributes: { botStep: 'askedName' } });
			const started = process.hrtime.bigint();
			const status = await post(target.url, body([result]));
			if (status !== 200) throw new Error(`${target.label}: answered ${status}`);
			if (i > 0) target.times.push(Number(process.hrtime.bigint() - started) / 1e6); // the first warms up
		}
	}
	for (const target of targets) {
		const executions = await n8n.waitForExecutions(target.id, CONTACT_POSTS, { timeoutMs: 120_000, settleMs: 0 });
		const newest = executions.reduce((a, b) => (Number(a.id) > Number(b.id) ? a : b));
		target.sample = (await n8n.executionOutput(newest.id)).output['Infobip TikTok Trigger'][0].contact;
		await n8n.api('POST', `/workflows/${target.id}/deactivate`, {});
	}
	return targets;
}

async function contactPart(standIn, standInUrl) {
	const n8n = new N8nServer({ version: VERSION, name: 'bench-contact' });
	await n8n.start();
	try {
		const credential = await n8n.createCredential('infobipTikTokApi', { apiKey: 'bench-key', baseUrl: standInUrl });
		const targets = await contactAckTimes(n8n, standIn, credential);
		const lookups = standIn.requestsTo('/people/2/persons').length;
		console.log(`[trigger answer time, ${CONTACT_POSTS - 1} sequential POSTs of 1 message each, People answering after 50 ms]`);
		for (const target of targets) {
			const sorted = [...target.times].sort((a, b) => a - b);
			const p90 = sorted[Math.floor(sorted.length * 0.9)];
			console.log(`  ${target.label.padEnd(20)} median ${median(target.times).toFixed(1)} ms, p90 ${p90.toFixed(1)} ms`);
		}
		console.log(`  People lookups: ${lookups}; a looked-up item: ${JSON.stringify(targets[1].sample)}\n`);
	} finally {
		await n8n.dispose();
	}
}

async function main() {
	const standIn = new InfobipStandIn({ apiKey: 'bench-key', latencyMs: 50 });
	const standInUrl = await standIn.start();
	if (process.env.BENCH_ONLY === 'contact') {
		await contactPart(standIn, standInUrl);
		await standIn.stop();
		return;
	}
	console.log(`n8n ${VERSION}, ${ITEMS} items, stand-in latency 50 ms, ${RUNS} measured runs each (after one warm-up)\n`);

	for (const engine of ['default', 'legacy']) {
		const n8n = new N8nServer({ version: VERSION, name: `bench-${engine}`, env: engine === 'legacy' ? { N8N_EXPRESSION_ENGINE: 'legacy' } : {} });
		await n8n.start();
		try {
			const credential = await n8n.createCredential('infobipTikTokApi', { apiKey: 'bench-key', baseUrl: standInUrl });
			const times = await sendTimes(n8n, standIn, sendingWorkflows(credential, standInUrl));
			console.log(`[send ${ITEMS} items, expression engine: ${engine}] (n8n's execution time of the sending node)`);
			console.log(`  Infobip TikTok (bulk)              median ${median(times.ours).toFixed(0)} ms (${range(times.ours)})`);
			console.log(`    the same, Send Once Per Key off  median ${median(times.oursNoOnce).toFixed(0)} ms (${range(times.oursNoOnce)})`);
			console.log(`  HTTP Request (one POST per item)   median ${median(times.theirs).toFixed(0)} ms (${range(times.theirs)})`);
			console.log(`  ratio: ${(median(times.theirs) / median(times.ours)).toFixed(1)}x\n`);
			if (engine === 'default') {
				const rps = await webhookThroughput(n8n);
				const [ours, theirs] = Object.values(rps);
				console.log(`[webhook throughput, ${WEBHOOK_REQUESTS} POSTs, 10 in flight, body of 1 result]`);
				for (const [label, value] of Object.entries(rps)) console.log(`  ${label.padEnd(24)} ${value.toFixed(0)} requests/s`);
				console.log(`  ratio (ours / Webhook node): ${(ours / theirs).toFixed(2)}\n`);
				const rows = await bigBody(n8n);
				console.log('[Infobip TikTok Trigger, one POST of 2,000 results]');
				for (const row of rows) {
					console.log(
						`  ${(row.bytes / 1024).toFixed(0)} KB body: answered in ${row.answeredMs} ms, execution of ${row.items} items finished after ${row.doneMs} ms; n8n RSS ${row.before.toFixed(0)} MB -> peak ${row.peak.toFixed(0)} MB`,
					);
				}
				console.log('');
			}
		} finally {
			await n8n.dispose();
		}
	}
	await contactPart(standIn, standInUrl);
	await standIn.stop();
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
