/**
 * End-to-end: what sending promises (issue 8), in a real n8n (N8N_E2E_VERSION) with the stand-in Infobip:
 * an unknown outcome is never retried, a refused message fails its item while the others go out, nodes chain
 * with their pre-filled defaults, the ad-conversions example reports
 * once per conversation, and the credential test shows Infobip's text for a wrong key.
 */
import adConversionsExample from '../examples/tiktok-ad-conversions.json';

import { sendResponse } from '../test/support/infobip-standin';
import { body, BUSINESS, inbound, texts } from './support/infobip-bodies';
import { E2E_VERSION } from './support/n8n';
import { n8nWithStandIn } from './support/setup';
import { actionNode, chatbot, link, triggerNode } from './support/workflows';

jest.setTimeout(180_000);

const version = E2E_VERSION;
const e2e = n8nWithStandIn('sending', { startTimeoutMs: 300_000 });
const { standIn, n8n } = e2e;

const post = async (url: string, payload: string) =>
	(await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload })).status;

describe(`sending in n8n ${version}`, () => {
	it('a 5xx is not retried, and the execution names the message ID and Message Log', async () => {
		const { id, url } = await n8n.createActiveWorkflow(chatbot(e2e.credential, { name: 'Unknown outcome' }).workflow);
		standIn.failNext('/tiktok/1/messages', { status: 503, headers: { 'retry-after': '0' }, body: { errorCode: 'E503', description: 'Unavailable' } }, 5);
		const payload = body(texts(1, 'unknown'));
		expect(await post(url!, payload)).toBe(200);
		const [failed] = await n8n.waitForExecutions(id, 1);
		expect(failed.status).toBe('error');
		const [messageId] = standIn.sentMessages().map((message) => message.destinations[0].messageId);
		const { error } = await n8n.executionOutput(failed.id);
		expect(error.message).toContain(`outcome unknown, the message with message ID "${messageId}"`);
		expect(error.message).toContain('Message Log > Get Many');
		expect(standIn.requestsTo('/tiktok/1/messages')).toHaveLength(1);
	});

	it('a refused message fails the execution after the others went out', async () => {
		const { id, url } = await n8n.createActiveWorkflow(chatbot(e2e.credential, { name: 'Refused' }).workflow);
		standIn.responders.push((request) => {
			if (request.path !== '/tiktok/1/messages') return undefined;
			const answer = sendResponse(request.body.messages);
			answer.messages[1].status = { groupId: 5, groupName: 'REJECTED', id: 51, name: 'REJECTED_DESTINATION_NOT_REGISTERED', description: 'Destination not registered' };
			return { status: 200, body: answer };
		});
		const payload = body(texts(3, 'refused'));
		expect(await post(url!, payload)).toBe(200);
		const [failed] = await n8n.waitForExecutions(id, 1);
		const { error } = await n8n.executionOutput(failed.id);
		expect(error.message).toBe(
			'Item 1: Infobip did not accept the message (REJECTED REJECTED_DESTINATION_NOT_REGISTERED): Destination not registered',
		);
		expect(standIn.sentMessages().map((message) => message.destinations[0].to)).toEqual(['refused-0', 'refused-1', 'refused-2']);
	});

	it('Trigger -> Send Typing Indicator -> Send Text works with the default expressions', async () => {
		const trigger = triggerNode({});
		const typing = actionNode('Typing', { resource: 'message', operation: 'sendTypingIndicator' }, e2e.credential);
		const reply = actionNode('Reply', { resource: 'message', operation: 'sendText', text: 'Thanks!' }, e2e.credential, [600, 0]);
		const { id, url } = await n8n.createActiveWorkflow({
			name: 'Chained',
			nodes: [trigger, typing, reply],
			connections: { [trigger.name]: link(typing.name), [typing.name]: link(reply.name) },
		});
		const inboundMessages = texts(2, 'chain');
		expect(await post(url!, body(inboundMessages))).toBe(200);
		const [execution] = await n8n.waitForExecutions(id, 1);
		expect(execution.status).toBe('success');
		expect(standIn.sentMessages().map((message) => [message.sender, message.destinations[0].to, message.content.text])).toEqual([
			[BUSINESS, 'chain-0', 'Thanks!'],
			[BUSINESS, 'chain-1', 'Thanks!'],
		]);
		const { output } = await n8n.executionOutput(execution.id);
		expect(output.Reply.map((item) => [item.inboundMessageId, item.statusId, item.statusGroupId])).toEqual([
			[inboundMessages[0].messageId, 26, 1],
			[inboundMessages[1].messageId, 26, 1],
		]);
	});

	it('the ad-conversions example reports a Direct Messaging Ad conversation once, and no TikTok.me link', async () => {
		const nodes = adConversionsExample.nodes.map((node) => ({
			...node,
			...('credentials' in node && { credentials: { infobipTikTokApi: e2e.credential } }),
		}));
		const { id, url } = await n8n.createActiveWorkflow({ ...adConversionsExample, nodes, active: false });
		const referralAd = inbound('', 'ad-user', { type: 'REFERRAL_AD', text: undefined, adId: '1790000000000001', advertiserId: '7000000000000000042' });
		const nested = inbound('Is this still on?', 'ad-user', { referral: { sourceType: 'AD', sourceId: '1790000000000001' } });
		const shortLink = inbound('hi from link', 'link-user', { referral: { sourceType: 'SHORT_LINK', trackingRef: 'bio' } });
		expect(await post(url!, body([referralAd]))).toBe(200);
		await n8n.waitForExecutions(id, 1);
		expect(await post(url!, body([nested, shortLink]))).toBe(200);
		await n8n.waitForExecutions(id, 2);
		const requests = standIn.requestsTo('/saas/tiktok-ads/1/conversions');
		expect(requests.flatMap((request) => request.body.conversions.map((c: { user: { tiktok_unique_identifier: string } }) => c.user.tiktok_unique_identifier))).toEqual([
			'ad-user',
		]);
	});

	it('the credential test shows Infobip text for a wrong key (n8n 2.8.4: its own text)', async () => {
		const wrong = await n8n.testCredential('infobipTikTokApi', { apiKey: 'nope', baseUrl: standIn.baseUrl });
		// n8n 2.8.4's credential test never reaches the rules: its error lacks the HTTP response it reads them from.
		const message = version === '2.8.4'
			? 'Authorization failed - please check your credentials'
			: expect.stringMatching(/^Infobip answered 401: the request lacks valid authentication credentials/);
		expect(wrong).toMatchObject({ status: 'Error', message });
	});
});
