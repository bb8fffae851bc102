/**
 * Queue mode: Redis, Postgres, a main process, one worker and two webhook processes (A and B), all loading
 * our package, with the chatbot workflow (trigger -> Send Text replying to conversationId).
 */
import { createHmac } from 'crypto';

import { InfobipStandIn } from '../test/support/infobip-standin';
import { body, deliveryReport, seenReport, texts } from './support/infobip-bodies';
import { postAll, report } from './support/load';
import { N8nServer } from './support/n8n';
import { QueueStack } from './support/queue';
import { chatbot, triggerOnly } from './support/workflows';

jest.setTimeout(180_000);

const stack = new QueueStack({ name: 'queue-e2e' });
const standIn = new InfobipStandIn({ apiKey: 'queue-api-key' });
let credential: { id: string; name: string };
let workflowId: string;
let path: string;
const urlOf = (server: N8nServer) => `${server.baseUrl}/webhook/${path}`;

beforeAll(async () => {
	const baseUrl = await standIn.start();
	await stack.start();
	report(`queue-mode stack (Redis, Postgres, main, worker, 2 webhook processes) started in ${(stack.startupMs! / 1000).toFixed(1)} s`);
	credential = await stack.main!.createCredential('infobipTikTokApi', { apiKey: 'queue-api-key', baseUrl });
	const { id, url } = await stack.main!.createActiveWorkflow(chatbot(credential).workflow);
	workflowId = id;
	path = url!.split('/webhook/')[1];
	// The webhook processes read published workflows from the database: wait until both serve the URL.
	await stack.webhookA!.waitForWebhook(urlOf(stack.webhookA!));
	await stack.webhookB!.waitForWebhook(urlOf(stack.webhookB!));
}, 300_000);

afterAll(async () => {
	await stack.stop();
	await standIn.stop();
}, 120_000);

beforeEach(() => standIn.reset());

/** Replies per recipient, from what the stand-in Infobip received. */
const repliesByUser = () => {
	const counts = new Map<string, number>();
	for (const message of standIn.sentMessages()) {
		const to = message.destinations[0].to as string;
		counts.set(to, (counts.get(to) ?? 0) + 1);
	}
	return counts;
};

const executionCount = async () => (await stack.main!.listExecutions({ workflowId })).count;

const replyItems = async (since: number) => {
	const executions = (await stack.main!.executions(workflowId)).filter((execution) => Number(execution.id) > since);
	const outputs = await Promise.all(executions.map((execution) => stack.main!.executionOutput(execution.id)));
	return outputs.flatMap(({ output }) => output.Reply ?? []);
};

const newestExecutionId = async () => {
	const executions = await stack.main!.executions(workflowId);
	return executions.reduce((max, execution) => Math.max(max, Number(execution.id)), 0);
};

it('a POST of 3 results to webhook process A gives 3 replies in one bulk request, run by the worker', async () => {
	const before = await executionCount();
	const response = await fetch(urlOf(stack.webhookA!), { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(texts(3, 'qa')) });
	expect(response.status).toBe(200);
	const [execution] = await stack.main!.waitForExecutions(workflowId, before + 1);
	expect(standIn.requestsTo('/tiktok/1/messages')).toHaveLength(1);
	expect([...repliesByUser().entries()]).toEqual([['qa-0', 1], ['qa-1', 1], ['qa-2', 1]]);
	const ranIt = new RegExp(`Worker started execution ${execution.id} \\(job`);
	expect(stack.worker!.log()).toMatch(ranIt);
	for (const other of [stack.main!, stack.webhookA!, stack.webhookB!]) expect(other.log()).not.toMatch(ranIt);
});

it('the same POST to A and B at the same moment, ten rounds: every message answered once, the twins marked skipped', async () => {
	const since = await newestExecutionId();
	const before = await executionCount();
	let messages = 0;
	for (let round = 0; round < 10; round++) {
		const payload = body(texts(2, `twin-${round}`));
		messages += 2;
		const { statuses } = await postAll(
			[stack.webhookA!, stack.webhookB!].map((server) => ({ url: urlOf(server), body: payload })),
			2,
		);
		expect(statuses).toEqual([200, 200]);
	}
	await stack.main!.waitForExecutions(workflowId, before + 10, { settleMs: 2000 });
	const replies = repliesByUser();
	expect(replies.size).toBe(messages);
	expect([...replies.values()].every((count) => count === 1)).toBe(true);
	const items = await replyItems(since);
	const skipped = items.filter((item) => item.skipped === true);
	expect(items.filter((item) => item.skipped === false)).toHaveLength(messages);
	expect(skipped.length).toBe(items.length - messages);
	for (const item of skipped) expect(item.skipReason).toMatch(/already sent an item with the key/);
	report(`twins: ${items.length} reply items over ${(await executionCount()) - before} executions, ${skipped.length} marked skipped, ${messages} replies sent`);
});

it('a redelivery to B one second later, and another after webhook process A restarts, get no second reply', async () => {
	const payload = body(texts(2, 'late'));
	const before = await executionCount();
	await fetch(urlOf(stack.webhookA!), { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload });
	await stack.main!.waitForExecutions(workflowId, before + 1, { settleMs: 0 });
	await stack.main!.waitForExecutions(workflowId, before + 1, { settleMs: 1000 });
	await fetch(urlOf(stack.webhookB!), { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload });
	await stack.main!.waitForExecutions(workflowId, before + 2, { settleMs: 0 });
	await stack.webhookA!.restart();
	await stack.webhookA!.waitForWebhook(urlOf(stack.webhookA!));
	const again = await fetch(urlOf(stack.webhookA!), { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload });
	expect(again.status).toBe(200);
	await stack.main!.waitForExecutions(workflowId, before + 3, { settleMs: 1000 });
	expect([...repliesByUser().entries()]).toEqual([['late-0', 1], ['late-1', 1]]);
});

