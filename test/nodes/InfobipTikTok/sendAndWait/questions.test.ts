/**
 * One answer per question (issue 15): the node asks through n8n-core's real ExecuteContext (signed links,
 * putExecutionToWait) against the stand-in Infobip, then its links are opened through n8n-core's real
 * WebhookContext with the execution data n8n keeps for the wait (the node's waiting input).
 */
import { ExecuteContext, WebhookContext } from 'n8n-core';
import type { IDataObject, INode, INodeExecutionData, INodeParameters, IWebhookData, IWorkflowExecuteAdditionalData } from 'n8n-workflow';
import { createRunExecutionData, Workflow } from 'n8n-workflow';

import { InfobipTikTok } from '../../../../nodes/InfobipTikTok/InfobipTikTok.node';
import { sendAndWaitFields } from '../../../../nodes/InfobipTikTok/sendAndWait/description';
import { DEFAULT_TITLES } from '../../../../nodes/InfobipTikTok/sendAndWait/page';
import { isCurrentQuestion } from '../../../../nodes/InfobipTikTok/sendAndWait/sendAndWait';
import { triggerItems, withStandIn } from '../../../support/action';
import { baseAdditionalData, nodeTypesOf } from '../../../support/n8n';

const nodeType = new InfobipTikTok();
const infobip = withStandIn('questions-key');
const { standIn } = infobip;

let counter = 0;

/** One node in one execution: `ask` runs it once (a loop's round), `open` opens a link of the wait it left. */
function execution(parameters: INodeParameters, timezone?: string) {
	const node: INode = {
		id: `ask-${++counter}`,
		name: 'Ask',
		type: nodeType.description.name,
		typeVersion: 1,
		position: [0, 0],
		parameters: { resource: 'message', operation: 'sendAndWait', sendOncePerKey: false, ...parameters },
		credentials: { infobipTikTokApi: { id: 'c', name: 'c' } },
	};
	const workflow = new Workflow({
		id: `wf-questions-${counter}`,
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes: nodeTypesOf({ [node.type]: nodeType }),
		...(timezone && { settings: { timezone } }),
	});
	const additionalData = () =>
		({ ...baseAdditionalData(infobip.credentials), executionId: '42' }) as unknown as IWorkflowExecuteAdditionalData;
	let waitingInput: INodeExecutionData[] = [];

	return {
		async ask(input: IDataObject[]) {
			const items = input.map((json, index) => ({ json, pairedItem: { item: index } }));
			const executeData = { node, data: { main: [items] }, source: { main: [{ previousNode: 'Input' }] } };
			const runData = createRunExecutionData();
			const context = new ExecuteContext(workflow, node, additionalData(), 'webhook', runData, 0, items, { main: [items] }, executeData, []);
			const output = (await nodeType.execute.call(context)) as INodeExecutionData[][];
			waitingInput = executeData.data.main[0];
			return { output: output[0], waitTill: runData.waitTill };
		},
		async open(url: string, method: 'GET' | 'POST' = 'GET', body: IDataObject = {}) {
			const query = Object.fromEntries(new URL(url).searchParams);
			const response = { status: 200, html: '' };
			const httpResponse = {
				status: (code: number) => ((response.status = code), httpResponse),
				setHeader: () => httpResponse,
				send: (html: string) => ((response.html = html), httpResponse),
			};
			const runData = createRunExecutionData({
				executionData: { nodeExecutionStack: [{ node, data: { main: [waitingInput] }, source: null }] },
			});
			const context = new WebhookContext(
				workflow,
				node,
				{ ...additionalData(), httpRequest: { method, query, body, headers: {}, params: {} }, httpResponse } as unknown as IWorkflowExecuteAdditionalData,
				'webhook',
				{ httpMethod: method, node: node.name, path: '', webhookDescription: nodeType.description.webhooks![0], workflowId: workflow.id } as unknown as IWebhookData,
				[],
				runData,
			);
			const result = await nodeType.webhook.call(context);
			return { ...response, answer: result.workflowData?.[0] };
		},
	};
}

const linksOf = (text: string) => [...text.matchAll(/: (http\S+)$/gm)].map((match) => match[1]);
const lastQuestion = () => standIn.sentMessages().at(-1).content.text as string;

