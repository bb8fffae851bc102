import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	INode,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { closedWindowExplanation } from './replyWindow';
import type { InfobipApiErrorBody, InfobipLegacyErrorBody } from './types';

export const API_CREDENTIAL = 'infobipTikTokApi';

/** Action nodes and the trigger (its contact lookup, its registration, its panel's list) call Infobip the same way. */
export type InfobipContext = IExecuteFunctions | IWebhookFunctions | IHookFunctions | ILoadOptionsFunctions;

/** The account's base URL as typed by the user: tolerate a trailing slash or a missing scheme. */
export function normalizeBaseUrl(raw: string): string {
	const url = raw.trim().replace(/\/+$/, '');
	return /^https?:\/\//i.test(url) ? url : `https://${url}`;
}

export interface RetryPolicy {
	maxAttempts: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** No retry starts once this much time would have been spent waiting. */
	maxTotalDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
	maxAttempts: 5,
	baseDelayMs: 500,
	maxDelayMs: 8_000,
	maxTotalDelayMs: 30_000,
};

/** Statuses worth a retry for a request that changes nothing (GET): throttling and server errors. */
export function isRetryable(status: number): boolean {
	return status === 429 || status >= 500;
}

/**
 * Statuses worth a retry for a request that sends something (POST). Only 429 says that Infobip did not
 * act on it; after a 5xx the message may have gone out, and a retry could send it twice.
 */
export function isRetryableSend(status: number): boolean {
	return status === 429;
}

