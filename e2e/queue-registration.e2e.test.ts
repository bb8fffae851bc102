/**
 * Queue mode: Register in Infobip. Publishing on the main process registers the Production URL (built from n8n's
 * public address, WEBHOOK_URL, here a proxy in front of webhook process A) with a secret; webhook process B, which
 * knows the secret only as the hash the main process saved with the workflow in Postgres, lets the forwarded
 * message in (one execution, run by a worker) and answers 401 without the secret; unpublishing removes it.
 */
import { sleep } from 'n8n-workflow';

import { InfobipStandIn } from '../test/support/infobip-standin';
import { body, texts } from './support/infobip-bodies';
import { E2E_VERSION } from './support/n8n';
import { QueueStack } from './support/queue';
import { until } from './support/until';
import { triggerNode } from './support/workflows';

jest.setTimeout(240_000);

const BUSINESS_ACCOUNT = 'biz-queue';
let stack: QueueStack;
const standIn = new InfobipStandIn({ apiKey: 'queue-api-key' });
let credential: { id: string; name: string };

beforeAll(async () => {
	const baseUrl = await standIn.start();
	stack = new QueueStack({ name: 'queue-registration', version: E2E_VERSION, publicProxy: true });
	await stack.start();
	credential = await stack.main!.createCredential('infobipTikTokApi', { apiKey: 'queue-api-key', baseUrl });
}, 300_000);

afterAll(async () => {
	await stack?.stop();
	await standIn.stop();
}, 120_000);

const post = async (url: string, payload: string) =>
	(await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload })).status;

const forwarded = () => standIn.inboundConfiguration(BUSINESS_ACCOUNT)?.forwarding?.url as string | undefined;

it('publishing on main registers the public URL with a secret; webhook process B checks it, a worker runs the message; unpublishing removes it', async () => {
	const trigger = { ...triggerNode({ businessAccountId: BUSINESS_ACCOUNT }), typeVersion: 1.1, credentials: { infobipTikTokApi: credential } };
	const { id, urlB } = await stack.activate({ name: 'Queue registration', nodes: [trigger], connections: {} });

	const url = await until('the registration in Infobip', async () => forwarded());
	const registered = new URL(url);
	const hookPath = new URL(urlB).pathname;
	expect(`${registered.origin}${registered.pathname}`).toBe(`${new URL(stack.extraEnv.WEBHOOK_URL).origin}${hookPath}`);
	const secret = registered.searchParams.get('secret')!;
	expect(secret.length).toBeGreaterThanOrEqual(40);

	// Infobip calls the public address; here the same path and query go straight to B.
	expect(await post(`${urlB}?secret=${encodeURIComponent(secret)}`, body(texts(1, 'queue-reg-1')))).toBe(200);
	const [execution] = await stack.main!.waitForExecutions(id, 1);
	expect(execution.status).toBe('success');
	const ranIt = new RegExp(`Worker started execution ${execution.id} \\(job`);
	expect(stack.worker!.log()).toMatch(ranIt);
	for (const other of [stack.main!, stack.webhookA!, stack.webhookB!]) expect(other.log()).not.toMatch(ranIt);
	const { output } = await stack.main!.executionOutput(execution.id);
	expect(output['Infobip TikTok Trigger'].map((item) => item.userId)).toEqual(['queue-reg-1-0']);

	expect(await post(urlB, body(texts(1, 'queue-reg-2')))).toBe(401);
	expect(await post(`${urlB}?secret=guess`, body(texts(1, 'queue-reg-3')))).toBe(401);
	await sleep(2000);
	expect(await stack.main!.executions(id)).toHaveLength(1);
	for (const server of [stack.main!, ...stack.workers!, stack.webhookA!, stack.webhookB!]) expect(server.log()).not.toContain(secret);

	await stack.main!.api('POST', `/workflows/${id}/deactivate`, {});
	await until('the registration removed', async () => (standIn.inboundConfigurations.length === 0 ? true : undefined), 60_000);
	expect(standIn.requests.some((request) => request.method === 'DELETE')).toBe(true);
	expect(standIn.invalidResourceRequests().map((request) => request.problems)).toEqual([]);
});
