import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import {
	PEOPLE_REQUESTS_PER_SECOND,
	peopleGate,
	PERSONS_PATH,
	simplifyPerson,
	unknownPerson,
	type PersonQuery,
} from '../infobip/people';
import { getBaseUrl, infobipRequest, type RetryPolicy } from '../infobip/transport';
import { runPool } from '../shared/batch';

/** Lookups per call from Infobip; at People's 5 requests a second they take about 10 s. */
export const MAX_LOOKUPS_PER_CALL = 50;

/**
 * The time one lookup may take once People's rate gate let it through, its retries included. n8n's own
 * limit is 300 s a request; the event lives only in this process's memory until the workflow starts.
 */
export const LOOKUP_TIMEOUT_MS = 5_000;

/**
 * The time all lookups of one call from Infobip may take, gate waits included: the workflow starts at most
 * this long after Infobip got its 200, whatever People does. Room for MAX_LOOKUPS_PER_CALL at 5 a second.
 */
export const ENRICHMENT_TIMEOUT_MS = 12_000;

/** The workflow waits for lookups: retry a throttled People briefly, then give up with the reason. */
const LOOKUP_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 300, maxDelayMs: 2_000, maxTotalDelayMs: 3_000 };

const seconds = (ms: number) => `${ms / 1000} s`;

export const LOOKUP_TIMED_OUT = `People did not answer within ${seconds(LOOKUP_TIMEOUT_MS)}`;
export const ENRICHMENT_TIMED_OUT = `People did not answer within ${seconds(ENRICHMENT_TIMEOUT_MS)}, the time limit for all contact lookups of one call from Infobip`;
export const NOT_REACHED = `Not looked up: the ${seconds(ENRICHMENT_TIMEOUT_MS)} for the contact lookups of one call from Infobip ran out before its turn (People takes ${PEOPLE_REQUESTS_PER_SECOND} requests a second)`;
export const SKIPPED_AFTER_TIMEOUT = `Not looked up: People did not answer another lookup of the same call from Infobip within ${seconds(LOOKUP_TIMEOUT_MS)}`;

const userKey = (item: IDataObject) => JSON.stringify([item.businessAccountId, item.userId]);

const queryOf = (item: IDataObject): PersonQuery => ({
	type: 'TIKTOK_BM',
	identifier: String(item.userId ?? ''),
	sender: String(item.businessAccountId ?? ''),
});

function failedContact(item: IDataObject, reason: string): IDataObject {
	return { ...unknownPerson(queryOf(item)), error: reason };
}

/** Resolves when the signal aborts. */
const abortOf = (signal: AbortSignal) =>
	new Promise<void>((resolve) => {
		if (signal.aborted) resolve();
		else signal.addEventListener('abort', () => resolve(), { once: true });
	});

/** What one call's lookups share: the deadline of them all, and whether People already left one unanswered. */
interface Enrichment {
	deadline: AbortSignal;
	peopleSilent: boolean;
}

/**
 * Adds `contact` (found, displayName, tags, customAttributes, ...; `error` says why a lookup failed) to every
 * message item: one People request per distinct user and business account in the call. Never throws: a
 * failed or unanswered lookup still leaves the item to start the workflow, at most ENRICHMENT_TIMEOUT_MS
 * after the call began.
 */
export async function attachContacts(this: IWebhookFunctions, items: IDataObject[]): Promise<void> {
	// An unreferenced timer inside: it never keeps the process alive, and needs no clearing.
	const enrichment: Enrichment = { deadline: AbortSignal.timeout(ENRICHMENT_TIMEOUT_MS), peopleSilent: false };
	const messages = items.filter((item) => item.event === 'message');
	const users = new Map<string, IDataObject>();
	for (const item of messages) if (!users.has(userKey(item))) users.set(userKey(item), item);
	const contacts = new Map<string, IDataObject>();
	let baseUrl: string | undefined;
	try {
		baseUrl = await getBaseUrl.call(this);
	} catch (error) {
		const reason = `No Infobip TikTok API credential to look up the contact: ${(error as Error).message}`;
		for (const [key, item] of users) contacts.set(key, failedContact(item, reason));
	}
	const lookups = [...users].filter(([key]) => !contacts.has(key));
	for (const [key, item] of lookups.slice(MAX_LOOKUPS_PER_CALL)) {
		contacts.set(
			key,
			failedContact(
				item,
				`Not looked up: more than ${MAX_LOOKUPS_PER_CALL} different users in one call from Infobip`,
			),
		);
	}
	const asked = new Set<string>();
	const pool = runPool(lookups.slice(0, MAX_LOOKUPS_PER_CALL), 5, async ([key, item]) => {
		const contact = await lookUp.call(this, baseUrl as string, item, enrichment, () => asked.add(key));
		if (!enrichment.deadline.aborted) contacts.set(key, contact);
	});
	await Promise.race([pool, abortOf(enrichment.deadline)]);
	for (const [key, item] of lookups) {
		if (!contacts.has(key)) contacts.set(key, failedContact(item, asked.has(key) ? ENRICHMENT_TIMED_OUT : NOT_REACHED));
	}
	for (const item of messages) item.contact = contacts.get(userKey(item)) ?? null;
}

async function lookUp(
	this: IWebhookFunctions,
	baseUrl: string,
	item: IDataObject,
	enrichment: Enrichment,
	onAsk: () => void,
): Promise<IDataObject> {
	const query = queryOf(item);
	if (query.identifier === '' || item.businessAccountId === null || item.businessAccountId === undefined) {
		return failedContact(item, 'The message has no user or business account to look up');
	}
	if (enrichment.peopleSilent) return failedContact(item, SKIPPED_AFTER_TIMEOUT);
	if (enrichment.deadline.aborted) return failedContact(item, NOT_REACHED);
	await peopleGate.next();
	// The gate may have held this turn past the deadline, or behind a lookup People left unanswered.
	if (enrichment.deadline.aborted) return failedContact(item, NOT_REACHED);
	if (enrichment.peopleSilent) return failedContact(item, SKIPPED_AFTER_TIMEOUT);
	const ownLimit = AbortSignal.timeout(LOOKUP_TIMEOUT_MS);
	onAsk();
	try {
		const person = (await infobipRequest.call(
			this,
			baseUrl,
			{
				method: 'GET',
				path: PERSONS_PATH,
				qs: { ...query },
				abortSignal: AbortSignal.any([ownLimit, enrichment.deadline]),
			},
			LOOKUP_RETRY,
		)) as IDataObject | undefined;
		return { ...simplifyPerson(person ?? {}, query), error: null };
	} catch (error) {
		if (error instanceof NodeApiError && error.httpCode === '404') return { ...unknownPerson(query), error: null };
		if (enrichment.deadline.aborted) return failedContact(item, ENRICHMENT_TIMED_OUT);
		if (ownLimit.aborted) {
			enrichment.peopleSilent = true;
			return failedContact(item, LOOKUP_TIMED_OUT);
		}
		return failedContact(item, (error as Error).message);
	}
}
