/**
 * The AI auto-reply example as a person imports it: the agent remembers each TikTok conversation, and the nodes
 * after the agent read the conversation's identifiers from the trigger (the agent's item holds only its answer).
 */
import adConversions from '../examples/tiktok-ad-conversions.json';
import adTagging from '../examples/tiktok-ad-tagging.json';
import aiAutoReply from '../examples/tiktok-ai-auto-reply.json';
import aiSupervisorReview from '../examples/tiktok-ai-supervisor-review.json';
import conversionReminder from '../examples/tiktok-conversion-reminder.json';
import deliveryFailures from '../examples/tiktok-delivery-failures.json';
import leadQualification from '../examples/tiktok-lead-qualification.json';
import orderConfirmation from '../examples/tiktok-order-confirmation.json';
import queueModeOnce from '../examples/tiktok-queue-mode-once.json';
import statefulChatbot from '../examples/tiktok-stateful-chatbot.json';

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

describe('conversion reminder example', () => {
	const reminderNodes = conversionReminder.nodes as Array<ExampleNode & { webhookId?: string }>;
	const links = conversionReminder.connections as Record<string, Record<string, Array<Array<{ node: string }>>>>;

	it('reports the conversion and schedules the reminder from the same trigger item (which carries replyBefore)', () => {
		const [adBranch] = links['From A Direct Messaging Ad?'].main;
		expect(adBranch.map((entry) => entry.node).sort()).toEqual(['Report Contact Conversion', 'Schedule Reminder']);
		const reminder = reminderNodes.find((candidate) => candidate.name === 'Schedule Reminder')!;
		expect(reminder.parameters).toMatchObject({
			operation: 'sendText',
			recipient: FROM_TRIGGER('conversationId'),
			options: { sendAt: expect.stringMatching(/^=\{\{ \$now\.plus\(/), outsideReplyWindow: 'skip' },
		});
	});

	it('ships no fixed webhook ID: n8n gives each imported copy its own', () => {
		expect(reminderNodes.filter((candidate) => candidate.webhookId !== undefined)).toEqual([]);
	});
});

describe.each([
	['ad conversions', adConversions],
	['ad tagging', adTagging],
	['AI auto-reply', aiAutoReply],
	['AI supervisor review', aiSupervisorReview],
	['conversion reminder', conversionReminder],
	['delivery failures', deliveryFailures],
	['lead qualification', leadQualification],
	['order confirmation', orderConfirmation],
	['queue mode once', queueModeOnce],
	['stateful chatbot', statefulChatbot],
])('example "%s"', (_name, example) => {
	// With the legacy order n8n resumes an AI Agent before its human review has answered (see the README).
	it('runs with the v1 execution order', () => {
		expect(example.settings).toEqual({ executionOrder: 'v1' });
	});

	it('leaves every credential for the person who imports it to pick', () => {
		const credentials = (example.nodes as Array<{ credentials?: Record<string, { id: string }> }>).flatMap((entry) =>
			Object.values(entry.credentials ?? {}),
		);
		expect(credentials.length).toBeGreaterThan(0);
		expect(credentials.map((credential) => credential.id)).toEqual(credentials.map(() => 'REPLACE_ME'));
	});
});

const EXAMPLES = [
	adConversions,
	adTagging,
	aiAutoReply,
	aiSupervisorReview,
	deliveryFailures,
	leadQualification,
	orderConfirmation,
	queueModeOnce,
	statefulChatbot,
] as Array<{ name: string; nodes: Array<ExampleNode & { webhookId?: string; notes?: string }> }>;

describe('examples on import', () => {
	// n8n 2.8.4's and 2.41.1's editor (import from file or URL, paste) give a node with webhooks and no webhookId a
	// new one; n8n 2.41.1's REST API does the same; n8n 2.8.4's REST API and CLI serve such a node at
	// <workflow id>/<node name>/webhook. A webhookId in the file would be everybody's same production path.
	it.each(EXAMPLES.map((example) => [example.name, example] as const))(
		'"%s" ships no webhook ID, so each import gets a path of its own',
		(_name, example) => {
			expect(example.nodes.filter((entry) => 'webhookId' in entry).map((entry) => entry.name)).toEqual([]);
		},
	);

	it('says in the AI examples which model credential to add', () => {
		for (const example of [aiAutoReply, aiSupervisorReview] as typeof EXAMPLES) {
			const models = example.nodes.filter((entry) => entry.type.startsWith('@n8n/n8n-nodes-langchain.lmChat'));
			expect(models.length).toBeGreaterThan(0);
			for (const model of models) expect(model.notes).toMatch(/OpenAI credential.*API key/);
		}
	});
});

describe('order confirmation example', () => {
	const example = orderConfirmation as unknown as { nodes: ExampleNode[]; connections: typeof connections };
	it('goes on to the reply only when the question went out: a question Send Once skipped has no answer', () => {
		const [[gate]] = example.connections['Ask For Order Number'].main;
		const check = example.nodes.find((entry) => entry.name === gate.node)!;
		expect(check.type).toBe('n8n-nodes-base.if');
		expect(JSON.stringify(check.parameters)).toContain('$json.skipped !== true');
		const [[sent], [skipped]] = example.connections[gate.node].main;
		expect(sent.node).toBe('Reply With The Result');
		expect(example.nodes.find((entry) => entry.name === skipped.node)!.type).toBe('n8n-nodes-base.noOp');
	});
});
