import type { IDataObject } from 'n8n-workflow';

/**
 * TikTok's reply window: a business may answer a user only for a while after the user's last message
 * (48 hours by third-party reports; Infobip documents no error code for a closed window). The node sees only
 * the message it answers, so the window computed here can close earlier than TikTok's if the user wrote again.
 */
export const REPLY_WINDOW_HOURS = 48;

export type OutsideWindowAction = 'skip' | 'fail' | 'send';

/** Infobip writes offsets without a colon (`2019-11-09T16:00:00.000+0000`); ISO 8601 parsers want one. */
export function parseInfobipDate(value: unknown): number | undefined {
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	const normalised = value.trim().replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
	const time = Date.parse(normalised);
	return Number.isNaN(time) ? undefined : time;
}

/** When the reply window of a message received at `receivedAt` closes, as ISO 8601 (UTC); null if unknown. */
export function replyBefore(receivedAt: unknown): string | null {
	const received = parseInfobipDate(receivedAt);
	return received === undefined ? null : new Date(received + REPLY_WINDOW_HOURS * 3_600_000).toISOString();
}

/**
 * When the window of an item closed, if it has: read from `replyBefore`, else from `receivedAt`.
 * Items that carry neither (or an unreadable date) are not checked.
 */
export function closedWindow(json: IDataObject, now = Date.now()): string | undefined {
	const closes = parseInfobipDate(json.replyBefore) ?? parseInfobipDate(replyBefore(json.receivedAt));
	if (closes === undefined || closes > now) return undefined;
	return new Date(closes).toISOString();
}

export function outsideWindowReason(closedAt: string): string {
	return `Not sent: TikTok's ${REPLY_WINDOW_HOURS}-hour reply window for this conversation closed at ${closedAt} (${REPLY_WINDOW_HOURS} hours after the user's message); TikTok accepts a reply only after the user writes again`;
}

/** The reason for a scheduled message whose reply window is still open now but closes before its Send At. */
export function closesBeforeSendAtReason(closesAt: string, sendAt: string): string {
	return `Not sent: TikTok's ${REPLY_WINDOW_HOURS}-hour reply window for this conversation closes at ${closesAt}, before the message's Send At ${sendAt}; TikTok would refuse it then unless the user writes again. Pick an earlier Send At`;
}

/**
 * Infobip's error or status names that mean "the reply window is closed". Infobip does not document the
 * name it uses for TikTok, so these are patterns modelled on its names for other channels' windows;
 * add the real name here once a rejection has been seen.
 */
const CLOSED_WINDOW_PATTERNS: RegExp[] = [
	/OUTSIDE[_ ]?(OF[_ ]?)?(THE[_ ]?)?(ALLOWED[_ ]?|REPLY[_ ]?|MESSAGING[_ ]?|CONVERSATION[_ ]?)?WINDOW/i,
	/(REPLY|MESSAGING|CONVERSATION|SESSION|CUSTOMER[_ ]?SERVICE)[_ ]?WINDOW[_ ]?(CLOSED|EXPIRED|ENDED)/i,
	/WINDOW[_ ]?(HAS[_ ]?)?(CLOSED|EXPIRED)/i,
	/RE[_-]?ENGAGEMENT/i,
];

/** A plain-words explanation if one of `texts` (error names, descriptions) says the window was closed. */
export function closedWindowExplanation(...texts: Array<string | undefined | null>): string | undefined {
	const matched = texts.some(
		(text) => typeof text === 'string' && CLOSED_WINDOW_PATTERNS.some((pattern) => pattern.test(text)),
	);
	return matched
		? `TikTok's reply window is closed: a business can answer a user only within ${REPLY_WINDOW_HOURS} hours of the user's last message. Wait until the user writes again.`
		: undefined;
}
