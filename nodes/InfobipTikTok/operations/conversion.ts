import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { conversion, type ConversionInput } from '../../infobip/outbound';
import { getBaseUrl, infobipRequest } from '../../infobip/transport';
import { DEFAULT_BATCH_SIZE, DEFAULT_PARALLEL_REQUESTS } from '../descriptions/shared';
import { deliver, invalidItem, type Preparation } from '../deliver';
import { FastParameters } from '../parameters';
import { defaultSendKey } from '../sendOnce';
import { inboundJson, skipReason } from './message';

type Conversion = ReturnType<typeof conversion>;

/**
 * The default Send Once key of a conversion: one report per business account, TikTok user and event.
 * A conversation from a Direct Messaging Ad can bring its referral twice (a REFERRAL_AD message, then
 * the same referral on the next message): both report once. A custom key (e.g. an order ID) wins.
 */
export function conversionKey(custom: unknown, payload: Conversion): string {
	if (custom !== undefined && custom !== null && String(custom) !== '') return String(custom);
	const { sourceId, conversion: reported } = payload;
	return JSON.stringify(['conversion', sourceId, reported.user.tiktok_unique_identifier, reported.event]);
}

/** Reports Direct Messaging Ad conversions: one request per source, up to 1,000 conversions each. */
export async function reportConversions(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const parameters = new FastParameters(this, items);
	const read = {
		sourceId: parameters.reader('sourceId'),
		user: parameters.reader('user'),
		event: parameters.reader('event'),
		customEvent: parameters.reader('customEvent', ''),
		eventTime: parameters.reader('eventTime', ''),
		quantity: parameters.reader('properties.quantity'),
		price: parameters.reader('properties.price'),
		currency: parameters.reader('properties.currency'),
		value: parameters.reader('properties.value'),
		extra: parameters.reader<{ property?: ConversionInput['extra'] }>('properties.extra', {}),
		sendOnceKey: parameters.reader('sendOnceKey', ''),
	};
	const sendOnce = this.getNodeParameter('sendOncePerKey', 0, true) as boolean;
	const now = Date.now();

	const inboundIds: Array<string | null> = [];
	const preparations: Array<Preparation<Conversion>> = items.map((_item, index) => {
		try {
			const event = read.event(index);
			const payload = conversion(
				{
					sourceId: read.sourceId(index),
					user: read.user(index),
					event: event === 'custom' ? read.customEvent(index) : event,
					eventTime: read.eventTime(index),
					quantity: read.quantity(index),
					price: read.price(index),
					currency: read.currency(index),
					value: read.value(index),
					extra: read.extra(index)?.property ?? [],
				},
				now,
			);
			const key = sendOnce ? conversionKey(read.sendOnceKey(index), payload) : undefined;
			inboundIds[index] = defaultSendKey(inboundJson(this, items, index)) ?? null;
			return { prepared: { index, payload, key } };
		} catch (error) {
			return { error: invalidItem(this, index, error) };
		}
	});

	const inboundOf = new Map<Conversion, string | null>();
	preparations.forEach((preparation, index) => {
		if ('prepared' in preparation) inboundOf.set(preparation.prepared.payload, inboundIds[index]);
	});
	const summary = (payload: Conversion) => ({
		sourceId: payload.sourceId,
		event: payload.conversion.event,
		eventTime: payload.conversion.event_time,
		userId: payload.conversion.user.tiktok_unique_identifier,
		businessAccountId: payload.sourceId,
		inboundMessageId: inboundOf.get(payload) ?? null,
	});

	const baseUrl = await getBaseUrl.call(this);
	return await deliver(this, {
		preparations,
		batchSize: Math.min(this.getNodeParameter('options.batchSize', 0, DEFAULT_BATCH_SIZE) as number, 1000),
		parallel: this.getNodeParameter('options.parallelRequests', 0, DEFAULT_PARALLEL_REQUESTS) as number,
		sendOnce,
		groupBy: (payload) => payload.sourceId,
		send: async (payloads) => {
			const response = await infobipRequest.call(this, baseUrl, {
				method: 'POST',
				path: '/saas/tiktok-ads/1/conversions',
				body: { sourceId: payloads[0].sourceId, conversions: payloads.map((payload) => payload.conversion) },
			});
			return payloads.map((payload) => ({
				...summary(payload),
				reported: true,
				skipped: false,
				response: (response ?? null) as never,
			}));
		},
		skipped: (payload, key) => ({
			...summary(payload),
			reported: false,
			skipped: true,
			skipReason: skipReason(key),
			sendOnceKey: key,
		}),
		unknownOutcome: (payload) => ({
			what: `the ${payload.conversion.event} conversion of user "${payload.conversion.user.tiktok_unique_identifier}"`,
			advice:
				"Infobip has no way to look a conversion up: check TikTok's Events Manager before reporting it again.",
			json: summary(payload),
		}),
	});
}
