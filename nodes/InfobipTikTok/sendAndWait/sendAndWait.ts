import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeOperationError, SEND_AND_WAIT_OPERATION, WAIT_INDEFINITELY } from 'n8n-workflow';

import { InvalidField } from '../../infobip/outbound';
import { sendMessages } from '../operations/message';
import { FREE_TEXT_FIELD, formFieldsFrom, postedFields, readForm, type FormField } from './form';
import { answeredPage, approvalPage, formPage, PAGE_HEADERS } from './page';
import { answerInChatWebhook, askInChat } from './replyInChat';

type ResponseType = 'approval' | 'freeText' | 'customForm' | 'replyInChat';

const UNIT_MS: Record<string, number> = { seconds: 1_000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 };

/** When to stop waiting, from the Limit Wait Time option; without it n8n waits indefinitely. */
export function waitUntil(limit: IDataObject | undefined, now = Date.now()): Date {
	if (!limit || Object.keys(limit).length === 0) return WAIT_INDEFINITELY;
	if (limit.limitType === 'atSpecifiedTime') {
		const at = new Date(String(limit.maxDateAndTime ?? ''));
		if (Number.isNaN(at.getTime())) {
			throw new InvalidField('Limit Wait Time > Max Date and Time', `is not a date: "${String(limit.maxDateAndTime ?? '')}"`);
		}
		return at;
	}
	const amount = Number(limit.resumeAmount ?? 1);
	const unit = UNIT_MS[String(limit.resumeUnit ?? 'hours')];
	if (!Number.isFinite(amount) || amount < 0 || unit === undefined) {
		throw new InvalidField('Limit Wait Time > Amount', `must be a number of seconds, minutes, hours or days of 0 or more`);
	}
	return new Date(now + amount * unit);
}

export interface AnswerLink {
	label: string;
	/** Query parameters of the signed link (the signature covers them). */
	query: Record<string, string>;
}

/** The links a question carries: approve (and decline), or one link to the answer page. */
export function answerLinks(responseType: string, approval: IDataObject, options: IDataObject): AnswerLink[] {
	if (responseType === 'freeText' || responseType === 'customForm') {
		return [{ label: String(options.messageButtonLabel || 'Respond'), query: {} }];
	}
	const approve = { label: String(approval.approveLabel || 'Approve'), query: { approved: 'true' } };
	if (approval.approvalType !== 'double') return [approve];
	return [approve, { label: String(approval.disapproveLabel || 'Decline'), query: { approved: 'false' } }];
}

/** The TikTok text: the question, then one line per link (TikTok has no buttons). */
export function questionText(message: unknown, links: Array<{ label: string; url: string }>): string {
	const question = message === undefined || message === null ? '' : String(message).trim();
	if (question === '') throw new InvalidField('Message', 'is empty');
	return `${question}\n\n${links.map((link) => `${link.label}: ${link.url}`).join('\n')}`;
}

function configError(context: IExecuteFunctions, error: unknown): NodeOperationError {
	if (error instanceof InvalidField) {
		return new NodeOperationError(context.getNode(), `${error.field} ${error.problem}`, {
			description: `Check the "${error.field}" parameter.`,
		});
	}
	return new NodeOperationError(context.getNode(), error as Error);
}

/**
 * Sends the question to every item's recipient through the bulk sending path, then puts the execution
 * to wait for the first answer. If no question went out (every item skipped or failed), there is nothing
 * to wait for and the items' results are the output.
 */
