import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import { randomUUID } from 'crypto';

import {
	approvalOf,
	replyWords,
	waitCallbackData,
	writeWaitRecord,
	type ResumeAnswer,
} from '../../infobip/conversationWait';
import { InvalidField, outboundMessage, textContent } from '../../infobip/outbound';
import { personQuery } from '../../infobip/people';
import { getBaseUrl, infobipRequest } from '../../infobip/transport';
import { invalidItem } from '../deliver';
import { sendMessages } from '../operations/message';

/** The question as it goes out: just the text, no link. */
export function chatQuestion(message: unknown): string {
	const question = message === undefined || message === null ? '' : String(message).trim();
	if (question === '') throw new InvalidField('Message', 'is empty');
	return question;
}

/** The answer's item: the inbound message's flat fields (so the next node's defaults work) and `data`. */
export function chatAnswerItem(message: IDataObject): IDataObject {
	return {
		...message,
		data: {
			text: message.text ?? null,
			type: message.type ?? null,
			messageId: message.messageId ?? null,
			mediaUrl: message.mediaUrl ?? null,
			receivedAt: message.receivedAt ?? null,
		},
	};
}

/**
 * Reply in Chat: records the wait on each recipient's People contact, sends the question (its callback
 * data names the wait, for Infobip's pairing), then waits for the trigger to resume the execution with
 * the user's next message.
 */
export async function askInChat(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	waitTill: Date,
): Promise<INodeExecutionData[]> {
	const waitId = randomUUID();
	const urls = items.map((_, index) => this.getSignedResumeUrl({ waitId, item: String(index) }));
	const baseUrl = await getBaseUrl.call(this);
	const continueOnFail = this.continueOnFail();
	const conversations: IDataObject[] = [];
	/** Items that cannot be asked (Continue On Fail): their error items instead of a question. */
	const failures = new Map<number, NodeOperationError>();
	const fail = (index: number, failure: NodeOperationError) => {
		if (!continueOnFail) throw failure;
		failures.set(index, failure);
	};
	const queries: Array<ReturnType<typeof personQuery>> = [];
	for (let index = 0; index < items.length; index++) {
		try {
			chatQuestion(this.getNodeParameter('message', index, ''));
			queries[index] = personQuery(this.getNodeParameter('recipient', index, ''), this.getNodeParameter('businessAccountId', index, ''));
		} catch (error) {
			fail(index, invalidItem(this, index, error));
			continue;
		}
		conversations[index] = { userId: queries[index].identifier, businessAccountId: queries[index].sender, conversationId: queries[index].identifier };
	}

	/** Records the wait on the contact of each item about to be asked (after the send options were checked). */
	const recordWaits = async (indices: number[], sendAtOf: (index: number) => string | null) => {
		const refused = new Map<number, NodeOperationError>();
		for (const index of indices) {
			const query = queries[index];
			// The message that led here (the trigger's, an answer's, or the one a send result answered): its
			// redelivery must not answer this question.
			const json = items[index].json;
			const inbound = typeof json.inboundMessageId === 'string' ? json.inboundMessageId : json.event === 'message' ? json.messageId : null;
			const askAt = sendAtOf(index);
			try {
				await writeWaitRecord.call(this, baseUrl, query, {
					state: 'waiting',
					waitId,
					url: urls[index],
					answeredBy: typeof inbound === 'string' ? inbound : null,
					...(askAt !== null && { askAt }),
				});
			} catch (error) {
				// People creates TikTok contacts itself (its API cannot): without one, only Infobip's pairing finds the wait.
				if (error instanceof NodeApiError && error.httpCode === '404') {
					this.logger.warn(
						`Infobip TikTok "${this.getNode().name}": People has no contact for TikTok user "${query.identifier}"; only a reply that Infobip pairs with the question will resume this execution`,
					);
					continue;
				}
				const failure = new NodeOperationError(
					this.getNode(),
					`Item ${index}: could not record the question on the People contact of TikTok user "${query.identifier}": ${(error as Error).message}`,
					{
						itemIndex: index,
						description:
							'Reply in Chat keeps the waiting question on the contact (custom attribute "n8nConversationWait"): the credential needs the people:manage scope.',
					},
				);
				fail(index, failure);
				refused.set(index, failure);
			}
		}
		return refused;
	};

	const results = await sendMessages.call(
		this,
		items,
		'sendAndWait',
		(index) => {
			// A failed item is not asked: sending turns this into its error item (Continue On Fail).
			const failure = failures.get(index);
			if (failure) throw failure;
			return chatQuestion(this.getNodeParameter('message', index, ''));
		},
		(index) => waitCallbackData(waitId, urls[index]),
		waitTill,
		recordWaits,
	);
	const asked = results.some((result) => result.json.skipped === false && result.json.error === undefined);
	if (!asked) return results;

	/** Why an item was not asked: a failed check or People write, or its send failing (Continue On Fail). */
	const errorOf = (index: number) => {
		const error = failures.get(index)?.message ?? results[index]?.json.error;
		return error === undefined ? undefined : String(error);
	};
	await this.putExecutionToWait(waitTill);
	// The input of the waiting node: the webhook reads `waitId` to refuse an old question's answer, and a
	// timeout passes these items on (n8n resumes with the node disabled).
	this.getExecuteData().data = {
		main: [
			items.map((_, index) => ({
				// A failed item stays an error item (a timeout passes it on); every item keeps the waitId.
				json:
					errorOf(index) !== undefined
						? { error: errorOf(index), waitId }
						: { data: { timedOut: true }, waitId, ...conversations[index] },
				pairedItem: { item: index },
			})),
		],
	};
	return results;
}

