import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/** A static header (name and secret value) that Infobip's notification profile adds to every webhook call. */
export class InfobipTikTokWebhookHeaderAuthApi implements ICredentialType {
	name = 'infobipTikTokWebhookHeaderAuthApi';

	displayName = 'Infobip TikTok Webhook Header Auth API';

	icon = {
		light: 'file:../icons/infobip-tiktok.svg',
		dark: 'file:../icons/infobip-tiktok.dark.svg',
	} as const;

	documentationUrl = 'https://www.infobip.com/docs/cpaas-x/subscriptions-management';

	properties: INodeProperties[] = [
		{
			displayName: 'Header Name',
			name: 'name',
			type: 'string',
			default: '',
			placeholder: 'e.g. X-Webhook-Token',
			required: true,
		},
		{
			displayName: 'Header Value',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
	];
}
