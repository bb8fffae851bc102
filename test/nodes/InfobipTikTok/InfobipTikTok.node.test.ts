import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { InfobipTikTok } from '../../../nodes/InfobipTikTok/InfobipTikTok.node';
import { flattenDelivery, flattenLog } from '../../../nodes/infobip/flatten';
import { deliveryReport } from '../../fixtures/webhooks';
import { sendText, triggerItems, withStandIn } from '../../support/action';
import { validateAgainst } from '../../support/openapi';
import { processedData, runNode, type RunOptions } from '../../support/n8n';

const node = new InfobipTikTok();
const infobip = withStandIn('secret-key-123', { baseUrlSuffix: '/' });
const { standIn } = infobip;

let nodeCounter = 0;
/** Each call is a fresh node (own Send Once Per Key scope) unless `nodeId` is given. */
const run = (parameters: INodeParameters, input: IDataObject[], options: RunOptions = {}) =>
	runNode(node, parameters, input, { credentials: infobip.credentials, nodeId: `send-${++nodeCounter}`, ...options });


describe('Message > Send Text', () => {
	it('replies to trigger items in one bulk request, with the default expressions, paired in order', async () => {
		const { output } = await run(sendText(), triggerItems(3));
		const requests = standIn.requestsTo('/tiktok/1/messages');
		expect(requests).toHaveLength(1);
		expect(requests[0].headers.authorization).toBe('App secret-key-123');
		expect(validateAgainst('TikTokRequest', requests[0].body)).toEqual([]);
		expect(requests[0].body.messages).toEqual(
			[0, 1, 2].map((i) => ({
				sender: '-000pcMJDSDHK-UvK012b10KKXmCvWmVF8o',
				destinations: [{ to: `user-${i}`, messageId: output[i].json.messageId }],
				content: { type: 'TEXT', text: `message ${i}` },
			})),
		);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output.map((item) => item.json.userId)).toEqual(['user-0', 'user-1', 'user-2']);
		expect(output[0].json).toMatchObject({
			bulkId: expect.any(String),
			messageId: expect.any(String),
			status: 'PENDING',
			statusName: 'PENDING_ACCEPTED',
			statusDescription: 'Message sent to next instance',
			skipped: false,
		});
	});

	it.each([
		[1, 2, 1],
		[2, 2, 1],
		[3, 2, 2],
		[250, 100, 3],
	])('sends %i items with batch size %i in %i request(s)', async (count, batchSize, requests) => {
		const { output } = await run(sendText({ options: { batchSize } }), triggerItems(count, `b${count}`));
		const sent = standIn.requestsTo('/tiktok/1/messages');
		expect(sent).toHaveLength(requests);
		expect(sent.map((request) => request.body.messages.length)).toEqual(
			Array.from({ length: requests }, (_, i) => Math.min(batchSize, count - i * batchSize)),
		);
		// Every output is paired with its own input, whatever the order the batches came back in.
		expect(output.map((item) => item.pairedItem)).toEqual(output.map((_, i) => ({ item: i })));
		expect(output.map((item) => item.json.userId)).toEqual(output.map((_, i) => `user-${i}`));
	});

	it('keeps the number of requests in flight within Parallel Requests', async () => {
		standIn.latencyMs = 40;
		try {
			await run(sendText({ options: { batchSize: 1, parallelRequests: 3 } }), triggerItems(9, 'par'));
		} finally {
			standIn.latencyMs = 0;
		}
		const arrivals = standIn.requestsTo('/tiktok/1/messages').map((request) => request.at);
		const maxTogether = Math.max(...arrivals.map((at) => arrivals.filter((other) => other >= at && other < at + 30).length));
		expect(arrivals).toHaveLength(9);
		expect(maxTogether).toBeLessThanOrEqual(3);
	});

	it('maps every option onto the request and validates against the OpenAPI document', async () => {
		await run(
			sendText({
				replyToMessageId: 'in-reply',
				options: {
					validityPeriod: 2,
					validityPeriodUnit: 'HOURS',
					callbackData: 'cb-1',
					deliveryReportUrl: 'https://hooks.example.com/dlr',
					seenReportUrl: 'https://hooks.example.com/seen',
					campaignReferenceId: 'winter',
					entityId: 'entity',
					applicationId: 'app',
					messageId: '={{ "custom-" + $json.messageId }}',
				},
			}),
			triggerItems(1, 'opt'),
		);
		const [request] = standIn.requestsTo('/tiktok/1/messages');
		expect(validateAgainst('TikTokRequest', request.body)).toEqual([]);
		expect(request.body.messages[0]).toEqual({
			sender: '-000pcMJDSDHK-UvK012b10KKXmCvWmVF8o',
			destinations: [{ to: 'user-0', messageId: 'custom-opt-0' }],
			content: { type: 'TEXT', text: 'message 0', replyToMessageId: 'in-reply' },
			options: {
				validityPeriod: { amount: 2, timeUnit: 'HOURS' },
				platform: { entityId: 'entity', applicationId: 'app' },
				campaignReferenceId: 'winter',
			},
			webhooks: {
				delivery: { url: 'https://hooks.example.com/dlr' },
				seen: { url: 'https://hooks.example.com/seen' },
				callbackData: 'cb-1',
			},
		});
	});
});