/** Connection failures that happen before any byte of the request reached Infobip: safe to retry. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/** The system error code (ECONNREFUSED, ECONNRESET...) behind an error of n8n's HTTP helpers. */
export function networkErrorCode(error: unknown): string | undefined {
	for (let current = error, depth = 0; current && depth < 4; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

export function surelyNotSent(error: unknown): boolean {
	const code = networkErrorCode(error);
	return code !== undefined && NOT_SENT_CODES.has(code);
}

/** Retry-After (seconds or an HTTP date) wins; else exponential backoff, both capped. */
export function retryDelayMs(
	attempt: number,
	retryAfter: string | undefined,
	policy: RetryPolicy,
	now = Date.now(),
): number {
	if (retryAfter !== undefined && retryAfter.trim() !== '') {
		const seconds = Number(retryAfter);
		const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(retryAfter) - now;
		if (Number.isFinite(ms)) return Math.min(Math.max(ms, 0), policy.maxDelayMs);
	}
	return Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
}

/** A part of Infobip's error text without its final full stop, so that parts join cleanly. */
function sentence(text: string): string {
	return text.trim().replace(/[.\s]+$/, '');
}

/** A readable message from either of Infobip's error shapes, naming each field that was wrong. */
export function describeInfobipError(status: number, body: unknown): string {
	const parts: string[] = [];
	if (typeof body === 'object' && body !== null) {
		const modern = body as InfobipApiErrorBody;
		const legacy = (body as InfobipLegacyErrorBody).requestError?.serviceException;
		if (modern.description) parts.push(modern.description);
		for (const violation of modern.violations ?? []) {
			parts.push(`${violation.property ?? '?'}: ${violation.violation ?? 'invalid'}`);
		}
		if (legacy?.text) parts.push(legacy.text);
		for (const [field, problems] of Object.entries(legacy?.validationErrors ?? {})) {
			parts.push(`${field}: ${(problems ?? []).join(', ')}`);
		}
	} else if (typeof body === 'string' && body.trim() !== '') {
		parts.push(body.trim().slice(0, 500));
	}
	const text = parts.map(sentence).filter((part) => part !== '');
	if (text.length === 0) text.push('No error description');
	const errorCode = (body as InfobipApiErrorBody | null)?.errorCode;
	const explanation = closedWindowExplanation(errorCode, ...parts);
	return `${explanation ? `${explanation} ` : ''}Infobip answered ${status}: ${text.join('; ')}`;
}

/**
 * A request that sends something reached Infobip (or may have), but its answer was lost or was a 5xx:
 * the message may or may not have gone out. Never retried; the items say how to find out.
 */
export class UnknownOutcomeError extends NodeApiError {}

function brokenConnection(node: INode, details: JsonObject, message: string): UnknownOutcomeError {
	return new UnknownOutcomeError(node, details, { message });
}

/**
 * The error of one Infobip answer. Infobip's `description` is already in the message, so it is left out
 * of the error's details (n8n would show it again as the description); its `action` becomes the
 * description instead.
 */
export function infobipApiError(
	node: INode,
	status: number,
	body: unknown,
	ErrorType: typeof NodeApiError = NodeApiError,
): NodeApiError {
	const isObject = typeof body === 'object' && body !== null;
	const rest = { ...((isObject ? body : { body }) as JsonObject) };
	delete rest.description;
	const action = isObject ? (body as InfobipApiErrorBody).action : undefined;
	return new ErrorType(node, rest as JsonObject, {
		httpCode: String(status),
		message: describeInfobipError(status, body),
		...(action && { description: action }),
	});
}

/** Errors leave the node as n8n's own error types, whatever raised them. */
export function asNodeError(node: INode, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error);
}

/** Whether Infobip answered with `status` (an error of infobipRequest). */
export function isHttpStatus(error: unknown, status: number): boolean {
	return error instanceof NodeApiError && error.httpCode === String(status);
}

export interface InfobipRequest {
	method: IHttpRequestMethods;
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
	/** Cancels the request in flight, and any retry, once it aborts (the trigger's time limit for lookups). */
	abortSignal?: AbortSignal;
}

/** Reads the account's base URL once per execution. */
export async function getBaseUrl(this: InfobipContext): Promise<string> {
	const credentials = await this.getCredentials(API_CREDENTIAL);
	return normalizeBaseUrl(String(credentials.baseUrl ?? ''));
}

/**
 * One call to Infobip with the shared credential. A GET is retried on 429 and 5xx; a POST (it sends a
 * message, an event or a conversion) only on 429, because after a 5xx Infobip may have acted on it.
 * People's PATCH and DELETE (values replace, tags are a set) do the same thing when repeated, so they
 * are retried like a GET.
 * Connection failures before the request left (refused, DNS) are retried either way; any other failure
 * of a POST after it left becomes an UnknownOutcomeError. Retries back off (honouring Retry-After). The
 * API key is added by n8n's credential authentication and never appears in an error.
 */
export async function infobipRequest(
	this: InfobipContext,
	baseUrl: string,
	request: InfobipRequest,
	policy: RetryPolicy = DEFAULT_RETRY,
): Promise<unknown> {
	const sends = request.method === 'POST';
	let waited = 0;
	const mayRetry = async (attempt: number, retryAfter?: string): Promise<boolean> => {
		if (attempt >= policy.maxAttempts || request.abortSignal?.aborted) return false;
		const delay = retryDelayMs(attempt, retryAfter, policy);
		if (waited + delay > policy.maxTotalDelayMs) return false;
		waited += delay;
		await sleep(delay);
		return true;
	};
	for (let attempt = 1; ; attempt++) {
		let response: IN8nHttpFullResponse;
		try {
			response = (await this.helpers.httpRequestWithAuthentication.call(this, API_CREDENTIAL, {
				method: request.method,
				url: `${baseUrl}${request.path}`,
				body: request.body,
				qs: request.qs,
				json: true,
				arrayFormat: 'repeat',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				...(request.abortSignal && { abortSignal: request.abortSignal }),
			})) as IN8nHttpFullResponse;
		} catch (error) {
			const notSent = surelyNotSent(error);
			if (notSent && (await mayRetry(attempt))) continue;
			// Only the message and code: the error object of the HTTP client also holds the request headers.
			const reason = (error as Error).message;
			const details = { message: reason };
			if (sends && !notSent) {
				// No error code in the text: n8n would swap the whole message for its generic one.
				const message = `the connection to Infobip at ${baseUrl} broke after the request was sent`;
				throw brokenConnection(this.getNode(), details, message);
			}
			throw new NodeApiError(this.getNode(), details, {
				message: `Could not reach Infobip at ${baseUrl}: ${reason}`,
			});
		}
		const status = response.statusCode;
		if (status >= 200 && status < 300) return response.body;
		if (sends ? isRetryableSend(status) : isRetryable(status)) {
			const header = response.headers?.['retry-after'];
			if (await mayRetry(attempt, Array.isArray(header) ? header[0] : header)) continue;
		}
		throw infobipApiError(
			this.getNode(),
			status,
			response.body,
			sends && status >= 500 ? UnknownOutcomeError : NodeApiError,
		);
	}
}
