/**
 * End-to-end: our built package loaded into a real n8n (the version in N8N_E2E_VERSION, default 2.41.1),
 * a stand-in Infobip on 127.0.0.1, real webhook calls to production URLs.
 */
import { createHmac } from 'crypto';

import adConversionsExample from '../examples/tiktok-ad-conversions.json';
import aiAutoReplyExample from '../examples/tiktok-ai-auto-reply.json';
import deliveryFailuresExample from '../examples/tiktok-delivery-failures.json';

import { body, BUSINESS, deliveryReport, inbound, seenReport, texts } from './support/infobip-bodies';
import { E2E_VERSION } from './support/n8n';
import { n8nWithStandIn } from './support/setup';
import { adConversion, chatbot, triggerOnly } from './support/workflows';

jest.setTimeout(120_000);

const version = E2E_VERSION;
const e2e = n8nWithStandIn('e2e');
const { standIn, n8n } = e2e;

const post = async (url: string, payload: string, headers: Record<string, string> = {}) => {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: payload,
	});
	return { status: response.status, text: await response.text() };
};

describe(`n8n ${version}`, () => {
	it('chatbot: three inbound messages get three replies in one bulk request, in one execution', async () => {
		const { workflow } = chatbot(e2e.credential);
		const { id, url } = await n8n.createActiveWorkflow(workflow);
		const results = texts(3, 'chat');
		const response = await post(url!, body(results));
		expect(response.status).toBe(200);

		const executions = await n8n.waitForExecutions(id, 1);
		expect(executions).toHaveLength(1);
		expect(executions[0].status).toBe('success');
		const requests = standIn.requestsTo('/tiktok/1/messages');
		expect(requests).toHaveLength(1);
		expect(requests[0].headers.authorization).toBe('App e2e-api-key');
		expect(requests[0].body.messages).toEqual(
			results.map((result, i) => ({
				sender: BUSINESS,
				destinations: [{ to: `chat-${i}`, messageId: expect.any(String) }],
				content: { type: 'TEXT', text: `You said: hello ${i}` },
			})),
		);
		const { output } = await n8n.executionOutput(executions[0].id);
		expect(output.Reply.map((item) => [item.userId, item.status, item.skipped])).toEqual([
			['chat-0', 'PENDING', false],
			['chat-1', 'PENDING', false],
			['chat-2', 'PENDING', false],
		]);
	});

	it('ad conversion: a TikTok.me link referral and a Direct Messaging Ad are reported, a plain message is not', async () => {
		const { id, url } = await n8n.createActiveWorkflow(adConversion(e2e.credential).workflow);
		const link = inbound('hi from link', 'link-user', {
			type: 'TEXT',
			referral: { sourceType: 'SHORT_LINK', trackingRef: 'bio', sourceStatus: 'PASS' },
		});
		const ad = inbound('', 'ad-user', {
			type: 'REFERRAL_AD',
			text: undefined,
			adId: '1790000000000001',
			adName: 'Winter sale',
			advertiserId: '7000000000000000042',
			embedUrl: 'https://www.tiktok.com/@shop/video/1',
		});
		const plain = inbound('just asking', 'plain-user');
		expect((await post(url!, body([link, ad, plain]))).status).toBe(200);

		await n8n.waitForExecutions(id, 1);
		const requests = standIn.requestsTo('/saas/tiktok-ads/1/conversions');
		expect(requests).toHaveLength(1);
		expect(requests[0].body.sourceId).toBe(BUSINESS);
		expect(requests[0].body.conversions.map((c: { user: { tiktok_unique_identifier: string } }) => c.user.tiktok_unique_identifier)).toEqual([
			'link-user',
			'ad-user',
		]);
		expect(requests[0].body.conversions[0]).toMatchObject({ event: 'SubmitForm', properties: { value: '10', currency: 'EUR' } });
	});

	it('reports reach the workflow only when those events are selected', async () => {
		const messagesOnly = await n8n.createActiveWorkflow(triggerOnly({}).workflow);
		const reports = await n8n.createActiveWorkflow(triggerOnly({ events: ['delivery', 'seen'] }).workflow);
		const payload = body([deliveryReport(), seenReport()]);

		expect((await post(messagesOnly.url!, payload)).status).toBe(200);
		expect((await post(reports.url!, payload)).status).toBe(200);

		const [execution] = await n8n.waitForExecutions(reports.id, 1);
		const { output } = await n8n.executionOutput(execution.id);
		expect(output['Infobip TikTok Trigger'].map((item) => [item.event, item.userId, item.status ?? null])).toEqual([
			['delivery', 'user-dr', 'REJECTED'],
			['seen', 'user-seen', null],
		]);
		expect(await n8n.executions(messagesOnly.id)).toHaveLength(0);
	});

	describe('webhook authentication', () => {
		const payload = body(texts(1, 'auth'));
		const hmac = (secret: string) => 'sha256=' + createHmac('sha256', secret).update(payload).digest('hex');
		type Headers = Record<string, string>;
		const cases: Array<{ authentication: string; type: string; data: Record<string, string>; good: Headers; bad: Headers[] }> = [
			{
				authentication: 'basicAuth',
				type: 'infobipTikTokWebhookBasicAuthApi',
				data: { user: 'infobip', password: 'hook-pass' },
				good: { authorization: 'Basic ' + Buffer.from('infobip:hook-pass').toString('base64') },
				bad: [{ authorization: 'Basic ' + Buffer.from('infobip:wrong').toString('base64') }, {}],
			},
			{
				authentication: 'headerAuth',
				type: 'infobipTikTokWebhookHeaderAuthApi',
				data: { name: 'X-Hook-Token', secret: 'token-1' },
				good: { 'x-hook-token': 'token-1' },
				bad: [{ 'x-hook-token': 'token-2' }, {}],
			},
			{
				authentication: 'hmacSignature',
				type: 'infobipTikTokWebhookHmacApi',
				data: { secret: 'hmac-secret', headerName: 'X-Signature', algorithm: 'sha256', encoding: 'hex', prefix: 'sha256=' },
				good: { 'x-signature': hmac('hmac-secret') },
				bad: [{ 'x-signature': hmac('other-secret') }, {}],
			},
		];

		it.each(cases)('$authentication: wrong or missing credentials get 401 and start nothing', async (testCase) => {
			const credential = await n8n.createCredential(testCase.type, testCase.data);
			const { workflow } = triggerOnly({ authentication: testCase.authentication }, { [testCase.type]: credential });
			const { id, url } = await n8n.createActiveWorkflow(workflow);
			for (const headers of testCase.bad) {
				const response = await post(url!, payload, headers);
				expect(response.status).toBe(401);
				expect(JSON.parse(response.text)).toEqual({ error: 'Unauthorized' });
			}
			expect((await post(url!, payload, testCase.good)).status).toBe(200);
			const executions = await n8n.waitForExecutions(id, 1);
			expect(executions).toHaveLength(1);
		});
	});

	it('redelivery: the same POST twice gives one execution and one reply per message', async () => {
		const { id, url } = await n8n.createActiveWorkflow(chatbot(e2e.credential, { name: 'Redelivery' }).workflow);
		const payload = body(texts(3, 'again'));
		const [first, second] = await Promise.all([post(url!, payload), post(url!, payload)]);
		expect([first.status, second.status]).toEqual([200, 200]);
		expect((await post(url!, payload)).status).toBe(200);
		const executions = await n8n.waitForExecutions(id, 1, { settleMs: 1500 });
		expect(executions).toHaveLength(1);
		expect(standIn.sentMessages()).toHaveLength(3);
	});

	it('bad input: non-JSON and shapeless bodies get 400, start nothing, and n8n keeps serving', async () => {
		const { id, url } = await n8n.createActiveWorkflow(triggerOnly({}).workflow);
		const attempts = [
			await post(url!, '{"results": [', { 'content-type': 'text/plain' }),
			await post(url!, 'not json at all', { 'content-type': 'text/plain' }),
			await post(url!, JSON.stringify({ hello: 'world' })),
			await post(url!, JSON.stringify({ results: ['x'] })),
		];
		expect(attempts.map((attempt) => attempt.status)).toEqual([400, 400, 400, 400]);
		expect(JSON.parse(attempts[2].text)).toEqual({ error: 'The request body has no "results" array' });
		const invalidJson = await post(url!, '{"results": [');
		expect(invalidJson.status).toBeGreaterThanOrEqual(400);
		expect(invalidJson.status).toBeLessThan(500);
		expect(await n8n.executions(id)).toHaveLength(0);

		expect((await post(url!, body(texts(1, 'after-bad')))).status).toBe(200);
		expect(await n8n.waitForExecutions(id, 1)).toHaveLength(1);
	});

	it('credential test: passes against the stand-in, fails readably on a wrong key', async () => {
		const ok = await n8n.testCredential('infobipTikTokApi', { apiKey: 'e2e-api-key', baseUrl: `${standIn.baseUrl}/` });
		expect(ok.status).toBe('OK');
		const wrong = await n8n.testCredential('infobipTikTokApi', { apiKey: 'nope', baseUrl: standIn.baseUrl });
		expect(wrong.status).toBe('Error');
		expect(wrong.message).toMatch(/API key|Unauthorized|401|Authorization failed/i);
		expect(standIn.requestsTo('/tiktok/1/reports')).toHaveLength(0);
		// Only the read-only message log is read, never the delivery reports that a read would consume.
		const logReads = standIn.requestsTo('/tiktok/1/logs');
		expect(logReads.length).toBeGreaterThanOrEqual(2);
		expect(logReads.every((request) => request.query.limit === '1')).toBe(true);
	});

	it.each([
		['AI auto-reply', aiAutoReplyExample],
		['ad conversions', adConversionsExample],
		['delivery failures', deliveryFailuresExample],
	])('example workflow "%s" imports, and n8n knows every node in it', async (_name, example) => {
		const credentials: Record<string, { id: string; name: string }> = {
			infobipTikTokApi: e2e.credential,
			openAiApi: await n8n.createCredential('openAiApi', { apiKey: 'sk-example' }),
			smtp: await n8n.createCredential('smtp', { user: 'u', password: 'p', host: '127.0.0.1', port: 25, secure: false }),
		};
		const nodes = example.nodes.map((node) => ({
			...node,
			...('credentials' in node && {
				credentials: Object.fromEntries(Object.keys(node.credentials as object).map((type) => [type, credentials[type]])),
			}),
		}));
		const created = await n8n.createWorkflow({ ...example, nodes });
		expect(created.nodes).toHaveLength(example.nodes.length);
		const known = await n8n.nodeTypes();
		for (const node of example.nodes) {
			expect([node.type, known.get(node.type)?.includes(node.typeVersion)]).toEqual([node.type, true]);
		}
	});
});
