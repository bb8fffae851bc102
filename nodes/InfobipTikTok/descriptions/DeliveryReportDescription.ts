import type { INodeProperties } from 'n8n-workflow';

import { returnAllFields, simplifyField } from './shared';

const showFor = { show: { resource: ['deliveryReport'], operation: ['getAll'] } };

export const deliveryReportOperations: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['deliveryReport'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Pull delivery reports of the last 48 hours that were not pulled before',
				action: 'Get many delivery reports',
			},
		],
		default: 'getAll',
	},
];

export const deliveryReportFields: INodeProperties[] = [
	{
		displayName:
			'Infobip hands out each delivery report only once: reports fetched here are not returned again and are not sent to a webhook',
		name: 'reportsNotice',
		type: 'notice',
		default: '',
		displayOptions: showFor,
	},
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
			{ displayName: 'Bulk ID', name: 'bulkId', type: 'string', default: '' },
			{ displayName: 'Campaign Reference ID', name: 'campaignReferenceId', type: 'string', default: '' },
			{ displayName: 'Entity ID', name: 'entityId', type: 'string', default: '' },
			{ displayName: 'Message ID', name: 'messageId', type: 'string', default: '' },
		],
	},
];
