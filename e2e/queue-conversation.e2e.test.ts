/**
 * Queue mode with two workers: Reply in Chat. A worker asks; the answer reaches the trigger on webhook process B, which resumes the
 * execution through n8n's public address (WEBHOOK_URL, here a small proxy in front of webhook process A, as a load
 * balancer would be); a redelivery to webhook process A resumes nothing and starts nothing.
 */
import { sleep } from 'n8n-workflow';

import { InfobipStandIn } from '../test/support/infobip-standin';
import { BUSINESS, body } from './support/infobip-bodies';
import { report } from './support/load';
import { E2E_VERSION } from './support/n8n';
import { QueueStack } from './support/queue';
import { until } from './support/until';
import { replyInChatWorkflow } from './support/workflows';

jest.setTimeout(240_000);

let stack: QueueStack;
const standIn = new InfobipStandIn({ apiKey: 'queue-api-key' });
let workflowId: string;
const triggerUrl = new Map<unknown, string>();

beforeAll(async () => {
	const baseUrl = await standIn.start();
	stack = new QueueStack({ name: 'queue-conversation', version: E2E_VERSION, workers: 2, publicProxy: true });
	await stack.start();
	const credential = await stack.main!.createCredential('infobipTikTokApi', { apiKey: 'queue-api-key', baseUrl });
	const { id, urlA, urlB } = await stack.activate(
		replyInChatWorkflow(credential, { trigger: { includeContact: true, ignoreRedeliveries: false }, name: 'Queue Reply in Chat' }),
	);
	workflowId = id;
	triggerUrl.set(stack.webhookA, urlA).set(stack.webhookB, urlB);
}, 300_000);

afterAll(async () => {
	await stack?.stop();
	await standIn.stop();
}, 120_000);

async function postTo(server: unknown, result: unknown) {
	const response = await fetch(triggerUrl.get(server)!, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: body([result]),
	});
	expect(response.status).toBe(200);
}

/** How often the workers started an execution (each start is one run: the question, then the answer). */
function workerRuns(executionId: string) {
	const line = new RegExp(`Worker started execution ${executionId} \\(job`, 'g');
	return stack.workers!.reduce((runs, worker) => runs + (worker.log().match(line) ?? []).length, 0);
}

it('a question asked by a worker, answered through webhook process B without pairing, resumes once; a redelivery to A is dropped', async () => {
	standIn.pairing = false;
	standIn.addPerson('quinn', BUSINESS);
	await postTo(stack.webhookA!, standIn.inboundFrom('quinn', BUSINESS, { type: 'TEXT', text: 'hi' }));
	const waiting = await until('the waiting execution', async () => {
		const [execution] = await stack.main!.executions(workflowId);
		return execution?.status === 'waiting' ? execution : undefined;
	});
	expect(standIn.sentMessages().map((message) => message.content.text)).toEqual(['What is your name?']);

	const answer = standIn.inboundFrom('quinn', BUSINESS, { type: 'TEXT', text: 'Quinn' });
	await postTo(stack.webhookB!, answer);
	await until('the thanks', async () => (standIn.sentMessages().length === 2 ? true : undefined));
	expect(standIn.sentMessages()[1].content.text).toBe('Thanks, Quinn');
	const finished = await until('the finished execution', async () => {
		const [execution] = await stack.main!.executions(workflowId);
		return execution?.status === 'success' ? execution : undefined;
	});
	expect(finished.id).toBe(waiting.id);
	// Workers ran the execution twice (question and answer), the main and webhook processes never.
	expect(workerRuns(waiting.id)).toBe(2);

	await postTo(stack.webhookA!, answer);
	await sleep(2000);
	expect(await stack.main!.executions(workflowId)).toHaveLength(1);
	expect(standIn.sentMessages()).toHaveLength(2);
});

it('four conversations at once over two workers: each unpaired answer through webhook process B resumes its own execution once', async () => {
	standIn.reset();
	standIn.pairing = false;
	const users = ['uma', 'vic', 'wes', 'xia'];
	const before = (await stack.main!.executions(workflowId)).length;
	for (const user of users) standIn.addPerson(user, BUSINESS);
	await Promise.all(users.map((user, i) => postTo(i % 2 ? stack.webhookB! : stack.webhookA!, standIn.inboundFrom(user, BUSINESS, { type: 'TEXT', text: 'hi' }))));
	const waiting = await until('four waiting executions', async () => {
		const executions = (await stack.main!.executions(workflowId)).slice(0, users.length);
		return executions.length === users.length && executions.every((execution: { status: string }) => execution.status === 'waiting') ? executions : undefined;
	});
	await Promise.all(users.map((user) => postTo(stack.webhookB!, standIn.inboundFrom(user, BUSINESS, { type: 'TEXT', text: user.toUpperCase() }))));
	const thanks = () => standIn.sentMessages().filter((message) => message.content.text.startsWith('Thanks'));
	await until('four thanks', async () => (thanks().length === users.length ? true : undefined));
	await until('four finished executions', async () => {
		const executions = (await stack.main!.executions(workflowId)).slice(0, users.length);
		return executions.every((execution: { status: string }) => execution.status === 'success') ? true : undefined;
	});
	await sleep(2000);
	expect(thanks().map((message) => [message.destinations[0].to, message.content.text]).sort()).toEqual(users.map((user) => [user, `Thanks, ${user.toUpperCase()}`]));
	expect(await stack.main!.executions(workflowId)).toHaveLength(before + users.length);
	for (const execution of waiting) expect(workerRuns(execution.id)).toBe(2);
	// Which worker asked or resumed what is Bull's choice (whichever worker is free): printed, not asserted.
	const ran = stack.workers!.map((worker) => waiting.filter((execution: { id: string }) => worker.log().includes(`Worker started execution ${execution.id} (job`)).length);
	report(`Reply in Chat, two workers: executions run (question or answer) by worker 1: ${ran[0]}, worker 2: ${ran[1]} of ${users.length}`);
});
