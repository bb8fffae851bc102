import type { IDataObject } from 'n8n-workflow';

import type {
	DeliveryReportResult,
	InboundMessageResult,
	SeenReportResult,
	TikTokReferral,
} from './types';
import { replyBefore } from './replyWindow';

export type EventKind = 'message' | 'delivery' | 'seen';

/** Infobip sends the three webhook kinds with no type field: they are told apart by shape. */
export function classifyResult(result: IDataObject): EventKind | undefined {
	if (isObject(result.message)) return 'message';
	if (result.seenAt !== undefined) return 'seen';
	if (isObject(result.status)) return 'delivery';
	return undefined;
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

/** A delivery report: here `sender` is our business account and `to` the TikTok user. */
export function flattenDelivery(result: DeliveryReportResult): IDataObject {
	const status = result.status;
	const error = isObject(result.error) ? result.error : {};
	const platform = isObject(result.platform) ? result.platform : {};
	const price = isObject(result.price) ? result.price : {};
	return {
		event: 'delivery',
		messageId: orNull(result.messageId),
		userId: orNull(result.to),
		businessAccountId: orNull(result.sender),
		bulkId: orNull(result.bulkId),
		status: orNull(status.groupName),
		statusName: orNull(status.name),
		statusDescription: orNull(status.description),
		errorName: orNull(error.name),
		errorDescription: orNull(error.description),
		errorPermanent: orNull(error.permanent),
		sentAt: orNull(result.sentAt),
		doneAt: orNull(result.doneAt),
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

export function flattenResult(kind: EventKind, result: IDataObject): IDataObject {
	switch (kind) {
		case 'message':
			return flattenMessage(result as unknown as InboundMessageResult);
		case 'delivery':
			return flattenDelivery(result as unknown as DeliveryReportResult);
		case 'seen':
			return flattenSeen(result as unknown as SeenReportResult);
	}
}
