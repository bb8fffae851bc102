import type {
	IDataObject,
	IHookFunctions,
	INodeParameters,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { holdsExpression } from '../shared/expressions';
import { attachContacts } from './contact';
import { answerWaitingQuestions, type ConversationAnswers } from './conversations';
import { recentKeysFor } from './dedupe';
import { readResults, redeliveryKey, selectEvents } from './events';
import type { EventKind } from '../infobip/flatten';
import {
	createRegistration,
	deleteRegistration,
	hasRegistrationSecret,
	REGISTERING_VERSION,
	registrationEnabled,
	registrationExists,
	searchForwardings,
} from './registration';
import { isAuthorized, testWebhookCredential, type WebhookAuthentication } from './webhookAuth';

export const INBOUND_MESSAGE_TYPES = [
	{ name: 'Image', value: 'IMAGE' },
	{ name: 'Reaction', value: 'REACTION' },
	{ name: 'Referral: Direct Messaging Ad', value: 'REFERRAL_AD' },
	{ name: 'Referral: TikTok.me Link', value: 'REFERRAL_SHORT_LINK' },
	{ name: 'Share Post', value: 'SHARE_POST' },
	{ name: 'Text', value: 'TEXT' },
];

/** The choices of Trigger On; the canvas subtitle shows their names. */
export const TRIGGER_EVENTS: Array<{ name: string; value: EventKind; description: string }> = [
	{ name: 'Delivery Reports', value: 'delivery', description: 'Delivery status of messages you sent' },
	{ name: 'Messages', value: 'message', description: 'Inbound messages from TikTok users' },
	{
		name: 'Other Events',
		value: 'other',
		description:
			'Results that are none of the above (for example a kind Infobip adds later), passed on untouched under "raw"',
	},
	{ name: 'Seen Reports', value: 'seen', description: 'A user has seen a message you sent' },
];

const EVENT_NAMES = JSON.stringify(Object.fromEntries(TRIGGER_EVENTS.map(({ value, name }) => [value, name])));

/** A parameter's value, through n8n's expression engine only when it holds an expression. */
function parameter<T>(this: IWebhookFunctions, parameters: INodeParameters, name: string, fallback: T): T {
	const raw = parameters[name];
	if (raw === undefined) return fallback;
	return holdsExpression(raw) ? (this.getNodeParameter(name, fallback) as T) : (raw as T);
}

/** Ends the request with an error status and starts no execution. */
function reject(this: IWebhookFunctions, status: number, error: string): IWebhookResponseData {
	this.getResponseObject().status(status).json({ error });
	return { noWebhookResponse: true };
}

export class InfobipTikTokTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Infobip TikTok Trigger',
		name: 'infobipTikTokTrigger',
		icon: { light: 'file:../../icons/infobip-tiktok.svg', dark: 'file:../../icons/infobip-tiktok.dark.svg' },
		group: ['trigger'],
		// 1.1: Register in Infobip is on by default. Nodes saved as version 1 keep it off until turned on.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: `={{ $parameter["events"].map((event) => (${EVENT_NAMES})[event] || event).join(", ") }}`,
		// n8n shows the trigger's description for the app's one entry in the nodes panel (trigger and actions
		// merged, also in "What happens next?"), so it describes both nodes.
		description: 'Receive and answer TikTok direct messages through Infobip',
		defaults: { name: 'Infobip TikTok Trigger' },
		eventTriggerDescription:
			'Point your Infobip notification profile at the Test URL, then write to your business account on TikTok',
		activationMessage:
			'Infobip can now reach this workflow at its Production URL: point your notification profile there.',
		triggerPanel: {
			header: 'Receive TikTok messages and reports from Infobip',
			executionsHelp: {
				inactive:
					"<b>While building your workflow</b>, point your Infobip notification profile at this node's Test URL, click <b>Execute step</b>, then write to your business account on TikTok. The event shows up in this editor.<br /><br /><b>Once you're happy with your workflow</b>, point the profile at the Production URL and publish the workflow. Its executions show up in the executions list, not in the editor.",
				active:
					"<b>While building your workflow</b>, point your Infobip notification profile at this node's Test URL, click <b>Execute step</b>, then write to your business account on TikTok.<br /><br /><b>Your workflow is published</b>: events that Infobip sends to the Production URL start it automatically. Those executions show up in the executions list, not in the editor.",
			},
		},
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'infobipTikTokWebhookBasicAuthApi',
				required: true,
				testedBy: 'testWebhookCredential',
				displayOptions: { show: { authentication: ['basicAuth'] } },
			},
			{
				name: 'infobipTikTokWebhookHeaderAuthApi',
				required: true,
				testedBy: 'testWebhookCredential',
				displayOptions: { show: { authentication: ['headerAuth'] } },
			},
			{
				name: 'infobipTikTokWebhookHmacApi',
				required: true,
				testedBy: 'testWebhookCredential',
				displayOptions: { show: { authentication: ['hmacSignature'] } },
			},
			{
				// For Register in Infobip and the People lookups of Include Contact; nothing else needs it.
				name: 'infobipTikTokApi',
				required: false,
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				// n8n answers 200 with an empty body at once; without this it would send the literal "firstEntryJson".
				responseData: 'noData',
				path: 'webhook',
			},
		],
		properties: [
			{
				displayName:
					"In Infobip (Developer Tools > Subscriptions Management), subscribe a notification profile to TikTok events. While building, give it this node's Test URL, click 'Execute step' and write to your business account on TikTok. Once it works, give the profile the Production URL and publish this workflow.",
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Register in Infobip',
				name: 'registerInInfobip',
				type: 'boolean',
				default: true,
				description:
					'Whether publishing tells Infobip to forward the business account\'s messages to this workflow, and listening for a test event to the Test URL while it listens (what was there is put back). Needs an Infobip TikTok API credential in this node, with the scope numbers:manage.',
				displayOptions: { show: { '@version': [{ _cnd: { gte: REGISTERING_VERSION } }] } },
			},
			{
				displayName: 'Register in Infobip',
				name: 'registerInInfobip',
				type: 'boolean',
				default: false,
				description:
					'Whether publishing tells Infobip to forward the business account\'s messages to this workflow, and listening for a test event to the Test URL while it listens (what was there is put back). Needs an Infobip TikTok API credential in this node, with the scope numbers:manage.',
				displayOptions: { show: { '@version': [{ _cnd: { lt: REGISTERING_VERSION } }] } },
			},
			{
				displayName:
					"Publishing points Infobip's forwarding for this business account at the Production URL (with a secret: calls without it get 401); Execute step points it at the Test URL while listening, then puts back what was there. Needs an Infobip TikTok API credential above. <a href=\"https://github.com/n8n-nodes-infobip-tiktok/n8n-nodes-infobip-tiktok/blob/main/docs/registration.md\">More, and delivery reports</a>",
				name: 'registrationNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { registerInInfobip: [true] } },
			},
			{
				displayName: 'Business Account ID',
				name: 'businessAccountId',
				type: 'resourceLocator',
				// Not marked required: without an API credential nothing is registered, and n8n would refuse to
				// listen for a test event while a required field is empty. Publishing checks it instead.
				default: { mode: 'id', value: '' },
				description:
					'Your TikTok business account in Infobip (the sender of your replies; the "businessAccountId" of received messages). From List shows where Infobip forwards its messages now.',
				modes: [
					{ displayName: 'ID', name: 'id', type: 'string', placeholder: 'e.g. 7xxxxxxxxxxxxxxxxxx' },
					{
						displayName: 'From List',
						name: 'list',
						type: 'list',
						placeholder: 'Type a business account ID to see its forwarding...',
						typeOptions: { searchListMethod: 'searchForwardings', searchable: true },
					},
				],
				displayOptions: {
					show: { registerInInfobip: [true], '@version': [{ _cnd: { gte: REGISTERING_VERSION } }] },
				},
			},
			{
				displayName: 'Business Account ID',
				name: 'businessAccountId',
				type: 'string',
				default: '',
				placeholder: 'e.g. 7xxxxxxxxxxxxxxxxxx',
				description:
					'Your TikTok business account in Infobip (the sender of your replies; the "businessAccountId" of received messages)',
				displayOptions: {
					show: { registerInInfobip: [true], '@version': [{ _cnd: { lt: REGISTERING_VERSION } }] },
				},
			},
			{
				displayName: 'Keyword',
				name: 'keyword',
				type: 'string',
				default: '',
				description:
					'Only messages that start with this word come here (up to 50 characters). Leave empty for all messages.',
				displayOptions: { show: { registerInInfobip: [true] } },
			},
			{
				displayName: 'Replace Existing Forwarding',
				name: 'replaceExistingForwarding',
				type: 'boolean',
				default: false,
				description:
					'Whether to take over when Infobip already forwards these messages elsewhere. What was there is remembered and put back when you unpublish. Off: publishing fails and names where they go now.',
				displayOptions: { show: { registerInInfobip: [true] } },
			},
			{
				displayName: 'Authentication',
				name: 'authentication',
				type: 'options',
				options: [
					{ name: 'Basic Auth', value: 'basicAuth' },
					{ name: 'Header Auth', value: 'headerAuth' },
					{ name: 'HMAC Signature', value: 'hmacSignature' },
					{ name: 'None', value: 'none' },
				],
				default: 'none',
				description:
					'How to check that a call comes from Infobip: match the security setting of your notification profile',
			},
			{
				displayName:
					"Anyone who knows this node's URL can post events to it and start the workflow. To accept only Infobip's calls, give your notification profile a security setting (Basic, a custom header or HMAC) and choose the same here: Basic Auth, Header Auth or HMAC Signature.",
				name: 'noAuthenticationNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { authentication: ['none'] } },
			},
			{
				displayName: 'Trigger On',
				name: 'events',
				type: 'multiOptions',
				options: TRIGGER_EVENTS,
				default: ['message'],
				required: true,
			},
			{
				displayName: 'Message Types',
				name: 'messageTypes',
				type: 'multiOptions',
				options: INBOUND_MESSAGE_TYPES,
				default: [],
				description:
					'Only start on these inbound message types. Leave empty for all, including types TikTok adds later.',
				displayOptions: { show: { events: ['message'] } },
			},
			{
				displayName: 'Ignore Redeliveries',
				name: 'ignoreRedeliveries',
				type: 'boolean',
				default: true,
				description:
					'Whether to drop an event whose message ID this n8n process has already passed on recently (the last 10,000 per node). Infobip retries deliveries, and the same call can arrive twice.',
			},
			{
				displayName: 'Include Contact',
				name: 'includeContact',
				type: 'boolean',
				default: false,
				description:
					'Whether to add the Infobip People contact of the sender (display name, tags, custom attributes) to message items, under "contact". Costs one People request per different user in each call from Infobip (People allows 5 a second); Infobip gets its answer first, the workflow starts after the lookups, at most 12 seconds later (a lookup People leaves unanswered for 5 seconds gives up, with the reason in "contact.error"). Needs an Infobip TikTok API credential with the people:read scope.',
				displayOptions: { show: { events: ['message'] } },
			},
			{
				displayName: 'Answers to Waiting Questions',
				name: 'conversationAnswers',
				type: 'options',
				options: [
					{
						name: 'Always Start a New Execution',
						value: 'off',
						description: 'Messages never resume a waiting execution',
					},
					{
						name: 'Resume and Start a New Execution',
						value: 'resumeAndStart',
						description: 'The answer continues the execution that asked, and also starts this workflow',
					},
					{
						name: 'Resume the Waiting Execution',
						value: 'resume',
						description: 'The answer continues the execution that asked; it starts no new one',
					},
				],
				default: 'resume',
				description:
					'What a message does when it answers a question of Send and Wait for Response with Reply in Chat. A message whose question is no longer waiting starts a new execution. Answers are found through Infobip\'s pairing with the question; turn on Include Contact to find them without it (the waiting question is kept on the People contact).',
				displayOptions: { show: { events: ['message'] } },
			},
			{
				displayName: 'Include Raw Event',
				name: 'includeRaw',
				type: 'boolean',
				default: false,
				description: 'Whether to add the event exactly as Infobip sent it, under "raw"',
			},
		],
	};

	methods = {
		credentialTest: { testWebhookCredential },
		listSearch: { searchForwardings },
	};

	// With Register in Infobip, publishing (and listening for a test event) sets the business account's
	// inbound forwarding through Infobip's Resources API; otherwise the user sets it up in Infobip.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				if (!registrationEnabled(this.getNode(), this.getNode().parameters.registerInInfobip)) return true;
				return await registrationExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				if (!registrationEnabled(this.getNode(), this.getNode().parameters.registerInInfobip)) return true;
				return await createRegistration.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				// Whatever the option says now: remove what an earlier registration left.
				return await deleteRegistration.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		let answered = false;
		try {
			// Read once per request, without the expression engine (it costs time on every call in n8n 2.41).
			const node = this.getNode();
			const parameters = node.parameters;
			const read = <T>(name: string, fallback: T): T => parameter.call(this, parameters, name, fallback) as T;
			const authentication = read<WebhookAuthentication>('authentication', 'none');
			if (registrationEnabled(node, parameters.registerInInfobip)) {
				// Infobip's forwarding carries the registration's secret; other calls (a notification profile's
				// reports) may still pass the chosen Authentication, but never with None.
				const allowed =
					hasRegistrationSecret.call(this) ||
					(authentication !== 'none' && (await isAuthorized.call(this, authentication)));
				if (!allowed) return reject.call(this, 401, 'Unauthorized');
			} else if (!(await isAuthorized.call(this, authentication))) {
				return reject.call(this, 401, 'Unauthorized');
			}

			const parsed = readResults(this.getBodyData(), this.getRequestObject().rawBody);
			if ('error' in parsed) return reject.call(this, 400, parsed.error);

			const { items, unrecognised } = selectEvents(parsed.results, {
				events: read<EventKind[]>('events', ['message']),
				messageTypes: read<string[]>('messageTypes', []),
				includeRaw: read('includeRaw', false),
			});
			if (unrecognised > 0) {
				this.logger.warn(
					`Infobip TikTok Trigger "${node.name}": ignored ${unrecognised} result(s) that are neither a message, a delivery report nor a seen report; select "Other Events" in Trigger On to receive them`,
				);
			}

			let fresh: IDataObject[] = items;
			if (read('ignoreRedeliveries', true)) {
				const scope = `${this.getWorkflow().id}:${node.id}:${this.getMode()}`;
				const isNew = recentKeysFor(scope).admit(items.map(redeliveryKey));
				fresh = items.filter((_, index) => isNew[index]);
			}

			if (fresh.length === 0) {
				return { webhookResponse: { received: parsed.results.length, started: false } };
			}
			const conversation = await answerWaitingQuestions.call(
				this,
				fresh,
				read<ConversationAnswers>('conversationAnswers', 'resume'),
				read('includeContact', false),
			);
			if (conversation) return conversation;
			if (read('includeContact', false) && fresh.some((item) => item.event === 'message')) {
				// Answer Infobip before the People lookups, so they never delay its 200.
				this.getResponseObject().status(200).end();
				answered = true;
				await attachContacts.call(this, fresh);
				return { noWebhookResponse: true, workflowData: [this.helpers.returnJsonArray(fresh)] };
			}
			return { workflowData: [this.helpers.returnJsonArray(fresh)] };
		} catch (error) {
			// Never let an exception escape into n8n's webhook handler: answer 500 so Infobip retries.
			this.logger.error(`Infobip TikTok Trigger: ${(error as Error).message}`);
			if (answered) return { noWebhookResponse: true };
			return reject.call(this, 500, 'The webhook could not be processed');
		}
	}
}
