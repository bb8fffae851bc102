// `npm run bench:n8n`: our nodes against n8n's own, side by side in one real n8n 2.41.1 (our built package
// loaded), with a stand-in Infobip on 127.0.0.1 answering after 50 ms. Prints figures; asserts nothing.
//  1. send: 1,000 replies in one execution (one POST of 1,000 messages -> trigger -> Send Text, defaults) vs
//     n8n's HTTP Request node posting one message per item (its defaults), under n8n's default expression
//     engine and again with N8N_EXPRESSION_ENGINE=legacy. Times are n8n's own execution times of the sending
//     node and of the whole execution.
//  2. single (legacy engine): one message per POST, 10 POSTs in flight: trigger -> Send Text vs n8n's Webhook ->
//     HTTP Request; replies per second (first POST to last reply at the stand-in) and inbound-to-reply latency.
//  3. memory: one POST of 10,000 messages, trigger -> Send Text vs trigger -> No-Op: growth of the n8n process's
//     resident memory (peak while the execution runs, over the level just before the POST).
//  4. webhook: throughput of Infobip TikTok Trigger vs n8n's Webhook node, same body, 10 requests in flight.
//  5. big: Infobip TikTok Trigger on a 2,000-result body: answer time, execution time, memory.
//  6. contact: Infobip TikTok Trigger's answer time with Include Contact off and on (People lookups after it).
// BENCH_ONLY=send,single,memory,... runs only those parts (comma-separated); BENCH_RUNS, BENCH_ITEMS,
// BENCH_SINGLE_POSTS, BENCH_MEMORY_ITEMS change the sizes; BENCH_NODE_OPTIONS is passed to n8n as NODE_OPTIONS; BENCH_ENGINES=default or legacy measures only that one
// in the send part.
// BENCH_BEFORE=<folder>: also measures an older build, side by side in a second n8n started at the same time
// (each part runs on one, then the other): e.g. `git worktree add /tmp/old <commit>`, symlink node_modules and
// .tools from this checkout, `npm run build` there, then `BENCH_BEFORE=/tmp/old npm run bench:n8n`.
const crypto = require('crypto');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const { execFileSync } = require('child_process');
const fs = require('fs');
const { N8nServer, PACKAGE, freePort, removeTestFolder, testFolder } = require(path.join(ROOT, 'e2e/support/n8n.js'));
const { actionNode, intoSink, link, n8nWebhookNode, triggerNode, triggerOnly } = require(path.join(ROOT, 'e2e/support/workflows.js'));
const { body, texts, BUSINESS } = require(path.join(ROOT, 'e2e/support/infobip-bodies.js'));
const { InfobipStandIn } = require(path.join(ROOT, 'test/support/infobip-standin.js'));

