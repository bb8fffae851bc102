import type { IDataObject } from 'n8n-workflow';

import type {
	DeliveryReportResult,
	InboundMessageResult,
	InfobipError,
	InfobipStatus,
	MessageLogResult,
	SeenReportResult,
	TikTokReferral,
} from './types';
import { replyBefore } from './replyWindow';

/** `other`: a result of none of the three known shapes, passed on as it came. */
export type EventKind = 'message' | 'delivery' | 'seen' | 'other';

/**
 * Fields of Infobip's delivery report that neither the seen report nor the inbound message has. The
 * schema requires none of its fields, so any one of them makes a result a delivery report.
 */
const DELIVERY_ONLY_FIELDS = ['status', 'error', 'doneAt', 'bulkId', 'messageCount', 'mccMnc', 'platform'];

/**
 * Infobip sends the three webhook kinds with no type field: they are told apart by shape, in this order:
 * a `message` object makes an inbound message; else `seenAt` (or `from`, which only seen reports have) a
 * seen report; else any delivery-only field a delivery report; anything else is `other`.
 */
export function classifyResult(result: IDataObject): EventKind {
	if (isObject(result.message)) return 'message';
	if (result.seenAt !== undefined || result.from !== undefined) return 'seen';
	if (DELIVERY_ONLY_FIELDS.some((field) => result[field] !== undefined)) return 'delivery';
	return 'other';
}

export function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Absent values become `null` so that every item of one kind has the same keys. */
function orNull<T>(value: T | undefined): T | null {
	return value === undefined ? null : value;
}

function referralSource(type: string | undefined, referral: TikTokReferral): string | null {
	if (type === 'REFERRAL_AD') return 'AD';
	if (type === 'REFERRAL_SHORT_LINK') return 'SHORT_LINK';
	return orNull(referral.sourceType);
}

/**
 * An inbound message as one flat item. Referral data arrives either as a standalone REFERRAL_AD /
 * REFERRAL_SHORT_LINK message or as a `referral` object nested in TEXT, IMAGE or SHARE_POST; both fill
 * the same fields.
 */
export function flattenMessage(result: InboundMessageResult): IDataObject {
	const message = result.message;
	const referral: TikTokReferral = isObject(message.referral) ? message.referral : {};
	const context = isObject(message.context) ? message.context : {};
	const price = isObject(result.price) ? result.price : {};
	const userId = orNull(result.sender);
	return {
		event: 'message',
		messageId: orNull(result.messageId),
		userId,
		businessAccountId: orNull(result.to),
		type: orNull(message.type),
		conversationId: message.conversationId ?? userId,
		receivedAt: orNull(result.receivedAt),
		replyBefore: replyBefore(result.receivedAt),
		text: orNull(message.text),
		mediaUrl: orNull(message.mediaUrl),
		postUrl: message.type === 'SHARE_POST' ? orNull(message.embedUrl) : null,
		inReplyToMessageId: orNull(context.id),
		reactionAction: orNull(message.action),
		reactionType: orNull(message.reactionType),
		emoji: orNull(message.emoji),
		aiEmojiUrl: orNull(message.aiEmojiUrl),
		referralSource: referralSource(message.type, referral),
		ref: orNull(message.ref ?? referral.trackingRef),
		prefilledMessage: orNull(message.prefilledMessage),
		prefilledMessageAuditStatus: orNull(
			message.prefilledMessageAuditStatus ?? referral.sourceStatus,
		),
		adId: orNull(message.adId ?? referral.sourceId),
		adName: orNull(message.adName ?? referral.sourceName),
		advertiserId: orNull(message.advertiserId ?? referral.advertiserId),
		creativeId: orNull(message.messageMaterialId ?? referral.creativeId),
		adPostUrl: message.type === 'REFERRAL_AD' ? orNull(message.embedUrl) : orNull(referral.sourceUrl),
		pairedMessageId: orNull(result.pairedMessageId),
		callbackData: orNull(result.callbackData),
		keyword: orNull(result.keyword),
		entityId: orNull(result.entityId),
		applicationId: orNull(result.applicationId),
		price: orNull(price.pricePerMessage),
		currency: orNull(price.currency),
	};
}

/**
 * Infobip's `status` object as flat fields, named alike in every item kind (send results too). `status` is the
 * status group name (PENDING, DELIVERED, ...), the field users filter on.
 */
export function statusOnlyFields(status: unknown): IDataObject {
	const s: InfobipStatus = isObject(status) ? status : {};
	return {
		status: orNull(s.groupName),
		statusId: orNull(s.id),
		statusGroupId: orNull(s.groupId),
		statusName: orNull(s.name),
		statusDescription: orNull(s.description),
		statusAction: orNull(s.action),
	};
}

