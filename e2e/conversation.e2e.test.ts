/**
 * End-to-end: Send and Wait for Response with Reply in Chat in a real n8n (N8N_E2E_VERSION, default 2.41.1).
 * Trigger -> Ask (Reply in Chat) -> Thanks (Send Text). The user's next message, posted to the trigger the way
 * Infobip does, resumes the waiting execution once; see docs/chat-conversations.md.
 */
import { sleep } from 'n8n-workflow';

import { BUSINESS, body } from './support/infobip-bodies';
import { E2E_VERSION } from './support/n8n';
import { n8nWithStandIn } from './support/setup';
import leadQualification from '../examples/tiktok-lead-qualification.json';
import { until as waitUntil } from './support/until';
import { replyInChatWorkflow, withCredentials } from './support/workflows';

jest.setTimeout(180_000);

const e2e = n8nWithStandIn('conversation');
const { standIn, n8n } = e2e;

/** Trigger -> Ask ("What is your name?", Reply in Chat) -> Thanks ("Thanks, <answer>"), active. */
async function conversationWorkflow(
	triggerParameters: Record<string, unknown>,
	askOptions: Record<string, unknown> = {},
	loop = false,
	askParameters: Record<string, unknown> = {},
) {
	return await n8n.createActiveWorkflow(
		replyInChatWorkflow(e2e.credential, {
			trigger: triggerParameters,
			ask: { options: askOptions, ...askParameters },
			loop,
		}),
	);
}

async function post(url: string, results: unknown[]) {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: body(results),
	});
	expect(response.status).toBe(200);
}

const texts = () => standIn.sentMessages().map((message) => message.content.text as string);
const statuses = async (workflowId: string) =>
	(await n8n.executions(workflowId)).map((execution: { status: string }) => execution.status);

const toUser = (user: string) =>
	standIn
		.sentMessages()
		.filter((message) => message.destinations[0].to === user)
		.map((message) => message.content.text as string);

/** The Ask node's output of each of `count` finished executions. */
async function askOutputs(workflowId: string, count: number) {
	const done = await n8n.waitForExecutions(workflowId, count, {
		timeoutMs: 60_000,
		settleMs: 1000,
	});
	return await Promise.all(
		done.map(
			async (execution: { id: string }) => (await n8n.executionOutput(execution.id)).output.Ask[0],
		),
	);
}

