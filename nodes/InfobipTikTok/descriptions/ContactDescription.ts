import type { INodeProperties } from 'n8n-workflow';

const showFor = { show: { resource: ['contact'], operation: ['get'] } };

export const contactOperations: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['contact'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get the People contact Infobip stored for a TikTok user',
				action: 'Get a contact',
			},
		],
		default: 'get',
	},
];

export const contactFields: INodeProperties[] = [
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		default: '={{ $json.userId }}',
		required: true,
		description: 'The TikTok user',
		displayOptions: showFor,
	},
	{
		displayName: 'Business Account ID',
		name: 'businessAccountId',
		type: 'string',
		default: '={{ $json.businessAccountId }}',
		required: true,
		description: 'Your TikTok Business Account the user wrote to',
		displayOptions: showFor,
	},
];
