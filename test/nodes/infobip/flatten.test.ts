import type { IDataObject } from 'n8n-workflow';

import {
	classifyResult,
	flattenDelivery,
	flattenLog,
	flattenMessage,
	flattenOther,
	flattenResult,
	flattenSeen,
} from '../../../nodes/infobip/flatten';
import type { InboundMessageResult } from '../../../nodes/infobip/types';
import {
	BUSINESS,
	USER,
	deliveryReport,
	inbound,
	messages,
	referral,
	seenReport,
} from '../../fixtures/webhooks';
import { schemaLeafPaths, webhookExampleResults } from '../../support/openapi';

const MESSAGE_KEYS = [
	'event', 'messageId', 'userId', 'businessAccountId', 'type', 'conversationId', 'receivedAt', 'replyBefore',
	'text',
	'mediaUrl', 'postUrl', 'inReplyToMessageId', 'reactionAction', 'reactionType', 'emoji', 'aiEmojiUrl',
	'referralSource', 'ref', 'prefilledMessage', 'prefilledMessageAuditStatus', 'adId', 'adName',
	'advertiserId', 'creativeId', 'adPostUrl', 'pairedMessageId', 'callbackData', 'keyword', 'entityId',
	'applicationId', 'price', 'currency',
];
const STATUS_KEYS = [
	'status', 'statusId', 'statusGroupId', 'statusName', 'statusDescription', 'statusAction',
	'errorId', 'errorGroupId', 'errorGroupName', 'errorName', 'errorDescription', 'errorPermanent',
];
const DELIVERY_KEYS = [
	'event', 'messageId', 'userId', 'businessAccountId', 'bulkId', ...STATUS_KEYS, 'sentAt', 'doneAt',
	'messageCount', 'mccMnc', 'callbackData', 'campaignReferenceId', 'entityId', 'applicationId', 'price',
	'currency',
];
const LOG_KEYS = [
	'messageId', 'bulkId', 'userId', 'businessAccountId', 'sentAt', 'doneAt', ...STATUS_KEYS, 'messageCount',
	'contentType', 'text', 'replyToMessageId', 'mediaUrl', 'postId', 'campaignReferenceId', 'entityId',
	'applicationId', 'price', 'currency',
];
const SEEN_KEYS = [
	'event', 'messageId', 'userId', 'businessAccountId', 'sentAt', 'seenAt', 'campaignReferenceId',
	'entityId', 'applicationId',
];

const message = (result: unknown) => flattenMessage(result as InboundMessageResult);

describe('classifyResult', () => {
	it('tells the three webhook kinds apart by shape', () => {
		expect(classifyResult(messages.text)).toBe('message');
		expect(classifyResult(deliveryReport)).toBe('delivery');
		expect(classifyResult(seenReport)).toBe('seen');
	});

	// Infobip's DeliveryReport and SeenReport schemas require no field at all.
	it.each([
		['error', { messageId: 'x', error: { id: 0, name: 'NO_ERROR' } }],
		['doneAt', { messageId: 'x', doneAt: '2026-11-28T10:00:01.000+0000' }],
		['bulkId', { messageId: 'x', bulkId: 'b' }],
		['messageCount', { messageId: 'x', messageCount: 1 }],
		['mccMnc', { messageId: 'x', mccMnc: '21901' }],
		['platform', { messageId: 'x', platform: { entityId: 'e' } }],
	])('recognises a delivery report without status by its %s', (_field, result) => {
		expect(classifyResult(result)).toBe('delivery');
		expect(flattenDelivery(result)).toMatchObject({ event: 'delivery', messageId: 'x', status: null });
	});

	it('recognises a seen report by seenAt, or by from (only seen reports have it)', () => {
		expect(classifyResult({ seenAt: '2026-11-28T10:00:05.000+0000' })).toBe('seen');
		expect(classifyResult({ messageId: 'x', from: BUSINESS, to: USER })).toBe('seen');
	});

	it('ranks message over seen over delivery when fields of several kinds meet', () => {
		expect(classifyResult({ ...deliveryReport, ...seenReport, message: { type: 'TEXT' } })).toBe('message');
		expect(classifyResult({ ...deliveryReport, seenAt: '2026-11-28T10:00:05.000+0000' })).toBe('seen');
	});

	it('calls everything else other: no known field, fields shared with inbound messages, a message that is not an object', () => {
		expect(classifyResult({ messageId: 'x', something: 1 })).toBe('other');
		expect(classifyResult({ messageId: 'x', sender: USER, to: BUSINESS, price: { currency: 'EUR' } })).toBe('other');
		expect(classifyResult({ message: 'not an object' })).toBe('other');
		expect(classifyResult({})).toBe('other');
	});
});

