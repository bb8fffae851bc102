/**
 * What a person reads in the editor: option lists, placeholders, one name per thing, the canvas subtitle and the
 * hint for chatbots, checked over both nodes and all credentials.
 */
import type { INodeProperties, INodePropertyCollection, INodePropertyOptions } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { InfobipTikTokApi } from '../../credentials/InfobipTikTokApi.credentials';
import { InfobipTikTokWebhookBasicAuthApi } from '../../credentials/InfobipTikTokWebhookBasicAuthApi.credentials';
import { InfobipTikTokWebhookHeaderAuthApi } from '../../credentials/InfobipTikTokWebhookHeaderAuthApi.credentials';
import { InfobipTikTokWebhookHmacApi } from '../../credentials/InfobipTikTokWebhookHmacApi.credentials';
import { InfobipTikTok } from '../../nodes/InfobipTikTok/InfobipTikTok.node';
import { InfobipTikTokTrigger } from '../../nodes/InfobipTikTokTrigger/InfobipTikTokTrigger.node';
import { nodeTypesOf } from '../support/n8n';

const action = new InfobipTikTok();
const sources: Array<[string, INodeProperties[]]> = [
	['Infobip TikTok', action.description.properties],
	['Infobip TikTok Trigger', new InfobipTikTokTrigger().description.properties],
	...[
		new InfobipTikTokApi(),
		new InfobipTikTokWebhookBasicAuthApi(),
		new InfobipTikTokWebhookHeaderAuthApi(),
		new InfobipTikTokWebhookHmacApi(),
	].map((credential): [string, INodeProperties[]] => [
		credential.displayName,
		credential.properties,
	]),
];

/** Every property, including those inside collections and fixed collections, with the path to it. */
function* walk(properties: INodeProperties[], path: string): Generator<[string, INodeProperties]> {
	for (const property of properties) {
		const here = `${path} > ${property.displayName}`;
		yield [here, property];
		for (const option of property.options ?? []) {
			if ('displayName' in option && 'type' in option)
				yield* walk([option as INodeProperties], here);
			if ('values' in option)
				yield* walk((option as INodePropertyCollection).values, `${here} > ${option.displayName}`);
		}
	}
}
const everyProperty = sources.flatMap(([source, properties]) => [...walk(properties, source)]);

describe('UI text', () => {
	it('sorts every option list alphabetically', () => {
		const unsorted = everyProperty
			.filter(([, property]) => property.type === 'options' || property.type === 'multiOptions')
			.map(([path, property]) => [
				path,
				(property.options as INodePropertyOptions[]).map((option) => option.name),
			])
			.filter(([, names]) => {
				const sorted = [...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }));
				return sorted.join('\n') !== (names as string[]).join('\n');
			});
		expect(unsorted).toEqual([]);
	});

	it('starts every field placeholder with "e.g."', () => {
		const buttons = ['collection', 'fixedCollection'];
		const wrong = everyProperty
			.filter(
				([, property]) => property.placeholder !== undefined && !buttons.includes(property.type),
			)
			.filter(([, property]) => !String(property.placeholder).startsWith('e.g. '))
			.map(([path, property]) => `${path}: ${property.placeholder}`);
		expect(wrong).toEqual([]);
	});

	it('calls the business account, the TikTok user and a message recipient the same in every operation', () => {
		const NAMES: Record<string, string> = {
			businessAccountId: 'Business Account ID',
			sourceId: 'Business Account ID',
			sender: 'Business Account ID',
			user: 'TikTok User ID',
			userId: 'TikTok User ID',
			recipient: 'Recipient',
			destination: 'Recipient',
		};
		const named = [...walk(action.description.properties, 'Infobip TikTok')].filter(
			([, property]) => property.name in NAMES,
		);
		expect(named.length).toBeGreaterThanOrEqual(7);
		expect(named.map(([path, property]) => [path, property.displayName])).toEqual(
			named.map(([path, property]) => [path, NAMES[property.name]]),
		);
	});

	it('gives the Event Time example the same moment twice, as an ISO date and as Unix seconds', () => {
		const eventTime = action.description.properties.find(
			(property) => property.name === 'eventTime',
		)!;
		const [, iso, unix] = /^e\.g\. (\S+) or (\d+)$/.exec(String(eventTime.placeholder))!;
		expect(new Date(iso).getTime() / 1000).toBe(Number(unix));
	});
});

