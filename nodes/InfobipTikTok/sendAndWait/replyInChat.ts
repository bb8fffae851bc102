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
	waitCallbackData,
	writeWaitRecord,
	type ResumeAnswer,
} from '../../infobip/conversationWait';
import { InvalidField } from '../../infobip/outbound';
import { personQuery } from '../../infobip/people';
import { asNodeError, getBaseUrl } from '../../infobip/transport';
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
	const conversations: IDataObject[] = [];
	for (let index = 0; index < items.length; index++) {
		let query;
		try {
			chatQuestion(this.getNodeParameter('message', index, ''));
			query = personQuery(this.getNodeParameter('recipient', index, ''), this.getNodeParameter('businessAccountId', index, ''));
		} catch (error) {
			if (error instanceof InvalidField) {
				throw new NodeOperationError(this.getNode(), `Item ${index}: ${error.field} ${error.problem}`, { itemIndex: index });
			}
			throw asNodeError(this.getNode(), error);
		}
		conversations.push({ userId: query.identifier, businessAccountId: query.sender, conversationId: query.identifier });
		// The message that led here (the trigger's, an answer's, or the one a send result answered): its
		// redelivery must not answer this question.
		const json = items[index].json;
		const inbound = typeof json.inboundMessageId === 'string' ? json.inboundMessageId : json.event === 'message' ? json.messageId : null;
		try {
			await writeWaitRecord.call(this, baseUrl, query, {
				state: 'waiting',
				waitId,
				url: urls[index],
				answeredBy: typeof inbound === 'string' ? inbound : null,
			});
		} catch (error) {
			// People creates TikTok contacts itself (its API cannot): without one, only Infobip's pairing finds the wait.
			if (error instanceof NodeApiError && error.httpCode === '404') {
				this.logger.warn(
					`Infobip TikTok "${this.getNode().name}": People has no contact for TikTok user "${query.identifier}"; only a reply that Infobip pairs with the question will resume this execution`,
				);
				continue;
			}
			throw new NodeOperationError(
				this.getNode(),
				`Item ${index}: could not record the question on the People contact of TikTok user "${query.identifier}": ${(error as Error).message}`,
				{
					itemIndex: index,
					description:
						'Reply in Chat keeps the waiting question on the contact (custom attribute "n8nConversationWait"): the credential needs the people:manage scope.',
				},
			);
		}
	}

	const results = await sendMessages.call(
		this,
		items,
		'sendAndWait',
		(index) => chatQuestion(this.getNodeParameter('message', index, '')),
		(index) => waitCallbackData(waitId, urls[index]),
	);
	const asked = results.some((result) => result.json.skipped === false && result.json.error === undefined);
	if (!asked) return results;

	await this.putExecutionToWait(waitTill);
	// The input of the waiting node: the webhook reads `waitId` to refuse an old question's answer, and a
	// timeout passes these items on (n8n resumes with the node disabled).
	this.getExecuteData().data = {
		main: [
			items.map((_, index) => ({
				json: { data: { timedOut: true }, waitId, ...conversations[index] },
				pairedItem: { item: index },
			})),
		],
	};
	return results;
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
	respond(this, 200, { conversationWait: 'resumed' });
	return {
		noWebhookResponse: true,
		workflowData: [
			[
				{
					json: chatAnswerItem(message as IDataObject),
					pairedItem: { item: Number.isInteger(index) && index >= 0 ? index : 0 },
				},
			],
		],
	};
}
