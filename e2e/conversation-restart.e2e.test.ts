/**
 * End-to-end: Reply in Chat across an n8n restart (N8N_E2E_VERSION, default 2.41.1). The question goes out, n8n
 * stops and starts again on the same user folder and SQLite database, then the answers arrive: a paired one (found
 * through its callback data) and an unpaired one (found on the People contact) each resume their execution once.
 */
import { sleep } from 'n8n-workflow';

import { BUSINESS, body } from './support/infobip-bodies';
import { E2E_VERSION } from './support/n8n';
import { n8nWithStandIn } from './support/setup';
import { until } from './support/until';
import { replyInChatWorkflow } from './support/workflows';

jest.setTimeout(300_000);

const e2e = n8nWithStandIn('conversation-restart');
const { standIn, n8n } = e2e;

async function post(url: string, result: unknown) {
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body([result]) });
	expect(response.status).toBe(200);
}

const texts = () => standIn.sentMessages().map((message) => [message.destinations[0].to, message.content.text as string]);

it(`n8n ${E2E_VERSION} restarted between question and answer: a paired and an unpaired answer each resume their execution once`, async () => {
	const { id, url } = await n8n.createActiveWorkflow(
		replyInChatWorkflow(e2e.credential, {
			trigger: { includeContact: true, ignoreRedeliveries: false },
			name: 'Reply in Chat across a restart',
		}),
	);
	for (const user of ['ria', 'sol']) {
		standIn.addPerson(user, BUSINESS);
		await post(url!, standIn.inboundFrom(user, BUSINESS, { type: 'TEXT', text: 'hi' }));
	}
	const waiting = await until('two waiting executions', async () => {
		const executions = await n8n.executions(id);
		return executions.length === 2 && executions.every((execution: { status: string }) => execution.status === 'waiting') ? executions : undefined;
	}, 90_000);
	expect(texts()).toEqual(expect.arrayContaining([['ria', 'What is your name?'], ['sol', 'What is your name?']]));

	await n8n.stop();
	await n8n.launch();
	await n8n.signIn();
	await n8n.waitForWebhook(url!, 90_000);

	// Ria's answer is paired with the question (callback data); Sol's is not, so the trigger finds it on People.
	const ria = standIn.inboundFrom('ria', BUSINESS, { type: 'TEXT', text: 'Ria' });
	expect(ria.callbackData).toMatch(/^n8n-wait:/);
	standIn.pairing = false;
	const sol = standIn.inboundFrom('sol', BUSINESS, { type: 'TEXT', text: 'Sol' });
	expect(sol.callbackData).toBeUndefined();
	await post(url!, ria);
	await post(url!, sol);
	const done = await n8n.waitForExecutions(id, 2, { timeoutMs: 90_000, settleMs: 1000 });
	expect(done.map((execution: { id: string; status: string }) => [execution.id, execution.status]).sort()).toEqual(
		waiting.map((execution: { id: string }) => [execution.id, 'success']).sort(),
	);
	const thanked = () => texts().filter(([, text]) => text.startsWith('Thanks'));
	expect(thanked().sort()).toEqual([
		['ria', 'Thanks, Ria'],
		['sol', 'Thanks, Sol'],
	]);

	// Redeliveries after the restart resume nothing and start nothing.
	await post(url!, ria);
	await post(url!, sol);
	await sleep(2000);
	expect(await n8n.executions(id)).toHaveLength(2);
	expect(thanked()).toHaveLength(2);
	expect(standIn.invalidPeopleRequests()).toEqual([]);
});
