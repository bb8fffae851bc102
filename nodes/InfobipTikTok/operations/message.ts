import type { IDataObject, IExecuteFunctions, INodeExecutionData, NodeOperationError } from 'n8n-workflow';

import { randomFillSync } from 'crypto';

import {
	imageContent,
	InvalidField,
	isRefused,
	outboundEvent,
	outboundMessage,
	sendResultItem,
	sharePostContent,
	textContent,
	type MessageInput,
} from '../../infobip/outbound';
import { deliveryTimeWindow, requestLevel, type RequestLevel } from '../../infobip/sendOptions';
import { getBaseUrl, infobipRequest } from '../../infobip/transport';
import type { SendResponse, SendResponseMessage, TikTokOutboundMessage } from '../../infobip/types';
import { DEFAULT_BATCH_SIZE, DEFAULT_PARALLEL_REQUESTS } from '../descriptions/shared';
import { deliver, invalidItem, Refused, type Preparation } from '../deliver';
import { FastParameters, isToolCall, isToolSubNode } from '../parameters';
import { DEFAULT_OUTSIDE_WINDOW, hintOutsideWindow, replyWindowGate } from '../replyWindow';
import { defaultSendKey, sendKey } from '../sendOnce';

export type MessageOperation =
	| 'sendText'
	| 'sendImage'
	| 'sendSharePost'
	| 'sendTypingIndicator'
	| 'markAsRead'
	| 'sendAndWait';

const EVENT_TYPES = { sendTypingIndicator: 'TYPING_INDICATOR', markAsRead: 'MARK_AS_READ' } as const;

export function skipReason(key: string): string {
	return `Not sent: this node already sent an item with the key "${key}" in an earlier execution (Send Once Per Key)`;
}

/** Random bytes for the message IDs, drawn for 256 IDs at a time. */
const RANDOM_BYTES = Buffer.alloc(16 * 256);
let idsDrawn = 256;
const HEX_DIGITS = Buffer.from('0123456789abcdef');
const ID_TEXT = Buffer.alloc(36);

/**
 * A message ID of this node's choosing (the Custom Message ID option wins): a random (version 4) UUID, 36
 * characters. Written as one flat string: crypto's randomUUID() joins 20 pieces, which V8 keeps as a tree of
 * about 20 strings (some 500 bytes per ID, 5 MB for 10,000 items) until the text is first read.
 */
export function newMessageId(): string {
	if (idsDrawn === 256) {
		randomFillSync(RANDOM_BYTES);
		idsDrawn = 0;
	}
	const offset = 16 * idsDrawn++;
	let at = 0;
	for (let i = 0; i < 16; i++) {
		if (i === 4 || i === 6 || i === 8 || i === 10) ID_TEXT[at++] = 0x2d; // '-'
		let byte = RANDOM_BYTES[offset + i];
		if (i === 6) byte = (byte & 0x0f) | 0x40; // version 4
		if (i === 8) byte = (byte & 0x3f) | 0x80; // RFC 4122 variant
		ID_TEXT[at++] = HEX_DIGITS[byte >> 4];
		ID_TEXT[at++] = HEX_DIGITS[byte & 0x0f];
	}
	return ID_TEXT.toString('latin1');
}

/**
 * The item the defaults read (`$json`). As a tool sub-node the node's input is the agent's tool call,
 * while `$json` is still the agent's own item (in a chatbot: the trigger's). A tool call of an agent from
 * version 3 has one input item: the agent's item with the call's arguments and `toolCallId` added.
 */
export function inboundJson(context: IExecuteFunctions, items: INodeExecutionData[], index: number): IDataObject {
	if (isToolSubNode(context)) return (context.getWorkflowDataProxy(index).$json ?? {}) as IDataObject;
	return items[index].json;
}

/**
 * The Send Once key of one item. As an AI Agent tool, every call is a message of its own: the default
 * key is the inbound message plus the call's number in this execution (n8n gives every call of a tool its
 * own run of the node, `$runIndex`, in turn and in parallel), so that a second reply in one agent run goes
 * out, while a retry that runs the same call again (same run) does not repeat a reply already sent.
 */
export function itemSendKey(
	context: IExecuteFunctions,
	custom: unknown,
	json: IDataObject,
	index: number,
): string | undefined {
	const key = sendKey(custom, json);
	if (key === undefined || (custom !== undefined && custom !== null && String(custom) !== '')) return key;
	return isToolCall(context, json) ? `${key}#call-${context.getWorkflowDataProxy(index).$runIndex + 1}` : key;
}

/**
 * Sends texts, images, share posts (`/tiktok/1/messages`) or events (`/tiktok/1/events`) in bulk.
 * Send and Wait for Response passes the text of each item's question as `questionText` (and, for Reply in
 * Chat, the callback data that names the wait).
 */
