/**
 * Options an expression can set to anything: a Batch Size of 0, a Parallel Requests or Maximum Size that is
 * not a number, the same Custom Message ID twice. Each fails with an error naming the item and the field
 * before any request, instead of looping, sending nothing, lifting a limit or mixing up two answers.
 */
import type { INodeParameters } from 'n8n-workflow';

import { InfobipTikTok } from '../../../nodes/InfobipTikTok/InfobipTikTok.node';
import { sendText, triggerItems, withStandIn } from '../../support/action';
import { runNode, type RunOptions } from '../../support/n8n';

const node = new InfobipTikTok();
const infobip = withStandIn('options-key');
const { standIn } = infobip;

let counter = 0;
const run = (parameters: INodeParameters, count: number, options: RunOptions = {}) =>
	runNode(node, parameters, triggerItems(count, `opt-${++counter}`), {
		credentials: infobip.credentials,
		nodeId: `options-${counter}`,
		...options,
	});

describe('option checks before any request', () => {
	it.each([
		['Batch Size', { batchSize: '={{ 0 }}' }, /^Item 0: Batch Size must be a whole number from 1 to 1000, not "0"/],
		['Batch Size', { batchSize: '={{ $json.nothing * 2 }}' }, /^Item 0: Batch Size must be a whole number from 1 to 1000, not "NaN"/],
		['Parallel Requests', { parallelRequests: '={{ $json.nothing * 2 }}' }, /^Item 0: Parallel Requests must be a whole number from 1 to 20, not "NaN"/],
	])('%s %j fails the node before any request', async (_field, options, message) => {
		await expect(run(sendText({ options }), 3, { continueOnFail: true })).rejects.toThrow(message);
		expect(standIn.requests).toHaveLength(0);
	});

	it('Conversion > Report checks Batch Size too', async () => {
		const parameters = { resource: 'conversion', operation: 'report', event: 'SubmitForm', options: { batchSize: 0 } };
		await expect(run(parameters, 1)).rejects.toThrow(/^Item 0: Batch Size must be a whole number/);
		expect(standIn.requests).toHaveLength(0);
	});

	it('two items with the same Custom Message ID: the second fails before any request, naming both items', async () => {
		const parameters = sendText({ sendOncePerKey: false, options: { messageId: '={{ $itemIndex === 2 ? "order-1" : "order-" + $itemIndex }}' } });
		await expect(run(parameters, 3)).rejects.toThrow(/^Item 2: Custom Message ID "order-1" is already item 1's/);
		expect(standIn.requests).toHaveLength(0);

		const { output } = await run(parameters, 3, { continueOnFail: true });
		expect(standIn.sentMessages().map((message: { destinations: Array<{ messageId: string }> }) => message.destinations[0].messageId)).toEqual([
			'order-0',
			'order-1',
		]);
		expect(output.map((item) => item.json.messageId ?? item.json.error)).toEqual([
			'order-0',
			'order-1',
			expect.stringMatching(/^Item 2: Custom Message ID "order-1" is already item 1's/),
		]);
		expect(output[2].pairedItem).toEqual({ item: 2 });
	});

	it('Download Media: a Maximum Size that is not a number fails the item instead of lifting the limit', async () => {
		const parameters = {
			resource: 'message',
			operation: 'downloadMedia',
			mediaUrl: `${standIn.baseUrl}/media/big.png`,
			maxSizeMb: '={{ $json.nothing * 1 }}',
		};
		standIn.files['/media/big.png'] = { body: Buffer.alloc(2 * 1024 * 1024), contentType: 'image/png' };
		await expect(run(parameters, 1)).rejects.toThrow(/^Item 0: Maximum Size \(MB\) must be a number above 0/);
		expect(standIn.requests).toHaveLength(0);
	});
});
