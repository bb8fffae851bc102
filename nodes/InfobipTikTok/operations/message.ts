import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import {
	imageContent,
	outboundEvent,
	outboundMessage,
	sendResultItem,
	sharePostContent,
	textContent,
	type MessageInput,
} from '../../infobip/outbound';
import { getBaseUrl, infobipRequest } from '../../infobip/transport';
import type { SendResponse, TikTokOutboundMessage } from '../../infobip/types';
import { DEFAULT_BATCH_SIZE, DEFAULT_PARALLEL_REQUESTS } from '../descriptions/shared';
import { deliver, invalidItem, type Preparation } from '../deliver';
import { FastParameters } from '../parameters';
import { DEFAULT_OUTSIDE_WINDOW, replyWindowGate } from '../replyWindow';
import { sendKey } from '../sendOnce';

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

/**
 * Sends texts, images, share posts (`/tiktok/1/messages`) or events (`/tiktok/1/events`) in bulk.
 * Send and Wait for Response passes the text of each item's question as `questionText`.
 */
export async function sendMessages(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	operation: MessageOperation,
	questionText?: (index: number) => string,
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
		messageId: parameters.reader('options.messageId'),
	};
	const sendOnce = this.getNodeParameter('sendOncePerKey', 0, true) as boolean;
	const isEvent = operation === 'sendTypingIndicator' || operation === 'markAsRead';

	const prepare = (index: number): TikTokOutboundMessage => {
		const input: MessageInput = {
			businessAccountId: read.businessAccountId(index),
			recipient: read.recipient(index),
			validityAmount: read.validityAmount(index),
			validityUnit: read.validityUnit(index),
			callbackData: read.callbackData(index),
			deliveryReportUrl: read.deliveryReportUrl(index),
			seenReportUrl: read.seenReportUrl(index),
			campaignReferenceId: read.campaignReferenceId(index),
			entityId: read.entityId(index),
			applicationId: read.applicationId(index),
			messageId: read.messageId(index),
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

	const preparations: Array<Preparation<TikTokOutboundMessage>> = items.map((item, index) => {
		try {
			const payload = prepare(index);
			const gate = replyWindowGate(this, outsideWindow, index, item.json, payload.destinations[0].to);
			if (gate) return gate;
			const key = sendOnce ? sendKey(read.sendOnceKey(index), item.json) : undefined;
			return { prepared: { index, payload, key } };
		} catch (error) {
			return { error: invalidItem(this, index, error) };
		}
	});

	const baseUrl = await getBaseUrl.call(this);
	const path = isEvent ? '/tiktok/1/events' : '/tiktok/1/messages';
	return await deliver(this, {
		preparations,
		batchSize: this.getNodeParameter('options.batchSize', 0, DEFAULT_BATCH_SIZE) as number,
		parallel: this.getNodeParameter('options.parallelRequests', 0, DEFAULT_PARALLEL_REQUESTS) as number,
		sendOnce,
		send: async (payloads) => {
			const body: IDataObject = isEvent ? { events: payloads } : { messages: payloads };
			const response = ((await infobipRequest.call(this, baseUrl, { method: 'POST', path, body })) ??
				{}) as SendResponse;
			return payloads.map((payload, position) => ({
				...sendResultItem(response.messages?.[position], response.bulkId, payload.destinations[0].to),
				skipped: false,
			}));
		},
		skipped: (payload, key) => ({
			...sendResultItem(undefined, undefined, payload.destinations[0].to),
			skipped: true,
			skipReason: skipReason(key),
			sendOnceKey: key,
		}),
	});
}
