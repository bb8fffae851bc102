import type { IDataObject } from 'n8n-workflow';

import { isObject } from './flatten';
import type {
	DeliveryTimeWindow,
	InfobipStatus,
	SendResponseMessage,
	TikTokConversion,
	TikTokEventType,
	TikTokOutboundContent,
	TikTokOutboundMessage,
	ValidityPeriod,
} from './types';

/** A bad value in one item, found before anything is sent. `field` is the parameter's display name. */
export class InvalidField extends Error {
	constructor(
		readonly field: string,
		readonly problem: string,
	) {
		super(`${field}: ${problem}`);
	}
}

export const MAX_TEXT_LENGTH = 6000;
export const MAX_URL_LENGTH = 2048;
export const MAX_VALIDITY_HOURS = 48;
/** Limits of tiktok.json: `destinations[].messageId`, `options.campaignReferenceId`, `platform.*`, `webhooks.callbackData`. */
export const MAX_MESSAGE_ID_LENGTH = 200;
export const MAX_REFERENCE_LENGTH = 255;
export const MAX_CALLBACK_DATA_LENGTH = 4000;
const UNIT_SECONDS: Record<ValidityPeriod['timeUnit'], number> = { SECONDS: 1, MINUTES: 60, HOURS: 3600 };

function asString(value: unknown): string {
	if (value === undefined || value === null) return '';
	return typeof value === 'string' ? value : String(value);
}

/** `hint`: what to do about an empty value, added to the error. */
export function requireText(field: string, value: unknown, hint?: string): string {
	const text = asString(value).trim();
	if (text === '') throw new InvalidField(field, hint ? `is empty. ${hint}` : 'is empty');
	return text;
}

/** The way to a trigger field after a node that replaced the item (the chatbot trap). */
export function fromTriggerHint(field: string): string {
	return `After a node that replaces the item (such as an AI Agent), read it from the trigger: {{ $('Infobip TikTok Trigger').item.json.${field} }}`;
}

function optionalText(value: unknown): string | undefined {
	const text = asString(value).trim();
	return text === '' ? undefined : text;
}

function checkLength(field: string, text: string, max: number): string {
	if (text.length > max) {
		throw new InvalidField(field, `is longer than ${max.toLocaleString('en-US')} characters (${text.length})`);
	}
	return text;
}

/** An optional value sent exactly as typed (not trimmed); empty means absent. */
function optionalVerbatim(field: string, value: unknown, max: number): string | undefined {
	const text = asString(value);
	return text === '' ? undefined : checkLength(field, text, max);
}

export function requireHttpUrl(field: string, value: unknown): string {
	const url = requireText(field, value);
	if (url.length > MAX_URL_LENGTH) {
		throw new InvalidField(field, `is longer than ${MAX_URL_LENGTH} characters (${url.length})`);
	}
	let parsed: URL | undefined;
	try {
		parsed = new URL(url);
	} catch {
		parsed = undefined;
	}
	if (!parsed) throw new InvalidField(field, `is not a URL: "${url.slice(0, 100)}"`);
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
		throw new InvalidField(field, `must start with http:// or https:// (got ${parsed.protocol})`);
	}
	return url;
}

export function validityPeriod(amount: unknown, unit: unknown): ValidityPeriod | undefined {
	if (amount === undefined || amount === null || amount === '' || amount === 0) return undefined;
	const value = Number(amount);
	if (!Number.isInteger(value) || value < 1) {
		throw new InvalidField('Validity Period', `must be a whole number above 0 (got ${String(amount)})`);
	}
	const timeUnit = asString(unit || 'MINUTES').toUpperCase();
	if (!(timeUnit in UNIT_SECONDS)) {
		throw new InvalidField('Validity Period Unit', `must be SECONDS, MINUTES or HOURS (got "${timeUnit}")`);
	}
	// Infobip cuts longer periods to 48 hours; doing the same here makes the request say what happens.
	const max = (MAX_VALIDITY_HOURS * 3600) / UNIT_SECONDS[timeUnit as ValidityPeriod['timeUnit']];
	return { amount: Math.min(value, max), timeUnit: timeUnit as ValidityPeriod['timeUnit'] };
}

