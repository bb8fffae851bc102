import type { INodeProperties } from 'n8n-workflow';

import { sendOnceFields, speedOptions } from './shared';

const showFor = { show: { resource: ['conversion'], operation: ['report'] } };

export const conversionOperations: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['conversion'] } },
		options: [
			{
				name: 'Report',
				value: 'report',
				description: 'Report a conversion of a Direct Messaging Ad conversation to TikTok',
				action: 'Report a conversion',
			},
		],
		default: 'report',
	},
];

export const conversionFields: INodeProperties[] = [
	{
		displayName: 'Business Account ID',
		name: 'sourceId',
		type: 'string',
		default: '={{ $json.businessAccountId }}',
		required: true,
		description: 'Your TikTok Business Account connected in Infobip (sent as the source ID)',
		displayOptions: showFor,
	},
	{
		displayName: 'TikTok User ID',
		name: 'user',
		type: 'string',
		default: '={{ $json.userId }}',
		required: true,
		description:
			'The TikTok user who started the conversation (tiktok_unique_identifier), from their first inbound message',
		displayOptions: showFor,
	},
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		options: [
			{ name: 'AddPaymentInfo', value: 'AddPaymentInfo' },
			{ name: 'AddToCart', value: 'AddToCart' },
			{ name: 'AddToWishlist', value: 'AddToWishlist' },
			{ name: 'ClickButton', value: 'ClickButton' },
			{ name: 'CompletePayment', value: 'CompletePayment' },
			{ name: 'CompleteRegistration', value: 'CompleteRegistration' },
			{ name: 'Contact', value: 'Contact' },
			{ name: 'Custom Event', value: 'custom', description: 'An event name of your own' },
			{ name: 'Download', value: 'Download' },
			{ name: 'InitiateCheckout', value: 'InitiateCheckout' },
			{ name: 'PlaceAnOrder', value: 'PlaceAnOrder' },
			{ name: 'Search', value: 'Search' },
			{ name: 'SubmitForm', value: 'SubmitForm' },
			{ name: 'Subscribe', value: 'Subscribe' },
			{ name: 'ViewContent', value: 'ViewContent' },
		],
		default: 'CompletePayment',
		displayOptions: showFor,
	},
	{
		displayName: 'Custom Event Name',
		name: 'customEvent',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { ...showFor.show, event: ['custom'] } },
	},
	{
		displayName: 'Event Time',
		name: 'eventTime',
		type: 'string',
		default: '',
		placeholder: 'e.g. 2026-11-28T10:00:00Z or 1795860000',
		description: 'When the conversion happened: an ISO date or Unix seconds. Empty means now.',
		displayOptions: showFor,
	},
	{
		displayName: 'Properties',
		name: 'properties',
		type: 'collection',
		placeholder: 'Add Property',
		default: {},
		displayOptions: showFor,
		options: [
			{
				displayName: 'Currency',
				name: 'currency',
				type: 'string',
				default: '',
				placeholder: 'e.g. EUR',
				description: 'Three-letter ISO 4217 code',
			},
			{
				displayName: 'Extra Properties',
				name: 'extra',
				type: 'fixedCollection',
				typeOptions: { multipleValues: true },
				default: {},
				options: [
					{
						displayName: 'Property',
						name: 'property',
						values: [
							{ displayName: 'Name', name: 'name', type: 'string', default: '' },
							{ displayName: 'Value', name: 'value', type: 'string', default: '' },
						],
					},
				],
			},
			{ displayName: 'Price', name: 'price', type: 'string', default: '', description: 'Price per item' },
			{ displayName: 'Quantity', name: 'quantity', type: 'string', default: '' },
			{ displayName: 'Value', name: 'value', type: 'string', default: '', description: 'Total value' },
		],
	},
	...sendOnceFields(showFor),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showFor,
		options: speedOptions(1000),
	},
];
