import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { InfobipTikTok } from '../../../nodes/InfobipTikTok/InfobipTikTok.node';
import { withStandIn } from '../../support/action';
import { runNode, type RunOptions } from '../../support/n8n';

const node = new InfobipTikTok();
const infobip = withStandIn('window-key');
const { standIn } = infobip;

let counter = 0;
const run = (parameters: INodeParameters, input: IDataObject[], options: RunOptions = {}) =>
	runNode(node, parameters, input, { credentials: infobip.credentials, nodeId: `window-${++counter}`, ...options });

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString().replace('Z', '+0000');
const item = (user: string, receivedAt: string | undefined, extra: IDataObject = {}): IDataObject => ({
	businessAccountId: 'biz',
	conversationId: user,
	text: `to ${user}`,
	...(receivedAt !== undefined && { receivedAt }),
	...extra,
});
// Fresh, closed (by receivedAt), closed (by replyBefore), unchecked (no dates).
const input = () => [
	item('fresh', hoursAgo(1)),
	item('old', hoursAgo(49)),
	item('expired', hoursAgo(1), { replyBefore: new Date(Date.now() - 1000).toISOString() }),
	item('plain', undefined),
];
const sendText = (outsideReplyWindow?: string): INodeParameters => ({
	resource: 'message',
	operation: 'sendText',
	text: '={{ $json.text }}',
	sendOncePerKey: false,
	options: outsideReplyWindow ? { outsideReplyWindow } : {},
});
const sentTo = () => standIn.sentMessages().map((message: { destinations: Array<{ to: string }> }) => message.destinations[0].to);

describe('Outside Reply Window', () => {
	it('Send Anyway (the default) sends every item', async () => {
		const { output } = await run(sendText(), input());
		expect(sentTo()).toEqual(['fresh', 'old', 'expired', 'plain']);
		expect(output.map((entry) => entry.json.skipped)).toEqual([false, false, false, false]);
	});

	it('Skip sends only items inside the window or without dates; the others say why, paired', async () => {
		const { output } = await run(sendText('skip'), input());
		expect(standIn.requestsTo('/tiktok/1/messages')).toHaveLength(1);
		expect(sentTo()).toEqual(['fresh', 'plain']);
		expect(output.map((entry) => [entry.json.userId, entry.json.skipped, entry.pairedItem])).toEqual([
			['fresh', false, { item: 0 }],
			['old', true, { item: 1 }],
			['expired', true, { item: 2 }],
			['plain', false, { item: 3 }],
		]);
		expect(output[1].json.skipReason).toMatch(/48-hour reply window for this conversation closed at /);
		expect(output[1].json.messageId).toBeNull();
	});

	it('Skip says so in the output panel, as Send Once does: the node is green, so skipReason alone goes unseen', async () => {
		const { context } = await run(sendText('skip'), input());
		expect(context.hints).toEqual([
			{
				message: expect.stringMatching(/^2 items were not sent: the 48-hour reply window had closed/),
				type: 'warning',
				location: 'outputPane',
			},
		]);
		const { context: inside } = await run(sendText('skip'), [item('fresh', hoursAgo(1))]);
		expect(inside.hints).toEqual([]);
	});

	it('Skip of every item makes no request', async () => {
		await run(sendText('skip'), [item('old', hoursAgo(50))]);
		expect(standIn.requests).toHaveLength(0);
	});

	it('Fail stops before any request, naming the item and the window', async () => {
		await expect(run(sendText('fail'), input())).rejects.toThrow(/^Item 1: Not sent: TikTok's 48-hour reply window/);
		expect(standIn.requests).toHaveLength(0);
	});

	it('Fail with Continue On Fail gives error items and still sends the good ones', async () => {
		const { output } = await run(sendText('fail'), input(), { continueOnFail: true });
		expect(sentTo()).toEqual(['fresh', 'plain']);
		expect(output.map((entry) => [entry.json.error === undefined, entry.pairedItem])).toEqual([
			[true, { item: 0 }],
			[false, { item: 1 }],
			[false, { item: 2 }],
			[true, { item: 3 }],
		]);
		expect(output[2].json.error).toMatch(/^Item 2: .*reply window/);
	});

	it('turns an Infobip rejection for a closed window into plain words', async () => {
		standIn.failNext('/tiktok/1/messages', {
			status: 400,
			body: { errorCode: 'E400', description: 'EC_OUTSIDE_ALLOWED_WINDOW', violations: [], resources: [] },
		});
		await expect(run(sendText(), [item('fresh', hoursAgo(1))])).rejects.toThrow(
			/^TikTok's reply window is closed: .*Infobip answered 400: EC_OUTSIDE_ALLOWED_WINDOW/,
		);
	});
});