describe('flattenOther', () => {
	it('keeps the result untouched under raw, with its text ids beside it', () => {
		const result = { messageId: 'm-1', bulkId: 'b-1', accountId: 7, kind: 'CALL', nested: { fooId: 'n' } };
		expect(flattenOther(result)).toEqual({ event: 'other', messageId: 'm-1', bulkId: 'b-1', raw: result });
		expect(flattenResult('other', {})).toEqual({ event: 'other', raw: {} });
	});
});

/** A result with every leaf field of a tiktok.json schema set to a value of its own. */
function everyField(schemaName: string): { result: IDataObject; values: string[] } {
	const result: IDataObject = {};
	const values: string[] = [];
	for (const path of schemaLeafPaths(schemaName)) {
		const parts = path.split('.');
		let target = result;
		for (const part of parts.slice(0, -1)) target = (target[part] ??= {}) as IDataObject;
		const value = `value of ${path}`;
		target[parts[parts.length - 1]] = value;
		values.push(value);
	}
	return { result, values };
}

describe('no field of the OpenAPI schemas is dropped', () => {
	it.each([
		['DeliveryReport', (result: IDataObject) => flattenDelivery(result)],
		['SeenReport', (result: IDataObject) => flattenSeen(result)],
		['LogTikTokOutboundMessageContent', (result: IDataObject) => flattenLog(result)],
	])('every field of %s reaches the item', (schemaName, flatten) => {
		const { result, values } = everyField(schemaName);
		const item = flatten(result);
		const missing = values.filter((value) => !Object.values(item).includes(value));
		expect(missing).toEqual([]);
	});

	it('names status and error fields alike in delivery and log items', () => {
		const status = { groupId: 3, groupName: 'DELIVERED', id: 5, name: 'DELIVERED_TO_HANDSET', description: 'd', action: 'a' };
		const error = { groupId: 0, groupName: 'OK', id: 0, name: 'NO_ERROR', description: 'No Error', permanent: false };
		const expected = {
			status: 'DELIVERED', statusId: 5, statusGroupId: 3, statusName: 'DELIVERED_TO_HANDSET', statusDescription: 'd',
			statusAction: 'a', errorId: 0, errorGroupId: 0, errorGroupName: 'OK', errorName: 'NO_ERROR',
			errorDescription: 'No Error', errorPermanent: false, messageCount: 2,
		};
		expect(flattenDelivery({ status, error, messageCount: 2 })).toMatchObject(expected);
		expect(flattenLog({ status, error, messageCount: 2 })).toMatchObject(expected);
	});
});

