import type { INodeProperties } from 'n8n-workflow';
import { SEND_AND_WAIT_OPERATION } from 'n8n-workflow';

import { outsideReplyWindowOption } from '../replyWindow';
import { sendAndWaitFields } from '../sendAndWait/description';
import { sendOnceFields, speedOptions } from './shared';
import { sendOptionFields } from './sendOptions';

const showFor = (operation: string[]) => ({ show: { resource: ['message'], operation } });
const SEND_OPERATIONS = ['sendText', 'sendImage', 'sendSharePost'];
const EVENT_OPERATIONS = ['sendTypingIndicator', 'markAsRead'];
const ALL_SENDING = [...SEND_OPERATIONS, SEND_AND_WAIT_OPERATION, ...EVENT_OPERATIONS];

export const messageOperations: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{
				name: 'Download Media',
				value: 'downloadMedia',
				description: 'Download the image of an incoming message as a file (binary data)',
				action: 'Download the media of a message',
			},
			{
				name: 'Mark as Read',
				value: 'markAsRead',
				description: "Mark the user's messages as read",
				action: 'Mark messages as read',
			},
			{
				name: 'Send and Wait for Response',
				value: SEND_AND_WAIT_OPERATION,
				description: 'Send a message with a link and pause the workflow until the user answers on the linked page',
				action: 'Send message and wait for response',
			},
			{
				name: 'Send Image',
				value: 'sendImage',
				description: 'Send a JPG or PNG image from a public URL',
				action: 'Send an image',
			},
			{
				name: 'Send Share Post',
				value: 'sendSharePost',
				description: 'Share a TikTok post',
				action: 'Send a share post',
			},
			{
				name: 'Send Text',
				value: 'sendText',
				description: 'Send a text message of up to 6,000 characters',
				action: 'Send a text message',
			},
			{
				name: 'Send Typing Indicator',
				value: 'sendTypingIndicator',
				description: 'Show the user that a reply is being written',
				action: 'Send a typing indicator',
			},
		],
		default: 'sendText',
	},
];

