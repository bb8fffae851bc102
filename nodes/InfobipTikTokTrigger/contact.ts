import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { peopleGate, PERSONS_PATH, simplifyPerson, unknownPerson, type PersonQuery } from '../infobip/people';
import { getBaseUrl, infobipRequest, type RetryPolicy } from '../infobip/transport';
import { runPool } from '../shared/batch';

/** Lookups per call from Infobip; at People's 5 requests a second this bounds the wait to about 10 s. */
export const MAX_LOOKUPS_PER_CALL = 50;

/** The workflow waits for lookups: retry a throttled People briefly, then give up with the reason. */
const LOOKUP_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 300, maxDelayMs: 2_000, maxTotalDelayMs: 3_000 };

const userKey = (item: IDataObject) => JSON.stringify([item.businessAccountId, item.userId]);

const queryOf = (item: IDataObject): PersonQuery => ({
	type: 'TIKTOK_BM',
	identifier: String(item.userId ?? ''),
	sender: String(item.businessAccountId ?? ''),
});

function failedContact(item: IDataObject, reason: string): IDataObject {
	return { ...unknownPerson(queryOf(item)), error: reason };
}

/**
 * Adds `contact` (found, displayName, tags, customAttributes, ...; `error` says why a lookup failed) to every
 * message item: one People request per distinct user and business account in the call. Never throws: a
 * failed lookup still leaves the item to start the workflow.
 */
export async function attachContacts(this: IWebhookFunctions, items: IDataObject[]): Promise<void> {
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
	await runPool(lookups.slice(0, MAX_LOOKUPS_PER_CALL), 5, async ([key, item]) => {
		contacts.set(key, await lookUp.call(this, baseUrl as string, item));
	});
	for (const item of messages) item.contact = contacts.get(userKey(item)) ?? null;
}

async function lookUp(this: IWebhookFunctions, baseUrl: string, item: IDataObject): Promise<IDataObject> {
	const query = queryOf(item);
	if (query.identifier === '' || item.businessAccountId === null || item.businessAccountId === undefined) {
		return failedContact(item, 'The message has no user or business account to look up');
	}
	try {
		await peopleGate.next();
		const person = (await infobipRequest.call(
			this,
			baseUrl,
			{
				method: 'GET',
				path: PERSONS_PATH,
				qs: { ...query },
			},
			LOOKUP_RETRY,
		)) as IDataObject | undefined;
		return { ...simplifyPerson(person ?? {}, query), error: null };
	} catch (error) {
		if (error instanceof NodeApiError && error.httpCode === '404') return { ...unknownPerson(query), error: null };
		return failedContact(item, (error as Error).message);
	}
}