describe('canvas subtitle of Infobip TikTok', () => {
	const combinations = action.description.properties
		.filter((property) => property.name === 'operation')
		.flatMap((property) =>
			(property.displayOptions!.show!.resource as string[]).flatMap((resource) =>
				(property.options as INodePropertyOptions[]).map((option) => [
					resource,
					option.value as string,
					option.name,
				]),
			),
		);
	const resourceName = (value: string) =>
		(
			action.description.properties.find((property) => property.name === 'resource')!
				.options as INodePropertyOptions[]
		).find((option) => option.value === value)!.name;

	/** What n8n computes for the subtitle of a node with these parameters, as the editor evaluates it. */
	const subtitle = (parameters: Record<string, string>) => {
		const workflow = new Workflow({
			nodes: [
				{ id: '1', name: 'Node', type: 'action', typeVersion: 1, position: [0, 0], parameters },
			],
			connections: {},
			active: false,
			nodeTypes: nodeTypesOf({ action }),
		});
		return workflow.expression.getParameterValue(
			action.description.subtitle!,
			null,
			0,
			0,
			'Node',
			[],
			'internal',
			{},
		);
	};

	it('covers every operation of every resource', () => {
		expect(combinations.length).toBeGreaterThanOrEqual(9);
	});

	it.each(combinations)('shows display names for %s.%s', (resource, operation, operationName) => {
		expect(subtitle({ resource, operation })).toBe(`${resourceName(resource)}: ${operationName}`);
	});
});

describe('canvas subtitle of Infobip TikTok Trigger', () => {
	const trigger = new InfobipTikTokTrigger();
	const subtitle = (events: string[]) =>
		new Workflow({
			nodes: [{ id: '1', name: 'Node', type: 'trigger', typeVersion: 1, position: [0, 0], parameters: { events } }],
			connections: {},
			active: false,
			nodeTypes: nodeTypesOf({ trigger }),
		}).expression.getParameterValue(trigger.description.subtitle!, null, 0, 0, 'Node', [], 'internal', {});

	it('shows the display names of the chosen events, as in the Trigger On list', () => {
		const options = trigger.description.properties.find((property) => property.name === 'events')!
			.options as INodePropertyOptions[];
		const values = options.map((option) => option.value as string);
		expect(subtitle(values)).toBe(options.map((option) => option.name).join(', '));
		expect(subtitle(['message'])).toBe('Messages');
	});
});

describe('chatbot hint on the Message operations', () => {
	const notice = action.description.properties.find(
		(property) => property.name === 'fromTriggerNotice',
	)!;

	it('shows on every Message operation that sends', () => {
		const messageOperations = (
			action.description.properties.find(
				(property) =>
					property.name === 'operation' &&
					property.displayOptions?.show?.resource?.includes('message'),
			)!.options as INodePropertyOptions[]
		)
			.map((option) => option.value)
			.filter((operation) => operation !== 'downloadMedia');
		expect(notice.type).toBe('notice');
		expect(notice.displayOptions?.show?.resource).toEqual(['message']);
		expect([...(notice.displayOptions?.show?.operation as string[])].sort()).toEqual(
			[...messageOperations].sort(),
		);
	});

	it('says which fields to set from the trigger after an AI Agent', () => {
		expect(notice.displayName).toMatch(/AI Agent.*Recipient and Business Account ID.*Infobip TikTok Trigger/);
	});
});

describe('Send Once Per Key in the editor', () => {
	it('warns on every operation that has it: a test run on pinned production data messages the customer again', () => {
		const switches = action.description.properties.filter((property) => property.name === 'sendOncePerKey');
		expect(switches.length).toBeGreaterThan(0);
		for (const property of switches) {
			expect(property.hint).toMatch(/test run.*pinned.*again/i);
		}
	});
});

/**
 * n8n 2.8.4 and 2.41.1 render a notice through sanitize-html with only <a>, <ul> and <li> allowed: any other tag
 * (<code>, <b>) is lost or shown as text. Notices stay short; the details are one link away, in the docs.
 */
describe('notices', () => {
	const notices = everyProperty.filter(([, property]) => property.type === 'notice');
	const DOCS = 'https://github.com/n8n-nodes-infobip-tiktok/n8n-nodes-infobip-tiktok/blob/main/docs/';

	it('use no HTML tag that n8n does not render in a notice', () => {
		expect(notices.length).toBeGreaterThan(3);
		const tags = notices.flatMap(([path, property]) =>
			[...property.displayName.matchAll(/<\/?([a-z0-9]+)/gi)]
				.map((match) => match[1].toLowerCase())
				.filter((tag) => !['a', 'ul', 'li'].includes(tag))
				.map((tag) => `${path}: <${tag}>`),
		);
		expect(tags).toEqual([]);
	});

	it('above the Message operations are two lines at most and link to the docs', () => {
		for (const name of ['fromTriggerNotice', 'sendAndWaitNotice']) {
			const notice = action.description.properties.find((property) => property.name === name)!;
			const text = notice.displayName.replace(/<[^>]+>/g, '');
			expect(text.length).toBeLessThanOrEqual(200);
			expect(notice.displayName).toMatch(new RegExp(`<a href="${DOCS}[a-z-]+\\.md" target="_blank">`));
		}
	});
});

describe('the trigger in the nodes panel', () => {
	// n8n (2.8.4 and 2.41.1, generateMergedNodesAndActions) shows one entry for an app whose trigger and action node
	// share a name, and gives that entry the trigger's description, also in "What happens next?" after the trigger.
	it("describes the app as a whole, not only the trigger's part", () => {
		const description = new InfobipTikTokTrigger().description.description;
		expect(description).toMatch(/answer/i);
		expect(description).not.toMatch(/^Starts the workflow/);
	});
});
