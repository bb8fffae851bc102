/**
 * End-to-end, the trigger in a real n8n (N8N_E2E_VERSION, default 2.41.1): every status change of a sent message
 * reaches the workflow (also through the delivery-failures example), reports of any shape are recognised or
 * passed on as "other" events, and what the trigger answers on each path (status, body, content type).
 */
import deliveryFailuresExample from '../examples/tiktok-delivery-failures.json';

import { body, deliveryReport, texts } from './support/infobip-bodies';
import { E2E_VERSION, N8nServer } from './support/n8n';
import { triggerOnly } from './support/workflows';

jest.setTimeout(120_000);

const version = E2E_VERSION;
const n8n = new N8nServer({ version, name: `e2e-trigger-${version}` });

const post = async (url: string, payload: string, headers: Record<string, string> = {}) => {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: payload,
	});
	return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
};

/** A delivery report of one message in one status. */
const report = (messageId: string, groupName: string, id: number, name: string) => ({
	...deliveryReport(messageId),
	status: { groupId: 1, groupName, id, name, description: name },
});

/** The trigger's output items of every execution of a workflow, oldest first. */
const triggerOutputs = async (workflowId: string, node = 'Infobip TikTok Trigger') => {
	const executions = (await n8n.executions(workflowId)).sort((a, b) => Number(a.id) - Number(b.id));
	const outputs = await Promise.all(executions.map((execution) => n8n.executionOutput(execution.id)));
	return outputs.map(({ output }) => output[node] ?? []);
};

beforeAll(async () => {
	await n8n.start();
}, 240_000);

afterAll(async () => {
	await n8n.dispose();
}, 60_000);

