import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { sendResultItem } from '../infobip/outbound';
import type { TikTokOutboundMessage } from '../infobip/types';
import type { Preparation } from './deliver';
import {
	closedWindow,
	closesBeforeSendAtReason,
	outsideWindowReason,
	REPLY_WINDOW_HOURS,
	type OutsideWindowAction,
} from '../infobip/replyWindow';

export const DEFAULT_OUTSIDE_WINDOW: OutsideWindowAction = 'send';

/** The "Outside Reply Window" option, for the Options collection of operations that send messages. */
export const outsideReplyWindowOption: INodeProperties = {
	displayName: 'Outside Reply Window',
	name: 'outsideReplyWindow',
	type: 'options',
	options: [
		{
			name: 'Fail',
			value: 'fail',
			description: 'Fail the item with an error that names the window (with Continue On Fail: an error item)',
		},
		{
			name: 'Send Anyway',
			value: 'send',
			description: 'Send and let Infobip decide; a rejection for a closed window says so in its error',
		},
		{
			name: 'Skip',
			value: 'skip',
			description: 'Send nothing for the item; its output has skipped: true and the reason',
		},
	],
	default: DEFAULT_OUTSIDE_WINDOW,
	description: `What to do with an item whose ${REPLY_WINDOW_HOURS}-hour reply window has closed (its replyBefore, or its receivedAt plus ${REPLY_WINDOW_HOURS} hours, is in the past), or closes before its Send At. Items without these fields are always sent.`,
};

/**
 * What happens to an item outside the reply window: nothing (undefined: send it), an output without a
 * request (Skip), or an error naming the item and the window (Fail). A scheduled message (`sendAt`, ISO
 * 8601) is outside when the window closes before it goes out.
 */
export function replyWindowGate(
	context: IExecuteFunctions,
	action: unknown,
	index: number,
	json: IDataObject,
	message: TikTokOutboundMessage,
	inboundMessageId: string | null,
	sendAt: string | null = null,
	now = Date.now(),
): { output: IDataObject } | { error: NodeOperationError } | undefined {
	if (action !== 'skip' && action !== 'fail') return undefined;
	const at = sendAt === null ? now : Math.max(now, Date.parse(sendAt));
	const closedAt = closedWindow(json, at);
	if (closedAt === undefined) return undefined;
	const reason =
		sendAt !== null && Date.parse(closedAt) > now
			? closesBeforeSendAtReason(closedAt, sendAt)
			: outsideWindowReason(closedAt);
	if (action === 'skip') {
		const result = sendResultItem(undefined, undefined, message, inboundMessageId, sendAt);
		return { output: { ...result, messageId: null, skipped: true, skipReason: reason } };
	}
	return {
		error: new NodeOperationError(context.getNode(), `Item ${index}: ${reason}`, {
			itemIndex: index,
			description:
				'Set the option "Outside Reply Window" to Skip or Send Anyway to handle such items without failing, or pick an earlier Send At.',
		}),
	};
}

/**
 * Says in the editor's output panel that items were skipped for a closed reply window, as Send Once does
 * for its skips: otherwise the node is green and only `skipReason` tells.
 */
export function hintOutsideWindow(context: IExecuteFunctions, preparations: Array<Preparation<unknown>>): void {
	// In the sending operations only this gate settles an item without a request.
	const count = preparations.filter((preparation) => 'output' in preparation).length;
	if (count === 0) return;
	const items = count === 1 ? '1 item was' : `${count} items were`;
	context.addExecutionHints({
		message: `${items} not sent: the ${REPLY_WINDOW_HOURS}-hour reply window had closed, or closes before Send At (option "Outside Reply Window" is Skip; see skipReason). Set it to Send Anyway to try, or Fail to stop on such items.`,
		type: 'warning',
		location: 'outputPane',
	});
}
