/**
 * The user documentation: the README stays a short quick start, every link between README and docs/ pages lands on
 * a file and a heading that exist, no contributor jargon reaches users, and the README's sample inbound message is
 * one that Infobip could send and that the trigger turns into the item the README describes.
 */
import type { IDataObject } from 'n8n-workflow';

import { InfobipTikTokTrigger } from '../nodes/InfobipTikTokTrigger/InfobipTikTokTrigger.node';
import { byteSize, exists, readDoc, userDocs } from './support/docs';
import { WebhookHarness } from './support/n8n';
import { validateAgainst } from './support/openapi';

const REPOSITORY = 'https://github.com/n8n-nodes-infobip-tiktok/n8n-nodes-infobip-tiktok';
const README_MAX_BYTES = 15_000;
const INTERNAL_WORDS = [
	/\bissues? *#? *\d+/i,
	/\bsessions?\b/i,
	/\bstand-?ins?\b/i,
	/\bour notes\b/i,
	/\bwip-/i,
	/\bthe lead\b/i,
	/\bengineers?\b/i,
	/\bTODO\b/,
	/\/work\//,
	/\.\.\/shared\b/,
];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
function anchorOf(heading: string): string {
	return heading
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N} _-]/gu, '')
		.replace(/ /g, '-');
}

