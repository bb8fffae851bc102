/**
 * Send and Wait, Reply in Chat, asking: the node runs in n8n-core's real ExecuteContext against the stand-in
 * Infobip, which keeps People contacts and custom attribute definitions and can be made to refuse writes.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { WAIT_ATTRIBUTE } from '../../../../nodes/infobip/conversationWait';
import { InfobipTikTok } from '../../../../nodes/InfobipTikTok/InfobipTikTok.node';
import { triggerItems, until, withStandIn } from '../../../support/action';
import { runNode, type RunOptions } from '../../../support/n8n';

const nodeType = new InfobipTikTok();
const infobip = withStandIn('reply-in-chat-key');
const { standIn } = infobip;

const askParameters = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'message',
	operation: 'sendAndWait',
	responseType: 'replyInChat',
	message: 'What is your name?',
	sendOncePerKey: false,
	...extra,
});

const ask = (input: IDataObject[], extra: INodeParameters = {}, options: RunOptions = {}) =>
	runNode(nodeType, askParameters(extra), input, {
		credentials: infobip.credentials,
		executionId: '7',
		mode: 'webhook',
		...options,
	});

/** Trigger items from user-0... to one business account, each with a People contact. */
function conversations(count: number): IDataObject[] {
	const items = triggerItems(count);
	for (const item of items) standIn.addPerson(String(item.userId), String(item.businessAccountId));
	return items;
}

const recordOf = (user: unknown) => standIn.persons[String(user)].customAttributes[WAIT_ATTRIBUTE] as string | undefined;
const askedUsers = () => standIn.sentMessages().map((message: IDataObject) => (message.destinations as IDataObject[])[0].to);

/** People refuses writes to this user's contact (a credential without people:manage gets the same). */
function refuseWritesTo(user: unknown) {
	standIn.responders.push((request) =>
		request.path === '/people/2/persons' && request.method === 'PATCH' && request.query.identifier === user
			? { status: 403, body: { requestError: { serviceException: { messageId: 'FORBIDDEN', text: 'Forbidden' } } } }
			: undefined,
	);
}

