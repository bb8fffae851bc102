import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * HMAC signature over the raw request body. Infobip does not document the header that carries the
 * signature or its encoding, so both are settings here.
 */
export class InfobipTikTokWebhookHmacApi implements ICredentialType {
	name = 'infobipTikTokWebhookHmacApi';

	displayName = 'Infobip TikTok Webhook HMAC Signature API';

	icon = {
		light: 'file:../icons/infobip-tiktok.svg',
		dark: 'file:../icons/infobip-tiktok.dark.svg',
	} as const;

	documentationUrl = 'https://www.infobip.com/docs/cpaas-x/subscriptions-management';

	properties: INodeProperties[] = [
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The HMAC key of the security setting on the Infobip notification profile',
		},
		{
			displayName: 'Signature Header',
			name: 'headerName',
			type: 'string',
			default: 'X-Signature',
			required: true,
			description: 'The request header that carries the signature',
		},
		{
			displayName: 'Algorithm',
			name: 'algorithm',
			type: 'options',
			options: [
				{ name: 'HMAC MD5', value: 'md5' },
				{ name: 'HMAC SHA-1', value: 'sha1' },
				{ name: 'HMAC SHA-224', value: 'sha224' },
				{ name: 'HMAC SHA-256', value: 'sha256' },
				{ name: 'HMAC SHA-384', value: 'sha384' },
				{ name: 'HMAC SHA-512', value: 'sha512' },
			],
			default: 'sha256',
		},
		{
			displayName: 'Encoding',
			name: 'encoding',
			type: 'options',
			options: [
				{ name: 'Base64', value: 'base64' },
				{ name: 'Hex', value: 'hex' },
			],
			default: 'hex',
		},
		{
			displayName: 'Signature Prefix',
			name: 'prefix',
			type: 'string',
			default: '',
			placeholder: 'e.g. sha256=',
			description: 'Text before the signature in the header, if any',
		},
	];
}
