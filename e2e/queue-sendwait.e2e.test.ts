/**
 * Queue mode: Send and Wait for Response, and the AI Agent's human review built on it, with the question sent by
 * the worker and the link opened on a webhook process (Redis, Postgres, main, one worker, two webhook processes;
 * see e2e/support/queue.js).
 */
import { sleep } from 'n8n-workflow';

import { InfobipStandIn } from '../test/support/infobip-standin';
import { body, inbound } from './support/infobip-bodies';
import { report } from './support/load';
import { OpenAiStandIn } from './support/openai-standin';
import { QueueStack } from './support/queue';
import { actionNode, intoSink, link, supervisorReviewBot, triggerNode } from './support/workflows';

jest.setTimeout(180_000);

const stack = new QueueStack({ name: 'queue-sendwait' });
const standIn = new InfobipStandIn({ apiKey: 'queue-api-key' });
let credential: { id: string; name: string };
let workflowId: string;
let triggerPath: string;

beforeAll(async () => {
	const baseUrl = await standIn.start();
	await stack.start();
	report(`queue-mode stack started in ${(stack.startupMs! / 1000).toFixed(1)} s`);
	credential = await stack.main!.createCredential('infobipTikTokApi', { apiKey: 'queue-api-key', baseUrl });
	const trigger = triggerNode({});
	const ask = actionNode(
		'Ask',
		{
			resource: 'message',
			operation: 'sendAndWait',
			message: 'Refund order 12?',
			approvalOptions: { values: { approvalType: 'double' } },
		},
		credential,
	);
	const workflow = intoSink(ask, 'Queue send and wait');
	workflow.nodes.unshift(trigger);
	Object.assign(workflow.connections, { [trigger.name]: link(ask.name) });
	const { id, url } = await stack.main!.createActiveWorkflow(workflow);
	workflowId = id;
	triggerPath = url!.split('/webhook/')[1];
	await stack.webhookA!.waitForWebhook(`${stack.webhookA!.baseUrl}/webhook/${triggerPath}`);
}, 300_000);

afterAll(async () => {
	await stack.stop();
	await standIn.stop();
}, 120_000);

async function newestExecution(status: string, timeoutMs = 60_000, ofWorkflow = workflowId) {
	const started = Date.now();
	for (;;) {
		const [execution] = await stack.main!.executions(ofWorkflow);
		if (execution?.status === status) return execution;
		if (Date.now() - started > timeoutMs) throw new Error(`No ${status} execution; last: ${execution?.status}`);
		await sleep(250);
	}
}

/** A TikTok user's message, received just now, POSTed to the trigger on webhook process A; returns the status. */
async function messageToWebhookA(triggerPathOnA: string, text: string, user: string) {
	const message = inbound(text, user);
	message.receivedAt = new Date().toISOString().replace('Z', '+0000');
	const response = await fetch(`${stack.webhookA!.baseUrl}/webhook/${triggerPathOnA}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: body([message]),
	});
	return response.status;
}

it('the worker sends the question and waits; the decline link opened on webhook process B resumes it on the worker', async () => {
	expect(await messageToWebhookA(triggerPath, 'refund please', 'queue-buyer')).toBe(200);
	const waiting = await newestExecution('waiting');
	const [sent] = standIn.sentMessages();
	const links = [...(sent.content.text as string).matchAll(/^(.+?): (http\S+)$/gm)].map((match) => new URL(match[2]));
	expect(links).toHaveLength(2);

	// Behind a load balancer the public URL (WEBHOOK_URL) reaches a webhook process: here, B. The signature
	// covers the path and query only.
	const decline = `${stack.webhookB!.baseUrl}${links[1].pathname}${links[1].search}`;
	const page = await fetch(decline);
	expect(page.status).toBe(200);
	expect(await page.text()).toContain('<button type="submit" class="secondary">Decline</button>');
	const forged = decline.replace(/signature=(\w)/, (_, first) => `signature=${first === 'a' ? 'b' : 'a'}`);
	expect((await fetch(forged, { method: 'POST', body: new FormData() })).status).toBe(401);

	const answer = await fetch(decline, { method: 'POST', body: new FormData() });
	expect(answer.status).toBe(200);
	const finished = await newestExecution('success');
	expect(finished.id).toBe(waiting.id);
	const { output } = await stack.main!.executionOutput(finished.id);
	expect(output.Ask).toEqual([{ data: { approved: false, respondedAt: expect.any(String) } }]);
	expect(output.Sink).toHaveLength(1);

	// The worker ran the execution both times; the page and the answer were served by webhook process B.
	const runs = stack.worker!.log().match(new RegExp(`Worker started execution ${waiting.id} \\(job`, 'g')) ?? [];
	expect(runs).toHaveLength(2);
	expect(stack.main!.log()).not.toMatch(new RegExp(`Worker started execution ${waiting.id} `));

	// Used again, on the other webhook process: nothing resumes.
	const again = await fetch(`${stack.webhookA!.baseUrl}${links[1].pathname}${links[1].search}`, { method: 'POST', body: new FormData() });
	expect(await again.text()).toMatch(/No action required/i);
	await sleep(1000);
	expect(await stack.main!.executions(workflowId)).toHaveLength(1);
});

it("the AI Agent's human review: the worker asks the supervisor, the approval opened on webhook process B sends the reply once", async () => {
	const reply = 'Your parcel left our warehouse today.';
	const model = new OpenAiStandIn({ reply });
	const modelUrl = await model.start();
	try {
		const openAiApi = await stack.main!.createCredential('openAiApi', { apiKey: 'sk-stand-in', url: modelUrl });
		const { id, url } = await stack.main!.createActiveWorkflow(supervisorReviewBot({ infobipTikTokApi: credential, openAiApi }));
		const path = url!.split('/webhook/')[1];
		await stack.webhookA!.waitForWebhook(`${stack.webhookA!.baseUrl}/webhook/${path}`);
		standIn.reset();

		expect(await messageToWebhookA(path, 'Where is my parcel?', 'queue-customer')).toBe(200);
		const waiting = await newestExecution('waiting', 60_000, id);
		const [question] = standIn.sentMessages();
		expect(question.destinations).toEqual([{ to: 'supervisor', messageId: expect.any(String) }]);
		const approve = new URL(/^Send it: (http\S+)$/m.exec(question.content.text)![1]);

		const answer = await fetch(`${stack.webhookB!.baseUrl}${approve.pathname}${approve.search}`, { method: 'POST', body: new FormData() });
		expect(answer.status).toBe(200);
		const finished = await newestExecution('success', 60_000, id);
		expect(finished.id).toBe(waiting.id);
		const sent = standIn.sentMessages();
		expect(sent).toHaveLength(2);
		expect(sent[1].destinations).toEqual([{ to: 'queue-customer', messageId: expect.any(String) }]);
		expect(sent[1].content).toMatchObject({ text: reply });
		const runs = stack.worker!.log().match(new RegExp(`Worker started execution ${waiting.id} \\(job`, 'g')) ?? [];
		expect(runs).toHaveLength(2);
	} finally {
		await model.stop();
	}
});
