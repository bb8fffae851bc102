import type {
	IAuthenticateGeneric,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/**
 * Infobip API key plus the account's base URL. Named `infobipTikTokApi` so that it can sit beside
 * Infobip's own n8n package, which already uses `infobipApi`.
 */
export class InfobipTikTokApi implements ICredentialType {
	name = 'infobipTikTokApi';

	displayName = 'Infobip TikTok API';

	icon = {
		light: 'file:../icons/infobip-tiktok.svg',
		dark: 'file:../icons/infobip-tiktok.dark.svg',
	} as const;

	documentationUrl = 'https://www.infobip.com/docs/essentials/api-essentials/api-authentication';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'An API key with the scopes tiktok:manage, saas:tiktok-ads:manage (conversions), people:read (contacts) and numbers:manage (the trigger\'s Register in Infobip)',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.infobip.com',
			placeholder: 'e.g. https://xxxxx.api.infobip.com',
			required: true,
			description: "Your account's own API base URL, shown on the Infobip portal's home page",
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=App {{$credentials.apiKey}}',
			},
		},
	};

	// Message logs are read-only; delivery reports would be consumed (each is handed out only once).
	test: ICredentialTestRequest = {
		request: {
			// The same tolerance as the nodes' base URL: no trailing slash needed, https:// when no scheme.
			baseURL:
				'={{ (/^https?:\\/\\//i.test($credentials.baseUrl.trim()) ? "" : "https://") + $credentials.baseUrl.trim().replace(/\\/+$/, "") }}',
			url: '/tiktok/1/logs',
			method: 'GET',
			qs: { limit: 1 },
		},
		// n8n shows only the HTTP status text ("Unauthorized") of a failed declarative test and offers no way
		// to pass the answer's body on; these rules give Infobip's own documented text for the two answers
		// a wrong key or missing scope produce.
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Infobip answered 401: the request lacks valid authentication credentials. Check the API key (and that the Base URL is your account\'s).',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'Infobip answered 403: insufficient permissions to access the requested resource. Give the API key the scope tiktok:manage.',
				},
			},
		],
	};
}
