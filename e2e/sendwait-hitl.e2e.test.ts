/**
 * End-to-end: the AI Agent's human review through this node, in a real n8n. n8n generates
 * `infobipTikTokHitlTool` from our Send and Wait operation (createHitlTools). The workflow is the example
 * examples/tiktok-ai-supervisor-review.json: Trigger -> AI Agent, whose only tool, "Send Reply" (this node's Send
 * Text as a tool), is gated by "Supervisor Review" (the generated review tool). A stand-in OpenAI-compatible chat
 * model on 127.0.0.1 asks to send a reply; the review sends the supervisor a TikTok question with approve and
 * decline links and the execution waits. Only an approval lets the reply reach the customer.
 */
import { sleep } from 'n8n-workflow';

import { BUSINESS, body, inbound } from './support/infobip-bodies';
import { E2E_VERSION } from './support/n8n';
import { n8nWithStandIn } from './support/setup';
import { OpenAiStandIn } from './support/openai-standin';
import { supervisorReviewBot } from './support/workflows';

jest.setTimeout(150_000);

const REPLY = 'Your refund of 20 EUR is on its way.';
const version = E2E_VERSION;
const model = new OpenAiStandIn({ reply: REPLY });
const e2e = n8nWithStandIn('sendwait-hitl');
const { standIn, n8n } = e2e;

let openAiCredential: { id: string; name: string };

beforeAll(async () => {
	const modelUrl = await model.start();
	openAiCredential = await n8n.createCredential('openAiApi', { apiKey: 'sk-stand-in', url: modelUrl });
}, 60_000);

afterAll(async () => {
	await model.stop();
}, 60_000);

beforeEach(() => {
	model.requests.length = 0;
});

async function latestExecution(workflowId: string, status: string) {
	for (let waited = 0; waited < 60_000; waited += 250) {
		const [execution] = await n8n.executions(workflowId);
		if (execution?.status === status) return execution;
		if (execution?.status === 'error') break;
		await sleep(250);
	}
	const [execution] = await n8n.executions(workflowId);
	throw new Error(`expected a ${status} execution, found ${execution?.status}`);
}

/**
 * A customer writes; the agent's reply waits for the supervisor's review (`review` changes the review node's options
 * or parameters). Only the review question went out, to the supervisor; returns it and the customer's message.
 */
async function customerWaitsForReview(
	customer: string,
	review: { options?: Record<string, unknown>; parameters?: Record<string, unknown> } = {},
) {
	const credentials = { infobipTikTokApi: e2e.credential, openAiApi: openAiCredential };
	const workflow = supervisorReviewBot(credentials, review.options);
	for (const node of workflow.nodes) {
		if (node.name === 'Supervisor Review') node.parameters = { ...node.parameters, ...review.parameters };
	}
	const { id, url } = await n8n.createActiveWorkflow(workflow);
	const message = inbound('Where is my refund?', customer, {});
	message.receivedAt = new Date().toISOString().replace('Z', '+0000');
	const response = await fetch(url!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body([message]) });
	expect(response.status).toBe(200);
	await latestExecution(id, 'waiting');
	const sent = standIn.sentMessages();
	// Only the question went out: the reply itself waits for the review.
	expect(sent).toHaveLength(1);
	expect(sent[0].destinations).toEqual([{ to: 'supervisor', messageId: expect.any(String) }]);
	expect(sent[0].sender).toBe(message.to);
	return { workflowId: id, url: url!, message, question: sent[0].content.text as string };
}

