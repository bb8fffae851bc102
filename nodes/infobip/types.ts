import type { IDataObject } from 'n8n-workflow';

/**
 * Infobip's TikTok wire format: only the fields this package reads or writes.
 * Every field is optional because TikTok on Infobip is early access: the trigger must accept
 * whatever arrives and never crash on a missing field.
 */

export interface InfobipPrice {
	pricePerMessage?: number;
	currency?: string;
}

export interface InfobipStatus {
	groupId?: number;
	groupName?: string;
	id?: number;
	name?: string;
	description?: string;
	action?: string;
}

export interface InfobipError {
	groupId?: number;
	groupName?: string;
	id?: number;
	name?: string;
	description?: string;
	permanent?: boolean;
}

export interface InfobipPlatform {
	entityId?: string;
	applicationId?: string;
}

/** The `referral` object nested in TEXT, IMAGE and SHARE_POST inbound messages. */
export interface TikTokReferral {
	sourceType?: string;
	sourceId?: string;
	sourceName?: string;
	sourceUrl?: string;
	creativeId?: string;
	advertiserId?: string;
	trackingRef?: string;
	sourceStatus?: string;
}

/** Union of the fields of every inbound `message.type`. */
export interface TikTokInboundContent {
	type?: string;
	conversationId?: string;
	text?: string;
	mediaUrl?: string;
	embedUrl?: string;
	context?: { id?: string };
	referral?: TikTokReferral;
	action?: string;
	reactionType?: string;
	emoji?: string;
	aiEmojiUrl?: string;
	advertiserId?: string;
	adId?: string;
	adName?: string;
	messageMaterialId?: string;
	ref?: string;
	prefilledMessage?: string;
	prefilledMessageAuditStatus?: string;
}

/** One result of the inbound message webhook: `sender` is the TikTok user, `to` our business account. */
export interface InboundMessageResult {
	sender?: string;
	to?: string;
	integrationType?: string;
	receivedAt?: string;
	messageId?: string;
	pairedMessageId?: string;
	callbackData?: string;
	keyword?: string;
	entityId?: string;
	applicationId?: string;
	message: TikTokInboundContent;
	price?: InfobipPrice;
}

/** One result of the delivery report webhook: `sender` is our business account, `to` the user. */
export interface DeliveryReportResult {
	messageId?: string;
	bulkId?: string;
	to?: string;
	sender?: string;
	sentAt?: string;
	doneAt?: string;
	status?: InfobipStatus;
	error?: InfobipError;
	price?: InfobipPrice;
	callbackData?: string;
	platform?: InfobipPlatform;
	campaignReferenceId?: string;
	messageCount?: number;
	mccMnc?: string;
}

/** One result of the seen report webhook: `from` is our business account, `to` the user. */
export interface SeenReportResult {
	messageId?: string;
	from?: string;
	to?: string;
	sentAt?: string;
	seenAt?: string;
	applicationId?: string;
	entityId?: string;
	campaignReferenceId?: string;
}

/** Error body of the TikTok endpoints. */
export interface InfobipApiErrorBody {
	errorCode?: string;
	description?: string;
	action?: string;
	violations?: Array<{ property?: string; violation?: string }>;
}

/** Error body of older Infobip APIs (People, Subscriptions). */
export interface InfobipLegacyErrorBody {
	requestError?: {
		serviceException?: {
			messageId?: string;
			text?: string;
			validationErrors?: Record<string, string[]>;
		};
	};
}

/** Content of `POST /tiktok/1/messages`. */
export type TikTokOutboundContent =
	| { type: 'TEXT'; text: string; replyToMessageId?: string }
	| { type: 'IMAGE'; mediaUrl: string }
	| { type: 'SHARE_POST'; postId: string };

export type TikTokEventType = 'TYPING_INDICATOR' | 'MARK_AS_READ';

export interface ValidityPeriod {
	amount: number;
	timeUnit: 'SECONDS' | 'MINUTES' | 'HOURS';
}

export interface TikTokOutboundMessage {
	sender: string;
	destinations: Array<{ to: string; messageId?: string }>;
	content: TikTokOutboundContent | { type: TikTokEventType };
	options?: {
		validityPeriod?: ValidityPeriod;
		platform?: InfobipPlatform;
		campaignReferenceId?: string;
		deliveryTimeWindow?: DeliveryTimeWindow;
	};
	webhooks?: {
		/** `notify: false` turns delivery reports off; `intermediateReport: true` adds interim ones. */
		delivery?: { url?: string; intermediateReport?: boolean; notify?: boolean };
		seen?: { url: string };
		callbackData?: string;
	};
}

/** Days and, optionally, the time of day (UTC) within which Infobip delivers a message. */
export interface DeliveryTimeWindow {
	days: Array<'MONDAY' | 'TUESDAY' | 'WEDNESDAY' | 'THURSDAY' | 'FRIDAY' | 'SATURDAY' | 'SUNDAY'>;
	from?: { hour: number; minute: number };
	to?: { hour: number; minute: number };
}

/** Top-level `options` of `POST /tiktok/1/messages`: they apply to every message of the request. */
export interface TikTokRequestOptions {
	schedule?: {
		bulkId?: string;
		/** `2019-11-09T16:00:00.000+0000` */
		sendAt?: string;
		sendingSpeedLimit?: { amount: number; timeUnit?: 'MINUTE' | 'HOUR' | 'DAY' };
	};
	priority?: 'HIGH' | 'STANDARD' | 'LOW';
}

/** One entry of the send response's `messages`, in the order of the request's destinations. */
export interface SendResponseMessage {
	messageId?: string;
	destination?: string;
	status?: InfobipStatus;
	/** "Other details of the message": an object without documented fields. */
	details?: IDataObject;
}

export interface SendResponse {
	bulkId?: string;
	messages?: SendResponseMessage[];
}

/** One entry of `GET /tiktok/1/logs`: `sender` is our business account, `destination` the user. */
export interface MessageLogResult {
	sender?: string;
	destination?: string;
	bulkId?: string;
	messageId?: string;
	sentAt?: string;
	doneAt?: string;
	messageCount?: number;
	price?: InfobipPrice;
	status?: InfobipStatus;
	error?: InfobipError;
	platform?: InfobipPlatform;
	content?: { type?: string; text?: string; replyToMessageId?: string; mediaUrl?: string; postId?: string };
	campaignReferenceId?: string;
}

export interface TikTokConversion {
	event: string;
	event_time: number;
	user: { tiktok_unique_identifier: string };
	properties?: Record<string, string>;
}
