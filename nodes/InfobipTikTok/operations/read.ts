import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { flattenDelivery } from '../../infobip/flatten';
import { flattenLog } from '../../infobip/outbound';
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

/** Non-empty filters only; comma-separated values become lists where Infobip takes several. */
export function filterQuery(filters: IDataObject, listFields: string[] = []): IDataObject {
	const query: IDataObject = {};
	for (const [name, value] of Object.entries(filters)) {
		if (value === undefined || value === null || String(value).trim() === '') continue;
		if (listFields.includes(name)) {
			query[name] = String(value)
				.split(',')
				.map((part) => part.trim())
				.filter((part) => part !== '');
		} else if (name === 'sentSince' || name === 'sentUntil') {
			query[name] = infobipTimestamp(String(value));
		} else {
			query[name] = typeof value === 'string' ? value.trim() : value;
		}
	}
	return query;
}

/** Infobip's timestamp format, `2019-11-09T16:00:00.000+0000`; text that is not a date passes as is. */
export function infobipTimestamp(value: string): string {
	const time = Date.parse(value);
	return Number.isNaN(time) ? value : new Date(time).toISOString().replace('Z', '+0000');
}

export async function getDeliveryReports(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await perItem(this, items, async (index, baseUrl) => {
		const qs = {
			...filterQuery(this.getNodeParameter('filters', index, {}) as IDataObject),
			limit: this.getNodeParameter('limit', index, 50) as number,
		};
		const response = (await infobipRequest.call(this, baseUrl, {
			method: 'GET',
			path: '/tiktok/1/reports',
			qs,
		})) as { results?: DeliveryReportResult[] } | undefined;
		return (response?.results ?? []).map((report) => flattenDelivery({ ...report, status: report.status ?? {} }));
	});
}

export const MAX_LOG_PAGE = 1000;

export async function getMessageLogs(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await perItem(this, items, async (index, baseUrl) => {
		const filters = filterQuery(this.getNodeParameter('filters', index, {}) as IDataObject, [
			'bulkId',
			'messageId',
			'campaignReferenceId',
		]);
		const returnAll = this.getNodeParameter('returnAll', index, false) as boolean;
		const limit = returnAll ? Infinity : (this.getNodeParameter('limit', index, 50) as number);
		const logs: IDataObject[] = [];
		let cursor: string | undefined;
		do {
			const qs: IDataObject = { ...filters, limit: Math.min(MAX_LOG_PAGE, limit - logs.length) };
			if (returnAll) qs.useCursor = true;
			if (cursor) qs.cursor = cursor;
			const page = (await infobipRequest.call(this, baseUrl, { method: 'GET', path: '/tiktok/1/logs', qs })) as
				| { results?: MessageLogResult[]; cursor?: { nextCursor?: string } }
				| undefined;
			const results = page?.results ?? [];
			logs.push(...results.map(flattenLog));
			cursor = returnAll && results.length > 0 ? page?.cursor?.nextCursor || undefined : undefined;
		} while (cursor && logs.length < limit);
		return logs.slice(0, limit);
	});
}