export async function sendAndWait(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const responseType = this.getNodeParameter('responseType', 0, 'approval') as ResponseType;
	const approval = this.getNodeParameter('approvalOptions.values', 0, {}) as IDataObject;
	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	let waitTill: Date;
	try {
		// A form that cannot be built must fail now, not after the user tapped the link.
		if (responseType === 'customForm') formFieldsFrom(this.getNodeParameter('formFields.values', 0, []));
		waitTill = waitUntil((options.limitWaitTime as IDataObject | undefined)?.values as IDataObject | undefined);
	} catch (error) {
		throw configError(this, error);
	}
	// n8n 2.8 checks the links' signature only when the node asks for it; newer n8n always checks it.
	(this as IExecuteFunctions & { setSignatureValidationRequired?: () => void }).setSignatureValidationRequired?.();
	if (responseType === 'replyInChat') return await askInChat.call(this, items, waitTill);
	const links = answerLinks(responseType, approval, options);
	const text = (index: number) =>
		questionText(
			this.getNodeParameter('message', index, ''),
			links.map((link) => ({
				label: link.label,
				url: this.getSignedResumeUrl({ ...link.query, item: String(index) }),
			})),
		);

	const results = await sendMessages.call(this, items, SEND_AND_WAIT_OPERATION, text);
	const asked = results.some((result) => result.json.skipped === false && result.json.error === undefined);
	if (!asked) return results;

	await this.putExecutionToWait(waitTill);
	// On timeout n8n resumes with this node disabled, which passes its input through: make that input
	// say so. Answers replace it with the webhook's output.
	this.getExecuteData().data = {
		main: [items.map((_, index) => ({ json: { data: { timedOut: true } }, pairedItem: { item: index } }))],
	};
	return results;
}

function respond(context: IWebhookFunctions, status: number, html: string): void {
	const response = context.getResponseObject();
	response.status(status);
	for (const [name, value] of Object.entries(PAGE_HEADERS)) response.setHeader(name, value);
	response.send(html);
}

/** The item whose link was used (the signed `item` parameter), for pairing the answer with it. */
function answeringItem(query: IDataObject): number {
	const index = Number(query.item);
	return Number.isInteger(index) && index >= 0 ? index : 0;
}

/**
 * Serves the answer page (GET) and records the answer (POST). n8n has already checked the link's
 * signature (401 for a forged one) and that the execution still waits ("no action required" otherwise).
 * Approval links only open a page: a GET never answers, so link previews and scanners answer nothing.
 */
export async function sendAndWaitWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const method = this.getRequestObject().method;
	const query = this.getQueryData() as IDataObject;
	const responseType = this.getNodeParameter('responseType', 'approval') as ResponseType;
	if (responseType === 'replyInChat') return await answerInChatWebhook.call(this);
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const title = String(options.responseFormTitle || '').trim();

	const answer = (data: IDataObject): IWebhookResponseData => {
		respond(this, 200, answeredPage(title || 'Thank you'));
		return {
			noWebhookResponse: true,
			workflowData: [
				[{ json: { data: { ...data, respondedAt: new Date().toISOString() } }, pairedItem: { item: answeringItem(query) } }],
			],
		};
	};

	if (responseType === 'approval') {
		const approved = query.approved === 'true';
		if (method === 'POST') return answer({ approved });
		const approval = this.getNodeParameter('approvalOptions.values', {}) as IDataObject;
		const label = approved ? approval.approveLabel || 'Approve' : approval.disapproveLabel || 'Decline';
		respond(this, 200, approvalPage({ title: title || 'Please confirm', message: '', buttonLabel: String(label), approved }));
		return { noWebhookResponse: true };
	}

	const fields: FormField[] =
		responseType === 'freeText' ? [FREE_TEXT_FIELD] : formFieldsFrom(this.getNodeParameter('formFields.values', []));
	const page = {
		title: title || 'Your answer',
		message: '',
		buttonLabel: String(options.responseFormButtonLabel || 'Submit'),
		fields,
	};
	if (method !== 'POST') {
		respond(this, 200, formPage(page));
		return { noWebhookResponse: true };
	}
	const posted = postedFields(this.getBodyData());
	const reading = readForm(fields, posted);
	if ('errors' in reading) {
		const values = Object.fromEntries(fields.map((field) => [field.name, String(posted[field.name] ?? '')]));
		respond(this, 400, formPage({ ...page, values, errors: reading.errors }));
		return { noWebhookResponse: true };
	}
	return answer(responseType === 'freeText' ? { text: reading.values[FREE_TEXT_FIELD.label] } : reading.values);
}
