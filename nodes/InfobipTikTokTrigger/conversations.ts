import type {
	IDataObject,
	IN8nHttpFullResponse,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import {
	isOwnWaitingUrl,
	WAIT_CALLBACK_PREFIX,
	waitFor,
	writeWaitRecord,
	type WaitCandidate,
} from '../infobip/conversationWait';
import { personQuery } from '../infobip/people';
import { getBaseUrl } from '../infobip/transport';
import { attachContacts } from './contact';

export type ConversationAnswers = 'resume' | 'resumeAndStart' | 'off';

/** An execution that has sent its question but is not waiting yet answers 409: retry for this long. */
const NOT_YET_WAITING_RETRY_MS = 500;
const NOT_YET_WAITING_ATTEMPTS = 10;
const RESUME_TIMEOUT_MS = 15_000;
/** Resume calls in flight at once for one call from Infobip. */
const PARALLEL_RESUMES = 5;

type Outcome = 'resumed' | 'redelivery' | 'start';

/** Whether a call needs the conversation path: contacts to read, or a message that names a wait. */
function mayAnswer(items: IDataObject[], includeContact: boolean): boolean {
	const messages = items.filter((item) => item.event === 'message');
	if (messages.length === 0) return false;
	return (
		includeContact ||
		messages.some(
			(item) =>
				typeof item.callbackData === 'string' && item.callbackData.startsWith(WAIT_CALLBACK_PREFIX),
		)
	);
}

/** POSTs the message to the waiting URL; true when the waiting node took it (as its answer, or to ask again). */
async function resume(
	this: IWebhookFunctions,
	candidate: WaitCandidate,
	item: IDataObject,
): Promise<boolean> {
	for (let attempt = 1; ; attempt++) {
		const response = (await this.helpers.httpRequest({
			method: 'POST',
			url: candidate.url,
			body: { message: item, url: candidate.url, reasks: candidate.reasks },
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: RESUME_TIMEOUT_MS,
		})) as IN8nHttpFullResponse;
		if (response.statusCode === 409 && attempt < NOT_YET_WAITING_ATTEMPTS) {
			await sleep(NOT_YET_WAITING_RETRY_MS);
			continue;
		}
		const body = response.body as IDataObject | string | undefined;
		// 'reasked': the reply was no answer (approval by reply) and the question was asked again: handled too.
		const outcome = typeof body === 'object' ? body?.conversationWait : undefined;
		return response.statusCode === 200 && (outcome === 'resumed' || outcome === 'reasked');
	}
}

/** Marks the contact's record answered by this message first, so a redelivery elsewhere is recognised. */
async function markAnswered(
	this: IWebhookFunctions,
	candidate: WaitCandidate,
	item: IDataObject,
): Promise<void> {
	const baseUrl = await getBaseUrl.call(this);
	await writeWaitRecord.call(this, baseUrl, personQuery(item.userId, item.businessAccountId), {
		state: 'answered',
		waitId: candidate.waitId,
		answeredBy: String(item.messageId),
	});
}

async function settle(
	this: IWebhookFunctions,
	item: IDataObject,
	used: Set<string>,
): Promise<Outcome> {
	const candidate = waitFor(item);
	if (candidate === 'redelivery') return 'redelivery';
	if (candidate === undefined || used.has(candidate.waitId)) return 'start';
	if (!isOwnWaitingUrl(candidate.url, this.getNodeWebhookUrl('default'))) {
		// Not this n8n's address (a forged event, or n8n's public address changed): a normal execution.
		this.logger.warn(
			'Infobip TikTok Trigger: a waiting question names an address outside this n8n; not called',
		);
		return 'start';
	}
	used.add(candidate.waitId);
	if (candidate.source === 'contact') {
		try {
			await markAnswered.call(this, candidate, item);
		} catch (error) {
			this.logger.warn(
				`Infobip TikTok Trigger: could not mark the waiting question answered: ${(error as Error).message}`,
			);
		}
	}
	try {
		return (await resume.call(this, candidate, item)) ? 'resumed' : 'start';
	} catch (error) {
		this.logger.warn(
			`Infobip TikTok Trigger: could not resume the waiting execution: ${(error as Error).message}`,
		);
		return 'start';
	}
}

/**
 * Hands messages that answer a waiting question (Send and Wait, Reply in Chat) to their execution.
 * Infobip gets its 200 first. Messages of one user are settled in order (the first answers, the next
 * starts a normal execution); different users in parallel. Returns undefined when the call has nothing
 * to do with waits, else the webhook's result: what did not resume starts an execution, nothing is dropped
 * except a recognised redelivery. Never throws (Infobip has its answer already).
 */
export async function answerWaitingQuestions(
	this: IWebhookFunctions,
	items: IDataObject[],
	mode: ConversationAnswers,
	includeContact: boolean,
): Promise<IWebhookResponseData | undefined> {
	if (mode === 'off' || !mayAnswer(items, includeContact)) return undefined;
	this.getResponseObject().status(200).end();
	const outcomes: Outcome[] = items.map(() => 'start');
	try {
		if (includeContact) await attachContacts.call(this, items);
		const byUser = new Map<string, number[]>();
		items.forEach((item, index) => {
			if (item.event !== 'message') return;
			const key = JSON.stringify([item.businessAccountId, item.userId]);
			byUser.set(key, [...(byUser.get(key) ?? []), index]);
		});
		const queues = [...byUser.values()];
		const worker = async () => {
			for (let queue = queues.shift(); queue; queue = queues.shift()) {
				const used = new Set<string>();
				for (const index of queue) outcomes[index] = await settle.call(this, items[index], used);
			}
		};
		await Promise.all(Array.from({ length: Math.min(PARALLEL_RESUMES, queues.length) }, worker));
	} catch (error) {
		this.logger.error(
			`Infobip TikTok Trigger: answering waiting questions failed: ${(error as Error).message}`,
		);
	}
	const start = items.filter(
		(_, index) =>
			outcomes[index] === 'start' || (outcomes[index] === 'resumed' && mode === 'resumeAndStart'),
	);
	if (start.length === 0) return { noWebhookResponse: true };
	return { noWebhookResponse: true, workflowData: [this.helpers.returnJsonArray(start)] };
}