describe('Message > other operations', () => {
	it.each([
		['sendImage', { imageUrl: 'https://cdn.example.com/a.png' }, { type: 'IMAGE', mediaUrl: 'https://cdn.example.com/a.png' }],
		['sendSharePost', { postId: '7300000000000000002' }, { type: 'SHARE_POST', postId: '7300000000000000002' }],
	])('%s sends its content', async (operation, parameters, content) => {
		await run({ resource: 'message', operation, ...parameters }, triggerItems(2, operation));
		const [request] = standIn.requestsTo('/tiktok/1/messages');
		expect(validateAgainst('TikTokRequest', request.body)).toEqual([]);
		expect(request.body.messages.map((message: IDataObject) => message.content)).toEqual([content, content]);
	});

	it.each([
		['sendTypingIndicator', 'TYPING_INDICATOR'],
		['markAsRead', 'MARK_AS_READ'],
	])('%s posts %s events', async (operation, type) => {
		const { output } = await run({ resource: 'message', operation }, triggerItems(2, operation));
		const [request] = standIn.requestsTo('/tiktok/1/events');
		expect(validateAgainst('TikTokEventRequest', request.body)).toEqual([]);
		expect(request.body.events).toEqual([0, 1].map((i) => ({
			sender: '-000pcMJDSDHK-UvK012b10KKXmCvWmVF8o',
			destinations: [{ to: `user-${i}`, messageId: output[i].json.messageId }],
			content: { type },
		})));
		expect(output[1].json).toMatchObject({ userId: 'user-1', status: 'PENDING' });
	});
});

describe('bad input', () => {
	const items = () => [
		...triggerItems(1, 'ok'),
		{ ...triggerItems(1, 'long')[0], text: 'x'.repeat(6001) },
		{ ...triggerItems(1, 'nouser')[0], conversationId: '' },
	];

	it('fails before any network call, naming the item and the field', async () => {
		await expect(run(sendText(), items())).rejects.toThrow('Item 1: Text is longer than 6000 characters (6001)');
		expect(standIn.requests).toHaveLength(0);
	});

	it('with Continue On Fail, turns only the bad items into error items', async () => {
		const { output } = await run(sendText(), items(), { continueOnFail: true });
		expect(standIn.sentMessages()).toHaveLength(1);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].json.messageId).toEqual(expect.any(String));
		expect(output[1].json.error).toBe('Item 1: Text is longer than 6000 characters (6001)');
		expect(output[2].json.error).toMatch(/^Item 2: Recipient is empty\. /);
	});

	it.each([
		[{ operation: 'sendImage', imageUrl: 'ftp://example.com/a.png' }, 'Image URL must start with http:// or https://'],
		[{ operation: 'sendImage', imageUrl: `https://example.com/${'a'.repeat(2100)}` }, 'Image URL is longer than 2048'],
		[{ operation: 'sendImage', imageUrl: 'not a url' }, 'Image URL is not a URL'],
		[{ operation: 'sendSharePost', postId: ' ' }, 'Post ID is empty'],
		[{ operation: 'sendText', text: 'hi', options: { validityPeriod: 5, validityPeriodUnit: 'DAYS' } }, 'Validity Period Unit must be SECONDS, MINUTES or HOURS'],
		[{ operation: 'sendText', text: 'hi', businessAccountId: '' }, 'Business Account ID is empty'],
		[{ operation: 'sendText', text: '' }, 'Text is empty'],
	])('rejects %j', async (parameters, message) => {
		await expect(run({ resource: 'message', ...parameters }, triggerItems(1, 'bad'))).rejects.toThrow(`Item 0: ${message}`);
		expect(standIn.requests).toHaveLength(0);
	});
});

