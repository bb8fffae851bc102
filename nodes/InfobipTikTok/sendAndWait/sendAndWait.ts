import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeOperationError, SEND_AND_WAIT_OPERATION, WAIT_INDEFINITELY } from 'n8n-workflow';
import { randomBytes } from 'crypto';
import { DateTime } from 'luxon';

import { InvalidField } from '../../infobip/outbound';
import { sendMessages } from '../operations/message';
import { FREE_TEXT_FIELD, formFieldsFrom, postedFields, readForm, type FormField } from './form';
import { answeredPage, approvalPage, DEFAULT_TITLES, formPage, PAGE_HEADERS, stalePage } from './page';
import { answerInChatWebhook, askInChat } from './replyInChat';

type ResponseType = 'approval' | 'freeText' | 'customForm' | 'replyInChat';

const UNIT_MS: Record<string, number> = { seconds: 1_000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 };

/**
 * When to stop waiting, from the Limit Wait Time option; without it n8n waits indefinitely. A Max Date
 * and Time without an offset is read in `zone`, the workflow's time zone (as n8n's own nodes do).
 */
export function waitUntil(limit: IDataObject | undefined, now = Date.now(), zone = 'UTC'): Date {
	if (!limit || Object.keys(limit).length === 0) return WAIT_INDEFINITELY;
	if (limit.limitType === 'atSpecifiedTime') {
		const field = 'Limit Wait Time > Max Date and Time';
		const value = limit.maxDateAndTime;
		const text = String(value ?? '').trim();
		const at =
			value instanceof Date
				? DateTime.fromJSDate(value)
				: DateTime.isDateTime(value)
					? value
					: DateTime.fromISO(text, { zone }).isValid
						? DateTime.fromISO(text, { zone })
						: DateTime.fromSQL(text, { zone });
		if (!at.isValid) throw new InvalidField(field, `is not a date: "${text.slice(0, 50)}"`);
		if (at.toMillis() <= now) {
			throw new InvalidField(field, `is in the past: ${at.setZone(zone).toISO()} (time zone ${zone})`);
		}
		return at.toJSDate();
	}
	const amount = Number(limit.resumeAmount ?? 1);
	const unit = UNIT_MS[String(limit.resumeUnit ?? 'hours')];
	if (!Number.isFinite(amount) || amount < 0 || unit === undefined) {
		throw new InvalidField('Limit Wait Time > Amount', `must be a number of seconds, minutes, hours or days of 0 or more`);
	}
	return new Date(now + amount * unit);
}

/**
 * The signed query parameter that tells questions apart. n8n signs execution, node and query only, so
 * without it every question one node asks in one execution (a loop) would carry the same links.
 */
export const QUESTION_PARAMETER = 'question';

/**
 * n8n answers a link opened while the execution still runs (the questions go out before n8n puts it to
 * wait) with 409 before any node code runs; it renders that error as a page, not JSON, only when the URL
 * contains "form-waiting" (n8n's response helper, 2.8 and 2.41). This parameter makes our links qualify.
 */
export const RUNNING_PAGE_PARAMETER: Record<string, string> = { page: 'form-waiting' };

/** A new random id for the questions of one run of the node. */
export const newQuestionId = () => randomBytes(12).toString('base64url');

/** What the waiting execution keeps per item: the question's id and text, for checking links and showing the page. */
export interface KeptQuestion {
	id: string;
	text: string;
}

/** The input the execution waits with; n8n passes it through on timeout, and the webhook reads it back. */
export function waitingItems(questions: KeptQuestion[]): INodeExecutionData[] {
	return questions.map((question, index) => ({
		json: { data: { timedOut: true }, question: { ...question } },
		pairedItem: { item: index },
	}));
}

/**
 * Whether a link belongs to the question the execution waits for. Waits kept without an id (started
 * before this check existed, or a path where n8n does not keep the node's waiting input) accept any
 * signed link, as before.
 */
