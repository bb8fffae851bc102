import type { IDataObject } from 'n8n-workflow';

import {
	customAttributeDefined,
	defineCustomAttribute,
	peopleCaller,
	PERSONS_PATH,
	type PersonQuery,
} from './people';
import { asNodeError, isHttpStatus, type InfobipContext } from './transport';

/**
 * A question of Send and Wait (Reply in Chat) that waits for the user's next TikTok message. It is kept on
 * the user's People contact (one record per user and business account, readable by every n8n process) and
 * travels in the question's callback data, which Infobip hands back on the reply it pairs with the question.
 * See docs/chat-conversations.md.
 */
export const WAIT_ATTRIBUTE = 'n8nConversationWait';
/** Marks callback data that carries a wait, so a user's own callback data is never mistaken for one. */
export const WAIT_CALLBACK_PREFIX = 'n8n-wait:';

export interface WaitRecord {
	state: 'waiting' | 'answered';
	waitId: string;
	/** The signed waiting URL of the execution (only while waiting). */
	url?: string;
	/** The inbound message that answered this wait, or, while waiting, the one that led to the question. */
	answeredBy?: string | null;
	/** Re-ask messages already sent for this wait (approval by reply). */
	reasks?: number;
	/** A scheduled question (Send At): when it goes out (ISO). Messages before then answer nothing. */
	askAt?: string;
}

/** A wait the trigger can try to resume. */
export interface WaitCandidate {
	waitId: string;
	url: string;
	source: 'contact' | 'paired';
	reasks: number;
}

const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';

export function encodeWaitRecord(record: WaitRecord): string {
	return JSON.stringify(record);
}

/** The record in a contact's custom attribute; anything else (empty, edited by hand) is no record. */
export function parseWaitRecord(value: unknown): WaitRecord | undefined {
	if (!isText(value)) return undefined;
	try {
		const record = JSON.parse(value) as IDataObject;
		if ((record.state !== 'waiting' && record.state !== 'answered') || !isText(record.waitId))
			return undefined;
		if (record.state === 'waiting' && !isText(record.url)) return undefined;
		return {
			state: record.state,
			waitId: record.waitId,
			...(isText(record.url) && { url: record.url }),
			answeredBy: isText(record.answeredBy) ? record.answeredBy : null,
			...(typeof record.reasks === 'number' && record.reasks > 0 && { reasks: record.reasks }),
			...(isText(record.askAt) && { askAt: record.askAt }),
		};
	} catch {
		return undefined;
	}
}

export function waitCallbackData(waitId: string, url: string, reasks = 0): string {
	return `${WAIT_CALLBACK_PREFIX}${JSON.stringify({ waitId, url, ...(reasks > 0 && { reasks }) })}`;
}

export function parseWaitCallbackData(
	value: unknown,
): { waitId: string; url: string; reasks: number } | undefined {
	if (!isText(value) || !value.startsWith(WAIT_CALLBACK_PREFIX)) return undefined;
	try {
		const data = JSON.parse(value.slice(WAIT_CALLBACK_PREFIX.length)) as IDataObject;
		const reasks = typeof data.reasks === 'number' && data.reasks > 0 ? data.reasks : 0;
		return isText(data.waitId) && isText(data.url)
			? { waitId: data.waitId, url: data.url, reasks }
			: undefined;
	} catch {
		return undefined;
	}
}

/**
 * Whether a wait's URL leads back to this n8n: the origin of the trigger's own webhook URL (both are built
 * from n8n's public address). The URL arrives in an inbound event, which anyone who knows an unauthenticated
 * trigger's URL can post: the trigger calls no other host with it.
 */
export function isOwnWaitingUrl(url: string, ownWebhookUrl: string | undefined): boolean {
	if (ownWebhookUrl === undefined || !URL.canParse(url) || !URL.canParse(ownWebhookUrl))
		return false;
	const target = new URL(url);
	return (
		target.origin === new URL(ownWebhookUrl).origin &&
		target.username === '' &&
		target.password === ''
	);
}

