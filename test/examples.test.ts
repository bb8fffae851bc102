/**
 * The AI auto-reply example as a person imports it: the agent remembers each TikTok conversation, and the nodes
 * after the agent read the conversation's identifiers from the trigger (the agent's item holds only its answer).
 */
import aiAutoReply from '../examples/tiktok-ai-auto-reply.json';

type ExampleNode = { name: string; type: string; parameters: Record<string, unknown> };
const nodes = aiAutoReply.nodes as ExampleNode[];
const connections = aiAutoReply.connections as Record<string, Record<string, Array<Array<{ node: string }>>>>;
const node = (name: string) => nodes.find((candidate) => candidate.name === name)!;
const FROM_TRIGGER = (field: string) => `={{ $('Infobip TikTok Trigger').item.json.${field} }}`;

describe('AI auto-reply example', () => {
	it("keeps the agent's memory per TikTok conversation", () => {
		const memory = nodes.find((candidate) => candidate.type === '@n8n/n8n-nodes-langchain.memoryBufferWindow')!;
		expect(memory.parameters).toMatchObject({ sessionIdType: 'customKey', sessionKey: FROM_TRIGGER('conversationId') });
		expect(connections[memory.name].ai_memory[0]).toEqual([expect.objectContaining({ node: 'AI Agent' })]);
	});

	it('answers after the agent with the identifiers of the trigger, once per inbound message', () => {
		const [[{ node: reply }]] = connections['AI Agent'].main;
		expect(node(reply).parameters).toMatchObject({
			operation: 'sendText',
			businessAccountId: FROM_TRIGGER('businessAccountId'),
			recipient: FROM_TRIGGER('conversationId'),
			text: '={{ $json.output }}',
			sendOnceKey: FROM_TRIGGER('messageId'),
		});
	});
});
