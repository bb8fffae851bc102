/**
 * What sending promises (issue 8): a message goes out once, never twice, and is never reported as sent when
 * Infobip refused it. The node runs in n8n-core's real execution context against the stand-in Infobip.
 */
import type { IDataObject, INodeParameters, INodeProperties } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { messageFields } from '../../../nodes/InfobipTikTok/descriptions/MessageDescription';
import { InfobipTikTok } from '../../../nodes/InfobipTikTok/InfobipTikTok.node';
import { flattenMessage } from '../../../nodes/infobip/flatten';
import { surelyNotSent } from '../../../nodes/infobip/transport';
import type { InboundMessageResult } from '../../../nodes/infobip/types';
import { messages } from '../../fixtures/webhooks';
import { sendText, triggerItems, withStandIn } from '../../support/action';
import { InfobipStandIn, sendResponse } from '../../support/infobip-standin';
import { runNode, type RunOptions } from '../../support/n8n';
import { validateAgainst } from '../../support/openapi';

const node = new InfobipTikTok();
const infobip = withStandIn('send-key');
const { standIn } = infobip;

let nodeCounter = 0;
const run = (parameters: INodeParameters, input: IDataObject[], options: RunOptions = {}) =>
	runNode(node, parameters, input, { credentials: infobip.credentials, nodeId: `sending-${++nodeCounter}`, ...options });
const runCaught = (parameters: INodeParameters, input: IDataObject[], options: RunOptions = {}) =>
	run(parameters, input, options).then(
		() => {
			throw new Error('expected the node to fail');
		},
		(error: Error & { httpCode?: string; description?: string }) => error,
	);

const sentIds = () => standIn.sentMessages().map((message) => message.destinations[0].messageId as string);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Answers sends like Infobip, with the status of a message chosen by its text. */
const answerWithStatus = (statusFor: (text: string) => IDataObject | undefined, reverse = false) =>
	standIn.responders.push((request) => {
		if (request.path !== '/tiktok/1/messages') return undefined;
		const body = sendResponse(request.body.messages);
		body.messages.forEach((answer: IDataObject, position: number) => {
			const status = statusFor(request.body.messages[position].content.text);
			if (status) answer.status = status;
		});
		if (reverse) body.messages.reverse();
		return { status: 200, body };
	});

const REJECTED = {
	groupId: 5,
	groupName: 'REJECTED',
	id: 51,
	name: 'REJECTED_DESTINATION_NOT_REGISTERED',
	description: 'Destination not registered',
	action: 'Check the recipient',
};

