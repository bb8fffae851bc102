import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IN8nHttpFullResponse,
	INode,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { closedWindowExplanation } from './replyWindow';
import type { InfobipApiErrorBody, InfobipLegacyErrorBody } from './types';

export const API_CREDENTIAL = 'infobipTikTokApi';

/** Action nodes and the trigger (its contact lookup) call Infobip the same way. */
export type InfobipContext = IExecuteFunctions | IWebhookFunctions;

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

export function isRetryable(status: number): boolean {
	return status === 429 || status >= 500;
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
	if (parts.length === 0) parts.push('No error description');
	const errorCode = (body as InfobipApiErrorBody | null)?.errorCode;
	const explanation = closedWindowExplanation(errorCode, ...parts);
	return `${explanation ? `${explanation} ` : ''}Infobip answered ${status}: ${parts.join('; ')}`;
}

export function infobipApiError(node: INode, status: number, body: unknown): NodeApiError {
	const errorBody = (typeof body === 'object' && body !== null ? body : { body }) as JsonObject;
	return new NodeApiError(node, errorBody, {
		httpCode: String(status),
		message: describeInfobipError(status, body),
	});
}

/** Errors leave the node as n8n's own error types, whatever raised them. */
export function asNodeError(node: INode, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error);
}

export interface InfobipRequest {
	method: IHttpRequestMethods;
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
}

/** Reads the account's base URL once per execution. */
export async function getBaseUrl(this: InfobipContext): Promise<string> {
	const credentials = await this.getCredentials(API_CREDENTIAL);
	return normalizeBaseUrl(String(credentials.baseUrl ?? ''));
}

/**
 * One call to Infobip with the shared credential. Retries 429 and 5xx with backoff (honouring
 * Retry-After); any other failure becomes a NodeApiError carrying Infobip's description. The API key is
 * added by n8n's credential authentication and never appears in the error.
 */
export async function infobipRequest(
	this: InfobipContext,
	baseUrl: string,
	request: InfobipRequest,
	policy: RetryPolicy = DEFAULT_RETRY,
): Promise<unknown> {
	let waited = 0;
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
			})) as IN8nHttpFullResponse;
		} catch (error) {
			// Only the message: the error object of the HTTP client also holds the request headers.
			throw new NodeApiError(
				this.getNode(),
				{ message: (error as Error).message },
				{ message: `Could not reach Infobip at ${baseUrl}: ${(error as Error).message}` },
			);
		}
		const status = response.statusCode;
		if (status >= 200 && status < 300) return response.body;
		if (isRetryable(status) && attempt < policy.maxAttempts) {
			const header = response.headers?.['retry-after'];
			const delay = retryDelayMs(attempt, Array.isArray(header) ? header[0] : header, policy);
			if (waited + delay <= policy.maxTotalDelayMs) {
				waited += delay;
				await sleep(delay);
				continue;
			}
		}
		throw infobipApiError(this.getNode(), status, response.body);
	}
}