/** Infobip's `status` and `error` objects as flat fields, named alike in delivery and log items. */
export function statusFields(status: unknown, error: unknown): IDataObject {
	const e: InfobipError = isObject(error) ? error : {};
	return {
		...statusOnlyFields(status),
		errorId: orNull(e.id),
		errorGroupId: orNull(e.groupId),
		errorGroupName: orNull(e.groupName),
		errorName: orNull(e.name),
		errorDescription: orNull(e.description),
		errorPermanent: orNull(e.permanent),
	};
}

/** A delivery report: here `sender` is our business account and `to` the TikTok user. */
export function flattenDelivery(result: DeliveryReportResult): IDataObject {
	const platform = isObject(result.platform) ? result.platform : {};
	const price = isObject(result.price) ? result.price : {};
	return {
		event: 'delivery',
		messageId: orNull(result.messageId),
		userId: orNull(result.to),
		businessAccountId: orNull(result.sender),
		bulkId: orNull(result.bulkId),
		...statusFields(result.status, result.error),
		sentAt: orNull(result.sentAt),
		doneAt: orNull(result.doneAt),
		messageCount: orNull(result.messageCount),
		mccMnc: orNull(result.mccMnc),
		callbackData: orNull(result.callbackData),
		campaignReferenceId: orNull(result.campaignReferenceId),
		entityId: orNull(platform.entityId),
		applicationId: orNull(platform.applicationId),
		price: orNull(price.pricePerMessage),
		currency: orNull(price.currency),
	};
}

/** A seen report: here `from` is our business account and `to` the TikTok user. */
export function flattenSeen(result: SeenReportResult): IDataObject {
	return {
		event: 'seen',
		messageId: orNull(result.messageId),
		userId: orNull(result.to),
		businessAccountId: orNull(result.from),
		sentAt: orNull(result.sentAt),
		seenAt: orNull(result.seenAt),
		campaignReferenceId: orNull(result.campaignReferenceId),
		entityId: orNull(result.entityId),
		applicationId: orNull(result.applicationId),
	};
}

/**
 * A result of no known shape: never dropped, passed on untouched under `raw`, with its top-level text ids
 * (`messageId`, `bulkId`, ...) beside it so that a workflow can route it.
 */
export function flattenOther(result: IDataObject): IDataObject {
	const ids: IDataObject = {};
	for (const [name, value] of Object.entries(result)) {
		if (/Id$/.test(name) && typeof value === 'string') ids[name] = value;
	}
	return { event: 'other', ...ids, raw: result };
}

export function flattenResult(kind: EventKind, result: IDataObject): IDataObject {
	switch (kind) {
		case 'message':
			return flattenMessage(result as unknown as InboundMessageResult);
		case 'delivery':
			return flattenDelivery(result as unknown as DeliveryReportResult);
		case 'seen':
			return flattenSeen(result as unknown as SeenReportResult);
		case 'other':
			return flattenOther(result);
	}
}

/** A message log entry (`GET /tiktok/1/logs`): `sender` is our business account, `destination` the user. */
export function flattenLog(log: MessageLogResult): IDataObject {
	const content = isObject(log.content) ? log.content : {};
	const platform = isObject(log.platform) ? log.platform : {};
	const price = isObject(log.price) ? log.price : {};
	return {
		messageId: orNull(log.messageId),
		bulkId: orNull(log.bulkId),
		userId: orNull(log.destination),
		businessAccountId: orNull(log.sender),
		sentAt: orNull(log.sentAt),
		doneAt: orNull(log.doneAt),
		...statusFields(log.status, log.error),
		messageCount: orNull(log.messageCount),
		contentType: orNull(content.type),
		text: orNull(content.text),
		replyToMessageId: orNull(content.replyToMessageId),
		mediaUrl: orNull(content.mediaUrl),
		postId: orNull(content.postId),
		campaignReferenceId: orNull(log.campaignReferenceId),
		entityId: orNull(platform.entityId),
		applicationId: orNull(platform.applicationId),
		price: orNull(price.pricePerMessage),
		currency: orNull(price.currency),
	};
}

/** What Simplify keeps of a delivery item (Delivery Report > Get Many): ten fields at most. */
export const SIMPLE_DELIVERY_FIELDS = [
	'messageId', 'bulkId', 'userId', 'businessAccountId', 'status', 'statusDescription', 'errorDescription',
	'errorPermanent', 'doneAt', 'callbackData',
];

/** What Simplify keeps of a Message Log item: ten fields at most. */
export const SIMPLE_LOG_FIELDS = [
	'messageId', 'userId', 'businessAccountId', 'sentAt', 'doneAt', 'status', 'statusDescription',
	'errorDescription', 'contentType', 'text',
];

/** Only the named fields of a flat item, in the order named. */
export function pickFields(item: IDataObject, fields: string[]): IDataObject {
	return Object.fromEntries(fields.map((field) => [field, item[field] ?? null]));
}
