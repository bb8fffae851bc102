/**
 * The node as an AI Agent tool, through n8n-core's own tool path: an agent node asks n8n-core for its tools
 * (getInputConnectionData), gets our node wrapped by createNodeAsTool, and calls it the way an agent does.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeType,
} from 'n8n-workflow';
import { createRunExecutionData, NodeConnectionTypes, Workflow } from 'n8n-workflow';
import { DataDeduplicationService, ExecuteContext } from 'n8n-core';

import { InfobipTikTok } from '../../../nodes/InfobipTikTok/InfobipTikTok.node';
import { flattenMessage } from '../../../nodes/infobip/flatten';
import type { InboundMessageResult } from '../../../nodes/infobip/types';
import { manyTexts } from '../../fixtures/webhooks';
import { InfobipStandIn } from '../../support/infobip-standin';
import { baseAdditionalData, nodeTypesOf, processedData } from '../../support/n8n';

const standIn = new InfobipStandIn({ apiKey: 'tool-key' });
let baseUrl: string;
beforeAll(async () => {
	baseUrl = await standIn.start();
	await DataDeduplicationService.init(processedData);
});
afterAll(async () => await standIn.stop());
beforeEach(() => standIn.reset());

/** What n8n makes of a `usableAsTool` node: the same node, with an AI tool output and no main input. */
const action = new InfobipTikTok();
const toolType: INodeType = {
	description: { ...action.description, name: 'infobipTikTokTool', inputs: [], outputs: [NodeConnectionTypes.AiTool] },
	execute: action.execute,
};

interface CallableTool {
	invoke(args: IDataObject): Promise<string>;
}

/** An agent that answers each item by calling its tool once per text in `say`. */
const agentType: INodeType = {
	description: {
		displayName: 'Agent',
		name: 'agent',
		group: ['transform'],
		version: 1,
		description: 'Calls its tool like an AI Agent',
		defaults: { name: 'Agent' },
		inputs: [NodeConnectionTypes.Main, { type: NodeConnectionTypes.AiTool, displayName: 'Tools' }],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	},
	async execute(this: IExecuteFunctions) {
		const output: INodeExecutionData[] = [];
		const items = this.getInputData();
		for (let index = 0; index < items.length; index++) {
			const [tool] = (await this.getInputConnectionData(NodeConnectionTypes.AiTool, index)) as CallableTool[];
			const answers: unknown[] = [];
			for (const text of items[index].json.say as string[]) answers.push(JSON.parse(await tool.invoke({ text })));
			output.push({ json: { answers } as IDataObject, pairedItem: { item: index } });
		}
		return [output];
	},
};

/** Trigger items -> Agent (with Infobip TikTok as its tool), in one execution of the given mode. */
async function runAgent(items: IDataObject[], { mode = 'webhook', nodeId = 'tool-node' } = {}) {
	const tool: INode = {
		id: nodeId,
		name: 'Send Text Tool',
		type: 'infobipTikTokTool',
		typeVersion: 1,
		position: [0, 200],
		parameters: { resource: 'message', operation: 'sendText', text: "={{ $fromAI('text', 'The reply') }}" },
		credentials: { infobipTikTokApi: { id: 'cred', name: 'Infobip' } },
	};
	const agent: INode = { id: 'agent', name: 'Agent', type: 'agent', typeVersion: 1, position: [0, 0], parameters: {} };
	const workflow = new Workflow({
		id: 'wf-tool',
		nodes: [agent, tool],
		connections: { [tool.name]: { [NodeConnectionTypes.AiTool]: [[{ node: agent.name, type: NodeConnectionTypes.AiTool, index: 0 }]] } },
		active: true,
		nodeTypes: nodeTypesOf({ agent: agentType, infobipTikTokTool: toolType }),
	});
	const input: INodeExecutionData[] = items.map((json, index) => ({ json, pairedItem: { item: index } }));
	const runExecutionData = createRunExecutionData();
	const context = new ExecuteContext(
		workflow,
		agent,
		baseAdditionalData({ infobipTikTokApi: { apiKey: 'tool-key', baseUrl } }),
		mode as 'webhook',
		runExecutionData,
		0,
		input,
		{ main: [input] },
		{ node: agent, data: { main: [input] }, source: { main: [{ previousNode: 'Infobip TikTok Trigger' }] } },
		[],
	);
	const [output] = (await agentType.execute!.call(context)) as INodeExecutionData[][];
	return output.map((item) => item.json.answers as IDataObject[][]);
}

const inbound = (count: number, prefix: string) =>
	manyTexts(count, prefix).map((result) => ({
		...flattenMessage(result as unknown as InboundMessageResult),
		say: ['One moment, please.', 'Here is your answer.'],
	}));

describe('as an AI Agent tool', () => {
	it('two messages in one agent run both go out, to the conversation of the item the agent works on', async () => {
		const [answers] = await runAgent(inbound(1, 'agent'));
		expect(standIn.sentMessages().map((message) => [message.destinations[0].to, message.content.text])).toEqual([
			['user-0', 'One moment, please.'],
			['user-0', 'Here is your answer.'],
		]);
		expect(answers.map((answer) => answer[0].skipped)).toEqual([false, false]);
		expect(answers.map((answer) => answer[0].inboundMessageId)).toEqual(['agent-0', 'agent-0']);
	});

	it('running the same execution again does not repeat the messages already sent', async () => {
		await runAgent(inbound(1, 'again'), { nodeId: 'tool-again' });
		const [answers] = await runAgent(inbound(1, 'again'), { nodeId: 'tool-again' });
		expect(answers.map((answer) => [answer[0].skipped, answer[0].sendOnceKey])).toEqual([
			[true, 'again-0#call-1'],
			[true, 'again-0#call-2'],
		]);
		expect(standIn.sentMessages()).toHaveLength(2);
	});
});

describe('as an AI Agent tool, with several items', () => {
	// Found here: n8n-core 2.41.1 resolves a tool call's expressions at the agent's first item (the tool's input is
	// one item, index 0), so `$json` of a tool answering the agent's second item is the first item's. Kept as a
	// failing test so that it turns up when n8n (or this node) fixes it.
	it.failing('answers each agent item in its own conversation', async () => {
		await runAgent(inbound(2, 'pair'), { nodeId: 'tool-pair' });
		expect(standIn.sentMessages().map((message) => message.destinations[0].to)).toEqual(['user-0', 'user-0', 'user-1', 'user-1']);
	});
});
