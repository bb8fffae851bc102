/**
 * End-to-end, Register in Infobip in a real n8n (N8N_E2E_VERSION): publishing sets the business account's
 * inbound forwarding in the stand-in Infobip (Resources API, every request checked against resources.json),
 * a forwarded message starts an execution, a call without the secret starts nothing, unpublishing removes the
 * registration, a clash is refused and, with Replace Existing Forwarding, taken over and put back.
 */
import { sleep } from 'n8n-workflow';

import { body, texts } from './support/infobip-bodies';
import { n8nWithStandIn } from './support/setup';
import { triggerNode } from './support/workflows';

jest.setTimeout(180_000);

const e2e = n8nWithStandIn('e2e-registration');
const { standIn, n8n } = e2e;

const CONFIGURATIONS = '/resource-management/1/inbound-message-configurations';

/** A workflow of one trigger (version 1.1, Register in Infobip on by default) with the Infobip credential. */
function registeringWorkflow(parameters: Record<string, unknown>) {
	const trigger = {
		...triggerNode({ businessAccountId: 'biz-e2e', ...parameters }),
		typeVersion: 1.1,
		credentials: { infobipTikTokApi: e2e.credential },
	};
	return { name: `Registration ${trigger.webhookId.slice(0, 8)}`, nodes: [trigger], connections: {} };
}

const post = async (url: string, payload: string) =>
	(await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload })).status;

const forwarded = (keyword = '') => standIn.inboundConfiguration('biz-e2e', keyword)?.forwarding?.url as string | undefined;

/**
 * n8n 2.41 publishes and unpublishes in the background (its publication outbox) and reports the outcome under
 * publication-status; n8n 2.8 does it within the request (no such route). Waits for the outcome.
 */
async function settled(id: string, want: 'published' | 'not_published') {
	for (const started = Date.now(); Date.now() - started < 60_000; await sleep(200)) {
		const status: { status: string; triggers: Array<{ errorMessage: string | null }> } | 'no such route' = await n8n
			.api('GET', `/workflows/${id}/publication-status`)
			.catch((error: { status?: number }) => (error.status === 404 ? 'no such route' : Promise.reject(error)));
		if (status === 'no such route') return undefined;
		if (status.status === 'in_progress') continue;
		if (want === 'not_published' ? status.status === 'not_published' : status.status !== 'not_published') return status;
	}
	throw new Error(`workflow ${id} did not become ${want} within 60 s`);
}

/** Creates and publishes; returns the workflow's id and webhook ID, and the error n8n reported, if any. */
async function publish(workflow: ReturnType<typeof registeringWorkflow>) {
	const created = await n8n.createWorkflow(workflow);
	// n8n may give the node its own webhook ID on creation.
	const webhookId = created.nodes[0].webhookId as string;
	const id = created.id as string;
	try {
		await n8n.api('POST', `/workflows/${id}/activate`, { versionId: created.versionId });
	} catch (error) {
		return { id, webhookId, error: (error as Error).message };
	}
	const status = await settled(id, 'published');
	const failure = status?.triggers.map((trigger) => trigger.errorMessage).filter(Boolean).join('; ');
	return { id, webhookId, error: failure || undefined };
}

async function unpublish(id: string) {
	await n8n.api('POST', `/workflows/${id}/deactivate`, {});
	await settled(id, 'not_published');
}

afterEach(() => {
	expect(standIn.invalidResourceRequests().map((request) => request.problems)).toEqual([]);
});