/** What the user asked for, as read from the node's parameters for one item. */
export interface MessageInput {
	businessAccountId: unknown;
	recipient: unknown;
	validityAmount?: unknown;
	validityUnit?: unknown;
	callbackData?: unknown;
	deliveryReportUrl?: unknown;
	seenReportUrl?: unknown;
	campaignReferenceId?: unknown;
	entityId?: unknown;
	applicationId?: unknown;
	/** Checked already (sendOptions.deliveryTimeWindow). */
	deliveryTimeWindow?: DeliveryTimeWindow;
	/** Intermediate Delivery Reports: true asks Infobip for interim reports too. */
	intermediateReport?: unknown;
	/** Delivery Reports: false sends `notify: false` (no report at all); anything else leaves Infobip's default. */
	deliveryReports?: unknown;
	/** The message ID this node chose, or the user's Custom Message ID. */
	messageId: unknown;
}

export function textContent(text: unknown, replyToMessageId: unknown): TikTokOutboundContent {
	const body = asString(text);
	if (body.trim() === '') throw new InvalidField('Text', 'is empty');
	if (body.length > MAX_TEXT_LENGTH) {
		throw new InvalidField('Text', `is longer than ${MAX_TEXT_LENGTH} characters (${body.length})`);
	}
	const replyTo = optionalText(replyToMessageId);
	return replyTo ? { type: 'TEXT', text: body, replyToMessageId: replyTo } : { type: 'TEXT', text: body };
}

export function imageContent(url: unknown): TikTokOutboundContent {
	return { type: 'IMAGE', mediaUrl: requireHttpUrl('Image URL', url) };
}

export function sharePostContent(postId: unknown): TikTokOutboundContent {
	return { type: 'SHARE_POST', postId: requireText('Post ID', postId) };
}

/** One entry of `messages` (or `events`) for one recipient. */
export function outboundMessage(
	input: MessageInput,
	content: TikTokOutboundMessage['content'],
): TikTokOutboundMessage {
	const messageId = optionalVerbatim('Custom Message ID', input.messageId, MAX_MESSAGE_ID_LENGTH);
	const sender = requireText('Business Account ID', input.businessAccountId, fromTriggerHint('businessAccountId'));
	const to = requireText('Recipient', input.recipient, fromTriggerHint('conversationId'));
	const message: TikTokOutboundMessage = {
		sender,
		destinations: [messageId ? { to, messageId } : { to }],
		content,
	};

	const options: NonNullable<TikTokOutboundMessage['options']> = {};
	const validity = validityPeriod(input.validityAmount, input.validityUnit);
	if (validity) options.validityPeriod = validity;
	const entityId = optionalVerbatim('Entity ID', input.entityId, MAX_REFERENCE_LENGTH);
	const applicationId = optionalVerbatim('Application ID', input.applicationId, MAX_REFERENCE_LENGTH);
	if (entityId || applicationId) {
		options.platform = { ...(entityId && { entityId }), ...(applicationId && { applicationId }) };
	}
	const campaignReferenceId = optionalVerbatim(
		'Campaign Reference ID',
		input.campaignReferenceId,
		MAX_REFERENCE_LENGTH,
	);
	if (campaignReferenceId) options.campaignReferenceId = campaignReferenceId;
	if (input.deliveryTimeWindow) options.deliveryTimeWindow = input.deliveryTimeWindow;
	if (Object.keys(options).length > 0) message.options = options;

	const webhooks: NonNullable<TikTokOutboundMessage['webhooks']> = {};
	const delivery: NonNullable<NonNullable<TikTokOutboundMessage['webhooks']>['delivery']> = {};
	const deliveryUrl = optionalText(input.deliveryReportUrl);
	if (deliveryUrl) delivery.url = requireHttpUrl('Delivery Report URL', deliveryUrl);
	if (input.intermediateReport === true) delivery.intermediateReport = true;
	if (input.deliveryReports === false) delivery.notify = false;
	if (Object.keys(delivery).length > 0) webhooks.delivery = delivery;
	const seenUrl = optionalText(input.seenReportUrl);
	if (seenUrl) webhooks.seen = { url: requireHttpUrl('Seen Report URL', seenUrl) };
	const callbackData = optionalVerbatim('Callback Data', input.callbackData, MAX_CALLBACK_DATA_LENGTH);
	if (callbackData !== undefined) webhooks.callbackData = callbackData;
	if (Object.keys(webhooks).length > 0) message.webhooks = webhooks;
	return message;
}

/** Events take no webhooks and no campaign options. */
export function outboundEvent(input: MessageInput, type: TikTokEventType): TikTokOutboundMessage {
	return outboundMessage(
		{
			businessAccountId: input.businessAccountId,
			recipient: input.recipient,
			validityAmount: input.validityAmount,
			validityUnit: input.validityUnit,
			entityId: input.entityId,
			applicationId: input.applicationId,
			messageId: input.messageId,
		},
		{ type },
	);
}