describe('an ambiguous failure never causes a second message', () => {
	it('a 5xx answer to a send is not retried: the item fails saying the outcome is unknown, naming its message ID and Message Log', async () => {
		standIn.failNext('/tiktok/1/messages', { status: 503, headers: { 'retry-after': '0' }, body: { errorCode: 'E503', description: 'Unavailable' } }, 5);
		const error = await runCaught(sendText(), triggerItems(1, 'amb'));
		expect(standIn.requestsTo('/tiktok/1/messages')).toHaveLength(1);
		const [messageId] = sentIds();
		expect(messageId).toMatch(UUID);
		expect(error.message).toBe(
			`Item 0: outcome unknown, the message with message ID "${messageId}" may or may not have gone out (Infobip answered 503: Unavailable). Look it up with Message Log > Get Many, filter Message ID "${messageId}", before sending it again.`,
		);
		expect(error.description).toContain('Send Once key stays recorded');
	});

	it('with Continue On Fail every item of the batch says so, and their keys stay recorded: a rerun sends nothing', async () => {
		const nodeId = 'amb-keys';
		standIn.failNext('/tiktok/1/messages', { status: 500, body: { errorCode: 'E500', description: 'Boom' } });
		const first = await run(sendText(), triggerItems(2, 'amb2'), { nodeId, continueOnFail: true });
		const ids = sentIds();
		expect(first.output.map((item) => [item.json.outcomeUnknown, item.json.messageId])).toEqual([
			[true, ids[0]],
			[true, ids[1]],
		]);
		expect(first.output[1].json.error).toContain(`Message ID "${ids[1]}"`);
		const again = await run(sendText(), triggerItems(2, 'amb2'), { nodeId, continueOnFail: true });
		expect(again.output.map((item) => item.json.skipped)).toEqual([true, true]);
		expect(standIn.requestsTo('/tiktok/1/messages')).toHaveLength(1);
	});

	it('a connection cut after the request left is not retried either', async () => {
		standIn.failNext('/tiktok/1/messages', { status: 200, drop: true });
		const error = await runCaught(sendText(), triggerItems(1, 'cut'));
		expect(standIn.requestsTo('/tiktok/1/messages')).toHaveLength(1);
		expect(error.message).toMatch(/^Item 0: outcome unknown, the message with message ID "[0-9a-f-]{36}" may or may not have gone out \(the connection to Infobip at .* broke after the request was sent\)\. Look it up with Message Log/);
	});

	it('events and conversions are not retried after a 5xx either', async () => {
		standIn.failNext('/tiktok/1/events', { status: 502, headers: { 'retry-after': '0' }, body: { errorCode: 'E502', description: 'Bad gateway' } }, 5);
		const event = await runCaught({ resource: 'message', operation: 'sendTypingIndicator' }, triggerItems(1, 'ev'));
		expect(event.message).toContain('outcome unknown, the event with message ID');
		expect(standIn.requestsTo('/tiktok/1/events')).toHaveLength(1);

		standIn.failNext('/saas/tiktok-ads/1/conversions', { status: 500, headers: { 'retry-after': '0' }, body: { errorCode: 'E500', description: 'Boom' } }, 5);
		const conversion = await runCaught({ resource: 'conversion', operation: 'report', event: 'SubmitForm' }, triggerItems(1, 'cv'));
		expect(conversion.message).toContain('outcome unknown, the SubmitForm conversion of user "user-0" may or may not have gone out');
		expect(standIn.requestsTo('/saas/tiktok-ads/1/conversions')).toHaveLength(1);
	});

	it('a refused connection is retried (nothing reached Infobip), and the send then goes out once', async () => {
		const probe = new InfobipStandIn();
		const port = Number(new URL(await probe.start()).port);
		await probe.stop();
		// Nothing listens on the port at first; Infobip "comes back" before the first retry (after 500 ms).
		const later = new InfobipStandIn({ apiKey: 'send-key' });
		const comesBack = sleep(150).then(async () => await later.start(port));
		try {
			const refusedUrl = `http://127.0.0.1:${port}`;
			const [{ output }] = await Promise.all([
				run(sendText(), triggerItems(1, 'refused'), { credentials: { infobipTikTokApi: { apiKey: 'send-key', baseUrl: refusedUrl } } }),
				comesBack,
			]);
			expect(output[0].json).toMatchObject({ status: 'PENDING', skipped: false });
			expect(later.requestsTo('/tiktok/1/messages')).toHaveLength(1);
		} finally {
			await later.stop();
		}
	});

	it('tells connection failures before sending (refused, DNS) from those after', () => {
		const wrapped = (code: string) => ({ message: 'x', cause: Object.assign(new Error(code), { code }) });
		expect(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED'].filter((code) => surelyNotSent(wrapped(code)))).toEqual([
			'ECONNREFUSED',
			'ENOTFOUND',
			'EAI_AGAIN',
		]);
		expect(surelyNotSent(new Error('socket hang up'))).toBe(false);
	});

	it('a definite failure (4xx) frees the key, so a rerun sends the message', async () => {
		const nodeId = 'definite';
		standIn.failNext('/tiktok/1/messages', { status: 403, body: { errorCode: 'E403', description: 'Forbidden' } });
		await runCaught(sendText(), triggerItems(1, 'def'), { nodeId });
		const { output } = await run(sendText(), triggerItems(1, 'def'), { nodeId });
		expect(output[0].json.skipped).toBe(false);
		expect(standIn.requestsTo('/tiktok/1/messages')).toHaveLength(2);
	});
});

describe('every outbound message carries a message ID the node chose', () => {
	it('a fresh UUID per message, in the output even when the answer lacks it; the Custom Message ID wins', async () => {
		standIn.failNext('/tiktok/1/messages', { status: 200, body: { messages: [{ status: { groupName: 'PENDING' } }, { status: { groupName: 'PENDING' } }] } });
		const { output } = await run(sendText(), triggerItems(2, 'ids'));
		const ids = sentIds();
		expect(ids.every((id) => UUID.test(id))).toBe(true);
		expect(new Set(ids).size).toBe(2);
		expect(output.map((item) => item.json.messageId)).toEqual(ids);

		standIn.reset();
		const custom = await run(sendText({ options: { messageId: '={{ "order-" + $json.messageId }}' } }), triggerItems(1, 'own'));
		expect(sentIds()).toEqual(['order-own-0']);
		expect(custom.output[0].json.messageId).toBe('order-own-0');
	});
});