describe('Reply in Chat: a People write that fails', () => {
	beforeEach(() => {
		standIn.attributeDefinitions[WAIT_ATTRIBUTE] = 'STRING';
	});

	it('with Continue On Fail fails only its item: the others are asked and the execution waits', async () => {
		const items = conversations(3);
		refuseWritesTo(items[1].userId);

		const run = await ask(items, {}, { continueOnFail: true });

		expect(run.output).toHaveLength(3);
		expect(run.output[1]).toEqual({
			json: {
				error: expect.stringMatching(
					/^Item 1: could not record the question on the People contact of TikTok user "user-1": .*403/,
				),
			},
			pairedItem: { item: 1 },
		});
		for (const index of [0, 2]) {
			expect(run.output[index].json).toMatchObject({ skipped: false, userId: `user-${index}` });
			expect(run.output[index].json.error).toBeUndefined();
		}
		expect(askedUsers()).toEqual(['user-0', 'user-2']);
		expect(recordOf('user-0')).toContain('"state":"waiting"');
		expect(recordOf('user-1')).toBeUndefined();
		expect(run.waitTill).toBeInstanceOf(Date);
		// A timeout passes the waiting input on: the failed item stays an error item, the others time out.
		expect(run.waitingInput[1].json).toEqual({ error: run.output[1].json.error, waitId: expect.any(String) });
		expect(run.waitingInput[0].json).toMatchObject({ data: { timedOut: true }, userId: 'user-0' });
		expect(run.waitingInput[2].json).toMatchObject({ data: { timedOut: true }, userId: 'user-2' });
	});

	it('with Continue On Fail, a bad item among them fails alone too, before any request for it', async () => {
		const items = conversations(2);
		const run = await ask(items, { message: '={{ $json.userId === "user-0" ? "" : "Your name?" }}' }, { continueOnFail: true });
		expect(run.output[0].json).toEqual({ error: 'Item 0: Message is empty' });
		expect(askedUsers()).toEqual(['user-1']);
		expect(standIn.requests.filter((request) => request.query.identifier === 'user-0')).toEqual([]);
		expect(run.waitTill).toBeInstanceOf(Date);
	});

	it('with Continue On Fail, an item whose send options fail their check is neither recorded nor asked', async () => {
		const items = conversations(2);
		const sendAt = '={{ $json.userId === "user-0" ? "2020-01-01T00:00:00Z" : "" }}';
		const run = await ask(items, { options: { sendAt } }, { continueOnFail: true });
		expect(run.output[0].json.error).toMatch(/^Item 0: Send At .*past/);
		expect(askedUsers()).toEqual(['user-1']);
		// Its user's next message must not resume this execution: no wait on the contact.
		expect(recordOf('user-0')).toBeUndefined();
		expect(recordOf('user-1')).toContain('"state":"waiting"');
		expect(run.waitingInput[0].json).toEqual({ error: run.output[0].json.error, waitId: expect.any(String) });
	});

	it('a scheduled question (Send At) records when it goes out, so earlier messages answer nothing', async () => {
		const sendAt = new Date(Date.now() + 3_600_000).toISOString();
		const run = await ask(conversations(1), { options: { sendAt } });
		expect(run.output[0].json).toMatchObject({ skipped: false, sendAt });
		expect(JSON.parse(recordOf('user-0') as string)).toMatchObject({ state: 'waiting', askAt: sendAt });
	});

	it('when every item fails, nothing waits and the error items are the output', async () => {
		const items = conversations(2);
		for (const item of items) refuseWritesTo(item.userId);
		const run = await ask(items, {}, { continueOnFail: true });
		expect(run.output.map((item) => item.json.error)).toEqual([
			expect.stringMatching(/^Item 0: could not record/),
			expect.stringMatching(/^Item 1: could not record/),
		]);
		expect(askedUsers()).toEqual([]);
		expect(run.waitTill).toBeUndefined();
	});

	it('without Continue On Fail fails the node, naming the item, before any question goes out', async () => {
		const items = conversations(3);
		refuseWritesTo(items[1].userId);
		await expect(ask(items)).rejects.toThrow(
			/^Item 1: could not record the question on the People contact of TikTok user "user-1"/,
		);
		expect(askedUsers()).toEqual([]);
	});
});

describe('Reply in Chat: the first questions of an account define the attribute at the same time', () => {
	const ATTRIBUTE_PATH = `/people/2/customAttributes/${WAIT_ATTRIBUTE}`;
	const lookups = () => standIn.requestsTo(ATTRIBUTE_PATH);
	/** Two executions, one question each, to two users: both must be asked and recorded. */
	async function askBoth(items: IDataObject[]) {
		const runs = await Promise.all(items.map((item) => ask([item])));
		for (const [index, run] of runs.entries()) {
			expect(run.output[0].json).toMatchObject({ skipped: false, userId: `user-${index}` });
			expect(recordOf(`user-${index}`)).toContain('"state":"waiting"');
		}
		expect(askedUsers().sort()).toEqual(['user-0', 'user-1']);
		expect(standIn.attributeDefinitions).toEqual({ [WAIT_ATTRIBUTE]: 'STRING' });
	}

	it('one defines it between the other\'s refused write and its lookup: the other writes again', async () => {
		const items = conversations(2);
		// The second lookup is answered only once the first execution has defined the attribute.
		let seen = 0;
		const release = standIn.hold(ATTRIBUTE_PATH, () => ++seen === 2);
		const asking = askBoth(items);
		await until(() => WAIT_ATTRIBUTE in standIn.attributeDefinitions && lookups().length === 2);
		release();
		await asking;
		expect(standIn.requestsTo('/people/2/customAttributes')).toHaveLength(1);
	});

	it('both look it up before either defines it: the refused definition is looked up again, then written', async () => {
		const items = conversations(2);
		const release = standIn.hold(ATTRIBUTE_PATH);
		const asking = askBoth(items);
		await until(() => lookups().length === 2);
		release();
		await asking;
		expect(standIn.requestsTo('/people/2/customAttributes')).toHaveLength(2);
	});
});
