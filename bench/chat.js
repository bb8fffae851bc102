// `npm run bench:chat`: Reply in Chat (issue 16) in a real n8n, single process and then queue mode (main, one
// worker, two webhook processes behind WEBHOOK_URL, as in e2e/queue-conversation). Workflow: Trigger (Include
// Contact) -> Ask (Send and Wait, Reply in Chat) -> Thanks (Send Text). The stand-in Infobip answers every request
// (People and messages) after 50 ms and does not pair answers, so each answer finds its wait on the People contact.
// Prints, over BENCH_CONVERSATIONS (100) conversations answered one at a time: the trigger's acknowledgement time
// and the time from the answer's webhook call to the stand-in receiving the resumed execution's next send
// ("Thanks"), p50 and p95; then the same with BENCH_PENDING (1,000) waits pending. Figures, not assertions.
// BENCH_MODES=single,queue picks the parts; N8N_E2E_VERSION the n8n (2.41.1).
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const { N8nServer, E2E_VERSION } = require(path.join(ROOT, 'e2e/support/n8n.js'));
const { QueueStack } = require(path.join(ROOT, 'e2e/support/queue.js'));
const { ReverseProxy } = require(path.join(ROOT, 'e2e/support/proxy.js'));
const { actionNode, link, triggerNode } = require(path.join(ROOT, 'e2e/support/workflows.js'));
const { BUSINESS, body } = require(path.join(ROOT, 'e2e/support/infobip-bodies.js'));
const { postAll } = require(path.join(ROOT, 'e2e/support/load.js'));
const { InfobipStandIn } = require(path.join(ROOT, 'test/support/infobip-standin.js'));

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS || 100);
const PENDING = Number(process.env.BENCH_PENDING || 1000);
const MODES = (process.env.BENCH_MODES || 'single,queue').split(',');
const API_KEY = 'bench-chat-key';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref());

function conversationWorkflow(credential) {
	const trigger = triggerNode({ includeContact: true, ignoreRedeliveries: false });
	Object.assign(trigger, { credentials: { infobipTikTokApi: credential } });
	const ask = actionNode(
		'Ask',
		{ resource: 'message', operation: 'sendAndWait', message: 'What is your name?', responseType: 'replyInChat' },
		credential,
	);
	const thanks = actionNode('Thanks', { resource: 'message', operation: 'sendText', text: '=Thanks, {{ $json.data.text }}' }, credential, [600, 0]);
	return {
		name: `Bench Reply in Chat ${Math.random().toString(36).slice(2, 8)}`,
		nodes: [trigger, ask, thanks],
		connections: { [trigger.name]: link(ask.name), [ask.name]: link(thanks.name) },
	};
}

const percentile = (values, p) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const figures = (values) => `p50 ${percentile(values, 50)} ms, p95 ${percentile(values, 95)} ms (n=${values.length})`;

/** Opens `users` conversations (first message from each, 10 in flight) and waits until each asked its question. */
async function open(standIn, users, urls) {
	for (const user of users) standIn.addPerson(user, BUSINESS);
	const started = Date.now();
	const requests = users.map((user, i) => ({ url: urls[i % urls.length], body: body([standIn.inboundFrom(user, BUSINESS, { type: 'TEXT', text: 'hi' })]) }));
	await postAll(requests, 10);
	const asked = () => {
		const waiting = new Set(users);
		let left = users.length;
		for (const [user, person] of Object.entries(standIn.persons)) {
			if (waiting.has(user) && String(person.customAttributes.n8nConversationWait || '').includes('"waiting"')) left--;
		}
		return left;
	};
	for (let left = asked(); left > 0; left = asked()) {
		if (Date.now() - started > 30 * 60_000) throw new Error(`${left} of ${users.length} conversations never asked`);
		await sleep(250);
	}
	return (Date.now() - started) / 1000;
}

