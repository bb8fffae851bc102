import type { INodeProperties } from 'n8n-workflow';

import { returnAllFields, simplifyField } from './shared';

const showFor = { show: { resource: ['messageLog'], operation: ['getAll'] } };

export const messageLogOperations: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['messageLog'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List messages sent in the last 48 hours',
				action: 'Get many message logs',
			},
		],
		default: 'getAll',
	},
];

export const messageLogFields: INodeProperties[] = [
	...returnAllFields(showFor),
	simplifyField(showFor),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: showFor,
		options: [
			{ displayName: 'Application ID', name: 'applicationId', type: 'string', default: '' },
			{
				displayName: 'Bulk ID',
				name: 'bulkId',
				type: 'string',
				default: '',
				description: 'One or more bulk IDs, separated by commas',
			},
			{
				displayName: 'Business Account ID',
				name: 'sender',
				type: 'string',
				default: '',
				description: 'Only messages sent from this TikTok Business Account',
			},
			{
				displayName: 'Campaign Reference ID',
				name: 'campaignReferenceId',
				type: 'string',
				default: '',
				description: 'One or more campaign reference IDs, separated by commas',
			},
			{ displayName: 'Entity ID', name: 'entityId', type: 'string', default: '' },
			{
				displayName: 'Message ID',
				name: 'messageId',
				type: 'string',
				default: '',
				description: 'One or more message IDs, separated by commas',
			},
			{
				displayName: 'Recipient',
				name: 'destination',
				type: 'string',
				default: '',
				description: 'Only messages sent to this TikTok user',
			},
			{ displayName: 'Sent Since', name: 'sentSince', type: 'dateTime', default: '' },
			{ displayName: 'Sent Until', name: 'sentUntil', type: 'dateTime', default: '' },
			{
				displayName: 'Status',
				name: 'generalStatus',
				type: 'options',
				options: [
					{ name: 'Accepted', value: 'ACCEPTED' },
					{ name: 'Delivered', value: 'DELIVERED' },
					{ name: 'Expired', value: 'EXPIRED' },
					{ name: 'Pending', value: 'PENDING' },
					{ name: 'Rejected', value: 'REJECTED' },
					{ name: 'Undeliverable', value: 'UNDELIVERABLE' },
				],
				default: 'DELIVERED',
			},
		],
	},
];