const VERSION = process.env.N8N_BENCH_VERSION || '2.41.1';
const ITEMS = Number(process.env.BENCH_ITEMS || 1000);
const RUNS = Number(process.env.BENCH_RUNS || 3);
const WEBHOOK_REQUESTS = Number(process.env.BENCH_WEBHOOK_REQUESTS || 300);
const SINGLE_POSTS = Number(process.env.BENCH_SINGLE_POSTS || 200);
const MEMORY_ITEMS = Number(process.env.BENCH_MEMORY_ITEMS || 10000);
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
	const results = { node: {}, whole: {} };
	for (const [label, workflow] of Object.entries(workflows)) {
		const { id, url } = await n8n.createActiveWorkflow(workflow);
		const times = [];
		const wholes = [];
		for (let run = 0; run <= RUNS; run++) {
			standIn.reset();
			await post(url, body(texts(ITEMS, `${label}-${run}`)));
			const executions = await n8n.waitForExecutions(id, run + 1, { timeoutMs: 120_000, settleMs: 0 });
			const sent = standIn.sentMessages().length;
			if (sent !== ITEMS) throw new Error(`${label}: the stand-in received ${sent} messages, expected ${ITEMS}`);
			const newest = executions.reduce((a, b) => (Number(a.id) > Number(b.id) ? a : b));
			const ms = (await n8n.nodeTimes(newest.id)).Send;
			const { startedAt, stoppedAt } = await n8n.api('GET', `/executions/${newest.id}`);
			if (run > 0) {
				// run 0 warms up
				times.push(ms);
				wholes.push(Date.parse(stoppedAt) - Date.parse(startedAt));
			}
		}
		await n8n.api('POST', `/workflows/${id}/deactivate`, {});
		results.node[label] = times;
		results.whole[label] = wholes;
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
	const n8n = await startN8n(BUILDS[0], 'bench-contact');
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

/**
 * An n8n with one build's package (`npm pack` of its folder, built beforehand), installed as users get it. Packed
 * into the n8n's own folder, not the shared .tools/pack, so that nobody else's pack can stand in for it.
 */
async function startN8n(build, name, env = {}) {
	const userFolder = testFolder(name);
	const { inspect, ...n8nEnv } = env;
	// e.g. BENCH_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles n8n (written when it stops).
	const nodeOptions = [process.env.BENCH_NODE_OPTIONS || ''];
	const inspectPort = inspect ? await freePort() : undefined;
	// The task runner n8n starts inherits the option; its inspector finds the port taken and stays off.
	if (inspectPort) nodeOptions.push(`--inspect=127.0.0.1:${inspectPort}`);
	if (nodeOptions.join('').trim()) env = { ...n8nEnv, NODE_OPTIONS: nodeOptions.join(' ').trim() };
	else env = n8nEnv;
	const packDir = path.join(userFolder, 'pack');
	fs.mkdirSync(packDir);
	const tgz = execFileSync('npm', ['pack', '--silent', '--pack-destination', packDir], { cwd: build.root, encoding: 'utf8' }).trim().split('\n').pop();
	const target = path.join(userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE);
	fs.mkdirSync(target, { recursive: true });
	execFileSync('tar', ['-xzf', path.join(packDir, /** @type {string} */ (tgz)), '--strip-components=1', '-C', target]);
	fs.writeFileSync(path.join(userFolder, '.n8n', 'nodes', 'package.json'), '{"name":"installed-nodes","private":true,"dependencies":{}}');
	const n8n = new N8nServer({ version: VERSION, name, env, userFolder, pack: false });
	n8n.inspectPort = inspectPort;
	n8n.dispose = async () => {
		await n8n.stop();
		removeTestFolder(userFolder);
	};
	return await n8n.start();
}

/** One message per POST, `SINGLE_POSTS` of them, 10 in flight: replies per second and inbound-to-reply latency. */
async function singleMessages(n8n, standIn, credential, standInUrl) {
	const ours = triggerNode({});
	const send = actionNode('Send', { resource: 'message', operation: 'sendText', text: '={{ $json.text }}' }, credential);
	const webhook = n8nWebhookNode();
	const first = '$json.body.results[0]';
	const http = {
		...sendingWorkflows(credential, standInUrl).theirs.nodes[1],
		parameters: {
			...sendingWorkflows(credential, standInUrl).theirs.nodes[1].parameters,
			jsonBody: `={{ JSON.stringify({ messages: [{ sender: ${first}.to, destinations: [{ to: ${first}.sender }], content: { type: "TEXT", text: ${first}.message.text } }] }) }}`,
		},
	};
	const targets = [
		{ label: 'Infobip TikTok Trigger -> Send Text', workflow: { name: 'Bench: single, ours', nodes: [ours, send], connections: { [ours.name]: link('Send') } } },
		{ label: "n8n's Webhook -> HTTP Request", workflow: { name: 'Bench: single, theirs', nodes: [webhook, http], connections: { [webhook.name]: link('Send') } } },
	];
	for (const target of targets) Object.assign(target, await n8n.createActiveWorkflow(target.workflow), { rates: [], latencies: [] });
	for (let round = 0; round <= RUNS; round++) {
		for (const target of targets) {
			standIn.reset();
			const results = texts(SINGLE_POSTS, `single-${round}-${target.id}`);
			const postedAt = new Map();
			let next = 0;
			const started = Date.now();
			await Promise.all(Array.from({ length: 10 }, async () => {
				while (next < results.length) {
					const result = results[next++];
					postedAt.set(result.sender, Date.now());
					const status = await post(target.url, body([result]));
					if (status !== 200) throw new Error(`${target.label}: answered ${status}`);
				}
			}));
			const deadline = Date.now() + 120_000;
			while (standIn.sentMessages().length < SINGLE_POSTS && Date.now() < deadline) await sleep(20);
			const requests = standIn.requestsTo('/tiktok/1/messages');
			const sent = requests.flatMap((request) => request.body.messages.map((message) => ({ to: message.destinations[0].to, at: request.at })));
			if (sent.length !== SINGLE_POSTS) throw new Error(`${target.label}: ${sent.length} replies for ${SINGLE_POSTS} messages`);
			const lastAt = Math.max(...sent.map((reply) => reply.at));
			if (round > 0) {
				target.rates.push(SINGLE_POSTS / ((lastAt - started) / 1000));
				target.latencies.push(...sent.map((reply) => reply.at - postedAt.get(reply.to)));
			}
		}
	}
	for (const target of targets) await n8n.api('POST', `/workflows/${target.id}/deactivate`, {});
	return targets;
}

/** n8n's V8 through its inspector (n8n started with --inspect): exact heap figures and forced collections. */
class Inspector {
	static async connect(port) {
		const [target] = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
		const inspector = new Inspector(new WebSocket(target.webSocketDebuggerUrl));
		await new Promise((resolve, reject) => {
			inspector.socket.addEventListener('open', resolve);
			inspector.socket.addEventListener('error', reject);
		});
		return inspector;
	}

	constructor(socket) {
		this.socket = socket;
		this.next = 0;
		this.pending = new Map();
		socket.addEventListener('message', (event) => {
			const message = JSON.parse(String(event.data));
			const pending = this.pending.get(message.id);
			if (!pending) return;
			this.pending.delete(message.id);
			if (message.error) pending.reject(new Error(JSON.stringify(message.error)));
			else pending.resolve(message.result);
		});
	}

	send(method, params = {}) {
		const id = ++this.next;
		this.socket.send(JSON.stringify({ id, method, params }));
		return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
	}

	async heapUsedMb() {
		return (await this.send('Runtime.getHeapUsage')).usedSize / 2 ** 20;
	}
}

/**
 * One POST of MEMORY_ITEMS messages into trigger -> No-Op and trigger -> Send Text, alternating. Before each POST
 * n8n collects its garbage; then its heap is sampled until the execution is saved: peak heap growth over that
 * baseline, and the growth of the process's resident memory (RSS, noisier: V8 keeps pages it once used).
 * BENCH_HEAP_PROFILE=<prefix> saves V8's sampling heap profile (every allocation, collected or not) of each
 * measured run as <prefix>-<build>-<workflow>-<run>.heapprofile (open in Chrome's DevTools).
 */
async function memoryGrowth(n8n, standIn, credential, buildLabel) {
	const noOp = intoSink(triggerNode({}), 'Bench: memory, No-Op');
	const trigger = triggerNode({});
	const send = actionNode('Send', { resource: 'message', operation: 'sendText', text: '={{ $json.text }}' }, credential);
	const targets = [
		{ label: 'trigger -> No-Op', short: 'noop', workflow: noOp },
		{ label: 'trigger -> Send Text', short: 'send', workflow: { name: 'Bench: memory, Send Text', nodes: [trigger, send], connections: { [trigger.name]: link('Send') } } },
	];
	for (const target of targets) Object.assign(target, await n8n.createActiveWorkflow(target.workflow), { heap: [], rss: [], runs: 0 });
	const inspector = await Inspector.connect(n8n.inspectPort);
	const profile = process.env.BENCH_HEAP_PROFILE;
	try {
		for (let round = 0; round <= RUNS; round++) {
			for (const target of targets) {
				standIn.reset();
				const payload = body(texts(MEMORY_ITEMS, `mem-${round}-${target.id}`));
				await sleep(500);
				await inspector.send('HeapProfiler.collectGarbage');
				const heapBefore = await inspector.heapUsedMb();
				const rssBefore = n8n.rssMb();
				let heapPeak = heapBefore;
				let rssPeak = rssBefore;
				let done = false;
				if (profile && round > 0) {
					await inspector.send('HeapProfiler.startSampling', {
						samplingInterval: 16384,
						includeObjectsCollectedByMajorGC: true,
						includeObjectsCollectedByMinorGC: true,
					});
				}
				const sampler = (async () => {
					while (!done) {
						heapPeak = Math.max(heapPeak, await inspector.heapUsedMb());
						rssPeak = Math.max(rssPeak, n8n.rssMb());
						await sleep(5);
					}
				})();
				await post(target.url, payload);
				target.runs++;
				await n8n.waitForExecutions(target.id, target.runs, { timeoutMs: 300_000, settleMs: 300 });
				done = true;
				await sampler;
				if (profile && round > 0) {
					const { profile: samples } = await inspector.send('HeapProfiler.stopSampling');
					fs.writeFileSync(`${profile}-${buildLabel.replace(/\W+/g, '_')}-${target.short}-${round}.heapprofile`, JSON.stringify(samples));
				}
				if (round > 0) {
					// round 0 warms up
					target.heap.push(heapPeak - heapBefore);
					target.rss.push(rssPeak - rssBefore);
				}
			}
		}
	} finally {
		inspector.socket.close();
	}
	for (const target of targets) await n8n.api('POST', `/workflows/${target.id}/deactivate`, {});
	return targets;
}

const percentile = (values, share) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * share))];

