/**
 * End-to-end: what a person who installs the package gets. The packed tarball's contents, the codex files and
 * the credential name as a real n8n loads them, and the README's way of reading the trigger's fields after a
 * node that replaces the item (an AI Agent, here an Edit Fields node that keeps only `output`).
 */
import { randomUUID } from 'crypto';

import { body, BUSINESS, texts } from './support/infobip-bodies';
import { E2E_VERSION } from './support/n8n';
import { n8nWithStandIn } from './support/setup';
import { packedPackage } from './support/package';
import { actionNode, link, triggerNode } from './support/workflows';

jest.setTimeout(120_000);

const version = E2E_VERSION;
const e2e = n8nWithStandIn('e2e-package');
const { standIn, n8n } = e2e;
const REPOSITORY = 'https://github.com/n8n-nodes-infobip-tiktok/n8n-nodes-infobip-tiktok';

const loaded = async (file: 'nodes' | 'credentials') => {
	const response = await fetch(`${n8n.baseUrl}/types/${file}.json`, {
		headers: { cookie: n8n.cookie },
	});
	return (await response.json()) as Array<{
		name: string;
		displayName: string;
		codex?: { categories?: string[]; alias?: string[]; resources?: Record<string, Array<{ url: string }>> };
	}>;
};

describe(`n8n ${version}`, () => {
	// Light requests first: reading n8n's large node list, and npm pack, keep this process busy for seconds, long
	// enough for n8n to close an idle keep-alive connection that the next fetch would then reuse.
	it('the API credential is listed as "Infobip TikTok API"', async () => {
		const credentials = await loaded('credentials');
		expect(credentials.find((type) => type.name === 'infobipTikTokApi')?.displayName).toBe(
			'Infobip TikTok API',
		);
	});

	it("after a node that replaces the item, $('Infobip TikTok Trigger').item.json answers the right user, once", async () => {
		standIn.reset();
		const trigger = triggerNode({ ignoreRedeliveries: false });
		const fromTrigger = (field: string) => `={{ $('Infobip TikTok Trigger').item.json.${field} }}`;
		const replaceItem = {
			id: randomUUID(),
			name: 'Answer Only',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [250, 0],
			parameters: {
				mode: 'manual',
				assignments: {
					assignments: [
						{
							id: randomUUID(),
							name: 'output',
							value: '=Answer to {{ $json.text }}',
							type: 'string',
						},
					],
				},
				options: {},
			},
		};
		const reply = actionNode(
			'Reply',
			{
				resource: 'message',
				operation: 'sendText',
				businessAccountId: fromTrigger('businessAccountId'),
				recipient: fromTrigger('conversationId'),
				text: '={{ $json.output }}',
				sendOnceKey: fromTrigger('messageId'),
			},
			e2e.credential,
			[500, 0],
		);
		const { id } = await n8n.createActiveWorkflow({
			name: 'Reply after a replacing node',
			nodes: [trigger, replaceItem, reply],
			connections: { [trigger.name]: link(replaceItem.name), [replaceItem.name]: link(reply.name) },
		});
		const url = n8n.webhookUrl(trigger.webhookId);
		const results = texts(2, 'after-agent');
		const post = async () =>
			(
				await fetch(url, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: body(results),
				})
			).status;

		expect(await post()).toBe(200);
		await n8n.waitForExecutions(id, 1);
		expect(
			standIn
				.sentMessages()
				.map((message: { sender: string; destinations: Array<{ to: string }>; content: { text: string } }) => [
					message.sender,
					message.destinations[0].to,
					message.content.text,
				]),
		).toEqual([
			[BUSINESS, 'after-agent-0', 'Answer to hello 0'],
			[BUSINESS, 'after-agent-1', 'Answer to hello 1'],
		]);

		// The same call again (a redelivery): the key read from the trigger still holds, nothing is sent twice.
		expect(await post()).toBe(200);
		const executions = await n8n.waitForExecutions(id, 2);
		expect(standIn.sentMessages()).toHaveLength(2);
		const { status, output } = await n8n.executionOutput(executions[0].id);
		expect(status).toBe('success');
		expect(output.Reply.map((item) => [item.skipped, item.sendOnceKey])).toEqual(
			results.map((result) => [true, result.messageId]),
		);
	});

	it('n8n loads both codex files: categories, search aliases and links to the docs', async () => {
		const types = await loaded('nodes');
		for (const [name, page] of [
			['n8n-nodes-infobip-tiktok.infobipTikTok', 'action-node'],
			['n8n-nodes-infobip-tiktok.infobipTikTokTrigger', 'trigger'],
		]) {
			const codex = types.find((type) => type.name === name)?.codex;
			expect(codex?.categories).toEqual(expect.arrayContaining(['Communication', 'Marketing']));
			expect(codex?.alias).toEqual(expect.arrayContaining(['TikTok', 'Infobip', 'Chatbot']));
			expect(codex?.resources?.primaryDocumentation).toEqual([{ url: `${REPOSITORY}/blob/main/docs/${page}.md` }]);
			// Which anchors exist is checked by test/docs.test.ts.
			expect(codex?.resources?.credentialDocumentation?.[0]?.url).toMatch(new RegExp(`^${REPOSITORY}[/#]`));
		}
	});

	it('the tarball holds the nodes, codex files, icons, README, LICENSE and CHANGELOG, and no build leftovers', async () => {
		const { files } = await packedPackage();
		expect(files).toEqual(
			expect.arrayContaining([
				'README.md',
				'LICENSE',
				'CHANGELOG.md',
				'package.json',
				'dist/nodes/InfobipTikTok/InfobipTikTok.node.js',
				'dist/nodes/InfobipTikTok/InfobipTikTok.node.json',
				'dist/nodes/InfobipTikTokTrigger/InfobipTikTokTrigger.node.js',
				'dist/nodes/InfobipTikTokTrigger/InfobipTikTokTrigger.node.json',
				'dist/credentials/InfobipTikTokApi.credentials.js',
				'dist/icons/infobip-tiktok.svg',
				'dist/icons/infobip-tiktok.dark.svg',
			]),
		);
		expect(files.filter((file) => /tsbuildinfo$|^dist\/package\.json$/.test(file))).toEqual([]);
		expect(
			files.filter(
				(file) => !/^(dist\/|README\.md$|LICENSE$|CHANGELOG\.md$|package\.json$)/.test(file),
			),
		).toEqual([]);
	});
});
