/**
 * End-to-end: Send and Wait for Response inside n8n's own Loop Over Items (SplitInBatches) in a real n8n
 * (N8N_E2E_VERSION): one execution asks two questions in turn; each link answers only its own question.
 */
import { sleep } from 'n8n-workflow';
import crypto from 'crypto';

import { body, inbound } from './support/infobip-bodies';
import { E2E_VERSION } from './support/n8n';
import { n8nWithStandIn } from './support/setup';
import { actionNode, link, triggerNode } from './support/workflows';

jest.setTimeout(240_000);

const e2e = n8nWithStandIn('sendwait-loop');
const { standIn, n8n } = e2e;

/** Trigger -> Loop Over Items (1 a round) -> Ask -> back to the loop; the loop's "done" -> Sink. */
async function loopWorkflow() {
	const trigger = triggerNode({});
	const loop = {
		id: crypto.randomUUID(),
		name: 'Loop Over Items',
		type: 'n8n-nodes-base.splitInBatches',
		typeVersion: 3,
		position: [250, 0],
		parameters: { batchSize: 1, options: {} },
	};
	const ask = actionNode(
		'Ask',
		{
			resource: 'message',
			operation: 'sendAndWait',
			message: '=Question for {{ $json.text }}?',
			sendOncePerKey: false,
			approvalOptions: { values: { approvalType: 'double', approveLabel: 'Yes', disapproveLabel: 'No' } },
		},
		e2e.credential,
		[500, 0],
	);
	const sink = { id: crypto.randomUUID(), name: 'Sink', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [500, 200], parameters: {} };
	return await n8n.createActiveWorkflow({
		name: `Loop ${Math.random().toString(36).slice(2, 8)}`,
		nodes: [trigger, loop, ask, sink],
		connections: {
			[trigger.name]: link(loop.name),
			[loop.name]: { main: [[{ node: sink.name, type: 'main', index: 0 }], [{ node: ask.name, type: 'main', index: 0 }]] },
			[ask.name]: link(loop.name),
		},
		settings: { executionOrder: 'v1' },
	});
}

async function executionWithStatus(workflowId: string, status: string, timeoutMs = 60_000) {
	const started = Date.now();
	for (;;) {
		const [execution] = await n8n.executions(workflowId);
		if (execution?.status === status) return execution;
		if (Date.now() - started > timeoutMs) throw new Error(`No ${status} execution of ${workflowId}; last: ${execution?.status}`);
		await sleep(200);
	}
}

const linksOf = (text: string) => Object.fromEntries([...text.matchAll(/^(.+?): (http\S+)$/gm)].map((match) => [match[1], match[2]]));
const get = async (url: string) => {
	const response = await fetch(url);
	return { status: response.status, type: response.headers.get('content-type') ?? '', html: await response.text() };
};
const post = async (url: string, form: Record<string, string>) => {
	const data = new FormData();
	for (const [name, value] of Object.entries(form)) data.append(name, value);
	const response = await fetch(url, { method: 'POST', body: data });
	return { status: response.status, type: response.headers.get('content-type') ?? '', html: await response.text() };
};

describe(`Send and Wait in Loop Over Items, n8n ${E2E_VERSION}`, () => {
	it('two questions in one execution: the first link does not answer the second, each answer reaches its own question', async () => {
		const { id, url } = await loopWorkflow();
		const messages = [inbound('parcel', 'ann', {}), inbound('refund', 'bob', {})];
		for (const message of messages) message.receivedAt = new Date().toISOString().replace('Z', '+0000');
		const started = await fetch(url!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(messages) });
		expect(started.status).toBe(200);
		const { id: executionId } = await executionWithStatus(id, 'waiting');
		const [first] = standIn.sentMessages();
		expect(first.destinations).toEqual([{ to: 'ann', messageId: expect.any(String) }]);
		expect(first.content.text).toMatch(/^Question for parcel\?/);
		const firstLinks = linksOf(first.content.text);

		// The page shows the question; answering it makes the loop ask the second question, which Infobip
		// takes 4 s to accept: meanwhile the execution runs and n8n refuses its links (409) before our node is asked.
		expect((await get(firstLinks.Yes)).html).toContain('<p>Question for parcel?</p>');
		standIn.latencyMs = 4_000;
		try {
			expect((await post(firstLinks.Yes, { confirm: 'approve' })).html).toMatch(/answer was recorded/);
			const deadline = Date.now() + 30_000;
			while (standIn.sentMessages().length < 2 && Date.now() < deadline) await sleep(50);
			const early = await get(linksOf(standIn.sentMessages()[1].content.text).No);
			// n8n's readable page (it answers 200 with it), not its raw JSON 409; nothing is recorded.
			expect(early.type).toMatch(/text\/html/);
			expect(early.html).toMatch(/Problem loading form[\s\S]*is running already/);
			expect(() => JSON.parse(early.html)).toThrow();
		} finally {
			standIn.latencyMs = 0;
		}
		await executionWithStatus(id, 'waiting');
		const second = standIn.sentMessages()[1];
		expect(second.destinations).toEqual([{ to: 'bob', messageId: expect.any(String) }]);
		expect(second.content.text).toMatch(/^Question for refund\?/);
		const secondLinks = linksOf(second.content.text);
		expect(secondLinks.No).not.toBe(firstLinks.No);

		// The first question's links answer nothing now, and their page says so.
		const stale = await post(firstLinks.No, { confirm: 'decline' });
		expect(stale.status).toBe(200);
		expect(stale.html).toMatch(/earlier question/);
		expect((await get(firstLinks.Yes)).html).toMatch(/earlier question/);
		await sleep(500);
		const [still] = await n8n.executions(id);
		expect([still.id, still.status]).toEqual([executionId, 'waiting']);

		expect((await get(secondLinks.No)).html).toContain('<p>Question for refund?</p>');
		expect((await post(secondLinks.No, { confirm: 'decline' })).html).toMatch(/answer was recorded/);
		const done = await executionWithStatus(id, 'success');
		expect(done.id).toBe(executionId);
		const { output } = await n8n.executionOutput(executionId);
		expect(output.Sink).toEqual([
			{ data: { approved: true, respondedAt: expect.any(String) } },
			{ data: { approved: false, respondedAt: expect.any(String) } },
		]);
		expect(standIn.sentMessages()).toHaveLength(2);
	});
});