const PARTS = (process.env.BENCH_ONLY || 'send,single,memory,webhook,big,contact').split(',');
const BUILDS = [{ label: 'this build', root: ROOT }, ...(process.env.BENCH_BEFORE ? [{ label: 'before', root: path.resolve(process.env.BENCH_BEFORE) }] : [])];

/** Runs `part` on every build's n8n (started together, so both see the same machine), printing each. */
async function onEveryBuild(name, env, part) {
	const servers = [];
	try {
		for (const build of BUILDS) servers.push({ build, n8n: await startN8n(build, `bench-${name}`, env) });
		for (const { build, n8n } of servers) {
			const credential = await n8n.createCredential('infobipTikTokApi', { apiKey: 'bench-key', baseUrl: STAND_IN.url });
			if (BUILDS.length > 1) console.log(`  -- ${build.label} (${build.root})`);
			await part(n8n, credential, build);
		}
	} finally {
		for (const { n8n } of servers) await n8n.dispose();
	}
}

/** Each part measured on one n8n and printed. */
const PRINT = {
	async send(n8n, credential, _build, engine) {
		const { node, whole } = await sendTimes(n8n, STAND_IN.instance, sendingWorkflows(credential, STAND_IN.url));
		console.log(`  ${ITEMS} replies in one execution, engine ${engine} (n8n's execution time of the sending node; of the whole execution)`);
		console.log(`    Infobip TikTok (bulk)              median ${median(node.ours).toFixed(0)} ms (${range(node.ours)}); execution ${median(whole.ours).toFixed(0)} ms (${range(whole.ours)})`);
		console.log(`      the same, Send Once Per Key off  median ${median(node.oursNoOnce).toFixed(0)} ms (${range(node.oursNoOnce)}); execution ${median(whole.oursNoOnce).toFixed(0)} ms (${range(whole.oursNoOnce)})`);
		console.log(`    HTTP Request (one POST per item)   median ${median(node.theirs).toFixed(0)} ms (${range(node.theirs)}); execution ${median(whole.theirs).toFixed(0)} ms (${range(whole.theirs)})`);
		console.log(`    ratio: ${(median(node.theirs) / median(node.ours)).toFixed(1)}x (sending node), ${(median(whole.theirs) / median(whole.ours)).toFixed(1)}x (whole execution)`);
	},
	async single(n8n, credential) {
		const [ours, theirs] = await singleMessages(n8n, STAND_IN.instance, credential, STAND_IN.url);
		console.log(`  one message at a time: ${SINGLE_POSTS} POSTs of 1 message, 10 in flight`);
		for (const target of [ours, theirs]) {
			console.log(`    ${target.label.padEnd(36)} ${median(target.rates).toFixed(1)} replies/s (${target.rates.map((rate) => rate.toFixed(1)).join(', ')}); latency p50 ${percentile(target.latencies, 0.5)} ms, p90 ${percentile(target.latencies, 0.9)} ms`);
		}
		console.log(`    ratio (ours / theirs): replies/s ${(median(ours.rates) / median(theirs.rates)).toFixed(2)}x, latency p50 ${(percentile(ours.latencies, 0.5) / percentile(theirs.latencies, 0.5)).toFixed(2)}x`);
	},
	async memory(n8n, credential, build) {
		console.log(`  memory: one POST of ${MEMORY_ITEMS} messages, n8n's growth at peak over the level before (after a forced garbage collection)`);
		for (const target of await memoryGrowth(n8n, STAND_IN.instance, credential, build.label)) {
			const list = (values) => values.map((mb) => `+${mb.toFixed(0)}`).join(', ');
			console.log(`    ${target.label.padEnd(24)} heap peak median +${median(target.heap).toFixed(0)} MB (${list(target.heap)}); RSS peak median +${median(target.rss).toFixed(0)} MB (${list(target.rss)})`);
		}
	},
	async webhook(n8n) {
		const rps = await webhookThroughput(n8n);
		const [ours, theirs] = Object.values(rps);
		console.log(`  webhook throughput, ${WEBHOOK_REQUESTS} POSTs, 10 in flight, body of 1 result`);
		for (const [label, value] of Object.entries(rps)) console.log(`    ${label.padEnd(24)} ${value.toFixed(0)} requests/s`);
		console.log(`    ratio (ours / Webhook node): ${(ours / theirs).toFixed(2)}`);
	},
	async big(n8n) {
		const rows = await bigBody(n8n);
		console.log('  Infobip TikTok Trigger, one POST of 2,000 results');
		for (const row of rows) {
			console.log(
				`    ${(row.bytes / 1024).toFixed(0)} KB body: answered in ${row.answeredMs} ms, execution of ${row.items} items finished after ${row.doneMs} ms; n8n RSS ${row.before.toFixed(0)} MB -> peak ${row.peak.toFixed(0)} MB`,
			);
		}
	},
};

