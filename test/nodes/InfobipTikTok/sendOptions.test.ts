/**
 * Every send option of `POST /tiktok/1/messages` (issue 18): schedule, speed limit, priority, delivery time
 * window and delivery report switches, through n8n-core's real execution context against the stand-in
 * Infobip, which checks every send request against tiktok.json (and its prose rules: sendAt's format and
 * 180 days, an hour between from and to) and refuses a broken one with Infobip's 400.
 */
import { ExecuteContext } from 'n8n-core';
import type { IDataObject, INode, INodeExecutionData, INodeParameters, INodeProperties, IWorkflowExecuteAdditionalData } from 'n8n-workflow';
import { createRunExecutionData, NodeHelpers, Workflow } from 'n8n-workflow';
import { DateTime } from 'luxon';

import { InfobipTikTok } from '../../../nodes/InfobipTikTok/InfobipTikTok.node';
import { withStandIn } from '../../support/action';
import { sendRules } from '../../support/infobip-standin';
import { baseAdditionalData, nodeTypesOf, runNode, type RunOptions } from '../../support/n8n';
import { validateRequest } from '../../support/openapi';

const node = new InfobipTikTok();
const infobip = withStandIn('options-key');
const { standIn } = infobip;

let counter = 0;
const run = (parameters: INodeParameters, input: IDataObject[], options: RunOptions = {}) =>
	runNode(node, parameters, input, { credentials: infobip.credentials, nodeId: `options-${++counter}`, timezone: 'UTC', ...options });
const runCaught = (parameters: INodeParameters, input: IDataObject[], options: RunOptions = {}) =>
	run(parameters, input, options).then(
		() => {
			throw new Error('expected the node to fail');
		},
		(error: Error & { description?: string }) => error,
	);

const sendText = (options: INodeParameters = {}, extra: INodeParameters = {}): INodeParameters => ({
	resource: 'message',
	operation: 'sendText',
	text: '={{ $json.text }}',
	sendOncePerKey: false,
	options,
	...extra,
});
const item = (user: string, extra: IDataObject = {}): IDataObject => ({
	businessAccountId: 'biz',
	conversationId: user,
	text: `to ${user}`,
	...extra,
});
const sends = () => standIn.requestsTo('/tiktok/1/messages');
/** A time `hours` from now, as n8n's date picker writes it (no offset), in `zone`. */
const picked = (hours: number, zone: string) =>
	DateTime.now().setZone(zone).plus({ hours }).startOf('minute').toFormat("yyyy-MM-dd'T'HH:mm:ss");
const utcOf = (local: string, zone: string) => DateTime.fromISO(local, { zone }).toUTC();

afterEach(() => expect(standIn.invalidRequests().map((request) => request.problems)).toEqual([]));

