// @ts-check
// Workflows the end-to-end tests, the queue-mode tests and the benchmarks import into n8n.
const crypto = require('crypto');

const TRIGGER = 'n8n-nodes-infobip-tiktok.infobipTikTokTrigger';
const ACTION = 'n8n-nodes-infobip-tiktok.infobipTikTok';

function triggerNode(parameters = {}, credentials = undefined) {
	return {
		id: crypto.randomUUID(),
		name: 'Infobip TikTok Trigger',
		type: TRIGGER,
		typeVersion: 1,
		position: [0, 0],
		webhookId: crypto.randomUUID(),
		parameters,
		...(credentials && { credentials }),
	};
}

function actionNode(name, parameters, credential, position = [300, 0]) {
	return {
		id: crypto.randomUUID(),
		name,
		type: ACTION,
		typeVersion: 1,
		position,
		parameters,
		credentials: { infobipTikTokApi: credential },
	};
}

const link = (to) => ({ main: [[{ node: to, type: 'main', index: 0 }]] });

/** Trigger (messages) -> Send Text answering `conversationId` with the received text. */
function chatbot(credential, { triggerParameters = {}, triggerCredentials, name = 'Chatbot' } = {}) {
	const trigger = triggerNode(triggerParameters, triggerCredentials);
	const reply = actionNode('Reply', { resource: 'message', operation: 'sendText', text: '=You said: {{ $json.text }}' }, credential);
	return {
		webhookId: trigger.webhookId,
		workflow: { name, nodes: [trigger, reply], connections: { [trigger.name]: link(reply.name) } },
	};
}

/**
 * Reply in Chat: Trigger -> Ask (Send and Wait, Reply in Chat, "What is your name?") -> Thanks ("Thanks, <answer>");
 * with `loop`, Thanks leads back to Ask (the same node asks again). The trigger gets the credential when it looks
 * contacts up (Include Contact); `ask` is merged into Ask's parameters.
 * @param {{ id: string, name: string }} credential
 * @param {{ trigger?: Record<string, unknown>, ask?: Record<string, unknown>, loop?: boolean, name?: string }} [options]
 */
function replyInChatWorkflow(credential, { trigger = {}, ask = {}, loop = false, name } = {}) {
	const start = triggerNode(trigger, trigger.includeContact ? { infobipTikTokApi: credential } : undefined);
	const question = actionNode(
		'Ask',
		{ resource: 'message', operation: 'sendAndWait', message: 'What is your name?', responseType: 'replyInChat', ...ask },
		credential,
	);
	const thanks = actionNode('Thanks', { resource: 'message', operation: 'sendText', text: '=Thanks, {{ $json.data.text }}' }, credential, [600, 0]);
	return {
		name: name ?? `Reply in Chat ${crypto.randomUUID().slice(0, 8)}`,
		nodes: [start, question, thanks],
		connections: {
			[start.name]: link(question.name),
			[question.name]: link(thanks.name),
			...(loop && { [thanks.name]: link(question.name) }),
		},
	};
}

/** Trigger -> IF referralSource is set -> Report Conversion. */
function adConversion(credential) {
	const trigger = triggerNode({});
	const gate = {
		id: crypto.randomUUID(),
		name: 'Came From Ad Or Link',
		type: 'n8n-nodes-base.if',
		typeVersion: 2,
		position: [250, 0],
		parameters: {
			conditions: {
				options: { caseSensitive: true, leftValue: '', typeValidation: 'loose' },
				conditions: [
					{
						id: crypto.randomUUID(),
						leftValue: '={{ $json.referralSource }}',
						rightValue: '',
						operator: { type: 'string', operation: 'notEmpty', singleValue: true },
					},
				],
				combinator: 'and',
			},
			options: {},
		},
	};
	const report = actionNode(
		'Report Conversion',
		{ resource: 'conversion', operation: 'report', event: 'SubmitForm', properties: { value: '10', currency: 'EUR' } },
		credential,
		[500, 0],
	);
	return {
		webhookId: trigger.webhookId,
		workflow: {
			name: 'Ad conversions',
			nodes: [trigger, gate, report],
			connections: { [trigger.name]: link(gate.name), [gate.name]: { main: [[{ node: report.name, type: 'main', index: 0 }], []] } },
		},
	};
}

