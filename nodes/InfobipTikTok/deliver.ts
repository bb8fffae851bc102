import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { InvalidField } from '../infobip/outbound';
import { asNodeError, UnknownOutcomeError } from '../infobip/transport';
import { chunk, runPool } from '../shared/batch';
import { MAX_BATCH_SIZE, MAX_PARALLEL_REQUESTS } from './descriptions/shared';
import { claimKeys, hintSkipped, releaseKeys } from './sendOnce';

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

/** One item of a 2xx answer that Infobip nevertheless refused (status REJECTED, UNDELIVERABLE...). */
export class Refused {
	constructor(
		readonly message: string,
		/** The result fields of the item, kept on its error item. */
		readonly json: IDataObject,
	) {}
}

export interface DeliveryPlan<P> {
	preparations: Array<Preparation<P>>;
	batchSize: number;
	parallel: number;
	sendOnce: boolean;
	/** Items of one batch must share this value (conversions: one request per source). */
	groupBy?: (payload: P) => string;
	/**
	 * Whether the group of this payload goes out in one request whatever the Batch Size (messages with a
	 * Bulk ID or a sending speed limit: Infobip applies both per request).
	 */
	oneRequest?: (payload: P) => boolean;
	/** Sends one batch; resolves with one output JSON (or refusal) per payload, in order. */
	send: (payloads: P[]) => Promise<Array<IDataObject | Refused>>;
	/** The output of an item skipped because its key was already sent. */
	skipped: (payload: P, key: string) => IDataObject;
	/** What the user can do about an item whose outcome is unknown, e.g. where to look it up. */
	unknownOutcome: (payload: P) => { what: string; advice: string; json: IDataObject };
	/** The ID answers are matched by, which no two items may share (messages: the message ID). */
	uniqueId?: { field: string; of: (payload: P) => string };
}

function errorItem(index: number, error: unknown, json: IDataObject = {}): INodeExecutionData {
	return { json: { ...json, error: (error as Error).message }, pairedItem: { item: index } };
}

/**
 * Batch Size and Parallel Requests come from options (an expression can make them anything): 0 or NaN
 * would loop forever or start no request at all, so they fail the node before the first request.
 */
function checkSpeedOptions(context: IExecuteFunctions, batchSize: number, parallel: number): void {
	const check = (field: string, value: number, max: number) => {
		if (Number.isInteger(value) && value >= 1 && value <= max) return;
		throw new NodeOperationError(
			context.getNode(),
			`Item 0: ${field} must be a whole number from 1 to ${max}, not "${String(value)}"`,
			{ itemIndex: 0, description: `Check the option "${field}" (read once per execution).` },
		);
	};
	check('Batch Size', batchSize, MAX_BATCH_SIZE);
	check('Parallel Requests', parallel, MAX_PARALLEL_REQUESTS);
}

function isBadRequest(error: unknown): boolean {
	return error instanceof NodeApiError && !(error instanceof UnknownOutcomeError) && error.httpCode === '400';
}

/**
 * Sends items in bulk: checks every item before any network call, skips keys sent by earlier executions,
 * groups the rest into batches with a bounded number in flight, and maps each result back to its item.
 * With Continue On Fail a bulk request rejected with 400 is resent item by item so that only the bad
 * items fail; without it the first error fails the node after the requests in flight have settled.
 *
 * Send Once keys: a key stays recorded when its item went out, and also when nobody can tell (5xx, lost
 * answer: a duplicate reply is the worse failure); it is freed when its item surely did not go out.
 */