/** The review with links (the example's Approve and Decline): returns the question's links. */
async function customerAsksForRefund(reviewOptions?: Record<string, unknown>) {
	const { workflowId, message, question } = await customerWaitsForReview('customer-7', { options: reviewOptions });
	const [text, links] = question.split('\n\nSend it: ');
	expect(text).toBe(`Reply to customer-7?\n\nThey wrote: Where is my refund?\n\nOur reply: ${REPLY}`);
	const [approve, decline] = [/^(http\S+)$/m, /^Don't send: (http\S+)$/m].map((pattern) => pattern.exec(links)?.[1]);
	expect([approve, decline]).toEqual([expect.stringContaining('approved=true'), expect.stringContaining('approved=false')]);
	return { workflowId, approve: approve!, decline: decline!, messageId: message.messageId };
}

/** What the page's button sends (multipart/form-data). */
const press = async (url: string) => (await fetch(url, { method: 'POST', body: new FormData() })).status;

describe(`AI Agent human review with Infobip TikTok in n8n ${version}`, () => {
	it('n8n generates the review tool from our Send and Wait operation', async () => {
		const known = await n8n.nodeTypes();
		expect(known.get('n8n-nodes-infobip-tiktok.infobipTikTokHitlTool')).toEqual([1]);
	});

	it("approved: the agent's reply reaches the customer once, after the supervisor's approval", async () => {
		const { workflowId, approve, messageId } = await customerAsksForRefund();
		expect(await press(approve)).toBe(200);

		const execution = await latestExecution(workflowId, 'success');
		const sent = standIn.sentMessages();
		expect(sent).toHaveLength(2);
		expect(sent[1].destinations).toEqual([{ to: 'customer-7', messageId: expect.any(String) }]);
		expect(sent[1].content).toEqual({ type: 'TEXT', text: REPLY, replyToMessageId: messageId });
		const { output } = await n8n.executionOutput(execution.id);
		expect(output['AI Agent']).toEqual([{ output: expect.stringMatching(/^Done: .*"status":"PENDING"/) }]);

		// The used link answers nothing more.
		expect(await press(approve)).toBe(200);
		await sleep(500);
		expect(standIn.sentMessages()).toHaveLength(2);
		expect(await n8n.executions(workflowId)).toHaveLength(1);
	});

	it('declined: nothing reaches the customer and the agent is told the supervisor said no', async () => {
		const { workflowId, decline } = await customerAsksForRefund();
		expect(await press(decline)).toBe(200);

		const execution = await latestExecution(workflowId, 'success');
		expect(standIn.sentMessages()).toHaveLength(1);
		const { output } = await n8n.executionOutput(execution.id);
		expect(output['AI Agent']).toEqual([{ output: expect.stringMatching(/^Done: .*User rejected the tool call to Send Reply/) }]);
	});

	it('no answer within Limit Wait Time: the agent is told the call was rejected and nothing reaches the customer', async () => {
		const limit = { limitWaitTime: { values: { limitType: 'afterTimeInterval', resumeAmount: 2, resumeUnit: 'seconds' } } };
		const { workflowId, approve } = await customerAsksForRefund(limit);

		const execution = await latestExecution(workflowId, 'success');
		expect(standIn.sentMessages()).toHaveLength(1);
		const { output } = await n8n.executionOutput(execution.id);
		expect(output['AI Agent']).toEqual([{ output: expect.stringMatching(/^Done: .*User rejected the tool call to Send Reply/) }]);
		// The link of the question is spent: it answers nothing.
		expect(await press(approve)).toBe(200);
		await sleep(500);
		expect(standIn.sentMessages()).toHaveLength(1);
	});

	describe('Reply in Chat: the supervisor answers yes or no in TikTok', () => {
		const replyInChat = { responseType: 'replyInChat', chatReply: 'approval' };

		/** A customer writes; the review question (no link) goes to the supervisor and the execution waits. */
		async function customerWrites() {
			const { workflowId, url, message, question } = await customerWaitsForReview('customer-8', { parameters: replyInChat });
			expect(question).toBe(`Reply to customer-8?\n\nThey wrote: Where is my refund?\n\nOur reply: ${REPLY}`);
			const supervisorSays = async (text: string) => {
				const answer = standIn.inboundFrom('supervisor', message.to ?? BUSINESS, { type: 'TEXT', text });
				const posted = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body([answer]) });
				expect(posted.status).toBe(200);
			};
			return { workflowId, messageId: message.messageId, supervisorSays };
		}

		it('"yes": the agent\'s reply reaches the customer once; the same execution goes on, no new one starts', async () => {
			const { workflowId, messageId, supervisorSays } = await customerWrites();
			await supervisorSays('Yes');
			const execution = await latestExecution(workflowId, 'success');
			const sent = standIn.sentMessages();
			expect(sent).toHaveLength(2);
			expect(sent[1].destinations).toEqual([{ to: 'customer-8', messageId: expect.any(String) }]);
			expect(sent[1].content).toEqual({ type: 'TEXT', text: REPLY, replyToMessageId: messageId });
			const { output } = await n8n.executionOutput(execution.id);
			expect(output['AI Agent']).toEqual([{ output: expect.stringMatching(/^Done: .*"status":"PENDING"/) }]);
			await sleep(1000);
			expect(await n8n.executions(workflowId)).toHaveLength(1);
		});

		it('"no": nothing reaches the customer and the agent is told the supervisor declined', async () => {
			const { workflowId, supervisorSays } = await customerWrites();
			await supervisorSays('no');
			const execution = await latestExecution(workflowId, 'success');
			expect(standIn.sentMessages()).toHaveLength(1);
			const { output } = await n8n.executionOutput(execution.id);
			expect(output['AI Agent']).toEqual([{ output: expect.stringMatching(/^Done: .*User rejected the tool call to Send Reply/) }]);
			await sleep(1000);
			expect(await n8n.executions(workflowId)).toHaveLength(1);
		});
	});
});