describe(`Register in Infobip, n8n ${n8n.version}`, () => {
	it('publishing registers; a forwarded message starts an execution; without the secret nothing; unpublishing removes it', async () => {
		const { id, webhookId, error } = await publish(registeringWorkflow({}));
		expect(error).toBeUndefined();

		const url = forwarded();
		expect(url).toBeDefined();
		const registered = new URL(url!);
		expect(`${registered.origin}${registered.pathname}`).toBe(n8n.webhookUrl(webhookId));
		expect(registered.searchParams.get('secret')?.length).toBeGreaterThanOrEqual(40);
		expect(standIn.inboundConfiguration('biz-e2e')?.forwarding).toMatchObject({ type: 'HTTP_FORWARD', format: 'MO_OTT_CONTACT' });

		await n8n.waitForWebhook(n8n.webhookUrl(webhookId));
		expect(await post(url!, body(texts(1, 'reg-1')))).toBe(200);
		await n8n.waitForExecutions(id, 1);

		expect(await post(n8n.webhookUrl(webhookId), body(texts(1, 'reg-2')))).toBe(401);
		expect(await post(`${n8n.webhookUrl(webhookId)}?secret=guess`, body(texts(1, 'reg-3')))).toBe(401);
		await sleep(1500);
		expect(await n8n.executions(id)).toHaveLength(1);
		// The secret is nowhere in what n8n keeps of the workflow (its parameters, its static data holds a hash).
		const saved = await n8n.api('GET', `/workflows/${id}`);
		expect(JSON.stringify(saved)).not.toContain(registered.searchParams.get('secret'));

		await unpublish(id);
		expect(standIn.inboundConfigurations).toHaveLength(0);
		expect(standIn.requests.some((request) => request.method === 'DELETE' && request.path.startsWith(`${CONFIGURATIONS}/`))).toBe(true);
	});

	it('a clash is refused naming the current URL; with Replace Existing Forwarding it is taken over and put back', async () => {
		const other = 'https://crm.example/infobip/in?token=crm-secret';
		standIn.inboundConfigurations.push({
			configurationKey: 'CRMKEY',
			channel: 'TIKTOK_BM',
			resource: 'biz-e2e',
			forwarding: { type: 'HTTP_FORWARD', url: other, format: 'MO_OTT_CONTACT' },
		});

		const refused = await publish(registeringWorkflow({}));
		expect(refused.error).toBeDefined();
		expect(refused.error!).toContain('https://crm.example/infobip/in?token=…');
		expect(refused.error!).not.toContain('crm-secret');
		expect(forwarded()).toBe(other);
		expect(standIn.requests.filter((request) => request.method !== 'GET')).toHaveLength(0);
		await unpublish(refused.id);

		const { id, webhookId, error } = await publish(registeringWorkflow({ replaceExistingForwarding: true }));
		expect(error).toBeUndefined();
		const url = forwarded()!;
		expect(url.startsWith(`${n8n.webhookUrl(webhookId)}?secret=`)).toBe(true);
		await n8n.waitForWebhook(n8n.webhookUrl(webhookId));
		expect(await post(url, body(texts(1, 'reg-4')))).toBe(200);
		await n8n.waitForExecutions(id, 1);

		await unpublish(id);
		expect(forwarded()).toBe(other);
		expect(standIn.inboundConfigurations.map((entry) => entry.configurationKey)).toEqual(['CRMKEY']);
	});

	it('listening for a test event registers the Test URL and puts the Production URL back', async () => {
		const { id, webhookId, error } = await publish(registeringWorkflow({}));
		expect(error).toBeUndefined();
		const production = forwarded()!;

		// What the editor's "Listen for test event" asks n8n (2.41 reads the saved workflow, 2.8 the one sent).
		const saved = await n8n.api('GET', `/workflows/${id}`);
		const started = await n8n.api('POST', `/workflows/${id}/run`, {
			workflowData: saved,
			triggerToStartFrom: { name: 'Infobip TikTok Trigger' },
		});
		expect(started).toMatchObject({ waitingForWebhook: true });
		const listening = forwarded()!;
		const testUrl = `${n8n.baseUrl}/webhook-test/${webhookId}/webhook`;
		expect(listening.startsWith(`${testUrl}?secret=`)).toBe(true);
		expect(new URL(listening).searchParams.get('secret')).not.toBe(new URL(production).searchParams.get('secret'));

		expect(await post(testUrl, body(texts(1, 'reg-5')))).toBe(401);
		expect(await post(listening, body(texts(1, 'reg-6')))).toBe(200);
		// n8n stops listening after the event; the trigger puts the Production URL back.
		for (let waited = 0; forwarded() !== production && waited < 30_000; waited += 200) await sleep(200);
		expect(forwarded()).toBe(production);
		expect(await post(production, body(texts(1, 'reg-7')))).toBe(200);
		await n8n.waitForExecutions(id, 2);

		await unpublish(id);
		expect(standIn.inboundConfigurations).toHaveLength(0);
	});
});
