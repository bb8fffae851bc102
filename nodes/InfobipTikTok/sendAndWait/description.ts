import type { INodeProperties, IWebhookDescription } from 'n8n-workflow';
import { SEND_AND_WAIT_OPERATION } from 'n8n-workflow';

import { speedOptions } from '../descriptions/shared';
import { sendOptionFields } from '../descriptions/sendOptions';
import { outsideReplyWindowOption } from '../replyWindow';

const show = (extra: Record<string, string[]> = {}) => ({
	show: { resource: ['message'], operation: [SEND_AND_WAIT_OPERATION], ...extra },
});

/**
 * The restart webhooks n8n calls when a link of a waiting execution is opened (GET) or its page is
 * submitted (POST): `<webhook-waiting URL>/<execution id>/<node id>`. They are never registered.
 */
export const sendAndWaitWebhooks: IWebhookDescription[] = (['GET', 'POST'] as const).map((httpMethod) => ({
	name: 'default',
	httpMethod,
	responseMode: 'onReceived',
	responseData: '',
	path: '={{ $nodeId }}',
	restartWebhook: true,
	isFullPath: true,
}));

function reaskFields(when: Record<string, string[]>, message: string, messageDescription: string, maxDescription: string): INodeProperties[] {
	return [
		{
			displayName: 'Re-Ask Message',
			name: 'reaskMessage',
			type: 'string',
			default: message,
			description: messageDescription,
			displayOptions: show({ responseType: ['replyInChat'], ...when }),
		},
		{
			displayName: 'Max Re-Asks',
			name: 'maxReasks',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 2,
			description: maxDescription,
			displayOptions: show({ responseType: ['replyInChat'], ...when }),
		},
	];
}