/** Text Only accepts a TEXT message with some text; an image, a reaction or a shared post is asked again. */
export function isTextReply(message: IDataObject): boolean {
	return message.type === 'TEXT' && typeof message.text === 'string' && message.text.trim() !== '';
}

function respond(context: IWebhookFunctions, status: number, answer: ResumeAnswer | IDataObject): void {
	context.getResponseObject().status(status).json(answer);
}

/**
 * The trigger POSTs `{ message }` (the flat inbound item) to the signed URL. Only the wait the execution is
 * in now may be answered: an old question's URL (the same node asking again) is refused as stale.
 */
export async function answerInChatWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	if (this.getRequestObject().method !== 'POST') {
		respond(this, 405, { error: 'This question is answered in the TikTok chat' });
		return { noWebhookResponse: true };
	}
	const query = this.getQueryData() as IDataObject;
	const current = this.evaluateExpression('{{ $json.waitId }}', 0);
	const message = (this.getBodyData() as IDataObject).message;
	if (typeof query.waitId !== 'string' || query.waitId !== current || typeof message !== 'object' || message === null) {
		respond(this, 200, { conversationWait: 'stale' });
		return { noWebhookResponse: true };
	}
	const index = Number(query.item);
	const answer = chatAnswerItem(message as IDataObject);
	const body = this.getBodyData() as IDataObject;
	const reasks = typeof body.reasks === 'number' ? body.reasks : 0;
	const mayReask = () => reasks < Number(this.getNodeParameter('maxReasks', 2));
	const reask = async (defaultText: string) => {
		const text = String(this.getNodeParameter('reaskMessage', defaultText));
		await askAgain.call(this, message as IDataObject, String(query.waitId), String(body.url ?? ''), reasks + 1, text);
		respond(this, 200, { conversationWait: 'reasked' });
		return { noWebhookResponse: true };
	};
	if (this.getNodeParameter('chatReply', 'text') === 'approval') {
		const approved = approvalOf(
			(message as IDataObject).text,
			replyWords(this.getNodeParameter('yesWords', '')),
			replyWords(this.getNodeParameter('noWords', '')),
		);
		if (approved === undefined && mayReask()) return await reask('Please answer yes or no.');
		(answer.data as IDataObject).approved = approved ?? null;
	} else if (this.getNodeParameter('acceptReply', 'any') === 'text' && !isTextReply(message as IDataObject) && mayReask()) {
		return await reask('Please answer with a text message.');
	}
	respond(this, 200, { conversationWait: 'resumed' });
	return {
		noWebhookResponse: true,
		workflowData: [[{ json: answer, pairedItem: { item: Number.isInteger(index) && index >= 0 ? index : 0 } }]],
	};
}

/**
 * Sends the re-ask message (its callback data names the same wait, with the new count) and puts the
 * count on the contact's record, which the trigger marked answered before calling.
 */
async function askAgain(
	this: IWebhookFunctions,
	message: IDataObject,
	waitId: string,
	url: string,
	reasks: number,
	text: string,
): Promise<void> {
	const baseUrl = await getBaseUrl.call(this);
	const businessAccountId = String(message.businessAccountId ?? '');
	const user = String(message.conversationId ?? message.userId ?? '');
	const question = outboundMessage(
		{
			businessAccountId,
			recipient: user,
			callbackData: waitCallbackData(waitId, url, reasks),
			messageId: randomUUID(),
		},
		textContent(text, undefined),
	);
	await infobipRequest.call(this, baseUrl, { method: 'POST', path: '/tiktok/1/messages', body: { messages: [question] } });
	try {
		await writeWaitRecord.call(this, baseUrl, personQuery(message.userId, businessAccountId), {
			state: 'waiting',
			waitId,
			url,
			answeredBy: typeof message.messageId === 'string' ? message.messageId : null,
			reasks,
		});
	} catch (error) {
		// Without a contact only pairing finds the wait, and the re-ask message carries it.
		this.logger.warn(`Infobip TikTok: could not record the re-ask on the People contact: ${(error as Error).message}`);
	}
}
