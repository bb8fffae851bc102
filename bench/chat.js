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
const { replyInChatWorkflow } = require(path.join(ROOT, 'e2e/support/workflows.js'));
const { BUSINESS, body } = require(path.join(ROOT, 'e2e/support/infobip-bodies.js'));
const { InfobipStandIn } = require(path.join(ROOT, 'test/support/infobip-standin.js'));

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS || 100);
const PENDING = Number(process.env.BENCH_PENDING || 1000);
const MODES = (process.env.BENCH_MODES || 'single,queue').split(',');
const API_KEY = 'bench-chat-key';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref());

const conversationWorkflow = (credential) =>
	replyInChatWorkflow(credential, { trigger: { includeContact: true, ignoreRedeliveries: false }, name: 'Bench Reply in Chat' });

const percentile = (values, p) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const figures = (values) => `p50 ${percentile(values, 50)} ms, p95 ${percentile(values, 95)} ms (n=${values.length})`;

/** Conversations being opened at once: first message posted, question not yet recorded on the contact. */
const OPENING = Number(process.env.BENCH_OPENING || 10);

/**
 * Opens `users` conversations and waits until each asked its question (its wait is on the People contact).
 * The trigger acknowledges a first message before its execution has done anything, so the number of requests
 * in flight bounds nothing: at most OPENING conversations are kept between first message and question.
 * (Posting 1,000 first messages 10 at a time started ~1,000 executions at once; each waits for People's
 * 5 requests a second, and n8n's database gave up on some of them: SQLite lock and Postgres pool timeouts.)
 */
async function open(standIn, users, urls) {
	for (const user of users) standIn.addPerson(user, BUSINESS);
	const started = Date.now();
	const isAsked = (user) => String(standIn.persons[user].customAttributes.n8nConversationWait || '').includes('"waiting"');
	const opening = new Set();
	let next = 0;
	let asked = 0;
	let progressAt = Date.now();
	while (asked < users.length) {
		for (const user of opening) {
			if (!isAsked(user)) continue;
			opening.delete(user);
			asked++;
			progressAt = Date.now();
		}
		while (opening.size < OPENING && next < users.length) {
			const user = users[next];
			const response = await fetch(urls[next % urls.length], {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: body([standIn.inboundFrom(user, BUSINESS, { type: 'TEXT', text: 'hi' })]),
			});
			await response.arrayBuffer();
			if (response.status !== 200) throw new Error(`Trigger answered ${response.status} to ${user}'s first message`);
			opening.add(user);
			next++;
		}
		if (Date.now() - progressAt > 180_000) {
			throw new Error(`${users.length - asked} of ${users.length} conversations never asked (no question for 3 minutes; waiting: ${[...opening].join(', ')})`);
		}
		await sleep(50);
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
	const stack = new QueueStack({ name: 'bench-chat-queue', version: E2E_VERSION, publicProxy: true });
	try {
		await stack.start();
		const credential = await stack.main.createCredential('infobipTikTokApi', { apiKey: API_KEY, baseUrl: standIn.baseUrl });
		const { urlA, urlB } = await stack.activate(conversationWorkflow(credential));
		// First messages to both webhook processes; every answer through webhook process B.
		await measure(`queue mode n8n ${E2E_VERSION} (1 worker, answers to webhook B)`, standIn, [urlA, urlB], urlB);
	} finally {
		await stack.stop();
	}
}

(async () => {
	const standIn = new InfobipStandIn({ apiKey: API_KEY, latencyMs: 50 });
	await standIn.start();
	try {
		for (const mode of MODES) {
			standIn.reset();
			standIn.pairing = false;
			// Defined up front, as on an account that used Reply in Chat before.
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