describe('a message Infobip rejects is not "sent"', () => {
	it('fails only that item (matched by message ID, whatever the answer order), names the status, and frees its key', async () => {
		const nodeId = 'rejected';
		answerWithStatus((text) => (text === 'message 1' ? REJECTED : undefined), true);
		const { output } = await run(sendText(), triggerItems(3, 'rej'), { nodeId, continueOnFail: true });
		expect(output.map((item) => item.json.error ?? item.json.status)).toEqual([
			'PENDING',
			'Item 1: Infobip did not accept the message (REJECTED REJECTED_DESTINATION_NOT_REGISTERED): Destination not registered',
			'PENDING',
		]);
		expect(output.map((item) => item.json.userId)).toEqual(['user-0', 'user-1', 'user-2']);
		expect(output[1].json).toMatchObject({ statusName: 'REJECTED_DESTINATION_NOT_REGISTERED', statusAction: 'Check the recipient' });

		standIn.reset();
		const again = await run(sendText(), triggerItems(3, 'rej'), { nodeId, continueOnFail: true });
		expect(again.output.map((item) => item.json.skipped)).toEqual([true, false, true]);
		expect(standIn.sentMessages().map((message) => message.content.text)).toEqual(['message 1']);
	});

	it('without Continue On Fail the node fails after the others went out; UNDELIVERABLE counts too', async () => {
		const nodeId = 'undeliverable';
		answerWithStatus((text) =>
			text === 'message 0' ? { groupId: 2, groupName: 'UNDELIVERABLE', id: 9, name: 'UNDELIVERABLE_NOT_DELIVERED', description: 'Not delivered' } : undefined,
		);
		const error = await runCaught(sendText({ options: { batchSize: 1, parallelRequests: 1 } }), triggerItems(3, 'und'), { nodeId });
		expect(error.message).toBe('Item 0: Infobip did not accept the message (UNDELIVERABLE UNDELIVERABLE_NOT_DELIVERED): Not delivered');
		standIn.reset();
		const { output } = await run(sendText(), triggerItems(3, 'und'), { nodeId });
		expect(output.map((item) => item.json.skipped)).toEqual([false, false, false]);
	});
});

describe('send results', () => {
	it('keep every status field and the details, named as in delivery items, plus the conversation', async () => {
		standIn.responders.push((request) => {
			if (request.path !== '/tiktok/1/messages') return undefined;
			const body = sendResponse(request.body.messages);
			body.messages[0].status.action = 'None';
			body.messages[0].details = { segments: 1 };
			return { status: 200, body };
		});
		const { output } = await run(sendText(), triggerItems(1, 'fields'));
		expect(output[0].json).toEqual({
			messageId: sentIds()[0],
			bulkId: expect.any(String),
			sendAt: null,
			userId: 'user-0',
			businessAccountId: '-000pcMJDSDHK-UvK012b10KKXmCvWmVF8o',
			conversationId: 'user-0',
			inboundMessageId: 'fields-0',
			status: 'PENDING',
			statusId: 26,
			statusGroupId: 1,
			statusName: 'PENDING_ACCEPTED',
			statusDescription: 'Message sent to next instance',
			statusAction: 'None',
			details: { segments: 1 },
			skipped: false,
		});
	});
});