describe('Infobip errors', () => {
	const violation = {
		status: 400,
		body: {
			errorCode: 'E400',
			description: 'Request cannot be processed.',
			action: 'Check the syntax, violations and adjust the request.',
			violations: [{ property: 'messages[0].content.text', violation: 'must not be blank' }],
			resources: [],
		},
	};

	it('turns a 400 into an error with the description and each violation, without the API key', async () => {
		standIn.failNext('/tiktok/1/messages', violation);
		const error = await run(sendText(), triggerItems(2, 'e400')).catch((caught) => caught);
		expect(error.message).toBe(
			'Infobip answered 400: Request cannot be processed; messages[0].content.text: must not be blank',
		);
		expect(error.httpCode).toBe('400');
		expect(JSON.stringify(error)).not.toContain('secret-key-123');
		expect(standIn.requestsTo('/tiktok/1/messages')).toHaveLength(1);
	});

	it('reads the older error shape of People', async () => {
		standIn.failNext('/people/2/persons', {
			status: 400,
			body: { requestError: { serviceException: { messageId: 'BAD_REQUEST', text: 'Bad request', validationErrors: { identifier: ['is invalid'] } } } },
		});
		await expect(
			run({ resource: 'contact', operation: 'get' }, triggerItems(1, 'people')),
		).rejects.toThrow('Infobip answered 400: Bad request; identifier: is invalid');
	});

	it('with Continue On Fail, isolates the item a rejected bulk request was rejected for', async () => {
		standIn.responders.push((request) =>
			request.path === '/tiktok/1/messages' &&
			request.body.messages.some((message: IDataObject) => (message.content as IDataObject).text === 'message 1')
				? violation
				: undefined,
		);
		const { output } = await run(sendText(), triggerItems(3, 'iso'), { continueOnFail: true });
		expect(output.map((item) => (item.json.error ? 'error' : item.json.status))).toEqual(['PENDING', 'error', 'PENDING']);
		expect(output[1].json.error).toContain('must not be blank');
		expect(standIn.sentMessages().map((message) => message.content.text)).toEqual([
			'message 0', 'message 1', 'message 2', // the rejected bulk request
			'message 0', 'message 1', 'message 2', // one by one
		]);
	});

	it('retries 429 honouring Retry-After, then succeeds', async () => {
		standIn.failNext('/tiktok/1/messages', { status: 429, headers: { 'retry-after': '0' }, body: { errorCode: 'E429', description: 'Too many requests' } }, 2);
		const { output } = await run(sendText(), triggerItems(1, 'r429'));
		expect(standIn.requestsTo('/tiktok/1/messages')).toHaveLength(3);
		expect(output[0].json.status).toBe('PENDING');
	});

	it('retries 5xx of a read with backoff, and gives up after a bounded number of attempts', async () => {
		const readLogs = () => run({ resource: 'messageLog', operation: 'getAll' }, [{}]);
		standIn.failNext('/tiktok/1/logs', { status: 503, body: { errorCode: 'E503', description: 'Unavailable' } }, 1);
		const started = Date.now();
		await readLogs();
		expect(Date.now() - started).toBeGreaterThanOrEqual(450);
		expect(standIn.requestsTo('/tiktok/1/logs')).toHaveLength(2);

		standIn.reset();
		standIn.failNext('/tiktok/1/logs', { status: 500, headers: { 'retry-after': '0' }, body: { errorCode: 'E500', description: 'Boom' } }, 99);
		await expect(readLogs()).rejects.toThrow('Infobip answered 500: Boom');
		expect(standIn.requestsTo('/tiktok/1/logs')).toHaveLength(5);
	});

	it('never retries other 4xx', async () => {
		standIn.failNext('/tiktok/1/messages', { status: 403, body: { errorCode: 'E403', description: 'Forbidden' } }, 5);
		await expect(run(sendText(), triggerItems(1, 'r403'))).rejects.toThrow('Infobip answered 403: Forbidden');
		expect(standIn.requestsTo('/tiktok/1/messages')).toHaveLength(1);
	});

	it('says so readably when the API key is wrong', async () => {
		const wrong = { infobipTikTokApi: { apiKey: 'wrong-key', baseUrl: standIn.baseUrl as string } };
		const error = await run(sendText(), triggerItems(1, 'k'), { credentials: wrong }).catch((caught) => caught);
		expect(error.message).toBe('Infobip answered 401: Invalid login details');
		expect(JSON.stringify(error)).not.toContain('wrong-key');
	});
});

