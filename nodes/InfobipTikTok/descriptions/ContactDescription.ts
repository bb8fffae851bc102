import type { INodeProperties } from 'n8n-workflow';

const forOperations = (...operation: string[]) => ({ show: { resource: ['contact'], operation } });

export const contactOperations: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['contact'] } },
		options: [
			{
				name: 'Add Tag',
				value: 'addTag',
				description: 'Add a tag to many People contacts at once (one request per tag and 1,000 people)',
				action: 'Add a tag to contacts',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get the People contact Infobip stored for a TikTok user, with its tags and custom attributes',
				action: 'Get a contact',
			},
			{
				name: 'Remove Tag',
				value: 'removeTag',
				description: 'Remove a tag from many People contacts at once (one request per tag and 1,000 people)',
				action: 'Remove a tag from contacts',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Set attributes and custom attributes of a People contact and add tags to it',
				action: 'Update a contact',
			},
		],
		default: 'get',
	},
];

const STANDARD_FIELDS: INodeProperties[] = [
	{ displayName: 'Address', name: 'address', type: 'string', default: '' },
	{
		displayName: 'Birth Date',
		name: 'birthDate',
		type: 'string',
		default: '',
		placeholder: 'e.g. 1990-01-31',
		description: 'Format YYYY-MM-DD',
	},
	{ displayName: 'City', name: 'city', type: 'string', default: '' },
	{ displayName: 'Country', name: 'country', type: 'string', default: '' },
	{
		displayName: 'Email',
		name: 'email',
		type: 'string',
		placeholder: 'e.g. name@email.com',
		default: '',
		description: 'Added to the e-mail addresses of the contact (People appends contact information)',
	},
	{ displayName: 'External ID', name: 'externalId', type: 'string', default: '', description: 'Your own ID for the person' },
	{ displayName: 'First Name', name: 'firstName', type: 'string', default: '' },
	{
		displayName: 'Gender',
		name: 'gender',
		type: 'options',
		options: [
			{ name: 'Female', value: 'FEMALE' },
			{ name: 'Male', value: 'MALE' },
		],
		default: 'FEMALE',
	},
	{ displayName: 'Last Name', name: 'lastName', type: 'string', default: '' },
	{ displayName: 'Middle Name', name: 'middleName', type: 'string', default: '' },
	{
		displayName: 'Phone',
		name: 'phone',
		type: 'string',
		default: '',
		placeholder: 'e.g. 41793026727',
		description: 'Added to the phone numbers of the contact, in international format',
	},
	{
		displayName: 'Preferred Language',
		name: 'preferredLanguage',
		type: 'string',
		default: '',
		placeholder: 'e.g. en-GB',
		description: 'Two-letter code, optionally with a region',
	},
	{ displayName: 'Profile Picture URL', name: 'profilePicture', type: 'string', default: '' },
	{
		displayName: 'Type',
		name: 'type',
		type: 'options',
		options: [
			{ name: 'Customer', value: 'CUSTOMER' },
			{ name: 'Lead', value: 'LEAD' },
		],
		default: 'CUSTOMER',
	},
];

export const contactFields: INodeProperties[] = [
	{
		displayName: 'TikTok User ID',
		name: 'userId',
		type: 'string',
		default: '={{ $json.userId }}',
		required: true,
		description: 'The TikTok user',
		displayOptions: forOperations('get', 'update', 'addTag', 'removeTag'),
	},
	{
		displayName: 'Business Account ID',
		name: 'businessAccountId',
		type: 'string',
		default: '={{ $json.businessAccountId }}',
		required: true,
		description: 'Your TikTok Business Account the user wrote to',
		displayOptions: forOperations('get', 'update', 'addTag', 'removeTag'),
	},
	{
		displayName: 'Tag',
		name: 'tag',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. tiktok-ad-{{ $json.adId }}',
		description:
			'The tag name. Items with the same tag go to Infobip together, up to 1,000 people per request. Add Tag creates a tag the account does not have yet.',
		displayOptions: forOperations('addTag', 'removeTag'),
	},
	{
		displayName: 'Custom Attributes',
		name: 'customAttributes',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Custom Attribute',
		default: {},
		description:
			'Values replace the current ones. Each must be defined in your Infobip account (or see Create Missing Custom Attributes).',
		displayOptions: forOperations('update'),
		options: [
			{
				displayName: 'Attribute',
				name: 'attribute',
				values: [
					{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'e.g. botStep' },
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						description: 'Text; use an expression such as {{ 3 }} or {{ true }} for a number or a boolean',
					},
				],
			},
		],
	},
	{
		displayName: 'Tags to Add',
		name: 'tags',
		type: 'string',
		default: '',
		placeholder: 'e.g. vip, newsletter',
		description: 'Comma-separated; added to the tags the contact already has',
		displayOptions: forOperations('update'),
	},
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Standard attributes; values replace the current ones',
		displayOptions: forOperations('update'),
		options: STANDARD_FIELDS,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: forOperations('update'),
		options: [
			{
				displayName: 'Create Missing Custom Attributes',
				name: 'createMissingAttributes',
				type: 'boolean',
				default: false,
				description:
					'Whether to define custom attributes the account does not have yet before updating, as text, decimal number or boolean after the first value given. Costs one People request per attribute name and execution.',
			},
		],
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: 'Whether to return a simplified version of the response instead of the raw data',
		displayOptions: forOperations('get', 'update'),
	},
];
