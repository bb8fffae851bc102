/**
 * End-to-end: this node as a tool of n8n's own AI Agent (3.1, what the editor adds) in a real n8n, with a scripted
 * stand-in OpenAI-compatible chat model (e2e/support/openai-standin.js). n8n runs each tool call the model asks for
 * as a run of the tool node of its own (an engine request), not through the tool sub-node path: every call must send
 * once, whether the model asks in turn or several calls in one answer, also behind the human-review tool, and an n8n
 * retry of a failed execution must not send again what already went out.
 */
import { sleep } from 'n8n-workflow';

import { body, inbound } from './support/infobip-bodies';
import { E2E_VERSION } from './support/n8n';
import { OpenAiStandIn } from './support/openai-standin';
import { n8nWithStandIn } from './support/setup';
import { agentReplyBot, supervisorReviewBot } from './support/workflows';

jest.setTimeout(180_000);

const version = E2E_VERSION;
const model = new OpenAiStandIn({});
const e2e = n8nWithStandIn('agent-tools');
const { standIn, n8n } = e2e;

let credentials: Record<string, { id: string; name: string }>;

beforeAll(async () => {
	const modelUrl = await model.start();
	const openAiApi = await n8n.createCredential('openAiApi', { apiKey: 'sk-stand-in', url: modelUrl });
	credentials = { infobipTikTokApi: e2e.credential, openAiApi };
}, 60_000);

afterAll(async () => await model.stop(), 60_000);

beforeEach(() => {
	model.requests.length = 0;
	model.turns = undefined;
	model.failures.clear();
});

const reply = (text: string) => ({ arguments: { reply: text } });

/** The newest execution of the workflow once it has the status (an error status ends the wait early). */
async function latestExecution(workflowId: string, status: string) {
	for (let waited = 0; waited < 90_000; waited += 250) {
		const [execution] = await n8n.executions(workflowId);
		if (execution?.status === status) return execution;
		if (execution?.status === 'error' || execution?.status === 'crashed') break;
		await sleep(250);
	}
	const [execution] = await n8n.executions(workflowId);
	throw new Error(`expected a ${status} execution, found ${execution?.status}`);
}

/** n8n's Retry (with the original workflow) of a failed execution; resolves once the retry has finished. */
async function retry(executionId: string) {
	const retried: { id: string; status: string } = await n8n.api('POST', `/executions/${executionId}/retry`, { loadWorkflow: false });
	expect(retried.id).not.toBe(executionId);
	if (retried.status !== 'success') {
		const { error } = await n8n.executionOutput(retried.id);
		throw new Error(`the retry ended ${retried.status}: ${error?.message}`);
	}
	return retried;
}

/** A customer writes to the workflow's trigger. Returns the inbound message. */
async function customerWrites(url: string, text = 'Where is my refund?') {
	const message = inbound(text, 'customer-7', {});
	message.receivedAt = new Date().toISOString().replace('Z', '+0000');
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body([message]) });
	expect(response.status).toBe(200);
	return message;
}

interface ToolOutput {
	skipped?: boolean;
	sendOnceKey?: string;
}

/** What each run of a tool node gave the agent (n8n logs a tool call's output under ai_tool). */
async function toolRuns(executionId: string, node: string) {
	const { data } = await n8n.execution(executionId);
	const runs: Array<{ data?: { ai_tool?: Array<Array<{ json: ToolOutput }>> } }> = data.resultData.runData[node] ?? [];
	return runs.map((run) => run.data?.ai_tool?.[0]?.[0]?.json as ToolOutput);
}

const sentTo = (user: string) =>
	standIn.sentMessages().filter((message) => message.destinations[0].to === user);

