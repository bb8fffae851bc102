import type { IDataObject } from 'n8n-workflow';

import type {
	MessageLogResult,
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
const UNIT_SECONDS: Record<ValidityPeriod['timeUnit'], number> = { SECONDS: 1, MINUTES: 60, HOURS: 3600 };

function asString(value: unknown): string {
	if (value === undefined || value === null) return '';
	return typeof value === 'string' ? value : String(value);
}

export function requireText(field: string, value: unknown): string {
	const text = asString(value).trim();
	if (text === '') throw new InvalidField(field, 'is empty');
	return text;
}

function optionalText(value: unknown): string | undefined {
	const text = asString(value).trim();
	return text === '' ? undefined : text;
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
	const seconds = value * UNIT_SECONDS[timeUnit as ValidityPeriod['timeUnit']];
	if (seconds > MAX_VALIDITY_HOURS * 3600) {
		throw new InvalidField('Validity Period', `is longer than ${MAX_VALIDITY_HOURS} hours`);
	}
	return { amount: value, timeUnit: timeUnit as ValidityPeriod['timeUnit'] };
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
	messageId?: unknown;
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
	const message: TikTokOutboundMessage = {
		sender: requireText('Business Account ID', input.businessAccountId),
		destinations: [{ to: requireText('Recipient', input.recipient) }],
		content,
	};
	const messageId = optionalText(input.messageId);
	if (messageId) message.destinations[0].messageId = messageId;

	const options: NonNullable<TikTokOutboundMessage['options']> = {};
	const validity = validityPeriod(input.validityAmount, input.validityUnit);
	if (validity) options.validityPeriod = validity;
	const entityId = optionalText(input.entityId);
	const applicationId = optionalText(input.applicationId);
	if (entityId || applicationId) {
		options.platform = { ...(entityId && { entityId }), ...(applicationId && { applicationId }) };
	}
	const campaignReferenceId = optionalText(input.campaignReferenceId);
	if (campaignReferenceId) options.campaignReferenceId = campaignReferenceId;
	if (Object.keys(options).length > 0) message.options = options;

	const webhooks: NonNullable<TikTokOutboundMessage['webhooks']> = {};
	const deliveryUrl = optionalText(input.deliveryReportUrl);
	if (deliveryUrl) webhooks.delivery = { url: requireHttpUrl('Delivery Report URL', deliveryUrl) };
	const seenUrl = optionalText(input.seenReportUrl);
	if (seenUrl) webhooks.seen = { url: requireHttpUrl('Seen Report URL', seenUrl) };
	const callbackData = optionalText(input.callbackData);
	if (callbackData) {
		if (callbackData.length > 4000) throw new InvalidField('Callback Data', 'is longer than 4,000 characters');
		webhooks.callbackData = callbackData;
	}
	if (Object.keys(webhooks).length > 0) message.webhooks = webhooks;
	return message;
}

/** Events take no webhooks and no campaign options. */
export function outboundEvent(input: MessageInput, type: TikTokEventType): TikTokOutboundMessage {
	return outboundMessage(
		{ businessAccountId: input.businessAccountId, recipient: input.recipient, validityAmount: input.validityAmount, validityUnit: input.validityUnit, entityId: input.entityId, applicationId: input.applicationId },
		{ type },
	);
}

/** The output item of one sent message or event. */
export function sendResultItem(result: SendResponseMessage | undefined, bulkId: string | undefined, recipient: string): IDataObject {
	return {
		messageId: result?.messageId ?? null,
		bulkId: bulkId ?? null,
		userId: result?.destination ?? recipient,
		status: result?.status?.groupName ?? null,
		statusName: result?.status?.name ?? null,
		statusDescription: result?.status?.description ?? null,
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

/** A message log entry as a flat item, named like the trigger's delivery items. */
export function flattenLog(log: MessageLogResult): IDataObject {
	const content = log.content ?? {};
	return {
		messageId: log.messageId ?? null,
		bulkId: log.bulkId ?? null,
		userId: log.destination ?? null,
		businessAccountId: log.sender ?? null,
		sentAt: log.sentAt ?? null,
		doneAt: log.doneAt ?? null,
		status: log.status?.groupName ?? null,
		statusName: log.status?.name ?? null,
		statusDescription: log.status?.description ?? null,
		errorName: log.error?.name ?? null,
		errorDescription: log.error?.description ?? null,
		contentType: content.type ?? null,
		text: content.text ?? null,
		mediaUrl: content.mediaUrl ?? null,
		postId: content.postId ?? null,
		campaignReferenceId: log.campaignReferenceId ?? null,
		entityId: log.platform?.entityId ?? null,
		applicationId: log.platform?.applicationId ?? null,
		price: log.price?.pricePerMessage ?? null,
		currency: log.price?.currency ?? null,
	};
}