/** Starts a conversation: the user's first message; returns once the question went out and the execution waits. */
async function open(url: string, workflowId: string, user: string) {
	const waiting = async () =>
		(await statuses(workflowId)).filter((status) => status === 'waiting').length;
	const before = await waiting();
	await post(url, [standIn.inboundFrom(user, BUSINESS, { type: 'TEXT', text: 'hi' })]);
	await waitUntil('the waiting execution', async () =>
		(await waiting()) > before ? true : undefined,
	);
	const [question] = standIn
		.sentMessages()
		.filter((message) => message.destinations[0].to === user);
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
				data: {
					text: 'Ann',
					type: 'TEXT',
					messageId: answer.messageId,
					mediaUrl: null,
					receivedAt: answer.receivedAt,
				},
			}),
		]);
		expect(texts()).toEqual(['What is your name?', 'Thanks, Ann']);
		expect(await n8n.executions(id)).toHaveLength(1);

		// Infobip delivers the answer again: nothing resumes, nothing starts (the trigger's redelivery window).
		await post(url!, [answer]);
		await sleep(1500);
		expect(await n8n.executions(id)).toHaveLength(1);
		// The user writes again: the wait is gone (answered), so the message starts a normal execution.
		await post(url!, [
			standIn.inboundFrom('ann', BUSINESS, { type: 'TEXT', text: 'one more thing' }),
		]);
		await waitUntil('a second execution', async () =>
			(await statuses(id)).length === 2 ? true : undefined,
		);
		await waitUntil('the new question', async () => (texts().length === 3 ? true : undefined));
		expect(texts()[2]).toBe('What is your name?');
	});

	it('an answer that arrives before the execution waits (its question still on the way to Infobip) resumes it once', async () => {
		const { id, url } = await conversationWorkflow({});
		// Infobip takes the question but answers late: the node has not returned, so n8n does not wait yet.
		const release = standIn.hold(
			'/tiktok/1/messages',
			(request) => request.body.messages[0].content.text === 'What is your name?',
		);
		await post(url!, [standIn.inboundFrom('lia', BUSINESS, { type: 'TEXT', text: 'hi' })]);
		await waitUntil('the question on its way', async () =>
			texts().length === 1 ? true : undefined,
		);
		// The user answers at once (paired with the question): the trigger's resume call meets a running
		// execution (n8n answers 409) and has to try again.
		const answer = standIn.inboundFrom('lia', BUSINESS, { type: 'TEXT', text: 'Lia' });
		expect(answer.callbackData).toMatch(/^n8n-wait:/);
		await post(url!, [answer]);
		await sleep(700);
		expect(await statuses(id)).not.toContain('waiting');
		release();
		await waitUntil('the thanks', async () => (texts().includes('Thanks, Lia') ? true : undefined));
		const [done] = await n8n.waitForExecutions(id, 1, { timeoutMs: 60_000, settleMs: 1000 });
		expect(done.status).toBe('success');
		expect(texts()).toEqual(['What is your name?', 'Thanks, Lia']);
		expect(await n8n.executions(id)).toHaveLength(1);
	});

	it('with Include Contact, an unpaired answer finds its wait on the People contact; a redelivery in another process is recognised there', async () => {
		standIn.pairing = false;
		const { id, url } = await conversationWorkflow({
			includeContact: true,
			ignoreRedeliveries: false,
		});
		for (const user of ['bob', 'cy']) standIn.addPerson(user, BUSINESS);
		await open(url!, id, 'bob');
		await open(url!, id, 'cy');
		const record = JSON.parse(standIn.persons.bob.customAttributes.n8nConversationWait);
		expect(record).toEqual({
			state: 'waiting',
			waitId: expect.any(String),
			url: expect.stringMatching(/\/webhook-waiting\//),
			answeredBy: expect.any(String),
		});

		// Both users answer at the same moment, without pairing: each resumes their own execution.
		const bob = standIn.inboundFrom('bob', BUSINESS, { type: 'TEXT', text: 'Bob' });
		const cy = standIn.inboundFrom('cy', BUSINESS, { type: 'TEXT', text: 'Cy' });
		expect(bob.callbackData).toBeUndefined();
		await Promise.all([post(url!, [bob]), post(url!, [cy])]);
		const done = await n8n.waitForExecutions(id, 2, { timeoutMs: 60_000, settleMs: 500 });
		await waitUntil('both thanks', async () =>
			texts().filter((text) => text.startsWith('Thanks')).length === 2 ? true : undefined,
		);
		expect(done.map((execution: { status: string }) => execution.status)).toEqual([
			'success',
			'success',
		]);
		const thanks = standIn
			.sentMessages()
			.filter((message) => message.content.text.startsWith('Thanks'));
		expect(
			thanks.map((message) => [message.destinations[0].to, message.content.text]).sort(),
		).toEqual([
			['bob', 'Thanks, Bob'],
			['cy', 'Thanks, Cy'],
		]);
		expect(JSON.parse(standIn.persons.bob.customAttributes.n8nConversationWait)).toEqual({
			state: 'answered',
			waitId: record.waitId,
			answeredBy: bob.messageId,
		});

		// A redelivery (this trigger keeps no window here, as another webhook process would not): dropped.
		await post(url!, [bob]);
		await sleep(1500);
		expect(await n8n.executions(id)).toHaveLength(2);
		expect(texts().filter((text) => text.startsWith('Thanks'))).toHaveLength(2);
		// A new message from Bob: the wait is answered, so it starts a normal execution.
		await post(url!, [standIn.inboundFrom('bob', BUSINESS, { type: 'TEXT', text: 'hello again' })]);
		await waitUntil('a third execution', async () =>
			(await statuses(id)).length === 3 ? true : undefined,
		);
		expect(standIn.invalidPeopleRequests()).toEqual([]);
	});

	it('an event whose callback data names an address outside this n8n calls nothing and starts a normal execution', async () => {
		const { id, url } = await conversationWorkflow({});
		// Anyone who knows an unauthenticated trigger's URL can post this: the trigger must not POST to that address.
		const forged = `${standIn.baseUrl}/forged-wait?signature=x`;
		await post(url!, [
			standIn.inboundFrom(
				'mallory',
				BUSINESS,
				{ type: 'TEXT', text: 'hi' },
				{
					callbackData: `n8n-wait:${JSON.stringify({ waitId: 'w-1', url: forged })}`,
				},
			),
		]);
		await waitUntil('the normal execution', async () =>
			(await statuses(id)).includes('waiting') ? true : undefined,
		);
		expect(standIn.requestsTo('/forged-wait')).toHaveLength(0);
		const toMallory = standIn
			.sentMessages()
			.filter((message) => message.destinations[0].to === 'mallory');
		expect(toMallory.map((message) => message.content.text)).toEqual(['What is your name?']);
	});

	it('a wait that timed out is gone: the next message starts a normal execution', async () => {
		const { id, url } = await conversationWorkflow(
			{},
			{
				limitWaitTime: {
					values: { limitType: 'afterTimeInterval', resumeAmount: 2, resumeUnit: 'seconds' },
				},
			},
		);
		const question = await open(url!, id, 'dee');
		const [timedOut] = await n8n.waitForExecutions(id, 1, { timeoutMs: 90_000, settleMs: 500 });
		const { output } = await n8n.executionOutput(timedOut.id);
		expect(output.Ask).toEqual([
			{
				data: { timedOut: true },
				waitId: expect.any(String),
				userId: 'dee',
				businessAccountId: BUSINESS,
				conversationId: 'dee',
			},
		]);
		// Paired with the question (Infobip pairs with the last message: here the timed-out branch's text).
		const late = {
			...standIn.inboundFrom('dee', BUSINESS, { type: 'TEXT', text: 'Dee' }),
			callbackData: question.webhooks.callbackData,
		};
		await post(url!, [late]);
		await waitUntil('a second execution', async () =>
			(await statuses(id)).length === 2 ? true : undefined,
		);
		const [second] = await n8n.executions(id);
		await waitUntil('the second execution waiting', async () =>
			(await n8n.executions(id))[0].status === 'waiting' ? true : undefined,
		);
		expect(second.id).not.toBe(timedOut.id);
	});

	it('the same node asking again: an answer to its earlier question (redelivered, paired with it) does not answer the new one', async () => {
		const { id, url } = await conversationWorkflow({ ignoreRedeliveries: false }, {}, true);
		const first = await open(url!, id, 'eve');
		const answer = standIn.inboundFrom('eve', BUSINESS, { type: 'TEXT', text: 'Eve' });
		await post(url!, [answer]);
		await waitUntil('the second question', async () => (texts().length === 3 ? true : undefined));
		expect(texts()).toEqual(['What is your name?', 'Thanks, Eve', 'What is your name?']);
		const second = standIn.sentMessages()[2];
		expect(second.webhooks.callbackData).not.toBe(first.webhooks.callbackData);
		await waitUntil('the execution waiting again', async () =>
			(await statuses(id))[0] === 'waiting' ? true : undefined,
		);
		const [waiting] = await n8n.executions(id);

		// The earlier answer again: its wait (same node, same execution) is over; it starts a normal execution.
		await post(url!, [answer]);
		await waitUntil('a second execution', async () =>
			(await statuses(id)).length === 2 ? true : undefined,
		);
		await sleep(1500);
		expect(texts().filter((text) => text.startsWith('Thanks'))).toEqual(['Thanks, Eve']);
		const executions = await n8n.executions(id);
		expect(
			executions.find((execution: { id: string }) => execution.id === waiting.id)?.status,
		).toBe('waiting');

		// The real answer to the second question resumes the first execution.
		await post(url!, [
			standIn.inboundFrom(
				'eve',
				BUSINESS,
				{ type: 'TEXT', text: 'Eve again' },
				{ callbackData: second.webhooks.callbackData },
			),
		]);
		await waitUntil('the second thanks', async () =>
			texts().includes('Thanks, Eve again') ? true : undefined,
		);
	});

	it('approval by reply: yes and no words (any case and accents), a re-ask for anything else, at most Max Re-Asks times', async () => {
		const { id, url } = await conversationWorkflow({}, {}, false, {
			chatReply: 'approval',
			yesWords: 'yes, si',
			noWords: 'no',
			reaskMessage: 'Yes or no?',
			maxReasks: 1,
		});
		await open(url!, id, 'fay');
		await open(url!, id, 'gus');
		const reply = async (user: string, text: string) =>
			post(url!, [standIn.inboundFrom(user, BUSINESS, { type: 'TEXT', text })]);

		await reply('fay', 'maybe');
		await waitUntil('the re-ask', async () => (toUser('fay').length === 2 ? true : undefined));
		expect(toUser('fay')).toEqual(['What is your name?', 'Yes or no?']);
		expect(
			standIn.sentMessages().find((message) => message.content.text === 'Yes or no?').webhooks
				.callbackData,
		).toMatch(/"reasks":1/);
		await reply('fay', 'Sí!');
		await waitUntil("fay's thanks", async () => (toUser('fay').length === 3 ? true : undefined));

		await reply('gus', 'maybe');
		await waitUntil('the re-ask', async () => (toUser('gus').length === 2 ? true : undefined));
		await reply('gus', 'dunno');
		await waitUntil("gus's thanks", async () => (toUser('gus').length === 3 ? true : undefined));

		const outputs = await askOutputs(id, 2);
		expect(
			outputs.map((output) => [output.userId, output.data.text, output.data.approved]).sort(),
		).toEqual([
			['fay', 'Sí!', true],
			['gus', 'dunno', null],
		]);
		expect(await n8n.executions(id)).toHaveLength(2);
	});

	/** Replies that are not text, as Infobip delivers them (tiktok.json: TikTokInbound*Content). */
	const notText = (question: { destinations: Array<{ messageId: string }> }) => ({
		image: { type: 'IMAGE', mediaUrl: `${e2e.baseUrl}/cdn/photo.png` },
		reaction: {
			type: 'REACTION',
			action: 'ADDED',
			reactionType: 'EMOJI',
			emoji: '👍',
			context: { id: question.destinations[0].messageId },
		},
		sharedPost: {
			type: 'SHARE_POST',
			embedUrl: 'https://www.tiktok.com/embed/v2/7300000000000000001',
		},
	});

	it('Accept Text Only: an image, a reaction or a shared post is answered with the re-ask message (at most Max Re-Asks times); text resumes', async () => {
		const { id, url } = await conversationWorkflow({}, {}, false, {
			acceptReply: 'text',
			reaskMessage: 'Please type it.',
			maxReasks: 1,
		});
		const replies = notText(await open(url!, id, 'ivy'));
		await open(url!, id, 'jon');
		await open(url!, id, 'kay');
		const reply = async (user: string, message: Record<string, unknown>, count: number) => {
			await post(url!, [standIn.inboundFrom(user, BUSINESS, message)]);
			await waitUntil(`message ${count} to ${user}`, async () =>
				toUser(user).length === count ? true : undefined,
			);
		};
		await Promise.all([
			reply('ivy', replies.image, 2),
			reply('jon', replies.reaction, 2),
			reply('kay', replies.sharedPost, 2),
		]);
		for (const user of ['ivy', 'jon', 'kay'])
			expect(toUser(user)).toEqual(['What is your name?', 'Please type it.']);
		await reply('ivy', { type: 'TEXT', text: 'Ivy' }, 3);
		await reply('kay', { type: 'TEXT', text: 'Kay' }, 3);
		// Max Re-Asks 1: the second reply that is not text is the answer.
		await reply('jon', replies.sharedPost, 3);

		const outputs = await askOutputs(id, 3);
		expect(
			outputs
				.map((output) => [output.userId, output.data.type, output.data.text, output.postUrl])
				.sort(),
		).toEqual([
			['ivy', 'TEXT', 'Ivy', null],
			['jon', 'SHARE_POST', null, replies.sharedPost.embedUrl],
			['kay', 'TEXT', 'Kay', null],
		]);
		expect(toUser('ivy')).toEqual(['What is your name?', 'Please type it.', 'Thanks, Ivy']);
		expect(await n8n.executions(id)).toHaveLength(3);
	});

	it('Accept Any Message (the default): an image, a reaction or a shared post is the answer, with its type and fields', async () => {
		const { id, url } = await conversationWorkflow({});
		const replies = notText(await open(url!, id, 'lou'));
		await open(url!, id, 'max');
		await open(url!, id, 'ned');
		await post(url!, [standIn.inboundFrom('lou', BUSINESS, replies.image)]);
		await post(url!, [standIn.inboundFrom('max', BUSINESS, replies.reaction)]);
		await post(url!, [standIn.inboundFrom('ned', BUSINESS, replies.sharedPost)]);
		const byUser = Object.fromEntries(
			(await askOutputs(id, 3)).map((output) => [output.userId, output]),
		);
		expect(byUser.lou.data).toMatchObject({
			type: 'IMAGE',
			text: null,
			mediaUrl: replies.image.mediaUrl,
		});
		expect(byUser.max).toMatchObject({
			data: { type: 'REACTION', text: null, mediaUrl: null },
			reactionAction: 'ADDED',
			reactionType: 'EMOJI',
			emoji: '👍',
			inReplyToMessageId: replies.reaction.context.id,
		});
		expect(byUser.ned).toMatchObject({
			data: { type: 'SHARE_POST', text: null },
			postUrl: replies.sharedPost.embedUrl,
		});
		// Each answer went on to Thanks once (an empty answer: no text).
		for (const user of ['lou', 'max', 'ned'])
			expect(toUser(user)).toEqual(['What is your name?', 'Thanks, ']);
	});

	it('the lead-qualification example: name, e-mail and interest asked in the chat, saved on the contact, one execution', async () => {
		standIn.pairing = false;
		standIn.addPerson('hal', BUSINESS);
		const { id, url } = await n8n.createActiveWorkflow(
			withCredentials(leadQualification, { infobipTikTokApi: e2e.credential }),
		);
		const toHal = () =>
			standIn
				.sentMessages()
				.filter((message) => message.destinations[0].to === 'hal')
				.map((message) => message.content.text);
		const say = async (text: string, count: number) => {
			await post(url!, [standIn.inboundFrom('hal', BUSINESS, { type: 'TEXT', text })]);
			await waitUntil(`message ${count} to hal`, async () =>
				toHal().length === count ? true : undefined,
			);
		};
		await say('hi', 1);
		await say('Hal', 2);
		await say(' hal@example.com ', 3);
		await say('2', 4);
		expect(toHal()).toEqual([
			"Hi! I'm the shop assistant. What is your name?",
			'Nice to meet you, Hal! What is your e-mail address?',
			'What interests you most? Reply 1 for shoes, 2 for bags, 3 for watches.',
			'Thank you, Hal! Our team will write to hal@example.com.',
		]);
		const person = standIn.persons.hal;
		expect([person.firstName, person.contactInformation.email, person.tags]).toEqual([
			'Hal',
			[{ address: 'hal@example.com' }],
			['interest-bags'],
		]);
		const [execution] = await n8n.waitForExecutions(id, 1, { timeoutMs: 60_000, settleMs: 1000 });
		expect(execution.status).toBe('success');
		expect(standIn.invalidPeopleRequests()).toEqual([]);
	});
});