describe('every option goes out where tiktok.json puts it', () => {
	it('Send At (read in the workflow time zone), Bulk ID, speed limit, priority, time window, report switches', async () => {
		const zone = 'America/New_York';
		const sendAt = picked(30, zone);
		const { output } = await run(
			sendText({
				sendAt,
				bulkId: 'reminders-1',
				sendingSpeedLimit: { values: { amount: 20, timeUnit: 'HOUR' } },
				priority: 'HIGH',
				deliveryTimeWindow: { values: { days: ['MONDAY', 'FRIDAY'], from: '08:00', to: '20:30' } },
				intermediateReport: true,
				deliveryReports: false,
			}),
			[item('a'), item('b')],
			{ timezone: zone },
		);
		expect(sends()).toHaveLength(1);
		const { body } = sends()[0];
		expect(body.options).toEqual({
			schedule: {
				bulkId: 'reminders-1',
				sendAt: utcOf(sendAt, zone).toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS") + '+0000',
				sendingSpeedLimit: { amount: 20, timeUnit: 'HOUR' },
			},
			priority: 'HIGH',
		});
		expect(body.messages[0].options).toEqual({
			deliveryTimeWindow: { days: ['MONDAY', 'FRIDAY'], from: { hour: 8, minute: 0 }, to: { hour: 20, minute: 30 } },
		});
		expect(body.messages[0].webhooks).toEqual({ delivery: { intermediateReport: true, notify: false } });
		expect(output.map((entry) => [entry.json.bulkId, entry.json.sendAt, entry.json.status, entry.json.skipped])).toEqual([
			['reminders-1', utcOf(sendAt, zone).toISO(), 'PENDING', false],
			['reminders-1', utcOf(sendAt, zone).toISO(), 'PENDING', false],
		]);
	});

	it('without these options nothing new goes out, and results say sendAt null', async () => {
		const { output } = await run(sendText(), [item('a')]);
		expect(sends()[0].body.options).toBeUndefined();
		expect(sends()[0].body.messages[0]).not.toHaveProperty('options');
		expect(sends()[0].body.messages[0]).not.toHaveProperty('webhooks');
		expect(output[0].json.sendAt).toBeNull();
		expect(output[0].json.bulkId).toEqual(expect.any(String));
	});

	it('a Send At with an offset keeps it; the Delivery Report URL and the switches share webhooks.delivery', async () => {
		const at = DateTime.now().plus({ days: 2 }).setZone('UTC+05:30').startOf('second');
		await run(
			sendText({ sendAt: at.toISO(), deliveryReportUrl: 'https://example.com/dlr', intermediateReport: true }),
			[item('a')],
			{ timezone: 'America/New_York' },
		);
		expect(sends()[0].body.options.schedule.sendAt).toBe(at.toUTC().toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS") + '+0000');
		expect(sends()[0].body.messages[0].webhooks.delivery).toEqual({ url: 'https://example.com/dlr', intermediateReport: true });
	});
});

describe('request-level options are never mixed in one request', () => {
	it('items with different Send At or Priority go out in separate requests; equal ones together, in item order', async () => {
		const early = picked(2, 'UTC');
		const late = picked(5, 'UTC');
		const input = [
			item('a', { at: early, priority: 'LOW' }),
			item('b', { at: late, priority: 'LOW' }),
			item('c', { at: early, priority: 'LOW' }),
			item('d', { at: early, priority: 'HIGH' }),
			item('e', { at: '', priority: '' }),
		];
		const { output } = await run(sendText({ sendAt: '={{ $json.at }}', priority: '={{ $json.priority }}' }), input);
		const requests = sends().map((request) => [
			request.body.options?.schedule?.sendAt ?? null,
			request.body.options?.priority ?? null,
			request.body.messages.map((message: IDataObject) => (message.destinations as IDataObject[])[0].to),
		]);
		const infobipAt = (local: string) => utcOf(local, 'UTC').toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS") + '+0000';
		expect(requests).toEqual(
			expect.arrayContaining([
				[infobipAt(early), 'LOW', ['a', 'c']],
				[infobipAt(late), 'LOW', ['b']],
				[infobipAt(early), 'HIGH', ['d']],
				[null, null, ['e']],
			]),
		);
		expect(requests).toHaveLength(4);
		expect(output.map((entry) => [entry.json.userId, entry.pairedItem])).toEqual(
			['a', 'b', 'c', 'd', 'e'].map((user, index) => [user, { item: index }]),
		);
		expect(output[0].json.bulkId).toBe(output[2].json.bulkId);
		expect(output[0].json.bulkId).not.toBe(output[1].json.bulkId);
	});

	it('a speed limit or a Bulk ID keeps its items in one request whatever the Batch Size; Send At alone is split by it', async () => {
		const input = ['a', 'b', 'c', 'd', 'e'].map((user) => item(user));
		await run(sendText({ batchSize: 2, sendingSpeedLimit: { values: { amount: 1, timeUnit: 'MINUTE' } } }), input);
		expect(sends().map((request) => request.body.messages.length)).toEqual([5]);
		standIn.reset();
		await run(sendText({ batchSize: 2, bulkId: 'one-bulk' }), input);
		expect(sends().map((request) => request.body.messages.length)).toEqual([5]);
		standIn.reset();
		await run(sendText({ batchSize: 2, sendAt: picked(3, 'UTC') }), input);
		expect(sends().map((request) => request.body.messages.length)).toEqual([2, 2, 1]);
	});

	it('message-level options (time window, report switches) do not split requests', async () => {
		const input = [item('a', { to: '18:00' }), item('b', { to: '19:00' })];
		await run(sendText({ deliveryTimeWindow: { values: { days: ['MONDAY'], from: '08:00', to: '={{ $json.to }}' } } }), input);
		expect(sends()).toHaveLength(1);
		expect(sends()[0].body.messages.map((message: IDataObject) => (message.options as IDataObject).deliveryTimeWindow)).toEqual([
			{ days: ['MONDAY'], from: { hour: 8, minute: 0 }, to: { hour: 18, minute: 0 } },
			{ days: ['MONDAY'], from: { hour: 8, minute: 0 }, to: { hour: 19, minute: 0 } },
		]);
	});
});

describe('checked per item before the network', () => {
	const past = DateTime.now().minus({ minutes: 5 }).toUTC().toISO();
	const tooFar = DateTime.now().plus({ days: 181 }).toUTC().toISO();
	const window = (from: string, to: string, days: unknown = ['MONDAY']) => ({ days, from, to });
	const cases: Array<[string, IDataObject, RegExp]> = [
		['Send At in the past', { sendAt: past }, /^Item 1: Send At is in the past: /],
		['Send At more than 180 days ahead', { sendAt: tooFar }, /^Item 1: Send At is more than 180 days ahead: .*Infobip schedules at most 180 days ahead$/],
		['Send At not a date', { sendAt: 'tomorrow-ish' }, /^Item 1: Send At is not a date: "tomorrow-ish"$/],
		['a window shorter than an hour', { window: window('08:00', '08:59') }, /^Item 1: Delivery Time Window is shorter than an hour \(08:00 to 08:59 UTC\)/],
		['a window across midnight shorter than an hour', { window: window('23:30', '00:15') }, /^Item 1: Delivery Time Window is shorter than an hour/],
		['a time that is no time', { window: window('25:00', '26:00') }, /^Item 1: Delivery Time Window > From \(UTC\) must be a time of day as HH:mm/],
		['only From', { window: window('08:00', '') }, /^Item 1: Delivery Time Window > To \(UTC\) is empty: set both From and To, or neither$/],
		['no day', { window: window('08:00', '12:00', []) }, /^Item 1: Delivery Time Window > Days is empty: pick at least one day$/],
		['a day that is no day', { window: window('08:00', '12:00', 'MONDAY, FUNDAY') }, /^Item 1: Delivery Time Window > Days has days that are not days of the week: FUNDAY$/],
		['a speed limit of 0', { amount: 0 }, /^Item 1: Sending Speed Limit > Messages must be a whole number of 1 or more \(got 0\)$/],
		['a speed limit of 1.5', { amount: 1.5 }, /^Item 1: Sending Speed Limit > Messages must be a whole number of 1 or more \(got 1.5\)$/],
		['a Bulk ID over 100 characters', { bulkId: 'b'.repeat(101) }, /^Item 1: Bulk ID is longer than 100 characters \(101\)$/],
		['an unknown priority', { priority: 'URGENT' }, /^Item 1: Priority must be HIGH, STANDARD or LOW \(got "URGENT"\)$/],
	];
	const options = {
		sendAt: '={{ $json.sendAt }}',
		bulkId: '={{ $json.bulkId }}',
		priority: '={{ $json.priority }}',
		sendingSpeedLimit: { values: { amount: '={{ $json.amount ?? 10 }}', timeUnit: 'MINUTE' } },
		deliveryTimeWindow: {
			values: { days: '={{ $json.window?.days ?? ["MONDAY"] }}', from: '={{ $json.window?.from ?? "" }}', to: '={{ $json.window?.to ?? "" }}' },
		},
	};

	it.each(cases)('%s: the item fails naming item and field; with Continue On Fail the good items go out', async (_name, bad, message) => {
		const { output } = await run(sendText(options), [item('good-0'), item('bad', bad), item('good-2')], { continueOnFail: true });
		expect(String(output[1].json.error)).toMatch(message);
		expect(output[1].pairedItem).toEqual({ item: 1 });
		expect(standIn.sentMessages().map((sent: { destinations: Array<{ to: string }> }) => sent.destinations[0].to)).toEqual(['good-0', 'good-2']);
		expect([output[0].json.skipped, output[2].json.skipped]).toEqual([false, false]);
	});

	it.each(cases.slice(0, 4))('%s: without Continue On Fail the node fails before any request', async (_name, bad, message) => {
		const error = await runCaught(sendText(options), [item('good-0'), item('bad', bad)]);
		expect(error.message).toMatch(message);
		expect(standIn.requests).toHaveLength(0);
	});

	it('a window of exactly an hour, and one across midnight, go out', async () => {
		await run(sendText(options), [item('a', { window: window('08:00', '09:00') }), item('b', { window: window('22:00', '06:00') })]);
		expect(standIn.sentMessages()).toHaveLength(2);
	});
});

describe('a Send At after the reply window closes follows Outside Reply Window', () => {
	// The user wrote 40 hours ago: the window closes in 8 hours.
	const receivedAt = DateTime.now().minus({ hours: 40 }).toUTC().toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS") + '+0000';
	const input = () => [item('late', { receivedAt, at: picked(10, 'UTC') }), item('early', { receivedAt, at: picked(2, 'UTC') })];
	const withAction = (outsideReplyWindow: string) => sendText({ sendAt: '={{ $json.at }}', outsideReplyWindow });

	it('Skip: the late item is not sent and says why, with its Send At; the early one is scheduled', async () => {
		const { output } = await run(withAction('skip'), input());
		expect(standIn.sentMessages().map((sent: { destinations: Array<{ to: string }> }) => sent.destinations[0].to)).toEqual(['early']);
		expect(output[0].json).toMatchObject({ skipped: true, messageId: null, sendAt: utcOf(input()[0].at as string, 'UTC').toISO() });
		expect(output[0].json.skipReason).toMatch(/reply window for this conversation closes at .*, before the message's Send At /);
	});

	it('Fail: the late item fails naming the window and Send At', async () => {
		const { output } = await run(withAction('fail'), input(), { continueOnFail: true });
		expect(String(output[0].json.error)).toMatch(/^Item 0: Not sent: TikTok's 48-hour reply window for this conversation closes at .* before the message's Send At/);
		expect(standIn.sentMessages()).toHaveLength(1);
	});

	it('Send Anyway: both are scheduled', async () => {
		await run(withAction('send'), input());
		expect(standIn.sentMessages()).toHaveLength(2);
	});
});

describe('results and Send Once', () => {
	it('a scheduled message counts as sent once Infobip accepted it: a rerun does not schedule it again', async () => {
		const parameters = sendText({ sendAt: picked(3, 'UTC') }, { sendOncePerKey: true });
		const input = [item('a', { event: 'message', messageId: 'inbound-1' })];
		const first = await run(parameters, input, { nodeId: 'scheduled-once' });
		expect(first.output[0].json).toMatchObject({ skipped: false, status: 'PENDING', sendAt: expect.any(String) });
		const second = await run(parameters, input, { nodeId: 'scheduled-once' });
		expect(second.output[0].json).toMatchObject({ skipped: true, sendOnceKey: 'inbound-1', sendAt: first.output[0].json.sendAt });
		expect(standIn.sentMessages()).toHaveLength(1);
	});

	it('a scheduled message that Infobip refuses in its 2xx answer fails the item, and its key is freed', async () => {
		standIn.responders.push((request) => {
			if (request.path !== '/tiktok/1/messages') return undefined;
			return {
				status: 200,
				body: {
					bulkId: 'b',
					messages: request.body.messages.map((message: { destinations: Array<{ to: string; messageId: string }> }) => ({
						messageId: message.destinations[0].messageId,
						destination: message.destinations[0].to,
						status: { groupId: 5, groupName: 'REJECTED', id: 12, name: 'REJECTED_NOT_ENOUGH_CREDITS', description: 'Not enough credits' },
					})),
				},
			};
		});
		const parameters = sendText({ sendAt: picked(3, 'UTC') }, { sendOncePerKey: true });
		const input = [item('a', { event: 'message', messageId: 'inbound-refused' })];
		const { output } = await run(parameters, input, { continueOnFail: true, nodeId: 'scheduled-refused' });
		expect(output[0].json).toMatchObject({ status: 'REJECTED', bulkId: 'b', sendAt: expect.any(String) });
		expect(String(output[0].json.error)).toMatch(/^Item 0: Infobip did not accept the message \(REJECTED/);
		standIn.responders.length = 0;
		const again = await run(parameters, input, { nodeId: 'scheduled-refused' });
		expect(again.output[0].json).toMatchObject({ skipped: false, status: 'PENDING' });
		expect(standIn.sentMessages()).toHaveLength(2);
	});
});

/** Send and Wait runs in an execution that can wait (it has an ID for the signed links), as in questions.test.ts. */
async function askAndWait(parameters: INodeParameters, input: IDataObject[]) {
	const askNode: INode = {
		id: `ask-${++counter}`,
		name: 'Ask',
		type: node.description.name,
		typeVersion: 1,
		position: [0, 0],
		parameters: { resource: 'message', operation: 'sendAndWait', sendOncePerKey: false, ...parameters },
		credentials: { infobipTikTokApi: { id: 'c', name: 'c' } },
	};
	const workflow = new Workflow({
		id: 'wf-options-ask',
		nodes: [askNode],
		connections: {},
		active: true,
		nodeTypes: nodeTypesOf({ [askNode.type]: node }),
		settings: { timezone: 'UTC' },
	});
	const additionalData = { ...baseAdditionalData(infobip.credentials), executionId: '42' } as unknown as IWorkflowExecuteAdditionalData;
	const items: INodeExecutionData[] = input.map((json, index) => ({ json, pairedItem: { item: index } }));
	const executeData = { node: askNode, data: { main: [items] }, source: { main: [{ previousNode: 'Input' }] } };
	const runData = createRunExecutionData();
	const context = new ExecuteContext(workflow, askNode, additionalData, 'webhook', runData, 0, items, { main: [items] }, executeData, []);
	return { output: ((await node.execute.call(context)) as INodeExecutionData[][])[0], waitTill: runData.waitTill };
}

describe('Send and Wait asks with the same options', () => {
	it('the question goes out scheduled, with its priority and time window', async () => {
		const sendAt = picked(4, 'UTC');
		const { output, waitTill } = await askAndWait(
			{
				message: 'Still interested?',
				options: { sendAt, priority: 'LOW', deliveryTimeWindow: { values: { days: ['SUNDAY'], from: '10:00', to: '12:00' } } },
			},
			[item('a')],
		);
		expect(waitTill).toBeDefined();
		expect(output[0].json).toMatchObject({ skipped: false, sendAt: utcOf(sendAt, 'UTC').toISO() });
		const { body } = sends()[0];
		expect(body.options).toEqual({ schedule: { sendAt: utcOf(sendAt, 'UTC').toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS") + '+0000' }, priority: 'LOW' });
		expect(body.messages[0].options.deliveryTimeWindow).toEqual({ days: ['SUNDAY'], from: { hour: 10, minute: 0 }, to: { hour: 12, minute: 0 } });
	});
});

describe('the stand-in refuses what Infobip documents as wrong (so the tests above prove valid requests)', () => {
	const message = { sender: 'biz', destinations: [{ to: 'u' }], content: { type: 'TEXT', text: 'hi' } };
	const refused = (body: IDataObject) => [...validateRequest('tiktok', { method: 'POST', path: '/tiktok/1/messages', query: {}, body }), ...sendRules(body)];
	const inDays = (days: number) => DateTime.now().plus({ days }).toUTC().toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS") + '+0000';

	it.each([
		['priority', { messages: [message], options: { priority: 'URGENT' } }, /priority: not one of/],
		['speed unit', { messages: [message], options: { schedule: { sendingSpeedLimit: { amount: 1, timeUnit: 'WEEK' } } } }, /timeUnit: not one of/],
		['speed amount', { messages: [message], options: { schedule: { sendingSpeedLimit: { amount: 1.5 } } } }, /amount: not an integer/],
		['sendAt format', { messages: [message], options: { schedule: { sendAt: new Date().toISOString() } } }, /sendAt: not yyyy-MM-dd/],
		['sendAt too far', { messages: [message], options: { schedule: { sendAt: inDays(181) } } }, /more than 180 days ahead/],
		['window day', { messages: [{ ...message, options: { deliveryTimeWindow: { days: ['FUNDAY'] } } }] }, /days\[0\]: not one of/],
		['window length', { messages: [{ ...message, options: { deliveryTimeWindow: { days: ['MONDAY'], from: { hour: 8, minute: 0 }, to: { hour: 8, minute: 30 } } } }] }, /at least 1 hour apart/],
		['window half', { messages: [{ ...message, options: { deliveryTimeWindow: { days: ['MONDAY'], from: { hour: 8, minute: 0 } } } }] }, /both be set/],
		['report flag', { messages: [{ ...message, webhooks: { delivery: { notify: 'no' } } }] }, /notify: not a boolean/],
	])('%s', (_name, body, problem) => {
		expect(refused(body as IDataObject).join('\n')).toMatch(problem);
	});

	it('and accepts every option as the node writes it', () => {
		const body = {
			messages: [{ ...message, options: { deliveryTimeWindow: { days: ['MONDAY'], from: { hour: 8, minute: 0 }, to: { hour: 9, minute: 0 } } }, webhooks: { delivery: { intermediateReport: true, notify: false } } }],
			options: { schedule: { bulkId: 'b', sendAt: inDays(179), sendingSpeedLimit: { amount: 5, timeUnit: 'DAY' } }, priority: 'LOW' },
		};
		expect(refused(body)).toEqual([]);
	});
});

describe('Send and Wait: a question scheduled after the wait ends could never be answered', () => {
	it('fails the item naming Send At and the end of the wait, before any request', async () => {
		const error = await askAndWait(
			{
				message: 'Still interested?',
				options: {
					sendAt: picked(3, 'UTC'),
					limitWaitTime: { values: { limitType: 'afterTimeInterval', resumeAmount: 1, resumeUnit: 'hours' } },
				},
			},
			[item('a')],
		).then(
			() => new Error('expected the node to fail'),
			(failure: Error) => failure,
		);
		expect(error.message).toMatch(/^Item 0: Send At is not before the end of the wait \(Limit Wait Time: .*\): the workflow would stop waiting before the question goes out$/);
		expect(standIn.requests).toHaveLength(0);
	});

	it('a question scheduled inside the wait goes out', async () => {
		const { output } = await askAndWait(
			{
				message: 'Still interested?',
				options: {
					sendAt: picked(3, 'UTC'),
					limitWaitTime: { values: { limitType: 'afterTimeInterval', resumeAmount: 5, resumeUnit: 'hours' } },
				},
			},
			[item('a')],
		);
		expect(output[0].json.skipped).toBe(false);
	});
});

describe('the editor offers the options where they apply', () => {
	const { description } = node;
	const offered = (operation: string) => {
		const values = NodeHelpers.getNodeParameters(description.properties, { resource: 'message', operation }, true, false, { typeVersion: 1 }, description)!;
		const options = description.properties.filter((property) => property.name === 'options' && NodeHelpers.displayParameter(values, property, { typeVersion: 1 }, description));
		return options.flatMap((property) => (property.options as INodeProperties[]).filter((option) => NodeHelpers.displayParameter({}, option, { typeVersion: 1 }, description, values)).map((option) => option.name));
	};
	const NEW = ['bulkId', 'deliveryReports', 'deliveryTimeWindow', 'intermediateReport', 'priority', 'sendAt', 'sendingSpeedLimit'];

	it.each(['sendText', 'sendImage', 'sendSharePost', 'sendAndWait'])('%s: every send option', (operation) => {
		expect(offered(operation)).toEqual(expect.arrayContaining(NEW));
	});

	it.each(['sendTypingIndicator', 'markAsRead'])('%s: none (events take no such options)', (operation) => {
		expect(offered(operation).filter((name) => NEW.includes(name))).toEqual([]);
	});
});
