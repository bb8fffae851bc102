import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

export const DEFAULT_BATCH_SIZE = 100;
export const DEFAULT_PARALLEL_REQUESTS = 10;
export const MAX_BATCH_SIZE = 1000;
export const MAX_PARALLEL_REQUESTS = 20;

/** The Send Once Per Key switch and its key, shown wherever the node sends. */
export function sendOnceFields(displayOptions: IDisplayOptions): INodeProperties[] {
	return [
		{
			displayName: 'Send Once Per Key',
			name: 'sendOncePerKey',
			type: 'boolean',
			default: true,
			description:
				"Whether to skip items whose key this node already sent in an earlier execution (kept in n8n's database, shared by all n8n processes). Items without a key are always sent.",
			hint: 'Test runs in the editor keep their keys apart from the published workflow: a test run on pinned data from a real conversation messages that customer again',
			displayOptions,
		},
		{
			displayName: 'Key',
			name: 'sendOnceKey',
			type: 'string',
			default: '',
			placeholder: "e.g. {{ $('Infobip TikTok Trigger').item.json.messageId }}",
			description:
				'Leave empty to use the inbound message ID of items from Infobip TikTok Trigger, or set your own',
			displayOptions: { show: { ...displayOptions.show, sendOncePerKey: [true] } },
		},
	];
}

/** Batch Size and Parallel Requests, for the Options collection of sending operations. */
export function speedOptions(maxBatchSize: number): INodeProperties[] {
	return [
		{
			displayName: 'Batch Size',
			name: 'batchSize',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: maxBatchSize },
			default: DEFAULT_BATCH_SIZE,
			description: `How many items go into one request to Infobip (1 to ${maxBatchSize})`,
		},
		{
			displayName: 'Parallel Requests',
			name: 'parallelRequests',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_PARALLEL_REQUESTS },
			default: DEFAULT_PARALLEL_REQUESTS,
			description: 'How many requests to Infobip may be in flight at once',
		},
	];
}

/** n8n's Return All switch and, when it is off, the Limit (up to 1,000: Infobip's largest page). */
export function returnAllFields(displayOptions: IDisplayOptions): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions,
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 1000 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { ...displayOptions, show: { ...displayOptions.show, returnAll: [false] } },
		},
	];
}

/** n8n's Simplify switch: on by default, a handful of useful fields; off, every field. */
export function simplifyField(displayOptions: IDisplayOptions): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: 'Whether to return a simplified version of the response instead of the raw data',
		displayOptions,
	};
}