describe('every documented limit is checked per item before the network', () => {
	it.each([
		['campaignReferenceId', 'Campaign Reference ID', 255],
		['entityId', 'Entity ID', 255],
		['applicationId', 'Application ID', 255],
		['messageId', 'Custom Message ID', 200],
		['callbackData', 'Callback Data', 4000],
	])('%s (%s): up to %i characters go out, one more fails the item', async (option, field, max) => {
		const ok = await run(sendText({ options: { [option]: 'x'.repeat(max) } }), triggerItems(1, `max-${option}`));
		expect(ok.output[0].json.skipped).toBe(false);
		expect(validateAgainst('TikTokRequest', standIn.requestsTo('/tiktok/1/messages')[0].body)).toEqual([]);
		standIn.reset();
		const error = await runCaught(sendText({ options: { [option]: 'x'.repeat(max + 1) } }), triggerItems(1, `over-${option}`));
		expect(error.message).toBe(`Item 0: ${field} is longer than ${max.toLocaleString('en-US')} characters (${max + 1})`);
		expect(standIn.requests).toHaveLength(0);
	});

	it('values go out exactly as typed: callback data is not trimmed', async () => {
		await run(sendText({ options: { callbackData: '  {"order": 1}\n', campaignReferenceId: ' spring ' } }), triggerItems(1, 'verbatim'));
		const [message] = standIn.sentMessages();
		expect(message.webhooks.callbackData).toBe('  {"order": 1}\n');
		expect(message.options.campaignReferenceId).toBe(' spring ');
	});

	it('one bad item never fails a batch of 100 (Continue On Fail)', async () => {
		const items = triggerItems(100, 'hundred');
		items[42] = { ...items[42], ref: 'y'.repeat(201) };
		const { output } = await run(sendText({ options: { messageId: '={{ $json.ref ?? "" }}' } }), items, { continueOnFail: true });
		expect(standIn.requestsTo('/tiktok/1/messages')).toHaveLength(1);
		expect(standIn.sentMessages()).toHaveLength(99);
		expect(output).toHaveLength(100);
		expect(output[42].json.error).toBe('Item 42: Custom Message ID is longer than 200 characters (201)');
		expect(output.filter((item) => item.json.status === 'PENDING')).toHaveLength(99);
	});

	it.each(['bulkId', 'messageId'])('Message Log filter %s: up to 2,048 characters', async (filter) => {
		const items = [{ value: 'a'.repeat(2048) }, { value: 'b'.repeat(2049) }];
		const { output } = await run(
			{ resource: 'messageLog', operation: 'getAll', filters: { [filter]: '={{ $json.value }}' } },
			items,
			{ continueOnFail: true },
		);
		expect(standIn.requestsTo('/tiktok/1/logs')).toHaveLength(1);
		expect(output.map((item) => item.json.error)).toEqual([
			`Item 1: ${filter === 'bulkId' ? 'Bulk ID' : 'Message ID'} is longer than 2,048 characters (2049)`,
		]);
	});
});

describe('Validity Period above 48 hours', () => {
	it('is sent as 48 hours, as Infobip would cap it, and the option says so', async () => {
		await run(sendText({ options: { validityPeriod: 72, validityPeriodUnit: 'HOURS' } }), triggerItems(1, 'valid'));
		expect(standIn.sentMessages()[0].options.validityPeriod).toEqual({ amount: 48, timeUnit: 'HOURS' });
		const options = messageFields.filter((field) => field.name === 'options').flatMap((field) => field.options as INodeProperties[]);
		const option = options.find((entry) => entry.name === 'validityPeriod');
		expect(option?.description).toMatch(/longer periods are sent as 48 hours/i);
	});
});

describe('test runs never swallow production replies', () => {
	it('a key recorded by a manual run does not stop the published workflow from answering', async () => {
		const nodeId = 'manual-then-production';
		const [item] = triggerItems(1, 'pinned');
		await run(sendText(), [item], { nodeId, mode: 'manual' });
		const production = await run(sendText(), [item], { nodeId, mode: 'webhook' });
		expect(production.output[0].json.skipped).toBe(false);
		const redelivered = await run(sendText(), [item], { nodeId, mode: 'webhook' });
		expect(redelivered.output[0].json.skipped).toBe(true);
		expect(standIn.sentMessages()).toHaveLength(2);
	});

	it('a manual run that skips items says so in an execution hint, not only in the JSON', async () => {
		const nodeId = 'manual-hint';
		await run(sendText(), triggerItems(2, 'hint'), { nodeId });
		const { context, output } = await run(sendText(), triggerItems(2, 'hint'), { nodeId });
		expect(output.map((item) => item.json.skipped)).toEqual([true, true]);
		expect(context.hints).toEqual([
			{
				message: expect.stringMatching(/^2 items were not sent: an earlier test run of this node .* already sent their Send Once key/),
				type: 'warning',
				location: 'outputPane',
			},
		]);
	});
});