export const messageFields: INodeProperties[] = [
	{
		displayName:
			'After an AI Agent or another node that replaces the item, set Recipient and Business Account ID from Infobip TikTok Trigger\'s item. <a href="https://github.com/n8n-nodes-infobip-tiktok/n8n-nodes-infobip-tiktok/blob/main/docs/action-node.md" target="_blank">How</a>',
		name: 'fromTriggerNotice',
		type: 'notice',
		default: '',
		displayOptions: showFor(ALL_SENDING),
	},
	{
		displayName: 'Business Account ID',
		name: 'businessAccountId',
		type: 'string',
		default: '={{ $json.businessAccountId }}',
		required: true,
		description:
			'Your TikTok Business Account (the sender). The default reads it from an item of Infobip TikTok Trigger.',
		displayOptions: showFor(ALL_SENDING),
	},
	{
		displayName: 'Recipient',
		name: 'recipient',
		type: 'string',
		default: '={{ $json.conversationId }}',
		required: true,
		description:
			'The TikTok conversation or user ID to send to. The default answers the item of Infobip TikTok Trigger.',
		displayOptions: showFor(ALL_SENDING),
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '',
		required: true,
		description: 'Up to 6,000 characters',
		displayOptions: showFor(['sendText']),
	},
	{
		displayName: 'Reply To Message ID',
		name: 'replyToMessageId',
		type: 'string',
		default: '',
		description: 'The ID of a message of the user that this text answers',
		displayOptions: showFor(['sendText']),
	},
	{
		displayName: 'Image URL',
		name: 'imageUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://example.com/picture.png',
		description: 'A public http or https URL of a JPG or PNG image of at most 3 MB (up to 2,048 characters)',
		displayOptions: showFor(['sendImage']),
	},
	{
		displayName: 'Post ID',
		name: 'postId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 7300000000000000002',
		description: 'The ID of the TikTok post to share',
		displayOptions: showFor(['sendSharePost']),
	},
	...sendAndWaitFields,
	...sendOnceFields(showFor(ALL_SENDING)),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showFor([...SEND_OPERATIONS, ...EVENT_OPERATIONS]),
		options: [
			{
				displayName: 'Application ID',
				name: 'applicationId',
				type: 'string',
				default: '',
				description: 'Platform application ID, for reporting (up to 255 characters)',
			},
			{
				displayName: 'Callback Data',
				name: 'callbackData',
				type: 'string',
				default: '',
				description: 'Up to 4,000 characters returned in the delivery report, sent exactly as typed',
				displayOptions: { show: { '/operation': SEND_OPERATIONS } },
			},
			{
				displayName: 'Campaign Reference ID',
				name: 'campaignReferenceId',
				type: 'string',
				default: '',
				description: 'Your campaign ID, for reports and Message Log (up to 255 characters)',
				displayOptions: { show: { '/operation': SEND_OPERATIONS } },
			},
			{
				displayName: 'Custom Message ID',
				name: 'messageId',
				type: 'string',
				default: '',
				description:
					'Your own ID for the message (up to 200 characters, unique per message). Empty: the node picks a random UUID. Either way the ID is in the output and finds the message in Message Log.',
				displayOptions: { show: { '/operation': SEND_OPERATIONS } },
			},
			{
				displayName: 'Delivery Report URL',
				name: 'deliveryReportUrl',
				type: 'string',
				default: '',
				description: 'Where Infobip posts the delivery report, instead of your notification profile',
				displayOptions: { show: { '/operation': SEND_OPERATIONS } },
			},
			{
				displayName: 'Entity ID',
				name: 'entityId',
				type: 'string',
				default: '',
				description: 'Platform entity ID, for reporting (up to 255 characters)',
			},
			{ ...outsideReplyWindowOption, displayOptions: { show: { '/operation': SEND_OPERATIONS } } },
			{
				displayName: 'Seen Report URL',
				name: 'seenReportUrl',
				type: 'string',
				default: '',
				description: 'Where Infobip posts the seen report, instead of your notification profile',
				displayOptions: { show: { '/operation': SEND_OPERATIONS } },
			},
			{
				displayName: 'Validity Period',
				name: 'validityPeriod',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description:
					'How long Infobip keeps trying to deliver (0: Infobip default). At most 48 hours: longer periods are sent as 48 hours, as Infobip would cap them anyway.',
			},
			{
				displayName: 'Validity Period Unit',
				name: 'validityPeriodUnit',
				type: 'options',
				options: [
					{ name: 'Hours', value: 'HOURS' },
					{ name: 'Minutes', value: 'MINUTES' },
					{ name: 'Seconds', value: 'SECONDS' },
				],
				default: 'MINUTES',
			},
			...sendOptionFields({ show: { '/operation': SEND_OPERATIONS } }),
			...speedOptions(1000),
		],
	},
];

export const DEFAULT_MAX_MEDIA_MB = 25;

/** Message > Download Media: an inbound image's URL into a binary property. */
export const mediaFields: INodeProperties[] = [
	{
		displayName: 'Media URL',
		name: 'mediaUrl',
		type: 'string',
		default: '={{ $json.mediaUrl }}',
		required: true,
		placeholder: 'e.g. https://example.com/image.jpg',
		description:
			'The URL of the image. The default reads it from an image message of Infobip TikTok Trigger. Such URLs stop working after a while: download soon after the message arrives.',
		displayOptions: showFor(['downloadMedia']),
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the file in',
		displayOptions: showFor(['downloadMedia']),
	},
	{
		displayName: 'Maximum Size (MB)',
		name: 'maxSizeMb',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_MAX_MEDIA_MB,
		description: 'Larger files fail the item instead of filling memory',
		displayOptions: showFor(['downloadMedia']),
	},
	{
		displayName: 'Allow Internal Addresses',
		name: 'allowInternalAddresses',
		type: 'boolean',
		default: false,
		description:
			'Whether to download from loopback, private, link-local and cloud metadata addresses (media hosted on your own network). Off, such URLs fail the item: anyone who knows the webhook URL could post an event naming one.',
		displayOptions: showFor(['downloadMedia']),
	},
];