describe('flattenMessage', () => {
	it('gives every message type exactly the same keys, absent values as null', () => {
		for (const result of Object.values(messages)) {
			const item = message(result);
			expect(Object.keys(item)).toEqual(MESSAGE_KEYS);
			expect(Object.values(item)).not.toContain(undefined);
		}
	});

	it('flattens a text message', () => {
		expect(message(messages.text)).toMatchObject({
			event: 'message',
			messageId: 'a28dd97c-1ffb-4fcf-99f1-0b557ed381da',
			userId: USER,
			businessAccountId: BUSINESS,
			type: 'TEXT',
			conversationId: USER,
			receivedAt: '2019-11-09T16:00:00.000+0000',
			replyBefore: '2019-11-11T16:00:00.000Z',
			text: 'Hello!',
			mediaUrl: null,
			postUrl: null,
			inReplyToMessageId: null,
			referralSource: null,
			adId: null,
			price: 0,
			currency: 'EUR',
		});
	});

	it('keeps the id of the message the user answered', () => {
		expect(message(messages.textReply).inReplyToMessageId).toBe('out-1');
	});

	it('flattens an image and a shared post', () => {
		expect(message(messages.image)).toMatchObject({ type: 'IMAGE', mediaUrl: 'https://cdn.example.com/img.jpg', postUrl: null });
		expect(message(messages.sharePost)).toMatchObject({
			type: 'SHARE_POST',
			postUrl: 'https://www.tiktok.com/embed/v2/7300000000000000002',
			adPostUrl: null,
			mediaUrl: null,
		});
	});

	it('flattens emoji and AI emoji reactions', () => {
		expect(message(messages.reaction)).toMatchObject({
			reactionAction: 'ADDED',
			reactionType: 'EMOJI',
			emoji: '❤️',
			aiEmojiUrl: null,
			inReplyToMessageId: 'out-2',
		});
		expect(message(messages.aiReaction)).toMatchObject({
			reactionAction: 'REMOVED',
			reactionType: 'AI_EMOJI',
			emoji: null,
			aiEmojiUrl: 'https://cdn.example.com/ai-emoji.png',
		});
	});

	const adFields = {
		referralSource: 'AD',
		adId: '1790000000000001',
		adName: 'Winter sale',
		advertiserId: '7000000000000000042',
		creativeId: '1790000000000777',
		adPostUrl: 'https://www.tiktok.com/@shop/video/7300000000000000001',
	};

	it('fills the ad fields from a standalone REFERRAL_AD message', () => {
		const item = message(messages.referralAd);
		expect(item).toMatchObject({ ...adFields, type: 'REFERRAL_AD', postUrl: null, ref: null, text: null });
	});

	it('fills the same ad fields from a referral nested in a text message', () => {
		const item = message(messages.textWithAdReferral);
		expect(item).toMatchObject({
			...adFields,
			type: 'TEXT',
			text: 'Is this still on?',
			ref: 'winter-sale',
			prefilledMessageAuditStatus: 'PASS',
			postUrl: null,
		});
	});

	it('fills the TikTok.me link fields from both shapes', () => {
		expect(message(messages.referralShortLink)).toMatchObject({
			referralSource: 'SHORT_LINK',
			ref: 'winter-sale',
			prefilledMessage: 'I want the winter deal',
			prefilledMessageAuditStatus: 'PASS',
			adId: null,
		});
		expect(message(messages.textWithShortLinkReferral)).toMatchObject({
			referralSource: 'SHORT_LINK',
			ref: 'bio-link',
			prefilledMessageAuditStatus: 'REJECT',
			prefilledMessage: null,
		});
	});

	it('reads a referral nested in an image or a shared post', () => {
		const image = message(inbound({ type: 'IMAGE', mediaUrl: 'https://x/y.png', referral }));
		const post = message(inbound({ type: 'SHARE_POST', embedUrl: 'https://www.tiktok.com/embed/1', referral }));
		expect(image).toMatchObject(adFields);
		expect(post).toMatchObject({ ...adFields, postUrl: 'https://www.tiktok.com/embed/1' });
	});

	it('falls back to the sender when the conversation id is absent', () => {
		const result = inbound({ type: 'TEXT', text: 'hi' });
		delete (result.message as Record<string, unknown>).conversationId;
		expect(message(result).conversationId).toBe(USER);
		const other = inbound({ type: 'TEXT', text: 'hi', conversationId: 'conv-9' });
		expect(message(other).conversationId).toBe('conv-9');
	});

	it('passes a message type nobody knows yet with the common fields', () => {
		const item = message(inbound({ type: 'VOICE_NOTE', durationSeconds: 3 }));
		expect(item).toMatchObject({ event: 'message', type: 'VOICE_NOTE', userId: USER, businessAccountId: BUSINESS, text: null });
		expect(Object.keys(item)).toEqual(MESSAGE_KEYS);
	});

	it('copies the optional top-level fields', () => {
		const item = message(
			inbound(
				{ type: 'TEXT', text: 'x' },
				{ pairedMessageId: 'p-1', callbackData: 'cb', keyword: 'KW', entityId: 'e', applicationId: 'a' },
			),
		);
		expect(item).toMatchObject({ pairedMessageId: 'p-1', callbackData: 'cb', keyword: 'KW', entityId: 'e', applicationId: 'a' });
	});

	it('survives a result with only a message object', () => {
		const item = message({ message: {} });
		expect(Object.keys(item)).toEqual(MESSAGE_KEYS);
		expect(item).toMatchObject({ messageId: null, userId: null, conversationId: null, type: null, price: null });
	});
});

