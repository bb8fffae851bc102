/**
 * End-to-end: Message > Send and Wait for Response in a real n8n (N8N_E2E_VERSION, default 2.41.1). The
 * question goes to the stand-in Infobip; the test opens the links in it the way a TikTok user would.
 */
import { sleep } from 'n8n-workflow';

import type { ConsoleMessage } from 'playwright-core';

import orderConfirmationExample from '../examples/tiktok-order-confirmation.json';
import { flattenMessage } from '../nodes/infobip/flatten';
import type { InboundMessageResult } from '../nodes/infobip/types';
import { body, inbound } from './support/infobip-bodies';
import { artifactPath, launchChromium } from './support/browser';
import { E2E_VERSION } from './support/n8n';
import { n8nWithStandIn } from './support/setup';
import { actionNode, intoSink, link, triggerNode } from './support/workflows';

jest.setTimeout(150_000);

const version = E2E_VERSION;
const e2e = n8nWithStandIn('sendwait');
const { standIn, n8n } = e2e;


/** Trigger -> Send and Wait ("Ask") -> No Operation ("Sink"), active. */
async function askWorkflow(parameters: Record<string, unknown>) {
	const trigger = triggerNode({});
	const ask = actionNode('Ask', { resource: 'message', operation: 'sendAndWait', message: 'Confirm your order?', ...parameters }, e2e.credential);
	const workflow = intoSink(ask, `Ask ${Math.random().toString(36).slice(2, 8)}`);
	workflow.nodes.unshift(trigger);
	Object.assign(workflow.connections, { [trigger.name]: link(ask.name) });
	return await n8n.createActiveWorkflow(workflow);
}

async function executionWithStatus(workflowId: string, status: string, timeoutMs = 30_000) {
	const started = Date.now();
	for (;;) {
		const [execution] = await n8n.executions(workflowId);
		if (execution?.status === status) return execution;
		if (Date.now() - started > timeoutMs) throw new Error(`No ${status} execution of ${workflowId}; last: ${execution?.status}`);
		await sleep(200);
	}
}

/** Starts the workflow with one inbound message; returns the waiting execution and the links of the question. */
async function ask(parameters: Record<string, unknown>, user = 'buyer') {
	const { id, url } = await askWorkflow(parameters);
	const message = inbound('order please', user, {});
	message.receivedAt = new Date().toISOString().replace('Z', '+0000');
	const response = await fetch(url!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body([message]) });
	expect(response.status).toBe(200);
	const execution = await executionWithStatus(id, 'waiting');
	const [sent] = standIn.sentMessages();
	expect(sent.destinations).toEqual([{ to: user, messageId: expect.any(String) }]);
	const links = [...sent.content.text.matchAll(/^(.+?): (http\S+)$/gm)].map((match) => ({ label: match[1], url: match[2] }));
	return { workflowId: id, executionId: execution.id, text: sent.content.text as string, links };
}

const get = async (url: string) => {
	const response = await fetch(url);
	return { status: response.status, html: await response.text(), headers: response.headers };
};
/** What the page's form sends: multipart/form-data. */
const post = async (url: string, form: Record<string, string>) => {
	const data = new FormData();
	for (const [name, value] of Object.entries(form)) data.append(name, value);
	const response = await fetch(url, { method: 'POST', body: data });
	return { status: response.status, html: await response.text() };
};

async function finishedOutput(workflowId: string) {
	const [execution] = await n8n.waitForExecutions(workflowId, 1, { timeoutMs: 90_000, settleMs: 200 });
	return await n8n.executionOutput(execution.id);
}