describe('Conversion > Report: once per conversation', () => {
	const report = { resource: 'conversion', operation: 'report', event: 'SubmitForm' };
	const adConversation = () =>
		[
			{ ...messages.referralAd, messageId: 'in-ad' },
			{ ...messages.textWithAdReferral, messageId: 'in-text' },
		].map((result) => flattenMessage(result as unknown as InboundMessageResult));

	it('a standalone REFERRAL_AD message and the same referral nested on the next message report once', async () => {
		const nodeId = 'conversation-once';
		const [referralAd, nested] = adConversation();
		await run(report, [referralAd], { nodeId, mode: 'webhook' });
		const { output } = await run(report, [nested], { nodeId, mode: 'webhook' });
		expect(output[0].json).toMatchObject({ skipped: true, reported: false });
		expect(standIn.requestsTo('/saas/tiktok-ads/1/conversions')).toHaveLength(1);

		const other = await run({ ...report, event: 'CompletePayment' }, [nested], { nodeId, mode: 'webhook' });
		expect(other.output[0].json.skipped).toBe(false);
	});

	it('a custom key still wins', async () => {
		const nodeId = 'conversation-custom';
		const parameters = { ...report, sendOnceKey: '={{ $json.messageId }}' };
		for (const item of adConversation()) await run(parameters, [item], { nodeId, mode: 'webhook' });
		expect(standIn.requestsTo('/saas/tiktok-ads/1/conversions')).toHaveLength(2);
	});
});

describe('chaining Infobip TikTok nodes keeps the conversation', () => {
	it('Trigger -> Send Typing Indicator -> Send Text works with the default expressions, and Send Once still knows the inbound message', async () => {
		const typing = await run({ resource: 'message', operation: 'sendTypingIndicator' }, triggerItems(2, 'chain'));
		const next = typing.output.map((item) => ({ ...item.json, text: 'Thanks!' }));
		const nodeId = 'chain-reply';
		const reply = await run(sendText(), next, { nodeId, mode: 'webhook' });
		expect(standIn.sentMessages().map((message) => [message.sender, message.destinations[0].to])).toEqual([
			['-000pcMJDSDHK-UvK012b10KKXmCvWmVF8o', 'user-0'],
			['-000pcMJDSDHK-UvK012b10KKXmCvWmVF8o', 'user-1'],
		]);
		expect(reply.output.map((item) => item.json.inboundMessageId)).toEqual(['chain-0', 'chain-1']);
		const again = await run(sendText(), triggerItems(2, 'chain'), { nodeId, mode: 'webhook' });
		expect(again.output.map((item) => item.json.skipped)).toEqual([true, true]);
	});

	it('an empty Business Account ID or Recipient says how to read it from the trigger', async () => {
		const agentOutput = [{ output: 'Hello from the agent' }];
		const error = await runCaught(sendText({ text: '={{ $json.output }}' }), agentOutput);
		expect(error.message).toBe(
			"Item 0: Business Account ID is empty. After a node that replaces the item (such as an AI Agent), read it from the trigger: {{ $('Infobip TikTok Trigger').item.json.businessAccountId }}",
		);
		const { output } = await run(sendText({ text: '={{ $json.output }}', businessAccountId: 'biz' }), agentOutput, { continueOnFail: true });
		expect(output[0].json.error).toContain("{{ $('Infobip TikTok Trigger').item.json.conversationId }}");
	});
});

describe('Message Log date filters are read in the workflow time zone', () => {
	const readLogs = (filters: INodeParameters, timezone: string) =>
		run({ resource: 'messageLog', operation: 'getAll', filters }, [{}], { timezone });

	it('a date without offset is in the workflow zone; one with an offset keeps it', async () => {
		await readLogs({ sentSince: '2026-11-27T10:00:00', sentUntil: '2026-11-27T10:00:00+05:00' }, 'Europe/Berlin');
		await readLogs({ sentSince: '2026-07-01 08:30' }, 'America/New_York');
		expect(standIn.requestsTo('/tiktok/1/logs').map((request) => [request.query.sentSince, request.query.sentUntil])).toEqual([
			['2026-11-27T09:00:00.000+0000', '2026-11-27T05:00:00.000+0000'],
			['2026-07-01T12:30:00.000+0000', undefined],
		]);
	});

	it('text that is not a date fails the item before the network', async () => {
		const error = await runCaught({ resource: 'messageLog', operation: 'getAll', filters: { sentSince: 'last tuesday' } }, [{}]);
		expect(error.message).toBe('Item 0: Sent Since is not a date: "last tuesday"');
		expect(standIn.requests).toHaveLength(0);
	});
});
