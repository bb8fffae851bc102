import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/**
 * "Send Once Per Key" on n8n's processed-data store: kept in n8n's database, so every n8n process
 * (main, workers) and every restart sees the same keys, scoped to this node.
 *
 * The store reads and rewrites a node's whole record without a lock: two executions calling it at the
 * same moment can both see a key as new (measured in n8n 2.41.1: about 10 doubles in 200 messages with
 * one worker running 10 executions). Letting one call at a time run inside this process removes that;
 * calls from different worker processes can still interleave.
 */

const STORE_OPTIONS = { mode: 'entries' as const, maxEntries: 10_000 };

let queue: Promise<unknown> = Promise.resolve();

function oneAtATime<T>(task: () => Promise<T>): Promise<T> {
	const run = queue.then(task, task);
	queue = run.catch(() => undefined);
	return run;
}

/**
 * The default key: the inbound message id of an item from Infobip TikTok Trigger, or the one an earlier
 * Infobip TikTok node passed on as `inboundMessageId` (Trigger -> Send Typing Indicator -> Send Text).
 */
export function defaultSendKey(json: IDataObject): string | undefined {
	if (typeof json.inboundMessageId === 'string' && json.inboundMessageId !== '') return json.inboundMessageId;
	return json.event === 'message' && typeof json.messageId === 'string' && json.messageId !== ''
		? json.messageId
		: undefined;
}

/** A custom key wins; an empty one means the default; items without any key are always sent. */
export function sendKey(custom: unknown, json: IDataObject): string | undefined {
	if (custom !== undefined && custom !== null && String(custom) !== '') return String(custom);
	return defaultSendKey(json);
}

/**
 * Keys recorded by test runs ("Execute workflow" / "Execute step" in the editor) live apart from the
 * production keys: a test run on a pinned or test event must never stop the published workflow from
 * answering the same message. Production keys are stored as they are, as before.
 */
export function scopedKey(mode: string, key: string): string {
	return mode === 'manual' ? `manual:${key}` : key;
}

/**
 * Records `keys` and returns those an earlier execution of this node already recorded. Items of one
 * execution that share a key are all sent: the keys are de-duplicated before the store sees them.
 */
export async function claimKeys(context: IExecuteFunctions, keys: string[]): Promise<Set<string>> {
	const unique = [...new Set(keys)];
	if (unique.length === 0) return new Set();
	// One prefix for all keys (none in production), stripped again from the answer: no per-key pairs or map.
	const prefix = scopedKey(context.getMode(), '');
	const stored = prefix === '' ? unique : unique.map((key) => prefix + key);
	const outcome = await oneAtATime(() => context.helpers.checkProcessedAndRecord(stored, 'node', STORE_OPTIONS));
	return new Set(outcome.processed.map((key) => String(key).slice(prefix.length)));
}

/** Frees the keys of items that were not sent, so that a retry can send them. */
export async function releaseKeys(context: IExecuteFunctions, keys: string[]): Promise<void> {
	const mode = context.getMode();
	const unique = [...new Set(keys)].map((key) => scopedKey(mode, key));
	if (unique.length === 0) return;
	await oneAtATime(() => context.helpers.removeProcessed(unique, 'node', STORE_OPTIONS));
}

/** Says in the editor's output panel (not only in `skipped: true`) that items were held back, and why. */
export function hintSkipped(context: IExecuteFunctions, count: number): void {
	const items = count === 1 ? '1 item was' : `${count} items were`;
	const where =
		context.getMode() === 'manual'
			? 'an earlier test run of this node (test runs keep their keys apart from the published workflow)'
			: 'an earlier execution of this node';
	context.addExecutionHints({
		message: `${items} not sent: ${where} already sent their Send Once key. Turn off Send Once Per Key or set another Key to send again.`,
		type: 'warning',
		location: 'outputPane',
	});
}
