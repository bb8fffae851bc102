/**
 * End-to-end: Send and Wait for Response with Reply in Chat in a real n8n (N8N_E2E_VERSION, default 2.41.1).
 * Trigger -> Ask (Reply in Chat) -> Thanks (Send Text). The user's next message, posted to the trigger the way
 * Infobip does, resumes the waiting execution once; see docs/chat-conversations.md.
 */
import { sleep } from 'n8n-workflow';

import { BUSINESS, body } from './support/infobip-bodies';
import { E2E_VERSION } from './support/n8n';
import { n8nWithStandIn } from './support/setup';
import { actionNode, link, triggerNode } from './support/workflows';

jest.setTimeout(180_000);

const e2e = n8nWithStandIn('conversation');
const { standIn, n8n } = e2e;

/** Trigger -> Ask ("What is your name?", Reply in Chat) -> Thanks ("Thanks, <answer>"), active. */
async function conversationWorkflow(triggerParameters: Record<string, unknown>) {
	const trigger = triggerNode({ ignoreRedeliveries: false, ...triggerParameters });
	if (triggerParameters.includeContact) Object.assign(trigger, { credentials: { infobipTikTokApi: e2e.credential } });
	const ask = actionNode(
		'Ask',
		{ resource: 'message', operation: 'sendAndWait', message: 'What is your name?', responseType: 'replyInChat' },
		e2e.credential,
	);
	const thanks = actionNode(
		'Thanks',
		{ resource: 'message', operation: 'sendText', text: '=Thanks, {{ $json.data.text }}' },
		e2e.credential,
		[600, 0],
	);
	const workflow = {
		name: `Conversation ${Math.random().toString(36).slice(2, 8)}`,
		nodes: [trigger, ask, thanks],
		connections: { [trigger.name]: link(ask.name), [ask.name]: link(thanks.name) },
	};
	return await n8n.createActiveWorkflow(workflow);
}

async function post(url: string, results: unknown[]) {
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(results) });
	expect(response.status).toBe(200);
}

async function waitUntil<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
	const started = Date.now();
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
		await sleep(200);
	}
}

const texts = () => standIn.sentMessages().map((message) => message.content.text as string);
const statuses = async (workflowId: string) => (await n8n.executions(workflowId)).map((execution: { status: string }) => execution.status);

/** Starts a conversation: the user's first message; returns once the question went out and the execution waits. */
async function open(url: string, workflowId: string, user: string) {
	await post(url, [standIn.inboundFrom(user, BUSINESS, { type: 'TEXT', text: 'hi' })]);
	await waitUntil('the waiting execution', async () =>
		(await statuses(workflowId)).includes('waiting') ? true : undefined,
	);
	const [question] = standIn.sentMessages().filter((message) => message.destinations[0].to === user);
	expect(question.content.text).toBe('What is your name?');
	expect(question.webhooks.callbackData).toMatch(/^n8n-wait:/);
	return question;
}

describe(`Reply in Chat in n8n ${E2E_VERSION}`, () => {
	it('a paired answer resumes the waiting execution once; a redelivery and a later message do not resume it again', async () => {
		const { id, url } = await conversationWorkflow({});
		await open(url!, id, 'ann');
		// No People contact and no Include Contact: Infobip's pairing is what finds the wait.
		const answer = standIn.inboundFrom('ann', BUSINESS, { type: 'TEXT', text: 'Ann' });
		expect(answer.callbackData).toMatch(/^n8n-wait:/);
		await post(url!, [answer]);
		const [done] = await n8n.waitForExecutions(id, 1, { timeoutMs: 60_000, settleMs: 500 });
		expect(done.status).toBe('success');
		const { output } = await n8n.executionOutput(done.id);
		expect(output.Ask).toEqual([
			expect.objectContaining({
				userId: 'ann',
				businessAccountId: BUSINESS,
				conversationId: 'ann',
				messageId: answer.messageId,
				data: { text: 'Ann', type: 'TEXT', messageId: answer.messageId, mediaUrl: null, receivedAt: answer.receivedAt },
			}),
		]);
		expect(texts()).toEqual(['What is your name?', 'Thanks, Ann']);
		expect(await n8n.executions(id)).toHaveLength(1);
	});
});