describe(`Infobip TikTok Trigger in n8n ${version}`, () => {
	it('passes every status change of one message, and drops the same report again', async () => {
		const { id, url } = await n8n.createActiveWorkflow(triggerOnly({ events: ['delivery'] }).workflow);
		const pending = report('changes-1', 'PENDING', 7, 'PENDING_ENROUTE');
		const accepted = report('changes-1', 'PENDING', 26, 'PENDING_ACCEPTED');
		const delivered = report('changes-1', 'DELIVERED', 5, 'DELIVERED_TO_HANDSET');
		for (const result of [pending, accepted, delivered]) expect((await post(url!, body([result]))).status).toBe(200);
		await n8n.waitForExecutions(id, 3);
		const again = await post(url!, body([delivered]));
		expect(again.status).toBe(200);
		expect(JSON.parse(again.text)).toEqual({ received: 1, started: false });

		const outputs = await triggerOutputs(id);
		expect(outputs.map((items) => items.map((item) => [item.status, item.statusId, item.statusName]))).toEqual([
			[['PENDING', 7, 'PENDING_ENROUTE']],
			[['PENDING', 26, 'PENDING_ACCEPTED']],
			[['DELIVERED', 5, 'DELIVERED_TO_HANDSET']],
		]);
	});

	it('the delivery-failures example e-mails the final UNDELIVERABLE report that follows a PENDING one', async () => {
		// The example as shipped, with its e-mail node swapped for a No Operation node of the same name: what
		// reaches "Notify Support" is what would be e-mailed.
		const nodes = deliveryFailuresExample.nodes.map((node) =>
			node.type === 'n8n-nodes-base.emailSend'
				? { id: node.id, name: node.name, type: 'n8n-nodes-base.noOp', typeVersion: 1, position: node.position, parameters: {} }
				: node,
		);
		const { id, url } = await n8n.createActiveWorkflow({ ...deliveryFailuresExample, nodes });
		expect((await post(url!, body([report('failing-1', 'PENDING', 7, 'PENDING_ENROUTE')]))).status).toBe(200);
		await n8n.waitForExecutions(id, 1);
		expect((await post(url!, body([report('failing-1', 'UNDELIVERABLE', 9, 'UNDELIVERABLE_NOT_DELIVERED')]))).status).toBe(200);
		await n8n.waitForExecutions(id, 2);

		const notified = await triggerOutputs(id, 'Notify Support');
		expect(notified.map((items) => items.map((item) => [item.messageId, item.status, item.errorName]))).toEqual([
			[],
			[['failing-1', 'UNDELIVERABLE', 'EC_ABSENT_SUBSCRIBER']],
		]);
	});

	it('recognises a delivery report without status, passes shapeless results as "other" events, or logs them', async () => {
		const withOther = await n8n.createActiveWorkflow(triggerOnly({ events: ['delivery', 'other'] }).workflow);
		const withoutOther = await n8n.createActiveWorkflow(triggerOnly({ events: ['delivery'] }).workflow);
		const statusless: Record<string, unknown> = deliveryReport('no-status-1');
		delete statusless.status;
		const unknown = { messageId: 'other-1', kind: 'SOMETHING_NEW' };
		const payload = body([statusless, unknown]);

		expect((await post(withOther.url!, payload)).status).toBe(200);
		expect((await post(withoutOther.url!, payload)).status).toBe(200);
		await n8n.waitForExecutions(withOther.id, 1);
		await n8n.waitForExecutions(withoutOther.id, 1);

		const [items] = await triggerOutputs(withOther.id);
		expect(items.map((item) => [item.event, item.messageId, item.errorName ?? null])).toEqual([
			['delivery', 'no-status-1', 'EC_ABSENT_SUBSCRIBER'],
			['other', 'other-1', null],
		]);
		expect(items[1].raw).toEqual(unknown);
		const [reportOnly] = await triggerOutputs(withoutOther.id);
		expect(reportOnly.map((item) => item.event)).toEqual(['delivery']);
		expect(n8n.log()).toMatch(/ignored 1 result\(s\) that are neither a message.*select "Other Events" in Trigger On/);
	});

	it('answers as the README says on every path: status, body and content type', async () => {
		const open = await n8n.createActiveWorkflow(triggerOnly({}).workflow);
		const headerCredential = await n8n.createCredential('infobipTikTokWebhookHeaderAuthApi', { name: 'X-Hook-Token', secret: 'token-1' });
		const guarded = await n8n.createActiveWorkflow(
			triggerOnly({ authentication: 'headerAuth' }, { infobipTikTokWebhookHeaderAuthApi: headerCredential }).workflow,
		);
		// An algorithm Node's crypto does not know makes the signature check throw.
		const brokenCredential = await n8n.createCredential('infobipTikTokWebhookHmacApi', {
			secret: 's',
			headerName: 'X-Signature',
			algorithm: 'crc32',
			encoding: 'hex',
			prefix: '',
		});
		const broken = await n8n.createActiveWorkflow(
			triggerOnly({ authentication: 'hmacSignature' }, { infobipTikTokWebhookHmacApi: brokenCredential }).workflow,
		);

		const answers = {
			started: await post(open.url!, body(texts(1, 'answer'))),
			nothingWanted: await post(open.url!, body([deliveryReport()])),
			emptyResults: await post(open.url!, body([])),
			noResults: await post(open.url!, JSON.stringify({ hello: 'world' })),
			notJsonAsText: await post(open.url!, 'not json', { 'content-type': 'text/plain' }),
			notJsonAsJson: await post(open.url!, '{"results": ['),
			unauthorized: await post(guarded.url!, body(texts(1, 'guarded'))),
			failed: await post(broken.url!, body(texts(1, 'broken')), { 'x-signature': 'x' }),
		};
		const json = /^application\/json; charset=utf-8$/;
		// n8n sets a JSON content type on the empty answer it sends for responseData 'noData'.
		expect(answers.started).toMatchObject({ status: 200, type: expect.stringMatching(json), text: '' });
		expect(answers.nothingWanted).toMatchObject({ status: 200, type: expect.stringMatching(json) });
		expect(JSON.parse(answers.nothingWanted.text)).toEqual({ received: 1, started: false });
		expect(answers.emptyResults).toMatchObject({ status: 200, type: expect.stringMatching(json) });
		expect(JSON.parse(answers.emptyResults.text)).toEqual({ received: 0, started: false });
		expect(answers.noResults).toMatchObject({ status: 400, type: expect.stringMatching(json) });
		expect(JSON.parse(answers.noResults.text)).toEqual({ error: 'The request body has no "results" array' });
		expect(answers.notJsonAsText).toMatchObject({ status: 400, type: expect.stringMatching(json) });
		expect(JSON.parse(answers.notJsonAsText.text)).toEqual({ error: 'The request body is not valid JSON' });
		expect(answers.notJsonAsJson).toMatchObject({ status: 422, type: expect.stringMatching(json) });
		expect(answers.notJsonAsJson.text).toMatch(/"message"/);
		expect(answers.unauthorized).toMatchObject({ status: 401, type: expect.stringMatching(json) });
		expect(JSON.parse(answers.unauthorized.text)).toEqual({ error: 'Unauthorized' });
		expect(answers.failed).toMatchObject({ status: 500, type: expect.stringMatching(json) });
		expect(JSON.parse(answers.failed.text)).toEqual({ error: 'The webhook could not be processed' });

		await n8n.waitForExecutions(open.id, 1);
		expect(await n8n.executions(open.id)).toHaveLength(1);
		expect(await n8n.executions(guarded.id)).toHaveLength(0);
		expect(await n8n.executions(broken.id)).toHaveLength(0);
	});
});