describe('Send Once Per Key', () => {
	it('skips, and marks, a message an earlier execution of the same node answered', async () => {
		const nodeId = 'once-a';
		await run(sendText(), triggerItems(2, 'once'), { nodeId });
		const { output } = await run(sendText(), [...triggerItems(2, 'once'), ...triggerItems(1, 'fresh')], { nodeId });
		expect(standIn.sentMessages()).toHaveLength(3);
		expect(output.map((item) => item.json.skipped)).toEqual([true, true, false]);
		expect(output[0].json).toMatchObject({
			sendOnceKey: 'once-0',
			messageId: null,
			userId: 'user-0',
			skipReason: expect.stringContaining('already sent an item with the key "once-0"'),
		});
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('sends every item of one execution that shares a key (an answer split in parts)', async () => {
		const [inbound] = triggerItems(1, 'split');
		const { output } = await run(sendText({ text: '={{ $json.part }}' }), [
			{ ...inbound, part: 'one' },
			{ ...inbound, part: 'two' },
		]);
		expect(output.map((item) => item.json.skipped)).toEqual([false, false]);
		expect(standIn.sentMessages().map((message) => message.content.text)).toEqual(['one', 'two']);
	});

	it('scopes keys to the node: two send nodes answering one message each send once', async () => {
		const items = triggerItems(1, 'two-nodes');
		await run(sendText(), items, { nodeId: 'first' });
		await run(sendText(), items, { nodeId: 'second' });
		await run(sendText(), items, { nodeId: 'first' });
		expect(standIn.sentMessages()).toHaveLength(2);
	});

	it('frees the key of a failed send so that a retry sends it', async () => {
		const nodeId = 'once-retry';
		standIn.failNext('/tiktok/1/messages', { status: 400, body: { errorCode: 'E400', description: 'Nope' } });
		await expect(run(sendText(), triggerItems(1, 'retry'), { nodeId })).rejects.toThrow('Nope');
		const { output } = await run(sendText(), triggerItems(1, 'retry'), { nodeId });
		expect(output[0].json.skipped).toBe(false);
		expect(standIn.sentMessages()).toHaveLength(2);
	});

	it('always sends items without a key, and everything when switched off', async () => {
		const plain = [{ businessAccountId: 'biz', conversationId: 'u1', text: 'no key' }];
		await run(sendText(), plain, { nodeId: 'nokey' });
		await run(sendText(), plain, { nodeId: 'nokey' });
		const items = triggerItems(1, 'off');
		await run(sendText({ sendOncePerKey: false }), items, { nodeId: 'off' });
		await run(sendText({ sendOncePerKey: false }), items, { nodeId: 'off' });
		expect(standIn.sentMessages()).toHaveLength(4);
	});

	it('uses a custom key when one is set', async () => {
		const nodeId = 'custom-key';
		const parameters = sendText({ sendOnceKey: '={{ $json.userId }}' });
		await run(parameters, triggerItems(1, 'ck1'), { nodeId });
		const { output } = await run(parameters, triggerItems(1, 'ck2'), { nodeId });
		expect(output[0].json).toMatchObject({ skipped: true, sendOnceKey: 'user-0' });
	});

	it('answers once when ten executions of one node race on the same message', async () => {
		const items = triggerItems(1, 'race');
		const before = processedData.calls;
		const outcomes = await Promise.all(
			Array.from({ length: 10 }, () => run(sendText(), items, { nodeId: 'racer' })),
		);
		expect(processedData.calls - before).toBe(10);
		expect(standIn.sentMessages()).toHaveLength(1);
		expect(outcomes.filter(({ output }) => output[0].json.skipped === true)).toHaveLength(9);
	});
});

describe('Conversion > Report', () => {
	const report = (extra: INodeParameters = {}): INodeParameters => ({
		resource: 'conversion',
		operation: 'report',
		event: 'CompletePayment',
		eventTime: '2023-05-20T09:19:55Z',
		properties: { quantity: '4', price: '40', currency: 'brl', value: 160 },
		...extra,
	});

	it('reports conversions in the product page shape, one request per source', async () => {
		const items = [
			...triggerItems(2, 'conv'),
			{ ...triggerItems(1, 'conv-other')[0], businessAccountId: 'other-business' },
		];
		const { output } = await run(report(), items);
		const requests = standIn.requestsTo('/saas/tiktok-ads/1/conversions');
		expect(requests.map((request) => request.body.sourceId)).toEqual(['-000pcMJDSDHK-UvK012b10KKXmCvWmVF8o', 'other-business']);
		expect(requests[0].body.conversions[1]).toEqual({
			event: 'CompletePayment',
			event_time: 1684574395,
			user: { tiktok_unique_identifier: 'user-1' },
			properties: { quantity: '4', price: '40', currency: 'BRL', value: '160' },
		});
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[2].json).toMatchObject({ sourceId: 'other-business', reported: true, userId: 'user-0', eventTime: 1684574395 });
	});

	it('accepts unix seconds, a custom event and extra properties; empty event time is now', async () => {
		const before = Math.floor(Date.now() / 1000);
		await run(
			report({
				event: 'custom',
				customEvent: 'BookDemo',
				eventTime: '',
				properties: { extra: { property: [{ name: 'content_id', value: 'sku-9' }] } },
			}),
			triggerItems(1, 'conv2'),
		);
		const [conversion] = standIn.requestsTo('/saas/tiktok-ads/1/conversions')[0].body.conversions;
		expect(conversion.event).toBe('BookDemo');
		expect(conversion.event_time).toBeGreaterThanOrEqual(before);
		expect(conversion.properties).toEqual({ content_id: 'sku-9' });
		standIn.reset();
		await run(report({ eventTime: 1684574395 }), triggerItems(1, 'conv3'));
		expect(standIn.requestsTo('/saas/tiktok-ads/1/conversions')[0].body.conversions[0].event_time).toBe(1684574395);
	});

	it('splits more than 1,000 conversions of one source into several requests', async () => {
		await run(report({ options: { batchSize: 1000 } }), triggerItems(1001, 'big'));
		expect(standIn.requestsTo('/saas/tiktok-ads/1/conversions').map((r) => r.body.conversions.length)).toEqual([1000, 1]);
	});

	it('rejects a currency that is not three letters and a date that is not one', async () => {
		await expect(run(report({ properties: { currency: 'EURO' } }), triggerItems(1, 'cur'))).rejects.toThrow(
			'Item 0: Currency must be a three-letter ISO 4217 code (got "EURO")',
		);
		await expect(run(report({ eventTime: 'yesterday-ish' }), triggerItems(1, 'date'))).rejects.toThrow('Item 0: Event Time');
		expect(standIn.requests).toHaveLength(0);
	});

	it('reports a conversion once per inbound message', async () => {
		const items = triggerItems(1, 'conv-once');
		await run(report(), items, { nodeId: 'conv-once' });
		const { output } = await run(report(), items, { nodeId: 'conv-once' });
		expect(output[0].json).toMatchObject({ skipped: true, reported: false });
		expect(standIn.requestsTo('/saas/tiktok-ads/1/conversions')).toHaveLength(1);
	});
});

describe('Delivery Report, Message Log', () => {
	it('pulls delivery reports with filters; simplified by default, every field of the trigger with Simplify off', async () => {
		standIn.pendingReports.push({ ...deliveryReport });
		const { output } = await run(
			{ resource: 'deliveryReport', operation: 'getAll', limit: 10, filters: { bulkId: 'b-1', entityId: '' } },
			[{}],
		);
		expect(standIn.requests[0].query).toEqual({ bulkId: 'b-1', limit: '10' });
		expect(output).toHaveLength(1);
		expect(Object.keys(output[0].json).length).toBeLessThanOrEqual(10);
		expect(output[0].json).toEqual({
			messageId: deliveryReport.messageId,
			bulkId: deliveryReport.bulkId,
			userId: 'u5NkbnslAgxpOelvH01Y+rs7Uw=',
			businessAccountId: deliveryReport.sender,
			status: 'DELIVERED',
			statusDescription: 'Message delivered to handset',
			errorDescription: 'No Error',
			errorPermanent: false,
			doneAt: deliveryReport.doneAt,
			callbackData: 'order-17',
		});

		standIn.pendingReports.push({ ...deliveryReport });
		const full = await run({ resource: 'deliveryReport', operation: 'getAll', simplify: false }, [{}]);
		expect(full.output[0].json).toEqual(flattenDelivery(deliveryReport));
	});

	it('Return All pulls delivery reports in pages of 1,000 until a page comes back short', async () => {
		standIn.pendingReports.push(
			...Array.from({ length: 2300 }, (_, i) => ({ ...deliveryReport, messageId: `dr-${i}` })),
		);
		const { output } = await run({ resource: 'deliveryReport', operation: 'getAll', returnAll: true, limit: 5 }, [{}]);
		expect(output).toHaveLength(2300);
		expect(output[2299].json.messageId).toBe('dr-2299');
		expect(standIn.requests.map((request) => request.query.limit)).toEqual(['1000', '1000', '1000']);
	});

	it('Return All keeps the reports already read when a later page fails; the unread ones stay with Infobip', async () => {
		standIn.pendingReports.push(
			...Array.from({ length: 2300 }, (_, i) => ({ ...deliveryReport, messageId: `dr-${i}` })),
		);
		let reads = 0;
		standIn.responders.push((request: { path: string }) => {
			if (request.path !== '/tiktok/1/reports' || ++reads === 1) return undefined;
			return { status: 500, headers: { 'retry-after': '0' }, body: { errorCode: 'E500', description: 'Boom' } };
		});
		const { output, context } = await run({ resource: 'deliveryReport', operation: 'getAll', returnAll: true }, [{}]);
		expect(output).toHaveLength(1000);
		expect(output[999].json.messageId).toBe('dr-999');
		expect(standIn.pendingReports).toHaveLength(1300);
		expect(context.hints).toEqual([
			{ location: 'outputPane', message: expect.stringMatching(/^Delivery Report > Get Many stopped after 1000 reports, which are in the output: .*500/) },
		]);
	});

	it('a delivery report read that fails before any report came back fails the item', async () => {
		standIn.pendingReports.push({ ...deliveryReport });
		standIn.failNext('/tiktok/1/reports', { status: 500, headers: { 'retry-after': '0' }, body: { errorCode: 'E500', description: 'Boom' } }, 99);
		await expect(run({ resource: 'deliveryReport', operation: 'getAll', returnAll: true }, [{}])).rejects.toThrow();
		expect(standIn.pendingReports).toHaveLength(1);
	});

	const log = (i: number) => ({
		sender: 'biz',
		destination: `user-${i}`,
		messageId: `log-${i}`,
		bulkId: 'bulk',
		status: { groupName: 'DELIVERED', name: 'DELIVERED_TO_HANDSET' },
		content: { type: 'TEXT', text: `hello ${i}` },
	});

	it('reads message logs up to a limit, with list filters sent as repeated parameters', async () => {
		standIn.logs = Array.from({ length: 30 }, (_, i) => log(i));
		const { output } = await run(
			{
				resource: 'messageLog',
				operation: 'getAll',
				limit: 5,
				filters: { messageId: 'a, b', sentSince: '2026-11-27T10:00:00Z', generalStatus: 'DELIVERED', destination: 'u5Nk+/=' },
			},
			[{}],
		);
		expect(output).toHaveLength(5);
		expect(standIn.requests[0].query).toEqual({
			messageId: ['a', 'b'],
			sentSince: '2026-11-27T10:00:00.000+0000',
			generalStatus: 'DELIVERED',
			destination: 'u5Nk+/=',
			limit: '5',
		});
		expect(output[4].json).toMatchObject({ messageId: 'log-4', userId: 'user-4', businessAccountId: 'biz', text: 'hello 4', contentType: 'TEXT' });
		expect(Object.keys(output[4].json).length).toBeLessThanOrEqual(10);
	});

	it('gives every field of a message log entry with Simplify off', async () => {
		standIn.logs = [{ ...log(0), messageCount: 1, error: { id: 0, groupId: 0, groupName: 'OK', name: 'NO_ERROR', permanent: false } }];
		const { output } = await run({ resource: 'messageLog', operation: 'getAll', simplify: false }, [{}]);
		expect(output[0].json).toEqual(flattenLog(standIn.logs[0]));
		expect(output[0].json).toMatchObject({ messageCount: 1, errorGroupName: 'OK', errorPermanent: false, replyToMessageId: null });
	});

	it('pages through all message logs with the cursor', async () => {
		standIn.logs = Array.from({ length: 2500 }, (_, i) => log(i));
		const { output } = await run({ resource: 'messageLog', operation: 'getAll', returnAll: true }, [{}]);
		expect(output).toHaveLength(2500);
		expect(standIn.requests.map((request) => [request.query.cursor, request.query.limit, request.query.useCursor])).toEqual([
			[undefined, '1000', 'true'],
			['c1000', '1000', 'true'],
			['c2000', '1000', 'true'],
		]);
		expect(output[2499].json.messageId).toBe('log-2499');
	});
});

describe('read operations with bad input', () => {
	it('names the item and the field, and with Continue On Fail keeps the other items', async () => {
		const [item] = triggerItems(1, 'read-bad');
		await expect(run({ resource: 'contact', operation: 'get' }, [{ ...item, userId: '' }])).rejects.toThrow(
			'Item 0: TikTok User ID is empty',
		);
		expect(standIn.requests).toHaveLength(0);
		const { output } = await run({ resource: 'contact', operation: 'get' }, [item, { ...item, userId: ' ' }], {
			continueOnFail: true,
		});
		expect(output.map((entry) => entry.json)).toEqual([
			{
				found: false,
				displayName: null,
				firstName: null,
				lastName: null,
				email: null,
				phone: null,
				userId: 'user-0',
				businessAccountId: '-000pcMJDSDHK-UvK012b10KKXmCvWmVF8o',
				tags: [],
				customAttributes: {},
			},
			{ error: 'Item 1: TikTok User ID is empty' },
		]);
	});
});

describe('node description', () => {
	it('is usable as an AI Agent tool and defaults to answering the trigger', () => {
		expect(node.description.usableAsTool).toBe(true);
		const defaults = Object.fromEntries(node.description.properties.map((p) => [p.name, p.default]));
		expect(defaults.businessAccountId).toBe('={{ $json.businessAccountId }}');
		expect(defaults.recipient).toBe('={{ $json.conversationId }}');
	});
});