/** A start node -> No Operation ("Sink"): a workflow that only shows what the start node emitted. */
function intoSink(start, name = 'Trigger only') {
	const sink = { id: crypto.randomUUID(), name: 'Sink', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [250, 0], parameters: {} };
	return { name, nodes: [start, sink], connections: { [start.name]: link(sink.name) } };
}

/** n8n's own Webhook node (POST, default options). */
function n8nWebhookNode() {
	return {
		id: crypto.randomUUID(),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: crypto.randomUUID(),
		parameters: { httpMethod: 'POST', path: crypto.randomUUID(), options: {} },
	};
}

/** Trigger with the given parameters -> No Operation. */
function triggerOnly(parameters, credentials) {
	const trigger = triggerNode(parameters, credentials);
	return { webhookId: trigger.webhookId, workflow: intoSink(trigger) };
}

/** An example workflow from examples/ with its credential placeholders replaced by created credentials (by type). */
function withCredentials(example, credentials) {
	const nodes = example.nodes.map((node) =>
		node.credentials
			? { ...node, credentials: Object.fromEntries(Object.keys(node.credentials).map((type) => [type, credentials[type]])) }
			: node,
	);
	return { ...example, nodes };
}

/**
 * examples/tiktok-ai-supervisor-review.json as a person imports it: our credentials (by type), a trigger webhook of
 * its own, `supervisor` as the reviewer; `reviewOptions` replace the review's options (e.g. a short wait limit).
 * @param {Record<string, { id: string, name: string }>} credentials
 * @param {Record<string, unknown>} [reviewOptions]
 */
function supervisorReviewBot(credentials, reviewOptions) {
	const workflow = withCredentials(require('../../examples/tiktok-ai-supervisor-review.json'), credentials);
	const nodes = workflow.nodes.map((/** @type {any} */ node) => {
		if (node.type === TRIGGER) return { ...node, webhookId: crypto.randomUUID() };
		if (node.name !== 'Supervisor Review') return node;
		const options = reviewOptions ?? node.parameters.options;
		return { ...node, parameters: { ...node.parameters, recipient: 'supervisor', options } };
	});
	return { ...workflow, name: `Support bot ${crypto.randomUUID().slice(0, 8)}`, nodes };
}

/**
 * The supervisor-review example without its review: Trigger -> AI Agent whose tool "Send Reply" (Send Text with
 * `$fromAI('reply')`, as a tool of the agent) answers the customer directly. `toolSettings` are merged into the
 * tool node, its `parameters` into the node's (e.g. `{ onError: 'stopWorkflow', parameters: { text: 'Hi' } }`).
 * @param {Record<string, { id: string, name: string }>} credentials
 * @param {Record<string, unknown>} [toolSettings]
 */
function agentReplyBot(credentials, toolSettings = {}) {
	const workflow = supervisorReviewBot(credentials);
	const nodes = workflow.nodes
		.filter((/** @type {any} */ node) => node.name !== 'Supervisor Review')
		.map((/** @type {any} */ node) =>
			node.name === 'Send Reply'
				? { ...node, ...toolSettings, parameters: { ...node.parameters, .../** @type {any} */ (toolSettings).parameters } }
				: node,
		);
	const connections = Object.fromEntries(
		Object.entries(workflow.connections).filter(([from]) => from !== 'Supervisor Review'),
	);
	connections['Send Reply'] = { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] };
	return { ...workflow, name: `Agent replies ${crypto.randomUUID().slice(0, 8)}`, nodes, connections };
}

module.exports = {
	TRIGGER,
	agentReplyBot,
	ACTION,
	withCredentials,
	supervisorReviewBot,
	chatbot,
	replyInChatWorkflow,
	adConversion,
	triggerOnly,
	triggerNode,
	actionNode,
	link,
	intoSink,
	n8nWebhookNode,
};