it('delivery and seen reports, and webhook authentication on every webhook process', async () => {
	const reports = await stack.main!.createActiveWorkflow(triggerOnly({ events: ['delivery', 'seen'] }).workflow);
	const secret = await stack.main!.createCredential('infobipTikTokWebhookHmacApi', {
		secret: 'queue-secret',
		headerName: 'X-Signature',
		algorithm: 'sha256',
		encoding: 'hex',
		prefix: '',
	});
	const signed = await stack.main!.createActiveWorkflow(
		triggerOnly({ authentication: 'hmacSignature' }, { infobipTikTokWebhookHmacApi: secret }).workflow,
	);
	const reportsPath = reports.url!.split('/webhook/')[1];
	const signedPath = signed.url!.split('/webhook/')[1];
	const servers = [stack.webhookA!, stack.webhookB!, stack.main!];
	for (const server of servers) await server.waitForWebhook(`${server.baseUrl}/webhook/${signedPath}`);
	await stack.webhookB!.waitForWebhook(`${stack.webhookB!.baseUrl}/webhook/${reportsPath}`);

	const reportBody = body([deliveryReport(), seenReport()]);
	const response = await fetch(`${stack.webhookB!.baseUrl}/webhook/${reportsPath}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: reportBody });
	expect(response.status).toBe(200);
	const [execution] = await stack.main!.waitForExecutions(reports.id, 1);
	const { output } = await stack.main!.executionOutput(execution.id);
	expect(output['Infobip TikTok Trigger'].map((item) => item.event)).toEqual(['delivery', 'seen']);

	const payload = body(texts(1, 'signed'));
	const wrong = createHmac('sha256', 'not-the-secret').update(payload).digest('hex');
	const right = createHmac('sha256', 'queue-secret').update(payload).digest('hex');
	const attempts = await postAll(
		servers.map((server) => ({ url: `${server.baseUrl}/webhook/${signedPath}`, body: payload, headers: { 'x-signature': wrong } })),
		3,
	);
	expect(attempts.statuses).toEqual([401, 401, 401]);
	const good = await postAll([{ url: `${stack.webhookA!.baseUrl}/webhook/${signedPath}`, body: payload, headers: { 'x-signature': right } }]);
	expect(good.statuses).toEqual([200]);
	expect(await stack.main!.waitForExecutions(signed.id, 1)).toHaveLength(1);
});

/** 200 POSTs of one message each, 20% of them repeats of earlier ones, spread over `urls`, 10 at a time. */
function loadWithDuplicates(urls: string[], prefix: string) {
	const originals = Array.from({ length: 160 }, (_, i) => body(texts(1, `${prefix}-${i}`)));
	const requests = originals.map((payload, i) => ({ url: urls[i % urls.length], body: payload }));
	for (let i = 0; i < 40; i++) {
		// A duplicate of a message sent earlier, inserted after it, to the other process.
		const of = i * 4;
		requests.splice(of + 20 + i, 0, { url: urls[(of + 1) % urls.length], body: originals[of] });
	}
	return { requests, distinct: originals.length };
}

it('200 POSTs over A and B, 20% duplicates: one reply per distinct message; throughput against single-process n8n', async () => {
	const before = await executionCount();
	const queueLoad = loadWithDuplicates([urlOf(stack.webhookA!), urlOf(stack.webhookB!)], 'load');
	const queued = await postAll(queueLoad.requests, 10);
	expect(queued.statuses.every((status) => status === 200)).toBe(true);
	await stack.main!.waitForExecutions(workflowId, before + queueLoad.distinct, { timeoutMs: 120_000, settleMs: 3000 });
	const replies = repliesByUser();
	expect(replies.size).toBe(queueLoad.distinct);
	expect([...replies.values()].every((count) => count === 1)).toBe(true);
	const queueReplies = standIn.sentMessages().length;

	standIn.reset();
	const single = new N8nServer({ name: 'queue-compare-single' });
	await single.start();
	try {
		const singleCredential = await single.createCredential('infobipTikTokApi', { apiKey: 'queue-api-key', baseUrl: standIn.baseUrl });
		const { id, url } = await single.createActiveWorkflow(chatbot(singleCredential).workflow);
		const singleLoad = loadWithDuplicates([url!], 'single');
		const direct = await postAll(singleLoad.requests, 10);
		expect(direct.statuses.every((status) => status === 200)).toBe(true);
		await single.waitForExecutions(id, singleLoad.distinct, { timeoutMs: 120_000, settleMs: 2000 });
		expect(standIn.sentMessages()).toHaveLength(singleLoad.distinct);
		report(
			`200 POSTs (160 distinct), 10 in flight: queue mode (2 webhook processes, 1 worker) ${(200 / queued.seconds).toFixed(0)} requests/s, ` +
				`${queueReplies} replies; single-process n8n ${(200 / direct.seconds).toFixed(0)} requests/s, ${standIn.sentMessages().length} replies`,
		);
	} finally {
		await single.dispose();
	}
});