/** Status groups of a send answer that mean the message will not reach the user. */
const REFUSED_GROUPS = new Set(['REJECTED', 'UNDELIVERABLE']);

export function isRefused(result: SendResponseMessage | undefined): boolean {
	return REFUSED_GROUPS.has(result?.status?.groupName ?? '');
}

/**
 * The output item of one sent (or skipped) message or event: Infobip's answer for it with every status
 * field, named as in delivery items, and the conversation's identifiers. `messageId` is the ID the
 * request carried when Infobip's answer lacks one.
 */
export function sendResultItem(
	result: SendResponseMessage | undefined,
	bulkId: string | undefined,
	message: TikTokOutboundMessage,
	inboundMessageId: string | null,
	/** When a scheduled message goes out (ISO 8601, UTC); null for an immediate send. */
	sendAt: string | null = null,
): IDataObject {
	const [destination] = message.destinations;
	// One object literal, no intermediate object spread into it: this runs for every message sent (the fields
	// and their order are statusOnlyFields', as in delivery items).
	const status: InfobipStatus = isObject(result?.status) ? result.status : {};
	return {
		messageId: result?.messageId ?? destination.messageId ?? null,
		bulkId: bulkId ?? null,
		sendAt,
		userId: result?.destination ?? destination.to,
		businessAccountId: message.sender,
		conversationId: destination.to,
		inboundMessageId,
		status: status.groupName ?? null,
		statusId: status.id ?? null,
		statusGroupId: status.groupId ?? null,
		statusName: status.name ?? null,
		statusDescription: status.description ?? null,
		statusAction: status.action ?? null,
		details: result?.details ?? null,
	};
}

/** An ISO date, unix seconds or unix milliseconds (as number or text) to unix seconds; empty is now. */
export function eventTimeSeconds(value: unknown, now = Date.now()): number {
	if (value === undefined || value === null || value === '') return Math.floor(now / 1000);
	if (typeof value === 'number' || /^\d+(\.\d+)?$/.test(String(value).trim())) {
		const number = Number(value);
		// Unix time in milliseconds has 13 digits until the year 2286; in seconds, 10.
		return Math.floor(number >= 1e11 ? number / 1000 : number);
	}
	const parsed = Date.parse(String(value));
	if (Number.isNaN(parsed)) {
		throw new InvalidField('Event Time', `is neither an ISO date nor unix seconds: "${String(value).slice(0, 50)}"`);
	}
	return Math.floor(parsed / 1000);
}

export interface ConversionInput {
	sourceId: unknown;
	event: unknown;
	eventTime: unknown;
	user: unknown;
	quantity?: unknown;
	price?: unknown;
	currency?: unknown;
	value?: unknown;
	extra?: Array<{ name?: unknown; value?: unknown }>;
}

function numberProperty(field: string, value: unknown): string | undefined {
	const text = optionalText(value);
	if (text === undefined) return undefined;
	if (!Number.isFinite(Number(text))) throw new InvalidField(field, `is not a number: "${text.slice(0, 50)}"`);
	return text;
}

/** One conversion, with its `sourceId` beside it (requests group conversions by source). */
export function conversion(input: ConversionInput, now = Date.now()): { sourceId: string; conversion: TikTokConversion } {
	const properties: Record<string, string> = {};
	const quantity = numberProperty('Quantity', input.quantity);
	if (quantity !== undefined) properties.quantity = quantity;
	const price = numberProperty('Price', input.price);
	if (price !== undefined) properties.price = price;
	const currency = optionalText(input.currency);
	if (currency !== undefined) {
		if (!/^[A-Za-z]{3}$/.test(currency)) {
			throw new InvalidField('Currency', `must be a three-letter ISO 4217 code (got "${currency.slice(0, 20)}")`);
		}
		properties.currency = currency.toUpperCase();
	}
	const value = numberProperty('Value', input.value);
	if (value !== undefined) properties.value = value;
	for (const pair of input.extra ?? []) {
		const name = optionalText(pair.name);
		if (name === undefined) throw new InvalidField('Extra Property Name', 'is empty');
		properties[name] = asString(pair.value);
	}
	const result: TikTokConversion = {
		event: requireText('Event', input.event),
		event_time: eventTimeSeconds(input.eventTime, now),
		user: { tiktok_unique_identifier: requireText('TikTok User ID', input.user) },
	};
	if (Object.keys(properties).length > 0) result.properties = properties;
	return { sourceId: requireText('Business Account ID', input.sourceId), conversion: result };
}