export const sendAndWaitFields: INodeProperties[] = [
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		description: 'The question. The link(s) to answer it are added below it in the TikTok message.',
		displayOptions: show(),
	},
	{
		displayName:
			'With several items, each recipient gets the question and the first answer resumes the workflow. <a href="https://github.com/n8n-nodes-infobip-tiktok/n8n-nodes-infobip-tiktok/blob/main/docs/send-and-wait.md" target="_blank">More</a>',
		name: 'sendAndWaitNotice',
		type: 'notice',
		default: '',
		// About links and pages: Reply in Chat has neither.
		displayOptions: show({ responseType: ['approval', 'freeText', 'customForm'] }),
	},
	{
		displayName: 'Response Type',
		name: 'responseType',
		type: 'options',
		default: 'approval',
		options: [
			{ name: 'Approval', value: 'approval', description: 'The user approves (or declines) with a link' },
			{ name: 'Custom Form', value: 'customForm', description: 'The user fills in a form you define' },
			{ name: 'Free Text', value: 'freeText', description: 'The user writes an answer on a page' },
			{
				name: 'Reply in Chat',
				value: 'replyInChat',
				description:
					"The user's next TikTok message is the answer (no link). Needs an Infobip TikTok Trigger receiving the user's messages.",
			},
		],
		displayOptions: show(),
	},
	{
		displayName: 'Reply Means',
		name: 'chatReply',
		type: 'options',
		default: 'text',
		options: [
			{ name: 'Free Text', value: 'text', description: 'Any reply is the answer, under data.text' },
			{
				name: 'Yes or No',
				value: 'approval',
				description: 'A yes word or a no word gives data.approved; anything else is asked again',
			},
		],
		displayOptions: show({ responseType: ['replyInChat'] }),
	},
	{
		displayName: 'Yes Words',
		name: 'yesWords',
		type: 'string',
		default: 'yes, y, ok, approve',
		description: 'Replies that approve, separated by commas; case, accents and punctuation do not matter',
		displayOptions: show({ responseType: ['replyInChat'], chatReply: ['approval'] }),
	},
	{
		displayName: 'No Words',
		name: 'noWords',
		type: 'string',
		default: 'no, n, decline',
		description: 'Replies that decline, separated by commas',
		displayOptions: show({ responseType: ['replyInChat'], chatReply: ['approval'] }),
	},
	{
		displayName: 'Accept',
		name: 'acceptReply',
		type: 'options',
		default: 'any',
		options: [
			{ name: 'Any Message', value: 'any', description: 'An image, a reaction or a shared post is the answer too' },
			{ name: 'Text Only', value: 'text', description: 'A reply that is not text is answered with the re-ask message' },
		],
		displayOptions: show({ responseType: ['replyInChat'], chatReply: ['text'] }),
	},
	// Re-Ask Message and Max Re-Asks serve both Yes or No and Text Only; n8n shows the definition whose
	// conditions hold, so each has one per case (with its own default text).
	...reaskFields(
		{ chatReply: ['approval'] },
		'Please answer yes or no.',
		'Sent when a reply is neither a yes word nor a no word',
		'How many times to ask again. The next reply that is neither yes nor no then resumes the workflow with data.approved null.',
	),
	...reaskFields(
		{ chatReply: ['text'], acceptReply: ['text'] },
		'Please answer with a text message.',
		'Sent when a reply is not text (an image, a reaction, a shared post)',
		'How many times to ask again. The next reply, text or not, then resumes the workflow.',
	),
	{
		displayName: 'Form Fields',
		name: 'formFields',
		type: 'fixedCollection',
		placeholder: 'Add Form Field',
		typeOptions: { multipleValues: true, sortable: true },
		default: {},
		displayOptions: show({ responseType: ['customForm'] }),
		options: [
			{
				displayName: 'Values',
				name: 'values',
				values: [
					{
						displayName: 'Choices',
						name: 'fieldOptions',
						type: 'string',
						default: '',
						placeholder: 'e.g. Small\nMedium\nLarge',
						description: 'The choices of the dropdown, one per line (or separated by commas)',
					},
					{
						displayName: 'Label',
						name: 'fieldLabel',
						type: 'string',
						default: '',
						placeholder: 'e.g. Order number',
						required: true,
						description: 'Shown above the field; also the name of the answer under data',
					},
					{
						displayName: 'Placeholder',
						name: 'placeholder',
						type: 'string',
						default: '',
					},
					{
						displayName: 'Required Field',
						name: 'requiredField',
						type: 'boolean',
						default: false,
						description: 'Whether the user must fill in this field',
					},
					{
						displayName: 'Type',
						name: 'fieldType',
						type: 'options',
						default: 'text',
						options: [
							{
								name: 'Dropdown',
								value: 'dropdown',
							},
							{
								name: 'Email',
								value: 'email',
							},
							{
								name: 'Number',
								value: 'number',
							},
							{
								name: 'Text',
								value: 'text',
							},
							{
								name: 'Textarea',
								value: 'textarea',
							},
						],
					},
				],
			},
		],
	},
	{
		displayName: 'Approval Options',
		name: 'approvalOptions',
		type: 'fixedCollection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show({ responseType: ['approval'] }),
		options: [
			{
				displayName: 'Values',
				name: 'values',
				values: [
					{
						displayName: 'Type of Approval',
						name: 'approvalType',
						type: 'options',
						default: 'single',
						options: [
							{ name: 'Approve and Decline', value: 'double' },
							{ name: 'Approve Only', value: 'single' },
						],
					},
					{
						displayName: 'Approve Label',
						name: 'approveLabel',
						type: 'string',
						default: 'Approve',
						description: 'Written before the approve link in the message, and on the button of its page',
					},
					{
						displayName: 'Decline Label',
						name: 'disapproveLabel',
						type: 'string',
						default: 'Decline',
						description: 'Written before the decline link in the message, and on the button of its page',
						displayOptions: { show: { approvalType: ['double'] } },
					},
				],
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show(),
		options: [
			{
				displayName: 'Limit Wait Time',
				name: 'limitWaitTime',
				type: 'fixedCollection',
				default: { values: { limitType: 'afterTimeInterval', resumeAmount: 45, resumeUnit: 'minutes' } },
				description:
					'Whether to stop waiting after a while. On timeout the workflow goes on with one item per input item: { data: { timedOut: true } }.',
				options: [
					{
						displayName: 'Values',
						name: 'values',
						values: [
							{
								displayName: 'Limit Type',
								name: 'limitType',
								type: 'options',
								default: 'afterTimeInterval',
								options: [
									{ name: 'After Time Interval', value: 'afterTimeInterval' },
									{ name: 'At Specified Time', value: 'atSpecifiedTime' },
								],
							},
							{
								displayName: 'Amount',
								name: 'resumeAmount',
								type: 'number',
								typeOptions: { minValue: 0, numberPrecision: 2 },
								default: 1,
								displayOptions: { show: { limitType: ['afterTimeInterval'] } },
							},
							{
								displayName: 'Unit',
								name: 'resumeUnit',
								type: 'options',
								default: 'hours',
								options: [
									{ name: 'Days', value: 'days' },
									{ name: 'Hours', value: 'hours' },
									{ name: 'Minutes', value: 'minutes' },
									{ name: 'Seconds', value: 'seconds' },
								],
								displayOptions: { show: { limitType: ['afterTimeInterval'] } },
							},
							{
								displayName: 'Max Date and Time',
								name: 'maxDateAndTime',
								type: 'dateTime',
								default: '',
								displayOptions: { show: { limitType: ['atSpecifiedTime'] } },
							},
						],
					},
				],
			},
			{
				displayName: 'Link Label',
				name: 'messageButtonLabel',
				type: 'string',
				default: 'Respond',
				description: 'Written before the link to the answer page in the message (Free Text, Custom Form)',
				displayOptions: { show: { '/responseType': ['freeText', 'customForm'] } },
			},
			{ ...outsideReplyWindowOption },
			{
				displayName: 'Response Page Button Label',
				name: 'responseFormButtonLabel',
				type: 'string',
				default: 'Submit',
				displayOptions: { show: { '/responseType': ['freeText', 'customForm'] } },
			},
			{
				displayName: 'Response Page Title',
				name: 'responseFormTitle',
				type: 'string',
				default: '',
				displayOptions: { show: { '/responseType': ['approval', 'freeText', 'customForm'] } },
				description:
					'The title of the answer page (default: "Please confirm" for Approval, "Your answer" for Free Text and Custom Form). The question is shown below it.',
			},
			...sendOptionFields(),
			...speedOptions(1000),
		],
	},
];