describe(`Infobip TikTok as a tool of n8n's AI Agent in n8n ${version}`, () => {
	it('two replies the model asks for in turn both go out, once each', async () => {
		model.turns = [{ calls: [reply('One moment, please.')] }, { calls: [reply('Your refund is on its way.')] }, { text: 'Answered.' }];
		const { id, url } = await n8n.createActiveWorkflow(agentReplyBot(credentials));
		const message = await customerWrites(url!);
		const execution = await latestExecution(id, 'success');

		expect(sentTo('customer-7').map((sent) => sent.content)).toEqual([
			{ type: 'TEXT', text: 'One moment, please.', replyToMessageId: message.messageId },
			{ type: 'TEXT', text: 'Your refund is on its way.', replyToMessageId: message.messageId },
		]);
		expect((await toolRuns(execution.id, 'Send Reply')).map((run) => run.skipped)).toEqual([false, false]);
		expect(model.requests).toHaveLength(3);
	});

	it('two replies in one answer of the model (parallel tool calls) both go out, once each', async () => {
		model.turns = [{ calls: [reply('First part.'), reply('Second part.')] }, { text: 'Answered.' }];
		const { id, url } = await n8n.createActiveWorkflow(agentReplyBot(credentials));
		await customerWrites(url!);
		const execution = await latestExecution(id, 'success');

		expect(sentTo('customer-7').map((sent) => sent.content.text).sort()).toEqual(['First part.', 'Second part.']);
		expect((await toolRuns(execution.id, 'Send Reply')).map((run) => run.skipped)).toEqual([false, false]);
	});

	it('an n8n retry after the model failed goes on from the replies already sent, without sending them again', async () => {
		model.turns = [{ calls: [reply('One moment, please.')] }, { calls: [reply('Your refund is on its way.')] }, { text: 'Answered.' }];
		model.failures.set(3, 400);
		const { id, url } = await n8n.createActiveWorkflow(agentReplyBot(credentials));
		await customerWrites(url!);
		const failed = await latestExecution(id, 'error');
		expect(sentTo('customer-7')).toHaveLength(2);

		await retry(failed.id);
		expect(sentTo('customer-7').map((sent) => sent.content.text)).toEqual(['One moment, please.', 'Your refund is on its way.']);
	});

	it('an n8n retry of a tool call that stopped the workflow does not send again what may have gone out', async () => {
		// A tool with a fixed text (n8n cannot retry a failed call of a tool that reads $fromAI: "No execution data
		// available"). Its second call meets an Infobip outage (503: the message may have gone out).
		const handOver = 'A colleague will answer you shortly.';
		model.turns = [{ calls: [{ arguments: {} }] }, { calls: [{ arguments: {} }] }, { text: 'Handed over.' }];
		const { id, url } = await n8n.createActiveWorkflow(
			agentReplyBot(credentials, { onError: 'stopWorkflow', parameters: { text: handOver } }),
		);
		let posts = 0;
		standIn.responders.push((request) =>
			request.path === '/tiktok/1/messages' && ++posts === 2
				? { status: 503, body: { errorCode: 'E503', description: 'Service unavailable' } }
				: undefined,
		);
		await customerWrites(url!);
		const failed = await latestExecution(id, 'error');
		expect(standIn.requestsTo('/tiktok/1/messages')).toHaveLength(2);

		const retried = await retry(failed.id);
		// The first call is not run again; the second runs again and its Send Once key holds it back.
		expect(standIn.requestsTo('/tiktok/1/messages')).toHaveLength(2);
		const runs = await toolRuns(retried.id, 'Send Reply');
		expect(runs.map((run) => run.skipped)).toEqual([false, true]);
		expect(runs[1].sendOnceKey).toMatch(/#call-2$/);
	});
});

describe(`Infobip TikTok's human-review tool in n8n ${version}`, () => {
	/** Waits for the next question to the supervisor, with the execution waiting, and presses its approve link. */
	async function approveNext(workflowId: string, questionsBefore: number) {
		for (let waited = 0; sentTo('supervisor').length <= questionsBefore && waited < 90_000; waited += 250) await sleep(250);
		await latestExecution(workflowId, 'waiting');
		const questions = sentTo('supervisor');
		expect(questions).toHaveLength(questionsBefore + 1);
		const text = questions[questionsBefore].content.text as string;
		const approve = /(http\S*approved=true\S*)/.exec(text)?.[1];
		expect(approve).toBeDefined();
		const response = await fetch(approve!, { method: 'POST', body: new FormData() });
		expect(response.status).toBe(200);
		return text;
	}

	it('two reviewed replies in one execution: both questions are asked, both approved replies go out', async () => {
		model.turns = [{ calls: [reply('One moment, please.')] }, { calls: [reply('Your refund is on its way.')] }, { text: 'Answered.' }];
		const { id, url } = await n8n.createActiveWorkflow(supervisorReviewBot(credentials));
		await customerWrites(url!);

		expect(await approveNext(id, 0)).toContain('Our reply: One moment, please.');
		expect(await approveNext(id, 1)).toContain('Our reply: Your refund is on its way.');
		await latestExecution(id, 'success');
		expect(sentTo('customer-7').map((sent) => sent.content.text)).toEqual(['One moment, please.', 'Your refund is on its way.']);
		expect(sentTo('supervisor')).toHaveLength(2);
	});
});