describe(`Send and Wait for Response in n8n ${version}`, () => {
	it('approval: the link opens a page, its button approves, the workflow resumes once with data.approved', async () => {
		const { workflowId, text, links } = await ask({});
		expect(text).toMatch(/^Confirm your order\?\n\nApprove: http:\/\/127\.0\.0\.1:\d+\/webhook-waiting\/\d+\/[\w-]+\?approved=true&item=0&question=[\w-]+&page=form-waiting&signature=\w+$/);

		const page = await get(links[0].url);
		expect(page.status).toBe(200);
		expect(page.headers.get('content-type')).toMatch(/text\/html/);
		expect(page.html).toContain('<button type="submit">Approve</button>');
		// Opening the link answered nothing: the execution still waits.
		expect((await n8n.executions(workflowId))[0].status).toBe('waiting');

		const answer = await post(links[0].url, { confirm: 'approve' });
		expect(answer.status).toBe(200);
		expect(answer.html).toMatch(/answer was recorded/);
		const { status, output } = await finishedOutput(workflowId);
		expect(status).toBe('success');
		expect(output.Ask).toEqual([{ data: { approved: true, respondedAt: expect.any(String) } }]);
		expect(output.Sink).toHaveLength(1);

		// The same link again: n8n's "no action required" page, nothing resumes a second time.
		const again = await post(links[0].url, { confirm: 'approve' });
		expect(again.status).toBe(200);
		expect(again.html).toMatch(/No action required/i);
		expect((await get(links[0].url)).html).toMatch(/No action required/i);
		await sleep(500);
		expect(await n8n.executions(workflowId)).toHaveLength(1);
		expect((await n8n.executionOutput((await n8n.executions(workflowId))[0].id)).output.Sink).toHaveLength(1);
	});

	it('approval with decline: the decline link gives data.approved false', async () => {
		const { workflowId, text, links } = await ask({
			approvalOptions: { values: { approvalType: 'double', approveLabel: 'Yes', disapproveLabel: 'No' } },
		});
		expect(links.map((entry) => entry.label)).toEqual(['Yes', 'No']);
		expect(text).toContain('approved=false');
		expect((await get(links[1].url)).html).toContain('<button type="submit" class="secondary">No</button>');
		expect((await post(links[1].url, { confirm: 'decline' })).status).toBe(200);
		const { output } = await finishedOutput(workflowId);
		expect(output.Ask).toEqual([{ data: { approved: false, respondedAt: expect.any(String) } }]);
	});

	it('a forged or altered link gets 401 and resumes nothing', async () => {
		const { workflowId, executionId, links } = await ask({});
		const url = new URL(links[0].url);
		const signature = url.searchParams.get('signature')!;
		const forged = new URL(url);
		forged.searchParams.set('signature', `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`);
		const altered = new URL(url);
		altered.searchParams.set('approved', 'false');
		const unsigned = new URL(url);
		unsigned.searchParams.delete('signature');
		for (const bad of [forged, altered, unsigned]) {
			expect((await post(bad.toString(), { confirm: 'approve' })).status).toBe(401);
			expect((await get(bad.toString())).status).toBe(401);
		}
		await sleep(500);
		const [execution] = await n8n.executions(workflowId);
		expect([execution.id, execution.status]).toEqual([executionId, 'waiting']);
		// The genuine link still works afterwards.
		await post(links[0].url, { confirm: 'approve' });
		expect((await finishedOutput(workflowId)).output.Ask[0].data.approved).toBe(true);
	});

	it('free text: the page has one text field; its answer is data.text', async () => {
		const { workflowId, links } = await ask({
			responseType: 'freeText',
			options: { messageButtonLabel: 'Answer here', responseFormTitle: 'Delivery note', responseFormButtonLabel: 'Send' },
		});
		expect(links.map((entry) => entry.label)).toEqual(['Answer here']);
		const page = await get(links[0].url);
		expect(page.html).toContain('<title>Delivery note</title>');
		expect(page.html).toContain('<textarea id="field-0" name="field-0" required>');
		expect(page.html).toContain('<button type="submit">Send</button>');
		// An empty answer is refused on the page, the workflow keeps waiting.
		const empty = await post(links[0].url, { 'field-0': ' ' });
		expect(empty.status).toBe(400);
		expect(empty.html).toContain('Please fill this in.');
		expect((await n8n.executions(workflowId))[0].status).toBe('waiting');
		await post(links[0].url, { 'field-0': 'Leave it at the door <b>please</b>' });
		const { output } = await finishedOutput(workflowId);
		expect(output.Ask).toEqual([{ data: { text: 'Leave it at the door <b>please</b>', respondedAt: expect.any(String) } }]);
	});

	it('custom form: text, number, email and dropdown fields; answers under data by label', async () => {
		const { workflowId, links } = await ask({
			responseType: 'customForm',
			formFields: {
				values: [
					{ fieldLabel: 'Order number', fieldType: 'number', requiredField: true },
					{ fieldLabel: 'Email', fieldType: 'email' },
					{ fieldLabel: 'Size', fieldType: 'dropdown', fieldOptions: 'S\nM\nL', requiredField: true },
					{ fieldLabel: 'Name', fieldType: 'text' },
				],
			},
		});
		const page = await get(links[0].url);
		expect(page.html).toContain('<input type="number" step="any" id="field-0" name="field-0" required');
		expect(page.html).toContain('<option value="M">M</option>');
		const wrong = await post(links[0].url, { 'field-0': 'abc', 'field-1': 'x', 'field-2': 'XL' });
		expect(wrong.status).toBe(400);
		expect(wrong.html).toContain('Please enter a number.');
		await post(links[0].url, { 'field-0': '1042', 'field-1': 'ann@example.com', 'field-2': 'M', 'field-3': 'Ann' });
		const { output } = await finishedOutput(workflowId);
		expect(output.Ask).toEqual([
			{ data: { 'Order number': 1042, Email: 'ann@example.com', Size: 'M', Name: 'Ann', respondedAt: expect.any(String) } },
		]);
	});

	it('timeout: the workflow resumes with data.timedOut, and the link then shows a clear page', async () => {
		const { workflowId, links } = await ask({
			options: { limitWaitTime: { values: { limitType: 'afterTimeInterval', resumeAmount: 2, resumeUnit: 'seconds' } } },
		});
		// n8n's wait tracker looks for due executions once a minute.
		const { status, output } = await finishedOutput(workflowId);
		expect(status).toBe('success');
		const timedOut = { data: { timedOut: true }, question: { id: expect.any(String), text: 'Confirm your order?' } };
		expect(output.Ask).toEqual([timedOut]);
		expect(output.Sink).toEqual([timedOut]);
		const late = await get(links[0].url);
		expect(late.status).toBe(200);
		expect(late.html).toMatch(/No action required/i);
	});

	it('example "order confirmation": Chromium at 390 px fills in the form, the reply quotes the order number', async () => {
		const nodes = orderConfirmationExample.nodes.map((node) =>
			'credentials' in node ? { ...node, credentials: { infobipTikTokApi: e2e.credential } } : node,
		);
		const { id, url } = await n8n.createActiveWorkflow({ ...orderConfirmationExample, nodes });
		const message = inbound('where is my parcel?', 'shopper');
		message.receivedAt = new Date().toISOString().replace('Z', '+0000');
		await fetch(url!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body([message]) });
		await executionWithStatus(id, 'waiting');
		const [question] = standIn.sentMessages();
		const link = /^Enter your order number: (http\S+)$/m.exec(question.content.text)![1];

		const browser = await launchChromium();
		try {
			const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
			const blocked: string[] = [];
			page.on('console', (entry: ConsoleMessage) => {
				if (entry.type() === 'error') blocked.push(entry.text());
			});
			await page.goto(link);
			expect(await page.title()).toBe('Your order');
			// Nothing is wider than the phone, and the button is big enough for a thumb.
			expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
			const button = (await page.locator('button').boundingBox())!;
			expect(button.width).toBeGreaterThan(300);
			expect(button.height).toBeGreaterThanOrEqual(44);
			await page.screenshot({ path: artifactPath(`send-and-wait-form-${version}.png`), fullPage: true });

			// The browser refuses to send an empty required field.
			await page.click('button');
			expect(await page.title()).toBe('Your order');
			await page.fill('#field-0', '1042');
			await page.selectOption('#field-1', 'Delivery status');
			await Promise.all([page.waitForNavigation(), page.click('button')]);
			expect(await page.textContent('body')).toContain('your answer was recorded');
			await page.screenshot({ path: artifactPath(`send-and-wait-answered-${version}.png`), fullPage: true });
			expect(blocked).toEqual([]);
		} finally {
			await browser.close();
		}

		const { status, output } = await finishedOutput(id);
		expect(status).toBe('success');
		expect(output['Ask For Order Number']).toEqual([
			{ data: { 'Order number': 1042, 'What do you need': 'Delivery status', respondedAt: expect.any(String) } },
		]);
		const reply = standIn.sentMessages()[1];
		expect(reply.destinations).toEqual([{ to: 'shopper', messageId: expect.any(String) }]);
		expect(reply.content.text).toBe('Thank you! We are looking at order 1042 (Delivery status) and will answer here shortly.');
	});
	it('example "order confirmation" run again in the editor on pinned data: the question is skipped (Send Once), the run ends quietly', async () => {
		// What "Execute workflow" sends for a saved workflow whose trigger has pinned data (a test run; no webhook).
		const message = inbound('where is my parcel?', 'pinned-shopper');
		message.receivedAt = new Date().toISOString().replace('Z', '+0000');
		const nodes = orderConfirmationExample.nodes.map((node) =>
			'credentials' in node ? { ...node, credentials: { infobipTikTokApi: e2e.credential } } : node,
		);
		const pinData = { 'Infobip TikTok Trigger': [{ json: { event: 'message', ...flattenMessage(message as unknown as InboundMessageResult) } }] };
		const workflow = await n8n.createWorkflow({ ...orderConfirmationExample, name: 'Order confirmation, pinned', nodes, pinData });
		const run = async () => {
			const start = { triggerToStartFrom: { name: 'Infobip TikTok Trigger' } };
			// n8n 2.8 runs the workflow sent with the request; 2.41 the saved one.
			const body = version.startsWith('2.8.') ? { ...start, workflowData: await n8n.api('GET', `/workflows/${workflow.id}`) } : start;
			await n8n.api('POST', `/workflows/${workflow.id}/run`, body);
		};

		await run();
		await executionWithStatus(workflow.id, 'waiting');
		expect(standIn.sentMessages()).toHaveLength(1);
		await run();
		// The first run still waits for its answer; the second one must finish.
		const started = Date.now();
		let second: { id: string; status: string } | undefined;
		while (!second) {
			const executions = await n8n.executions(workflow.id);
			second = executions.length >= 2 ? executions.find((entry) => !['new', 'running', 'waiting'].includes(entry.status)) : undefined;
			if (!second && Date.now() - started > 60_000) throw new Error(`The second run did not finish: ${JSON.stringify(executions)}`);
			await sleep(200);
		}
		const { status, output, error } = await n8n.executionOutput(second.id);
		expect(error).toBeUndefined();
		expect(status).toBe('success');
		expect(output['Ask For Order Number']).toEqual([expect.objectContaining({ skipped: true })]);
		expect(output['Asked Before: Nothing To Do']).toEqual([expect.objectContaining({ skipped: true })]);
		expect(output['Reply With The Result']).toBeUndefined();
		expect(standIn.sentMessages()).toHaveLength(1);
	});
});
