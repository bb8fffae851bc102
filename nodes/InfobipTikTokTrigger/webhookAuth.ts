import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
	IWebhookFunctions,
} from 'n8n-workflow';

import {
	HMAC_ALGORITHMS,
	headerValue,
	verifyBasicAuth,
	verifyHeader,
	verifyHmac,
	type HmacSettings,
} from './verify';

export type WebhookAuthentication = 'none' | 'basicAuth' | 'headerAuth' | 'hmacSignature';

export const WEBHOOK_CREDENTIALS: Record<Exclude<WebhookAuthentication, 'none'>, string> = {
	basicAuth: 'infobipTikTokWebhookBasicAuthApi',
	headerAuth: 'infobipTikTokWebhookHeaderAuthApi',
	hmacSignature: 'infobipTikTokWebhookHmacApi',
};

function hmacSettings(credentials: Record<string, unknown>): HmacSettings {
	return {
		secret: String(credentials.secret ?? ''),
		algorithm: (credentials.algorithm as HmacSettings['algorithm']) ?? 'sha256',
		encoding: credentials.encoding === 'base64' ? 'base64' : 'hex',
		prefix: String(credentials.prefix ?? ''),
	};
}

/** Whether the request carries the credentials the chosen authentication asks for. */
export async function isAuthorized(
	this: IWebhookFunctions,
	authentication: WebhookAuthentication,
): Promise<boolean> {
	if (authentication === 'none') return true;
	const credentials = await this.getCredentials(WEBHOOK_CREDENTIALS[authentication]);
	const headers = this.getHeaderData() as Record<string, string | string[] | undefined>;
	switch (authentication) {
		case 'basicAuth':
			return verifyBasicAuth(
				headerValue(headers, 'authorization'),
				String(credentials.user ?? ''),
				String(credentials.password ?? ''),
			);
		case 'headerAuth':
			return verifyHeader(
				headerValue(headers, String(credentials.name ?? '')),
				String(credentials.secret ?? ''),
			);
		case 'hmacSignature':
			return verifyHmac(
				this.getRequestObject().rawBody,
				headerValue(headers, String(credentials.headerName ?? '')),
				hmacSettings(credentials),
			);
		default:
			return false;
	}
}

const HTTP_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Nothing calls Infobip with these secrets, so the credential test checks that they are usable:
 * every field the check needs is filled and header names are valid HTTP header names.
 */
export async function testWebhookCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const problems: string[] = [];
	const need = (field: string, label: string) => {
		if (String(data[field] ?? '') === '') problems.push(`${label} is empty`);
	};
	const headerName = (field: string, label: string, example: string) => {
		const value = String(data[field] ?? '');
		if (value === '') problems.push(`${label} is empty`);
		else if (!HTTP_TOKEN.test(value)) {
			problems.push(`${label} "${value}" can't be an HTTP header name: use letters, digits and hyphens, e.g. ${example}`);
		}
	};
	switch (credential.type) {
		case WEBHOOK_CREDENTIALS.basicAuth:
			need('user', 'Username');
			need('password', 'Password');
			if (String(data.user ?? '').includes(':')) problems.push('Username must not contain ":"');
			break;
		case WEBHOOK_CREDENTIALS.headerAuth:
			headerName('name', 'Header Name', 'X-Webhook-Token');
			need('secret', 'Header Value');
			break;
		case WEBHOOK_CREDENTIALS.hmacSignature:
			need('secret', 'Secret');
			headerName('headerName', 'Signature Header', 'X-Signature');
			if (!HMAC_ALGORITHMS.includes(data.algorithm as HmacSettings['algorithm'])) {
				problems.push('Algorithm is not supported');
			}
			break;
		default:
			problems.push(`Unknown credential type ${credential.type}`);
	}
	return problems.length === 0
		? { status: 'OK', message: 'The webhook credential is complete' }
		: // n8n puts this under its own "Couldn't connect with these settings": say that nothing was sent.
			{ status: 'Error', message: `${problems.join('; ')}. This test only checks the fields: nothing is sent to Infobip.` };
}
