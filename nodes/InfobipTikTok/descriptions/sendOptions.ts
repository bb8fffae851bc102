import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { MAX_BULK_ID_LENGTH, MAX_SCHEDULE_DAYS } from '../../infobip/sendOptions';

const WHOLE_REQUEST =
	'Applies to the whole request to Infobip: items with different values go out in separate requests.';

/**
 * Scheduling, pacing, priority, delivery time window and delivery report switches of
 * `POST /tiktok/1/messages`, for the Options collection of every operation that sends a message.
 */
export function sendOptionFields(displayOptions?: IDisplayOptions): INodeProperties[] {
	const fields: INodeProperties[] = [
		{
			displayName: 'Bulk ID',
			name: 'bulkId',
			type: 'string',
			default: '',
			description: `Your ID for the request (up to ${MAX_BULK_ID_LENGTH} characters), to find its messages in delivery reports and Message Log. Empty: Infobip assigns one (the output's bulkId). Items with one Bulk ID go out in one request, whatever the Batch Size. ${WHOLE_REQUEST}`,
		},
		{
			displayName: 'Delivery Reports',
			name: 'deliveryReports',
			type: 'boolean',
			default: true,
			description:
				'Whether Infobip reports the delivery of the message. Off: no delivery report at all, neither to the Delivery Report URL nor to your notification profile.',
		},
		{
			displayName: 'Delivery Time Window',
			name: 'deliveryTimeWindow',
			type: 'fixedCollection',
			default: {},
			placeholder: 'Add Delivery Time Window',
			description:
				'Days and times of day (UTC) within which Infobip delivers the message, e.g. no messages at night; outside them it holds the message until the window opens',
			options: [
				{
					displayName: 'Values',
					name: 'values',
					values: [
						{
							displayName: 'Days',
							name: 'days',
							type: 'multiOptions',
							options: [
								{ name: 'Friday', value: 'FRIDAY' },
								{ name: 'Monday', value: 'MONDAY' },
								{ name: 'Saturday', value: 'SATURDAY' },
								{ name: 'Sunday', value: 'SUNDAY' },
								{ name: 'Thursday', value: 'THURSDAY' },
								{ name: 'Tuesday', value: 'TUESDAY' },
								{ name: 'Wednesday', value: 'WEDNESDAY' },
							],
							default: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'],
							description: 'The days on which the message may be delivered (at least one)',
						},
						{
							displayName: 'From (UTC)',
							name: 'from',
							type: 'string',
							default: '',
							placeholder: 'e.g. 08:00',
							description:
								'Time of day in UTC (HH:mm) from which the message may be delivered. Set both From and To, at least an hour apart, or neither (the whole day). A To before From runs across midnight.',
						},
						{
							displayName: 'To (UTC)',
							name: 'to',
							type: 'string',
							default: '',
							placeholder: 'e.g. 20:00',
							description: 'Time of day in UTC (HH:mm) until which the message may be delivered',
						},
					],
				},
			],
		},
		{
			displayName: 'Intermediate Delivery Reports',
			name: 'intermediateReport',
			type: 'boolean',
			default: false,
			description:
				'Whether Infobip also sends interim delivery reports (e.g. still pending), not only the final one',
		},
		{
			displayName: 'Priority',
			name: 'priority',
			type: 'options',
			options: [
				{ name: 'Default', value: '', description: "Infobip's default" },
				{ name: 'High', value: 'HIGH' },
				{ name: 'Low', value: 'LOW' },
				{ name: 'Standard', value: 'STANDARD' },
			],
			default: '',
			description:
				'Which of your requests Infobip handles first when you send many. Applies to the whole request to Infobip: items with different values go out in separate requests.',
		},
		{
			displayName: 'Send At',
			name: 'sendAt',
			type: 'dateTime',
			default: '',
			description: `Schedule the message: when Infobip sends it, up to ${MAX_SCHEDULE_DAYS} days ahead, in the workflow's time zone unless the value has an offset. Empty: now. The item fails if the time is past, and follows Outside Reply Window if the reply window closes before it. ${WHOLE_REQUEST}`,
		},
		{
			displayName: 'Sending Speed Limit',
			name: 'sendingSpeedLimit',
			type: 'fixedCollection',
			default: {},
			placeholder: 'Add Sending Speed Limit',
			description: `Pace the messages of a request, e.g. so that your agents can keep up with the answers. Items with one speed limit go out in one request, whatever the Batch Size (Infobip paces each request on its own). ${WHOLE_REQUEST}`,
			options: [
				{
					displayName: 'Values',
					name: 'values',
					values: [
						{
							displayName: 'Messages',
							name: 'amount',
							type: 'number',
							typeOptions: { minValue: 1 },
							default: 100,
							description: 'How many messages Infobip sends per time unit (a whole number, 1 or more)',
						},
						{
							displayName: 'Per',
							name: 'timeUnit',
							type: 'options',
							options: [
								{ name: 'Day', value: 'DAY' },
								{ name: 'Hour', value: 'HOUR' },
								{ name: 'Minute', value: 'MINUTE' },
							],
							default: 'MINUTE',
						},
					],
				},
			],
		},
	];
	return displayOptions ? fields.map((field) => ({ ...field, displayOptions })) : fields;
}