export async function deliver<P>(
	context: IExecuteFunctions,
	plan: DeliveryPlan<P>,
): Promise<INodeExecutionData[]> {
	const node = context.getNode();
	const continueOnFail = context.continueOnFail();
	checkSpeedOptions(context, plan.batchSize, plan.parallel);
	const outputs: Array<INodeExecutionData | undefined> = new Array(plan.preparations.length).fill(undefined);

	const ready: Array<Prepared<P>> = [];
	/** Which item first used each ID: a second one would get the first one's answer. */
	const idOwners = new Map<string, number>();
	for (const [index, preparation] of plan.preparations.entries()) {
		if ('prepared' in preparation) {
			const id = plan.uniqueId?.of(preparation.prepared.payload);
			const owner = id === undefined ? undefined : idOwners.get(id);
			if (owner === undefined) {
				if (id !== undefined) idOwners.set(id, index);
				ready.push(preparation.prepared);
				continue;
			}
			const field = plan.uniqueId?.field as string;
			const duplicate = new NodeOperationError(node, `Item ${index}: ${field} "${id}" is already item ${owner}'s`, {
				itemIndex: index,
				description: `Every item needs its own ${field} (Infobip's answers are matched by it). Check the "${field}" parameter for item ${index}.`,
			});
			if (!continueOnFail) throw duplicate;
			outputs[index] = errorItem(index, duplicate);
		} else if ('error' in preparation) {
			if (!continueOnFail) throw preparation.error;
			outputs[index] = errorItem(index, preparation.error);
		} else {
			outputs[index] = { json: preparation.output, pairedItem: { item: index } };
		}
	}

	let toSend = ready;
	let skippedCount = 0;
	const keyed = plan.sendOnce ? ready.filter((item) => item.key !== undefined) : [];
	if (keyed.length > 0) {
		const alreadySent = await claimKeys(context, keyed.map((item) => item.key as string));
		toSend = ready.filter((item) => {
			if (item.key === undefined || !alreadySent.has(item.key)) return true;
			outputs[item.index] = { json: plan.skipped(item.payload, item.key), pairedItem: { item: item.index } };
			skippedCount++;
			return false;
		});
	}
	if (skippedCount > 0) hintSkipped(context, skippedCount);

	const groups = new Map<string, Array<Prepared<P>>>();
	for (const item of toSend) {
		const group = plan.groupBy ? plan.groupBy(item.payload) : '';
		const members = groups.get(group);
		if (members) members.push(item);
		else groups.set(group, [item]);
	}
	const batches = [...groups.values()].flatMap((group) =>
		plan.oneRequest?.(group[0].payload) ? [group] : chunk(group, plan.batchSize),
	);
	/** Items that went out, or may have: their keys stay recorded. */
	const outOrUnknown = new Set<number>();

	const sendBatch = async (batch: Array<Prepared<P>>) => {
		let results: Array<IDataObject | Refused>;
		try {
			results = await plan.send(batch.map((item) => item.payload));
		} catch (error) {
			if (!(error instanceof UnknownOutcomeError)) throw asNodeError(node, error);
			const failures = batch.map((item) => {
				outOrUnknown.add(item.index);
				const { what, advice, json } = plan.unknownOutcome(item.payload);
				const failure = new NodeApiError(node, { message: error.message }, {
					message: `Item ${item.index}: outcome unknown, ${what} may or may not have gone out (${error.message}). ${advice}`,
					description:
						'Its Send Once key stays recorded, so running this execution again does not send it a second time.',
					httpCode: error.httpCode ?? undefined,
					itemIndex: item.index,
				});
				outputs[item.index] = errorItem(item.index, failure, { ...json, outcomeUnknown: true });
				return failure;
			});
			if (!continueOnFail) throw failures[0];
			return;
		}
		let firstRefusal: NodeApiError | undefined;
		batch.forEach((item, position) => {
			const result = results[position];
			if (result instanceof Refused) {
				const failure = new NodeApiError(node, result.json as JsonObject, {
					message: `Item ${item.index}: ${result.message}`,
					itemIndex: item.index,
				});
				firstRefusal ??= failure;
				outputs[item.index] = errorItem(item.index, failure, result.json);
			} else {
				outputs[item.index] = { json: result, pairedItem: { item: item.index } };
				outOrUnknown.add(item.index);
			}
		});
		if (firstRefusal && !continueOnFail) throw firstRefusal;
	};

	const outcome = await runPool(batches, plan.parallel, async (batch) => {
		try {
			await sendBatch(batch);
		} catch (error) {
			if (!continueOnFail) throw asNodeError(node, error);
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
		// A key is freed only if none of its items went out (or may have): freeing it would double those.
		const keptKeys = new Set(toSend.filter((item) => outOrUnknown.has(item.index)).map((item) => item.key));
		const unsentKeys = toSend
			.filter((item) => item.key !== undefined && !keptKeys.has(item.key))
			.map((item) => item.key as string);
		await releaseKeys(context, unsentKeys);
	}

	if (outcome.error !== undefined) throw asNodeError(node, outcome.error);
	return outputs.filter((output): output is INodeExecutionData => output !== undefined);
}