export function isCurrentQuestion(kept: unknown, linkQuestion: unknown): boolean {
	if (typeof kept !== 'string' || kept === '') return true;
	return typeof linkQuestion === 'string' && linkQuestion === kept;
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
		const limit = (options.limitWaitTime as IDataObject | undefined)?.values as IDataObject | undefined;
		waitTill = waitUntil(limit, Date.now(), this.getTimezone());
	} catch (error) {
		throw configError(this, error);
	}
	// n8n 2.8 checks the links' signature only when the node asks for it; newer n8n always checks it.
	(this as IExecuteFunctions & { setSignatureValidationRequired?: () => void }).setSignatureValidationRequired?.();
	if (responseType === 'replyInChat') return await askInChat.call(this, items, waitTill);
	const links = answerLinks(responseType, approval, options);
	const questionId = newQuestionId();
	const questions: KeptQuestion[] = items.map(() => ({ id: questionId, text: '' }));
	const text = (index: number) => {
		const message = this.getNodeParameter('message', index, '');
		const full = questionText(
			message,
			links.map((link) => ({
				label: link.label,
				url: this.getSignedResumeUrl({
					...link.query,
					item: String(index),
					[QUESTION_PARAMETER]: questionId,
					...RUNNING_PAGE_PARAMETER,
				}),
			})),
		);
		questions[index] = { id: questionId, text: String(message).trim() };
		return full;
	};

	const results = await sendMessages.call(this, items, SEND_AND_WAIT_OPERATION, text, undefined, waitTill);
	const asked = results.some((result) => result.json.skipped === false && result.json.error === undefined);
	if (!asked) return results;

	await this.putExecutionToWait(waitTill);
	// On timeout n8n resumes with this node disabled, which passes its input through: make that input
	// say so. Answers replace it with the webhook's output. The webhook reads the questions back from it.
	this.getExecuteData().data = { main: [waitingItems(questions)] };
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

/** The question the execution waits with for `index` (see waitingItems), read from the node's waiting input. */
function keptQuestion(context: IWebhookFunctions, index: number): Partial<KeptQuestion> {
	try {
		const kept = context.evaluateExpression('{{ $json.question }}', index);
		return typeof kept === 'object' && kept !== null ? (kept as Partial<KeptQuestion>) : {};
	} catch {
		return {};
	}
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
	const item = answeringItem(query);
	// Every item of one wait has the same id; item 0 always exists, whatever `item` a stale link names.
	if (!isCurrentQuestion(keptQuestion(this, 0).id, query[QUESTION_PARAMETER])) {
		// A link of an earlier question of this node (a loop): it must not answer the current one.
		respond(this, 200, stalePage());
		return { noWebhookResponse: true };
	}
	const { text: kept } = keptQuestion(this, item);
	const message = typeof kept === 'string' ? kept : '';

	const answer = (data: IDataObject): IWebhookResponseData => {
		respond(this, 200, answeredPage(title || 'Thank you'));
		return {
			noWebhookResponse: true,
			workflowData: [
				[{ json: { data: { ...data, respondedAt: new Date().toISOString() } }, pairedItem: { item } }],
			],
		};
	};

	if (responseType === 'approval') {
		const approved = query.approved === 'true';
		if (method === 'POST') return answer({ approved });
		const approval = this.getNodeParameter('approvalOptions.values', {}) as IDataObject;
		const label = approved ? approval.approveLabel || 'Approve' : approval.disapproveLabel || 'Decline';
		const page = { title: title || DEFAULT_TITLES.approval, message, buttonLabel: String(label), approved };
		respond(this, 200, approvalPage(page));
		return { noWebhookResponse: true };
	}

	const fields: FormField[] =
		responseType === 'freeText' ? [FREE_TEXT_FIELD] : formFieldsFrom(this.getNodeParameter('formFields.values', []));
	const page = {
		title: title || DEFAULT_TITLES.form,
		message,
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