const STAND_IN = { url: '', instance: /** @type {any} */ (undefined) };

async function main() {
	const standIn = new InfobipStandIn({ apiKey: 'bench-key', latencyMs: 50, validateSends: false });
	const standInUrl = await standIn.start();
	Object.assign(STAND_IN, { url: standInUrl, instance: standIn });
	console.log(`n8n ${VERSION}, stand-in latency 50 ms, ${RUNS} measured runs each (after one warm-up); parts: ${PARTS.join(', ')}\n`);

	// One n8n per build and expression engine; the parts measured under that engine run one after another in it.
	const engines = (process.env.BENCH_ENGINES || 'default,legacy').split(',');
	for (const engine of engines) {
		const parts = PARTS.filter((part) => (engine === 'legacy' ? ['send', 'single'] : ['send', 'memory', 'webhook', 'big']).includes(part));
		if (parts.length === 0) continue;
		console.log(`[expression engine: ${engine}]`);
		await onEveryBuild(engine, engine === 'legacy' ? { N8N_EXPRESSION_ENGINE: 'legacy' } : { inspect: parts.includes('memory') }, async (n8n, credential, build) => {
			for (const part of parts) await PRINT[part](n8n, credential, build, engine);
		});
		console.log('');
	}
	if (PARTS.includes('contact')) await contactPart(standIn, standInUrl);
	await standIn.stop();
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