describe('flattenDelivery and flattenSeen', () => {
	it('flattens a delivery report, user and business account swapped back', () => {
		const item = flattenDelivery(deliveryReport);
		expect(Object.keys(item)).toEqual(DELIVERY_KEYS);
		expect(item).toEqual({
			event: 'delivery',
			messageId: 'a28dd97c-1ffb-4fcf-99f1-0b557ed381da',
			userId: USER,
			businessAccountId: BUSINESS,
			bulkId: 'a28dd97c-2222-4fcf-99f1-0b557ed381da',
			status: 'DELIVERED',
			statusId: 5,
			statusGroupId: 3,
			statusName: 'DELIVERED_TO_HANDSET',
			statusDescription: 'Message delivered to handset',
			statusAction: null,
			errorId: 0,
			errorGroupId: 0,
			errorGroupName: 'OK',
			errorName: 'NO_ERROR',
			errorDescription: 'No Error',
			errorPermanent: false,
			sentAt: '2023-09-26T10:52:15.457+0000',
			doneAt: '2023-09-26T10:52:15.799+0000',
			messageCount: 1,
			mccMnc: null,
			callbackData: 'order-17',
			campaignReferenceId: 'winter',
			entityId: 'promotional-traffic-entity',
			applicationId: 'marketing-automation-application',
			price: 0.01,
			currency: 'EUR',
		});
	});

	it('keeps the key set of a minimal delivery report and log entry', () => {
		const item = flattenDelivery({});
		expect(Object.keys(item)).toEqual(DELIVERY_KEYS);
		expect(item.errorName).toBeNull();
		expect(Object.keys(flattenLog({}))).toEqual(LOG_KEYS);
	});

	it('flattens a seen report', () => {
		const item = flattenSeen(seenReport);
		expect(Object.keys(item)).toEqual(SEEN_KEYS);
		expect(item).toEqual({
			event: 'seen',
			messageId: '45db39c3-7822-4e72-a3ec-c87442c0ffz9',
			userId: USER,
			businessAccountId: BUSINESS,
			sentAt: '2019-11-09T16:00:00.000+0000',
			seenAt: '2019-11-09T16:00:05.000+0000',
			campaignReferenceId: null,
			entityId: 'promotional-traffic-entity',
			applicationId: 'marketing-automation-application',
		});
	});
});

describe("Infobip's own webhook examples", () => {
	it.each([
		['receive-inbound-tiktok-messages', 'message'],
		['receive-outbound-tiktok-message-delivery-reports', 'delivery'],
		['receive-tiktok-seen-reports', 'seen'],
	])('classifies and flattens every example of %s', (webhook, kind) => {
		const results = webhookExampleResults(webhook) as IDataObject[];
		expect(results.length).toBeGreaterThan(0);
		for (const result of results) {
			expect(classifyResult(result)).toBe(kind);
			const item = flattenResult(kind as 'message', result);
			expect(item.messageId).toBe(result.messageId);
			expect(item.userId).toBeTruthy();
			expect(item.businessAccountId).toBeTruthy();
		}
	});
});
