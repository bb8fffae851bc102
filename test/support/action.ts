/**
 * What the Infobip TikTok node tests share: a stand-in Infobip for the whole file with credentials that point at
 * it, and the items and parameters most sending tests start from.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { flattenMessage } from '../../nodes/infobip/flatten';
import type { InboundMessageResult } from '../../nodes/infobip/types';
import { manyTexts } from '../fixtures/webhooks';
import { InfobipStandIn } from './infobip-standin';
import type { RunOptions } from './n8n';

/**
 * A stand-in Infobip on 127.0.0.1, started before the file's tests, cleared before each and stopped after.
 * `credentials` (filled in before the first test) is the Infobip TikTok API credential for it; `baseUrlSuffix`
 * is appended to its base URL (e.g. '/', as people paste it).
 */
export function withStandIn(apiKey: string, { baseUrlSuffix = '' } = {}) {
	const frame: { standIn: InfobipStandIn; credentials: NonNullable<RunOptions['credentials']> } = {
		standIn: new InfobipStandIn({ apiKey }),
		credentials: {},
	};
	beforeAll(async () => {
		const baseUrl = await frame.standIn.start();
		frame.credentials = { infobipTikTokApi: { apiKey, baseUrl: `${baseUrl}${baseUrlSuffix}` } };
	});
	afterAll(async () => await frame.standIn.stop());
	beforeEach(() => frame.standIn.reset());
	return frame;
}

/** Resolves once `condition` holds (polled every 20 ms), e.g. once the stand-in has seen the requests of a race. */
export async function until(condition: () => boolean, limitMs = 10_000): Promise<void> {
	for (let waited = 0; !condition(); waited += 20) {
		if (waited > limitMs) throw new Error('the stand-in never saw the expected requests');
		await sleep(20);
	}
}

/** Items as Infobip TikTok Trigger emits them. */
export const triggerItems = (count: number, prefix = 'in'): IDataObject[] =>
	manyTexts(count, prefix).map((result) => flattenMessage(result as unknown as InboundMessageResult));

/** Send Text answering each item with its own text. */
export const sendText = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'message',
	operation: 'sendText',
	text: '={{ $json.text }}',
	...extra,
});