/** Answers each user's question in turn; returns acknowledgement and answer-to-next-send times. */
async function answer(standIn, users, url) {
	const acks = [];
	const resumes = [];
	for (const user of users) {
		const sentBefore = standIn.requestsTo('/tiktok/1/messages').length;
		const payload = body([standIn.inboundFrom(user, BUSINESS, { type: 'TEXT', text: `Name ${user}` })]);
		const started = Date.now();
		const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload });
		await response.arrayBuffer();
		acks.push(Date.now() - started);
		if (response.status !== 200) throw new Error(`Trigger answered ${response.status}`);
		for (;;) {
			const thanks = standIn
				.requestsTo('/tiktok/1/messages')
				.slice(sentBefore)
				.find((request) => request.body.messages.some((message) => message.destinations[0].to === user && message.content.text === `Thanks, Name ${user}`));
			if (thanks) {
				resumes.push(thanks.at - started);
				break;
			}
			if (Date.now() - started > 120_000) throw new Error(`No thanks for ${user} after 2 minutes`);
			await sleep(5);
		}
	}
	return { acks, resumes };
}

/** The two measurements against one n8n setup: `openUrls` take first messages, `answerUrl` the answers. */
async function measure(label, standIn, openUrls, answerUrl) {
	const prefix = `${label.split(' ')[0]}-${Date.now().toString(36)}`;
	const few = Array.from({ length: CONVERSATIONS }, (_, i) => `${prefix}-a${i}`);
	const openSeconds = await open(standIn, few, openUrls);
	console.log(`${label}: ${CONVERSATIONS} conversations opened in ${openSeconds.toFixed(1)} s`);
	let { acks, resumes } = await answer(standIn, few, answerUrl);
	console.log(`${label}, ${CONVERSATIONS} waits pending at the start: acknowledgement ${figures(acks)}; answer -> next send ${figures(resumes)}`);

	const many = Array.from({ length: PENDING }, (_, i) => `${prefix}-b${i}`);
	const manySeconds = await open(standIn, many, openUrls);
	console.log(`${label}: ${PENDING} more conversations opened in ${manySeconds.toFixed(1)} s`);
	({ acks, resumes } = await answer(standIn, many.slice(0, CONVERSATIONS), answerUrl));
	console.log(`${label}, ${PENDING} waits pending: acknowledgement ${figures(acks)}; answer -> next send ${figures(resumes)}`);
}

async function single(standIn) {
	const n8n = new N8nServer({ version: E2E_VERSION, name: `bench-chat-${E2E_VERSION}` });
	await n8n.start();
	try {
		const credential = await n8n.createCredential('infobipTikTokApi', { apiKey: API_KEY, baseUrl: standIn.baseUrl });
		const { url } = await n8n.createActiveWorkflow(conversationWorkflow(credential));
		await measure(`single process n8n ${E2E_VERSION}`, standIn, [url], url);
	} finally {
		await n8n.dispose();
	}
}

async function queue(standIn) {
	const proxy = new ReverseProxy();
	const stack = new QueueStack({ name: 'bench-chat-queue', version: E2E_VERSION, env: { WEBHOOK_URL: `${await proxy.start()}/` } });
	try {
		await stack.start();
		proxy.target = stack.webhookA.baseUrl;
		const credential = await stack.main.createCredential('infobipTikTokApi', { apiKey: API_KEY, baseUrl: standIn.baseUrl });
		const { url } = await stack.main.createActiveWorkflow(conversationWorkflow(credential));
		const hookPath = url.split('/webhook/')[1];
		const [a, b] = [stack.webhookA, stack.webhookB].map((server) => `${server.baseUrl}/webhook/${hookPath}`);
		await stack.webhookA.waitForWebhook(a);
		await stack.webhookB.waitForWebhook(b);
		// First messages to both webhook processes; every answer through webhook process B.
		await measure(`queue mode n8n ${E2E_VERSION} (1 worker, answers to webhook B)`, standIn, [a, b], b);
	} finally {
		await stack.stop();
		await proxy.stop();
	}
}

(async () => {
	const standIn = new InfobipStandIn({ apiKey: API_KEY, latencyMs: 50 });
	await standIn.start();
	try {
		for (const mode of MODES) {
			standIn.reset();
			standIn.pairing = false;
			// Defined up front, as on an account that used Reply in Chat before: the first questions arriving at the
			// same moment each try to define it, and one that loses that race fails (see docs/chat-conversations.md).
			standIn.attributeDefinitions.n8nConversationWait = 'STRING';
			await (mode === 'queue' ? queue(standIn) : single(standIn));
		}
	} finally {
		await standIn.stop();
	}
})().catch((error) => {
	console.error(error);
	process.exit(1);
});
