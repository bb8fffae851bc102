import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { InvalidField } from '../infobip/outbound';
import { asNodeError } from '../infobip/transport';
import { chunk, runPool } from './batch';
import { claimKeys, releaseKeys } from './sendOnce';

/** One input item, checked and turned into what goes on the wire. */
export interface Prepared<P> {
	index: number;
	payload: P;
	/** The Send Once Per Key key, if the item has one and the option is on. */
	key?: string;
}

/**
 * Preparing an item either yields a payload, fails with an error naming the item and the field, or
 * settles the item without a request (`output`, e.g. skipped outside the reply window).
 */
export type Preparation<P> =
	| { prepared: Prepared<P> }
	| { error: NodeOperationError }
	| { output: IDataObject };

export function invalidItem(context: IExecuteFunctions, index: number, error: unknown): NodeOperationError {
	if (error instanceof InvalidField) {
		return new NodeOperationError(context.getNode(), `Item ${index}: ${error.field} ${error.problem}`, {
			itemIndex: index,
			description: `Check the "${error.field}" parameter for item ${index}.`,
		});
	}
	if (error instanceof NodeOperationError) return error;
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex: index });
}

export interface DeliveryPlan<P> {
	preparations: Array<Preparation<P>>;
	batchSize: number;
	parallel: number;
	sendOnce: boolean;
	/** Items of one batch must share this value (conversions: one request per source). */
	groupBy?: (payload: P) => string;
	/** Sends one batch; resolves with one output JSON per payload, in order. */
	send: (payloads: P[]) => Promise<IDataObject[]>;
	/** The output of an item skipped because its key was already sent. */
	skipped: (payload: P, key: string) => IDataObject;
}

function errorItem(index: number, error: unknown): INodeExecutionData {
	return { json: { error: (error as Error).message }, pairedItem: { item: index } };
}

function isBadRequest(error: unknown): boolean {
	return error instanceof NodeApiError && error.httpCode === '400';
}

/**
 * Sends items in bulk: checks every item before any network call, skips keys sent by earlier executions,
 * groups the rest into batches with a bounded number in flight, and maps each result back to its item.
 * With Continue On Fail a bulk request rejected with 400 is resent item by item so that only the bad
 * items fail; without it the first error fails the node after the requests in flight have settled.
 */
export async function deliver<P>(
	context: IExecuteFunctions,
	plan: DeliveryPlan<P>,
): Promise<INodeExecutionData[]> {
	const continueOnFail = context.continueOnFail();
	const outputs: Array<INodeExecutionData | undefined> = new Array(plan.preparations.length).fill(undefined);

	const ready: Array<Prepared<P>> = [];
	for (const [index, preparation] of plan.preparations.entries()) {
		if ('error' in preparation) {
			if (!continueOnFail) throw preparation.error;
			outputs[index] = errorItem(index, preparation.error);
		} else if ('output' in preparation) {
			outputs[index] = { json: preparation.output, pairedItem: { item: index } };
		} else {
			ready.push(preparation.prepared);
		}
	}

	let toSend = ready;
	const keyed = plan.sendOnce ? ready.filter((item) => item.key !== undefined) : [];
	if (keyed.length > 0) {
		const alreadySent = await claimKeys(context, keyed.map((item) => item.key as string));
		toSend = ready.filter((item) => {
			if (item.key === undefined || !alreadySent.has(item.key)) return true;
			outputs[item.index] = { json: plan.skipped(item.payload, item.key), pairedItem: { item: item.index } };
			return false;
		});
	}

	const groups = new Map<string, Array<Prepared<P>>>();
	for (const item of toSend) {
		const group = plan.groupBy ? plan.groupBy(item.payload) : '';
		const members = groups.get(group);
		if (members) members.push(item);
		else groups.set(group, [item]);
	}
	const batches = [...groups.values()].flatMap((group) => chunk(group, plan.batchSize));
	const sent = new Set<number>();

	const sendBatch = async (batch: Array<Prepared<P>>) => {
		const results = await plan.send(batch.map((item) => item.payload));
		batch.forEach((item, position) => {
			outputs[item.index] = { json: results[position], pairedItem: { item: item.index } };
			sent.add(item.index);
		});
	};

	const outcome = await runPool(batches, plan.parallel, async (batch) => {
		try {
			await sendBatch(batch);
		} catch (error) {
			if (!continueOnFail) throw asNodeError(context.getNode(), error);
			if (batch.length > 1 && isBadRequest(error)) {
				// Find the culprits: each item alone, one after another (bounded by the batch size).
				for (const item of batch) {
					try {
						await sendBatch([item]);
					} catch (itemError) {
						outputs[item.index] = errorItem(item.index, itemError);
					}
				}
			} else {
				for (const item of batch) outputs[item.index] = errorItem(item.index, error);
			}
		}
	});

	if (keyed.length > 0) {
		// A key is freed only if none of its items went out: freeing a partly sent key would double those.
		const sentKeys = new Set(toSend.filter((item) => sent.has(item.index)).map((item) => item.key));
		const unsentKeys = toSend
			.filter((item) => item.key !== undefined && !sent.has(item.index) && !sentKeys.has(item.key))
			.map((item) => item.key as string);
		await releaseKeys(context, unsentKeys);
	}

	if (outcome.error !== undefined) throw asNodeError(context.getNode(), outcome.error);
	return outputs.filter((output): output is INodeExecutionData => output !== undefined);
}