describe('each question has its own links', () => {
	it('in a loop, the first question\'s link does not answer the second; the second\'s does', async () => {
		const loop = execution({ message: '={{ $json.text }}' });
		const [trigger] = triggerItems(1);
		await loop.ask([{ ...trigger, text: 'First question?' }]);
		const first = linksOf(lastQuestion())[0];
		await loop.ask([{ ...trigger, text: 'Second question?' }]);
		const second = linksOf(lastQuestion())[0];
		expect(new URL(first).searchParams.get('question')).not.toBe(new URL(second).searchParams.get('question'));

		const stale = await loop.open(first, 'POST', { confirm: 'approve' });
		expect(stale.answer).toBeUndefined();
		expect(stale.html).toMatch(/earlier question/);
		expect((await loop.open(first)).html).toMatch(/earlier question/);

		const page = await loop.open(second);
		expect(page.html).toContain('<p>Second question?</p>');
		const answered = await loop.open(second, 'POST', { confirm: 'approve' });
		expect(answered.answer).toEqual([{ json: { data: { approved: true, respondedAt: expect.any(String) } }, pairedItem: { item: 0 } }]);
	});

	it('a link of an earlier question to several items does not answer a later question to fewer', async () => {
		const loop = execution({ message: 'Still there?' });
		const [one, two] = triggerItems(2);
		await loop.ask([one, two]);
		const staleSecondItem = linksOf(standIn.sentMessages()[1].content.text)[0];
		expect(new URL(staleSecondItem).searchParams.get('item')).toBe('1');
		await loop.ask([one]);
		const stale = await loop.open(staleSecondItem, 'POST', {});
		expect(stale.answer).toBeUndefined();
		expect(stale.html).toMatch(/earlier question/);
	});

	it('a wait kept without a question id (asked before this check) still takes its signed links', () => {
		expect(isCurrentQuestion(undefined, undefined)).toBe(true);
		expect(isCurrentQuestion(undefined, 'abc')).toBe(true);
		expect(isCurrentQuestion('abc', 'abc')).toBe(true);
		expect(isCurrentQuestion('abc', undefined)).toBe(false);
		expect(isCurrentQuestion('abc', 'abd')).toBe(false);
	});
});

describe('the answer page shows the question', () => {
	it.each([
		['freeText', {}],
		['customForm', { formFields: { values: [{ fieldLabel: 'Size', fieldType: 'text' }] } }],
		['approval', {}],
	])('%s: escaped, above the fields, for the item whose link was opened', async (responseType, extra) => {
		const asking = execution({ message: '={{ $json.text }}', responseType, ...extra });
		const [one, two] = triggerItems(2);
		await asking.ask([
			{ ...one, text: 'Order <b>12</b> & "gift"?\nReply soon' },
			{ ...two, text: 'Order 13?' },
		]);
		const [firstLink] = linksOf(standIn.sentMessages()[0].content.text);
		const html = (await asking.open(firstLink)).html;
		expect(html).toContain('<p>Order &lt;b&gt;12&lt;/b&gt; &amp; &quot;gift&quot;?<br>Reply soon</p>');
		expect(html.indexOf('<p>Order')).toBeLessThan(html.indexOf('<form'));
		expect(html).not.toContain('Order 13');
		const [secondLink] = linksOf(standIn.sentMessages()[1].content.text);
		expect((await asking.open(secondLink)).html).toContain('<p>Order 13?</p>');
	});

	it('the Response Page Title\'s description names the real default titles', () => {
		const options = sendAndWaitFields.find((field) => field.name === 'options')!.options as Array<{ name: string; description?: string }>;
		const title = options.find((option) => option.name === 'responseFormTitle')!;
		expect(title.description).toContain(`"${DEFAULT_TITLES.approval}"`);
		expect(title.description).toContain(`"${DEFAULT_TITLES.form}"`);
	});
});

describe('Limit Wait Time > Max Date and Time', () => {
	const atTime = (maxDateAndTime: string) => ({
		message: 'When?',
		options: { limitWaitTime: { values: { limitType: 'atSpecifiedTime', maxDateAndTime } } },
	});

	it('is read in the workflow\'s time zone', async () => {
		const year = new Date().getUTCFullYear() + 1;
		const { waitTill } = await execution(atTime(`${year}-06-01T09:00:00`), 'America/New_York').ask(triggerItems(1));
		expect(waitTill?.toISOString()).toBe(`${year}-06-01T13:00:00.000Z`);
	});

	it('refuses a time in the past, before asking anybody', async () => {
		await expect(execution(atTime('2020-01-01T09:00:00'), 'Europe/Berlin').ask(triggerItems(1))).rejects.toThrow(
			/Max Date and Time is in the past/,
		);
		expect(standIn.sentMessages()).toHaveLength(0);
	});
});
