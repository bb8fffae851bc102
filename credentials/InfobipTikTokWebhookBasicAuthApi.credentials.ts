import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/** Basic auth that Infobip's notification profile sends with every webhook call. */
export class InfobipTikTokWebhookBasicAuthApi implements ICredentialType {
	name = 'infobipTikTokWebhookBasicAuthApi';

	displayName = 'Infobip TikTok Webhook Basic Auth API';

	icon = {
		light: 'file:../icons/infobip-tiktok.svg',
		dark: 'file:../icons/infobip-tiktok.dark.svg',
	} as const;

	documentationUrl = 'https://www.infobip.com/docs/cpaas-x/subscriptions-management';

	properties: INodeProperties[] = [
		{
			displayName: 'Username',
			name: 'user',
			type: 'string',
			default: '',
			required: true,
			description: 'The username of the BASIC security setting on the Infobip notification profile',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
	];
}