/** The lines of a Markdown file outside fenced code blocks. */
function proseLines(text: string): string[] {
	let fenced = false;
	return text.split('\n').filter((line) => {
		if (/^\s*```/.test(line)) {
			fenced = !fenced;
			return false;
		}
		return !fenced;
	});
}

function anchorsOf(path: string): Set<string> {
	return new Set(
		proseLines(readDoc(path))
			.map((line) => /^#{1,6} +(.*)$/.exec(line)?.[1])
			.filter((heading): heading is string => heading !== undefined)
			.map(anchorOf),
	);
}

interface Link {
	from: string;
	target: string;
}

function linksOf(path: string): Link[] {
	const links: Link[] = [];
	for (const line of proseLines(readDoc(path))) {
		for (const match of line.matchAll(/\]\(([^)\s]+)\)/g)) links.push({ from: path, target: match[1] });
	}
	return links;
}

/** The repository file and anchor a link points at, or undefined for a page outside the repository. */
function resolve(link: Link): { file: string; anchor?: string } | undefined {
	const [address, anchor] = link.target.split('#') as [string, string | undefined];
	if (address === '') return { file: link.from, anchor };
	if (address === REPOSITORY) return { file: 'README.md', anchor };
	if (address.startsWith(`${REPOSITORY}/blob/main/`)) return { file: address.slice(`${REPOSITORY}/blob/main/`.length), anchor };
	if (/^[a-z]+:/i.test(address)) return undefined;
	const folder = link.from.includes('/') ? link.from.slice(0, link.from.lastIndexOf('/') + 1) : '';
	return { file: `${folder}${address}`, anchor };
}

describe('user documentation', () => {
	const docs = userDocs();

	it(`keeps the README a quick start of at most ${README_MAX_BYTES} bytes`, () => {
		expect(byteSize('README.md')).toBeLessThanOrEqual(README_MAX_BYTES);
	});

	it('has the reference pages the README links to', () => {
		for (const page of ['trigger', 'action-node', 'send-and-wait', 'chatbots', 'queue-mode', 'performance', 'troubleshooting', 'examples', 'chat-conversations', 'registration', 'send-options']) {
			expect(docs).toContain(`docs/${page}.md`);
			expect(readDoc('README.md')).toContain(`](${REPOSITORY}/blob/main/docs/${page}.md`);
		}
	});

	it('links from the README to other files with repository URLs, so that the links work on npm', () => {
		const relative = linksOf('README.md').filter((link) => !link.target.startsWith('#') && !/^https:\/\//.test(link.target));
		expect(relative).toEqual([]);
	});

	it('links only to files and headings that exist', () => {
		const broken: string[] = [];
		for (const link of docs.flatMap(linksOf)) {
			const target = resolve(link);
			if (target === undefined) continue;
			if (!exists(target.file)) {
				broken.push(`${link.from}: ${link.target} (no such file)`);
				continue;
			}
			if (target.anchor !== undefined && target.file.endsWith('.md') && !anchorsOf(target.file).has(target.anchor)) {
				broken.push(`${link.from}: ${link.target} (no such heading)`);
			}
		}
		expect(broken).toEqual([]);
	});

	it("lets the nodes' documentation links in n8n land on pages and headings that exist", () => {
		const codexLinks = ['nodes/InfobipTikTok/InfobipTikTok.node.json', 'nodes/InfobipTikTokTrigger/InfobipTikTokTrigger.node.json'].flatMap(
			(path) => {
				const { resources } = JSON.parse(readDoc(path)) as { resources: Record<string, Array<{ url: string }>> };
				return Object.values(resources).flatMap((links) => links.map(({ url }) => ({ from: path, target: url })));
			},
		);
		expect(codexLinks).toHaveLength(4);
		for (const link of codexLinks) {
			const target = resolve(link);
			expect([link.target, target !== undefined && exists(target.file)]).toEqual([link.target, true]);
			if (target?.anchor !== undefined) expect([link.target, anchorsOf(target.file).has(target.anchor)]).toEqual([link.target, true]);
		}
	});

	it('speaks to n8n users, without contributor jargon', () => {
		const found = docs.flatMap((path) =>
			readDoc(path)
				.split('\n')
				.flatMap((line, index) =>
					INTERNAL_WORDS.filter((word) => word.test(line)).map((word) => `${path}:${index + 1}: ${String(word)}: ${line.trim()}`),
				),
		);
		expect(found).toEqual([]);
	});

	it("uses n8n 2.41's names for listening and importing", () => {
		for (const path of docs) {
			expect([path, readDoc(path).match(/Listen for test event|Workflows > Import from File/g)]).toEqual([path, null]);
		}
	});
});

describe("the README's sample inbound message", () => {
	const readme = readDoc('README.md');
	const command = /curl -i -X POST '([^']+)' -H 'Content-Type: application\/json' -d '(\{[\s\S]*?\n *\})'/.exec(readme);
	const sample = JSON.parse(command?.[2] ?? '{"results":[]}') as { results: IDataObject[] };
	const result = sample.results[0] ?? {};

	it("goes to the trigger's Test URL", () => {
		expect(command?.[1]).toMatch(/\/webhook-test\/<id>\/webhook$/);
	});

	it("is an inbound TikTok message as Infobip's OpenAPI document describes it", () => {
		expect(sample.results).toHaveLength(1);
		expect(validateAgainst('TikTokInboundMessage', sample)).toEqual([]);
	});

	it('becomes the item the README describes, and starts nothing when posted again unchanged', async () => {
		const trigger = new WebhookHarness(new InfobipTikTokTrigger(), {}, {}, 'manual');
		const body = JSON.stringify(sample);
		const first = await trigger.call({ body });
		expect(first.status).toBe(200);
		expect(first.items).toHaveLength(1);
		const [item] = first.items;
		expect(item).toMatchObject({
			event: 'message',
			type: 'TEXT',
			userId: result.sender,
			conversationId: result.sender,
			businessAccountId: result.to,
			messageId: result.messageId,
			replyBefore: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
		});
		expect(readme.replace(/\s+/g, ' ')).toContain(`\`text\` "${item.text as string}"`);

		const again = await trigger.call({ body });
		expect(again.items).toEqual([]);
		expect(again.json).toEqual({ received: 1, started: false });

		const changed = JSON.stringify({ ...sample, results: [{ ...result, messageId: `${result.messageId as string}-2` }] });
		expect((await trigger.call({ body: changed })).items).toHaveLength(1);
	});
});
