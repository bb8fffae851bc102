import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import {
	flattenDelivery,
	flattenLog,
	pickFields,
	SIMPLE_DELIVERY_FIELDS,
	SIMPLE_LOG_FIELDS,
} from '../../infobip/flatten';
import { InvalidField } from '../../infobip/outbound';
import { infobipDate, readDate } from '../../infobip/sendOptions';
import { getBaseUrl, infobipRequest } from '../../infobip/transport';
import type { DeliveryReportResult, MessageLogResult } from '../../infobip/types';
import { invalidItem } from '../deliver';

/** Runs one read per input item, pairing every output with its item; Continue On Fail isolates items. */
export async function perItem(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	read: (index: number, baseUrl: string) => Promise<IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const baseUrl = await getBaseUrl.call(context);
	const output: INodeExecutionData[] = [];
	for (let index = 0; index < items.length; index++) {
		try {
			for (const json of await read(index, baseUrl)) output.push({ json, pairedItem: { item: index } });
		} catch (error) {
			const failure = error instanceof NodeApiError ? error : invalidItem(context, index, error);
			if (!context.continueOnFail()) throw failure;
			output.push({ json: { error: failure.message }, pairedItem: { item: index } });
		}
	}
	return output;
}

export interface FilterOptions {
	/** Filters Infobip takes as lists: comma-separated values become repeated parameters. */
	lists?: string[];
	/** Documented maximum length of a filter's whole value, with the filter's display name. */
	maxLengths?: Record<string, { field: string; max: number }>;
	/** The workflow's time zone: dates typed without an offset are read in it. */
	timezone?: string;
}

/** Non-empty filters only; each checked against its documented limit before anything is sent. */
export function filterQuery(filters: IDataObject, options: FilterOptions = {}): IDataObject {
	const query: IDataObject = {};
	for (const [name, value] of Object.entries(filters)) {
		if (value === undefined || value === null || String(value).trim() === '') continue;
		const limit = options.maxLengths?.[name];
		if (limit && String(value).length > limit.max) {
			throw new InvalidField(
				limit.field,
				`is longer than ${limit.max.toLocaleString('en-US')} characters (${String(value).length})`,
			);
		}
		if (options.lists?.includes(name)) {
			query[name] = String(value)
				.split(',')
				.map((part) => part.trim())
				.filter((part) => part !== '');
		} else if (name === 'sentSince' || name === 'sentUntil') {
			const field = name === 'sentSince' ? 'Sent Since' : 'Sent Until';
			query[name] = infobipDate(readDate(field, value, options.timezone ?? 'UTC'));
		} else {
			query[name] = typeof value === 'string' ? value.trim() : value;
		}
	}
	return query;
}

/** Infobip's documented limit for the list filters of `GET /tiktok/1/logs`. */
const LOG_FILTER_MAX_LENGTH = 2048;

export const MAX_PAGE = 1000;

/**
 * Delivery reports. Infobip hands out each report only once, so repeating the request is the paging:
 * Return All asks for pages of 1,000 until a page comes back short. When a later page fails, the reports
 * already read are output rather than dropped with a failed item: Infobip will not hand them out again,
 * while the unread ones wait there for the next run.
 */
export async function getDeliveryReports(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await perItem(this, items, async (index, baseUrl) => {
		const filters = filterQuery(this.getNodeParameter('filters', index, {}) as IDataObject);
		const returnAll = this.getNodeParameter('returnAll', index, false) as boolean;
		const limit = returnAll ? MAX_PAGE : (this.getNodeParameter('limit', index, 50) as number);
		const simplify = this.getNodeParameter('simplify', index, true) as boolean;
		const reports: IDataObject[] = [];
		let page: DeliveryReportResult[];
		do {
			// The transport's errors are n8n's already (NodeApiError and kin).
			const outcome = await infobipRequest
				.call(this, baseUrl, { method: 'GET', path: '/tiktok/1/reports', qs: { ...filters, limit } })
				.then(
					(response) => ({ response: response as { results?: DeliveryReportResult[] } | undefined }),
					(error: Error) => ({ error }),
				);
			if ('error' in outcome) {
				if (reports.length === 0) throw outcome.error;
				const message = `Delivery Report > Get Many stopped after ${reports.length} reports, which are in the output: ${outcome.error.message}. The reports not read yet stay with Infobip for the next run.`;
				this.logger.warn(message);
				this.addExecutionHints({ message, location: 'outputPane' });
				break;
			}
			page = outcome.response?.results ?? [];
			for (const report of page) {
				const item = flattenDelivery(report);
				reports.push(simplify ? pickFields(item, SIMPLE_DELIVERY_FIELDS) : item);
			}
		} while (returnAll && page.length >= limit);
		return reports;
	});
}

export async function getMessageLogs(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await perItem(this, items, async (index, baseUrl) => {
		const filters = filterQuery(this.getNodeParameter('filters', index, {}) as IDataObject, {
			lists: ['bulkId', 'messageId', 'campaignReferenceId'],
			maxLengths: {
				bulkId: { field: 'Bulk ID', max: LOG_FILTER_MAX_LENGTH },
				messageId: { field: 'Message ID', max: LOG_FILTER_MAX_LENGTH },
			},
			timezone: this.getTimezone(),
		});
		const returnAll = this.getNodeParameter('returnAll', index, false) as boolean;
		const limit = returnAll ? Infinity : (this.getNodeParameter('limit', index, 50) as number);
		const simplify = this.getNodeParameter('simplify', index, true) as boolean;
		const logs: IDataObject[] = [];
		let cursor: string | undefined;
		do {
			const qs: IDataObject = { ...filters, limit: Math.min(MAX_PAGE, limit - logs.length) };
			if (returnAll) qs.useCursor = true;
			if (cursor) qs.cursor = cursor;
			const page = (await infobipRequest.call(this, baseUrl, { method: 'GET', path: '/tiktok/1/logs', qs })) as
				| { results?: MessageLogResult[]; cursor?: { nextCursor?: string } }
				| undefined;
			const results = page?.results ?? [];
			for (const log of results) {
				const item = flattenLog(log);
				logs.push(simplify ? pickFields(item, SIMPLE_LOG_FIELDS) : item);
			}
			cursor = returnAll && results.length > 0 ? page?.cursor?.nextCursor || undefined : undefined;
		} while (cursor && logs.length < limit);
		return logs.slice(0, limit);
	});
}
