import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { classifyResult, flattenResult, isObject, type EventKind } from '../infobip/flatten';

export type ParsedBody = { results: IDataObject[] } | { error: string };

/**
 * The `results` of an Infobip webhook body. n8n has usually parsed JSON already; when it has not
 * (a content type other than JSON), the raw body is parsed here.
 */
export function readResults(body: unknown, rawBody: Buffer | string | undefined): ParsedBody {
	let parsed = body;
	if (!isObject(parsed) || !('results' in parsed)) {
		const text = rawBody === undefined ? '' : rawBody.toString();
		if (text.trim() === '') return { error: 'The request body is empty; expected JSON with a "results" array' };
		try {
			parsed = JSON.parse(text);
		} catch {
			return { error: 'The request body is not valid JSON' };
		}
	}
	if (!isObject(parsed) || !Array.isArray(parsed.results)) {
		return { error: 'The request body has no "results" array' };
	}
	const badIndex = parsed.results.findIndex((result) => !isObject(result));
	if (badIndex >= 0) return { error: `results[${badIndex}] is not an object` };
	return { results: parsed.results as IDataObject[] };
}

export interface SelectionOptions {
	events: EventKind[];
	/** Inbound message types to keep; empty keeps all, including types nobody knows yet. */
	messageTypes: string[];
	includeRaw: boolean;
}

export interface Selection {
	items: IDataObject[];
	/** Results of none of the three known kinds, left out because Other Events is not selected. */
	unrecognised: number;
}

/** Flattens the results the user asked for, in the order they arrived. */
export function selectEvents(results: IDataObject[], options: SelectionOptions): Selection {
	const wanted = new Set(options.events);
	const types = new Set(options.messageTypes);
	const items: IDataObject[] = [];
	let unrecognised = 0;
	for (const result of results) {
		const kind = classifyResult(result);
		if (!wanted.has(kind)) {
			if (kind === 'other') unrecognised++;
			continue;
		}
		const item = flattenResult(kind, result);
		if (kind === 'message' && types.size > 0 && !types.has(item.type as string)) continue;
		if (options.includeRaw) item.raw = result;
		items.push(item);
	}
	return { items, unrecognised };
}

/**
 * The key under which an item counts as a redelivery: the same report again, not the next one about the
 * same message. Delivery reports count by status (PENDING, then DELIVERED are two reports), seen reports by
 * when the message was seen, other results by their whole content. Items without a message id have none.
 */
export function redeliveryKey(item: IDataObject): string | undefined {
	const messageId = item.messageId;
	if (item.event === 'other') return `other:${createHash('sha256').update(JSON.stringify(item.raw)).digest('base64')}`;
	if (typeof messageId !== 'string' || messageId === '') return undefined;
	switch (item.event) {
		case 'delivery':
			return ['delivery', messageId, item.status, item.statusId, item.statusName].join(':');
		case 'seen':
			return ['seen', messageId, item.seenAt].join(':');
		default:
			return `${item.event as string}:${messageId}`;
	}
}