export async function sendMessages(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	operation: MessageOperation,
	questionText?: (index: number) => string,
	callbackDataFor?: (index: number) => string,
	/** Send and Wait: when the wait ends; a question scheduled at or after it could never be answered. */
	waitTill?: Date,
	/**
	 * Reply in Chat: called with the items about to be sent, once every check passed and before any request;
	 * the items it returns an error for are not sent (their error items instead).
	 */
	beforeSending?: (
		indices: number[],
		sendAtOf: (index: number) => string | null,
	) => Promise<Map<number, NodeOperationError>>,
): Promise<INodeExecutionData[]> {
	const parameters = new FastParameters(this, items);
	const read = {
		businessAccountId: parameters.reader('businessAccountId'),
		recipient: parameters.reader('recipient'),
		text: parameters.reader('text', ''),
		replyToMessageId: parameters.reader('replyToMessageId', ''),
		imageUrl: parameters.reader('imageUrl', ''),
		postId: parameters.reader('postId', ''),
		sendOnceKey: parameters.reader('sendOnceKey', ''),
		validityAmount: parameters.reader('options.validityPeriod'),
		validityUnit: parameters.reader('options.validityPeriodUnit'),
		callbackData: parameters.reader('options.callbackData'),
		deliveryReportUrl: parameters.reader('options.deliveryReportUrl'),
		seenReportUrl: parameters.reader('options.seenReportUrl'),
		campaignReferenceId: parameters.reader('options.campaignReferenceId'),
		entityId: parameters.reader('options.entityId'),
		applicationId: parameters.reader('options.applicationId'),
		messageId: parameters.reader('options.messageId', ''),
		sendAt: parameters.reader('options.sendAt'),
		bulkId: parameters.reader('options.bulkId'),
		speedLimit: parameters.reader('options.sendingSpeedLimit.values'),
		priority: parameters.reader('options.priority'),
		deliveryTimeWindow: parameters.reader('options.deliveryTimeWindow.values'),
		intermediateReport: parameters.reader('options.intermediateReport'),
		deliveryReports: parameters.reader('options.deliveryReports'),
	};
	const sendOnce = this.getNodeParameter('sendOncePerKey', 0, true) as boolean;
	const isEvent = operation === 'sendTypingIndicator' || operation === 'markAsRead';

	const prepare = (index: number): TikTokOutboundMessage => {
		const customId = read.messageId(index);
		const input: MessageInput = {
			businessAccountId: read.businessAccountId(index),
			recipient: read.recipient(index),
			validityAmount: read.validityAmount(index),
			validityUnit: read.validityUnit(index),
			callbackData: callbackDataFor ? callbackDataFor(index) : read.callbackData(index),
			deliveryReportUrl: read.deliveryReportUrl(index),
			seenReportUrl: read.seenReportUrl(index),
			campaignReferenceId: read.campaignReferenceId(index),
			entityId: read.entityId(index),
			applicationId: read.applicationId(index),
			messageId: customId === undefined || customId === null || customId === '' ? newMessageId() : customId,
			...(!isEvent && {
				deliveryTimeWindow: deliveryTimeWindow(read.deliveryTimeWindow(index)),
				intermediateReport: read.intermediateReport(index),
				deliveryReports: read.deliveryReports(index),
			}),
		};
		switch (operation) {
			case 'sendText':
				return outboundMessage(input, textContent(read.text(index), read.replyToMessageId(index)));
			case 'sendImage':
				return outboundMessage(input, imageContent(read.imageUrl(index)));
			case 'sendSharePost':
				return outboundMessage(input, sharePostContent(read.postId(index)));
			case 'sendAndWait':
				return outboundMessage(input, textContent(questionText?.(index), undefined));
			default:
				return outboundEvent(input, EVENT_TYPES[operation]);
		}
	};

	const outsideWindow = isEvent
		? 'send'
		: this.getNodeParameter('options.outsideReplyWindow', 0, DEFAULT_OUTSIDE_WINDOW);

	/** The inbound message each item answers, passed on to the output. */
	const inboundIds: Array<string | null> = [];
	/** Request-level options (schedule, priority) of each item: items of one request share them. */
	const levels: RequestLevel[] = [];
	const zone = this.getTimezone();
	const now = Date.now();
	const preparations: Array<Preparation<TikTokOutboundMessage>> = items.map((_item, index) => {
		try {
			const payload = prepare(index);
			levels[index] = isEvent
				? NO_REQUEST_OPTIONS
				: requestLevel(
						{
							sendAt: read.sendAt(index),
							bulkId: read.bulkId(index),
							speedLimit: read.speedLimit(index),
							priority: read.priority(index),
						},
						zone,
						now,
					);
			const sendAt = levels[index].sendAt;
			if (sendAt && waitTill && sendAt.toMillis() >= waitTill.getTime()) {
				throw new InvalidField(
					'Send At',
					`is not before the end of the wait (Limit Wait Time: ${waitTill.toISOString()}): the workflow would stop waiting before the question goes out`,
				);
			}
			const json = inboundJson(this, items, index);
			inboundIds[index] = defaultSendKey(json) ?? null;
			const gate = replyWindowGate(
				this,
				outsideWindow,
				index,
				json,
				payload,
				inboundIds[index],
				sendAtOf(levels[index]),
				now,
			);
			if (gate) return gate;
			const key = sendOnce ? itemSendKey(this, read.sendOnceKey(index), json, index) : undefined;
			return { prepared: { index, payload, key } };
		} catch (error) {
			return { error: invalidItem(this, index, error) };
		}
	});
	hintOutsideWindow(this, preparations);
	if (beforeSending) {
		const indices = preparations.flatMap((preparation, index) => ('prepared' in preparation ? [index] : []));
		const scheduled = (index: number) => sendAtOf(levels[index]);
		for (const [index, error] of await beforeSending(indices, scheduled)) preparations[index] = { error };
	}
	const inboundOf = new Map<TikTokOutboundMessage, string | null>();
	const levelOf = new Map<TikTokOutboundMessage, RequestLevel>();
	preparations.forEach((preparation, index) => {
		if (!('prepared' in preparation)) return;
		inboundOf.set(preparation.prepared.payload, inboundIds[index]);
		levelOf.set(preparation.prepared.payload, levels[index]);
	});
	const levelFor = (payload: TikTokOutboundMessage) => levelOf.get(payload) ?? NO_REQUEST_OPTIONS;
	const what = isEvent ? 'the event' : 'the message';

	const baseUrl = await getBaseUrl.call(this);
	const path = isEvent ? '/tiktok/1/events' : '/tiktok/1/messages';
	return await deliver(this, {
		preparations,
		batchSize: this.getNodeParameter('options.batchSize', 0, DEFAULT_BATCH_SIZE) as number,
		parallel: this.getNodeParameter('options.parallelRequests', 0, DEFAULT_PARALLEL_REQUESTS) as number,
		sendOnce,
		groupBy: (payload) => levelFor(payload).key,
		oneRequest: (payload) => levelFor(payload).oneRequest,
		send: async (payloads) => {
			// Every payload of one request has the same request-level options (groupBy).
			const level = levelFor(payloads[0]);
			const body: IDataObject = isEvent ? { events: payloads } : { messages: payloads };
			if (level.options) body.options = level.options;
			const response = ((await infobipRequest.call(this, baseUrl, { method: 'POST', path, body })) ??
				{}) as SendResponse;
			const answers = matchAnswers(payloads, response.messages ?? []);
			const bulkId = response.bulkId ?? level.options?.schedule?.bulkId;
			const sendAt = sendAtOf(level);
			return payloads.map((payload, position) => {
				const json = sendResultItem(answers[position], bulkId, payload, inboundOf.get(payload) ?? null, sendAt);
				if (isRefused(answers[position])) {
					return new Refused(
						`Infobip did not accept ${what} (${String(json.status)} ${String(json.statusName)}): ${String(json.statusDescription ?? 'no description')}`,
						json,
					);
				}
				json.skipped = false; // on the item's own new object: no copy of every field per message
				return json;
			});
		},
		skipped: (payload, key) => ({
			...sendResultItem(undefined, undefined, payload, inboundOf.get(payload) ?? null, sendAtOf(levelFor(payload))),
			messageId: null,
			skipped: true,
			skipReason: skipReason(key),
			sendOnceKey: key,
		}),
		uniqueId: { field: 'Custom Message ID', of: (payload) => payload.destinations[0].messageId as string },
		unknownOutcome: (payload) => {
			const messageId = payload.destinations[0].messageId as string;
			return {
				what: `${what} with message ID "${messageId}"`,
				advice: isEvent
					? 'Sending an event again is harmless.'
					: `Look it up with Message Log > Get Many, filter Message ID "${messageId}", before sending it again.`,
				json: { messageId, userId: payload.destinations[0].to },
			};
		},
	});
}

const NO_REQUEST_OPTIONS: RequestLevel = { key: '', oneRequest: false };

/** A scheduled message's Send At as ISO 8601 (UTC), for the output; null for an immediate send. */
function sendAtOf(level: RequestLevel): string | null {
	return level.sendAt ? level.sendAt.toUTC().toISO() : null;
}

/**
 * Infobip's answer for each message of a request. Every message carries a message ID this node chose,
 * so answers are matched by it; an answer without a known ID falls back to its position.
 */
export function matchAnswers(
	payloads: TikTokOutboundMessage[],
	answers: SendResponseMessage[],
): Array<SendResponseMessage | undefined> {
	let byId: Map<string | undefined, SendResponseMessage> | undefined;
	return payloads.map((payload, position) => {
		const messageId = payload.destinations[0].messageId;
		// Infobip answers in request order: the answer at the same position is checked first, and the
		// lookup by ID is only built when one is out of place.
		if (answers[position]?.messageId === messageId && messageId) return answers[position];
		byId ??= new Map(answers.filter((answer) => answer.messageId).map((answer) => [answer.messageId, answer]));
		return byId.get(messageId) ?? answers[position];
	});
}