/**
 * What an inbound message item answers. The contact's record (when the trigger looked the contact up)
 * is the latest word and wins over Infobip's pairing, which may point at an older question. A message
 * the record already names as answer (or as the one the question followed) is a redelivery. Taking back a
 * reaction answers nothing: it starts a normal execution and the question keeps waiting.
 */
export function waitFor(item: IDataObject, now = Date.now()): WaitCandidate | 'redelivery' | undefined {
	if (item.type === 'REACTION' && item.reactionAction === 'REMOVED') return undefined;
	const contact = item.contact as IDataObject | null | undefined;
	const looked =
		contact !== undefined &&
		contact !== null &&
		(contact.error === null || contact.error === undefined);
	if (looked) {
		const record = parseWaitRecord(
			(contact.customAttributes as IDataObject | undefined)?.[WAIT_ATTRIBUTE],
		);
		if (record && isText(item.messageId) && record.answeredBy === item.messageId)
			return 'redelivery';
		if (record?.state === 'waiting') {
			// A scheduled question the user has not seen yet: what they write now answers something else.
			if (record.askAt !== undefined && Date.parse(record.askAt) > now) return undefined;
			return {
				waitId: record.waitId,
				url: record.url as string,
				source: 'contact',
				reasks: record.reasks ?? 0,
			};
		}
		if (record?.state === 'answered') {
			// The contact's last question is answered: a paired older question is answered too, or timed out.
			const paired = parseWaitCallbackData(item.callbackData);
			return paired && paired.waitId !== record.waitId
				? { ...paired, source: 'paired' }
				: undefined;
		}
	}
	const paired = parseWaitCallbackData(item.callbackData);
	return paired ? { ...paired, source: 'paired' } : undefined;
}

/**
 * Writes the record on the contact, defining the custom attribute (as text) the first time. Throws
 * Infobip's error otherwise (no contact: 404).
 *
 * The first questions of an account can race to define the attribute: a PATCH refused (400) while it was
 * undefined, then defined by another process before the lookup, or a definition refused because another
 * one came first. Either way the attribute exists once the lookup (or definition) is done, and the PATCH
 * is tried once more; a 400 that has nothing to do with the attribute comes back the same and is thrown.
 */
export async function writeWaitRecord(
	this: InfobipContext,
	baseUrl: string,
	query: PersonQuery,
	record: WaitRecord,
): Promise<void> {
	const call = peopleCaller(this, baseUrl);
	const patch = async () =>
		await call({
			method: 'PATCH',
			path: PERSONS_PATH,
			qs: { ...query },
			body: { customAttributes: { [WAIT_ATTRIBUTE]: encodeWaitRecord(record) } },
		});
	try {
		await patch();
		return;
	} catch (error) {
		if (!isHttpStatus(error, 400)) throw asNodeError(this.getNode(), error);
	}
	if (!(await customAttributeDefined(call, WAIT_ATTRIBUTE))) {
		await defineCustomAttribute(call, WAIT_ATTRIBUTE, 'STRING');
	}
	try {
		await patch();
	} catch (error) {
		throw asNodeError(this.getNode(), error);
	}
}

/** What the waiting node's restart webhook answers, so the trigger can tell it from n8n's own pages. */
export interface ResumeAnswer {
	conversationWait: 'resumed' | 'reasked' | 'stale';
}

/** Lower case, without accents, punctuation or surrounding blanks: "Sí!" and "si" compare equal. */
export function normalizeReply(text: unknown): string {
	return String(text ?? '')
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\s]/gu, ' ')
		.replace(/\s+/g, ' ')
		.trim();
}

/** Words from a comma-separated list, normalised; empty entries dropped. */
export function replyWords(list: unknown): string[] {
	return String(list ?? '')
		.split(',')
		.map(normalizeReply)
		.filter((word) => word !== '');
}

/** true for a yes word, false for a no word, undefined for anything else (or a reply that is both). */
export function approvalOf(
	text: unknown,
	yesWords: string[],
	noWords: string[],
): boolean | undefined {
	const reply = normalizeReply(text);
	const yes = yesWords.includes(reply);
	const no = noWords.includes(reply);
	return yes === no ? undefined : yes;
}
