/**
 * Register in Infobip through n8n-core's real hook and webhook contexts, against the stand-in Infobip (which
 * checks every Resources API request against resources.json).
 */
import * as crypto from 'crypto';
import { HookContext, LoadOptionsContext, WebhookContext } from 'n8n-core';
import type {
	IDataObject,
	INode,
	INodeParameters,
	IWebhookData,
	IWebhookResponseData,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { InfobipTikTokTrigger } from '../../../nodes/InfobipTikTokTrigger/InfobipTikTokTrigger.node';
import { redactUrl } from '../../../nodes/infobip/resources';
import { baseAdditionalData, nodeTypesOf, type CredentialStore } from '../../support/n8n';
import { InfobipStandIn } from '../../support/infobip-standin';

const ACCOUNT = 'business-account-1';
const API_KEY = 'registration-key';
const trigger = new InfobipTikTokTrigger();
const standIn = new InfobipStandIn({ apiKey: API_KEY });
let baseUrl = '';

beforeAll(async () => {
	baseUrl = await standIn.start();
});
afterAll(async () => standIn.stop());
beforeEach(() => standIn.reset());

type Mode = 'trigger' | 'manual';

/**
 * One trigger node as n8n holds it: the published workflow (its static data persists between calls) and,
 * for test listening, a second Workflow over empty static data, as n8n's test webhooks build it.
 */
class Node {
	readonly node: INode;
	readonly workflow: Workflow;
	testWorkflow: Workflow;
	readonly warnings: string[] = [];

	constructor(
		parameters: INodeParameters,
		private readonly store: CredentialStore = { infobipTikTokApi: { apiKey: API_KEY, baseUrl } },
		typeVersion = 1.1,
	) {
		this.node = {
			id: crypto.randomUUID(),
			name: 'Infobip TikTok Trigger',
			type: 'infobipTikTokTrigger',
			typeVersion,
			position: [0, 0],
			webhookId: crypto.randomUUID(),
			parameters: { businessAccountId: ACCOUNT, ...parameters },
			credentials: Object.fromEntries(Object.keys(store).map((type) => [type, { id: `${type}-id`, name: type }])),
		};
		this.workflow = this.build();
		this.testWorkflow = this.build();
	}

	private build() {
		return new Workflow({
			id: 'wf-registration',
			nodes: [JSON.parse(JSON.stringify(this.node)) as INode],
			connections: {},
			active: true,
			nodeTypes: nodeTypesOf({ infobipTikTokTrigger: trigger }),
			staticData: {},
		});
	}

	private webhookData(mode: Mode): IWebhookData {
		return {
			httpMethod: 'POST',
			node: this.node.name,
			path: 'webhook',
			webhookDescription: trigger.description.webhooks![0],
			workflowId: 'wf-registration',
			webhookId: this.node.webhookId,
			isTest: mode === 'manual',
		} as unknown as IWebhookData;
	}

	private logged<T extends object>(context: T): T {
		const prototype = Object.getPrototypeOf(WebhookContext.prototype);
		const logger = Object.getOwnPropertyDescriptor(prototype, 'logger')!.get!.call({}) as { warn: (m: string) => void };
		Object.defineProperty(context, 'logger', {
			value: Object.assign(Object.create(logger), {
				warn: (message: string) => this.warnings.push(message),
				info: (message: string) => this.warnings.push(message),
			}),
		});
		return context;
	}

	async hook(method: 'checkExists' | 'create' | 'delete', mode: Mode = 'trigger', activation = 'activate') {
		const workflow = mode === 'manual' ? this.testWorkflow : this.workflow;
		const node = workflow.getNode(this.node.name)!;
		const context = this.logged(
			new HookContext(
				workflow,
				node,
				baseAdditionalData(this.store),
				mode === 'manual' ? 'manual' : 'trigger',
				activation as 'activate',
				this.webhookData(mode),
			),
		);
		return await trigger.webhookMethods.default[method].call(context);
	}

	/** What n8n does on publishing (and on "Listen for test event" with mode manual). */
	async publish(mode: Mode = 'trigger') {
		if (!(await this.hook('checkExists', mode))) await this.hook('create', mode);
	}

	staticData(mode: Mode = 'trigger'): IDataObject {
		const workflow = mode === 'manual' ? this.testWorkflow : this.workflow;
		return workflow.getStaticData('node', workflow.getNode(this.node.name)!);
	}

	/** A POST as Infobip (or anyone) makes it to the URL with this query. */
	async post(query: IDataObject, headers: Record<string, string> = {}, mode: Mode = 'trigger') {
		const workflow = mode === 'manual' ? this.testWorkflow : this.workflow;
		const body = { results: [standIn.inboundFrom('user-1', ACCOUNT, { type: 'TEXT', text: 'Hi' })] };
		const raw = Buffer.from(JSON.stringify(body));
		const response = { status: 200 };
		const httpResponse = {
			status(code: number) {
				response.status = code;
				return httpResponse;
			},
			json: () => httpResponse,
			end: () => httpResponse,
		};
		const additionalData = {
			...baseAdditionalData(this.store),
			httpRequest: { body, rawBody: raw, headers, params: {}, query },
			httpResponse,
		} as unknown as IWorkflowExecuteAdditionalData;
		const context = this.logged(
			new WebhookContext(workflow, workflow.getNode(this.node.name)!, additionalData, mode === 'manual' ? 'manual' : 'webhook', this.webhookData(mode), [], null),
		);
		const result: IWebhookResponseData = await trigger.webhook.call(context);
		return { status: response.status, started: (result.workflowData?.[0] ?? []).length > 0 };
	}
}

const configurations = () => standIn.inboundConfigurations;
const forwardedUrl = () => standIn.inboundConfiguration(ACCOUNT)?.forwarding?.url as string | undefined;
const secretOf = (url: string | undefined) => new URL(String(url)).searchParams.get('secret') ?? '';
const productionUrl = (node: Node) => `http://127.0.0.1/webhook/${node.node.webhookId}/webhook`;
const testUrl = (node: Node) => `http://127.0.0.1/webhook-test/${node.node.webhookId}/webhook`;

afterEach(() => {
	// Every Resources API request the trigger made matched resources.json.
	expect(standIn.invalidResourceRequests().map((request) => request.problems)).toEqual([]);
});

describe('publishing registers the Production URL', () => {
	it('creates the forwarding with a secret, remembers only its hash, and finds it again', async () => {
		const node = new Node({});
		expect(await node.hook('checkExists')).toBe(false);
		await node.hook('create');

		expect(configurations()).toHaveLength(1);
		const [configuration] = configurations();
		expect(configuration).toMatchObject({ channel: 'TIKTOK_BM', resource: ACCOUNT });
		expect(configuration.keyword).toBeUndefined();
		expect(configuration.forwarding).toMatchObject({ type: 'HTTP_FORWARD', format: 'MO_OTT_CONTACT' });
		expect(forwardedUrl()!.startsWith(`${productionUrl(node)}?secret=`)).toBe(true);
		const secret = secretOf(forwardedUrl());
		expect(secret.length).toBeGreaterThanOrEqual(40);

		const stored = node.staticData().registration as IDataObject;
		expect(stored).toMatchObject({ configurationKey: configuration.configurationKey, url: productionUrl(node) });
		expect(JSON.stringify(node.staticData())).not.toContain(secret);
		expect(JSON.stringify(node.node.parameters)).not.toContain(secret);

		expect(await node.hook('checkExists')).toBe(true);
		// Someone else points it elsewhere: no longer ours.
		configuration.forwarding.url = 'https://elsewhere.example/in';
		expect(await node.hook('checkExists')).toBe(false);
	});

	it('registers a keyword as its own configuration', async () => {
		const node = new Node({ keyword: 'ORDER' });
		await node.publish();
		expect(standIn.inboundConfiguration(ACCOUNT, 'ORDER')?.forwarding?.url).toContain(productionUrl(node));
		expect(standIn.inboundConfiguration(ACCOUNT)).toBeUndefined();
	});

	it('does nothing for nodes saved before this option (version 1), nor without an API credential', async () => {
		const old = new Node({}, undefined, 1);
		await old.publish();
		const noCredential = new Node({}, {});
		await noCredential.publish();
		await old.hook('delete');
		expect(standIn.requests).toHaveLength(0);
		// Their calls are authenticated as before: Authentication None lets them in.
		expect((await old.post({})).started).toBe(true);
		expect((await noCredential.post({})).started).toBe(true);
	});

	it('refuses an empty Business Account ID before calling Infobip', async () => {
		const node = new Node({ businessAccountId: '' });
		await expect(node.publish()).rejects.toThrow('Business Account ID is empty');
		expect(standIn.requests).toHaveLength(0);
	});
});

describe('the secret in the URL', () => {
	it('lets in calls with it; a call without it or with another gets 401 and starts nothing', async () => {
		const node = new Node({});
		await node.publish();
		const secret = secretOf(forwardedUrl());

		expect(await node.post({ secret })).toEqual({ status: 200, started: true });
		expect(await node.post({})).toEqual({ status: 401, started: false });
		expect(await node.post({ secret: `${secret.slice(0, -1)}x` })).toEqual({ status: 401, started: false });
		expect(await node.post({ secret: '' })).toEqual({ status: 401, started: false });
	});

	it('is compared in constant time (crypto.timingSafeEqual)', async () => {
		const node = new Node({});
		await node.publish();
		const spy = jest.spyOn(jest.requireActual<typeof crypto>('crypto'), 'timingSafeEqual');
		try {
			await node.post({ secret: 'wrong' });
			expect(spy).toHaveBeenCalled();
		} finally {
			spy.mockRestore();
		}
	});

	it('is new with each registration; the old one stops working', async () => {
		const node = new Node({});
		await node.publish();
		const first = secretOf(forwardedUrl());
		await node.hook('delete');
		await node.publish();
		const second = secretOf(forwardedUrl());
		expect(second).not.toBe(first);
		expect((await node.post({ secret: first })).status).toBe(401);
		expect((await node.post({ secret: second })).started).toBe(true);
	});

	it('keeps the chosen Authentication working for calls without it (a notification profile\'s reports)', async () => {
		const node = new Node(
			{ authentication: 'headerAuth' },
			{
				infobipTikTokApi: { apiKey: API_KEY, baseUrl },
				infobipTikTokWebhookHeaderAuthApi: { name: 'X-Token', secret: 'profile-secret' },
			},
		);
		await node.publish();
		expect((await node.post({}, { 'x-token': 'profile-secret' })).started).toBe(true);
		expect((await node.post({}, { 'x-token': 'wrong' })).status).toBe(401);
		expect((await node.post({ secret: secretOf(forwardedUrl()) })).started).toBe(true);
	});
});

describe('unpublishing', () => {
	it('removes the configuration the trigger created, and forgets it', async () => {
		const node = new Node({});
		await node.publish();
		const key = configurations()[0].configurationKey;
		expect(await node.hook('delete')).toBe(true);
		expect(configurations()).toHaveLength(0);
		expect(standIn.requestsTo(`/resource-management/1/inbound-message-configurations/${key}`)[0].method).toBe('DELETE');
		expect(node.staticData().registration).toBeUndefined();
	});

	it('leaves alone a configuration someone pointed elsewhere since', async () => {
		const node = new Node({});
		await node.publish();
		configurations()[0].forwarding = { type: 'HTTP_FORWARD', url: 'https://elsewhere.example/in', format: 'MO_OTT_CONTACT' };
		const before = standIn.requests.length;
		expect(await node.hook('delete')).toBe(true);
		expect(forwardedUrl()).toBe('https://elsewhere.example/in');
		expect(standIn.requests.slice(before).filter((request) => request.method !== 'GET')).toHaveLength(0);
	});
});

describe('a clash with forwarding that points elsewhere', () => {
	const other = 'https://crm.example/infobip/in?token=other-app-secret';
	const seedOther = () =>
		standIn.inboundConfigurations.push({
			configurationKey: 'OTHERKEY',
			channel: 'TIKTOK_BM',
			resource: ACCOUNT,
			forwarding: { type: 'HTTP_FORWARD', url: other, format: 'MO_OTT_CONTACT' },
		});

	it('is refused with the current URL named (its query values hidden) and nothing changed', async () => {
		seedOther();
		const node = new Node({});
		const error = await node.publish().then(
			() => undefined,
			(thrown: Error & { description?: string }) => thrown,
		);
		expect(error?.message).toContain(`to ${redactUrl(other)}`);
		expect(error?.message).toContain('https://crm.example/infobip/in?token=…');
		expect(error?.message).not.toContain('other-app-secret');
		expect(error?.description).toContain('Replace Existing Forwarding');
		expect(standIn.requests.filter((request) => request.method !== 'GET')).toHaveLength(0);
		expect(forwardedUrl()).toBe(other);
	});

	it('is taken over with Replace Existing Forwarding, and put back on unpublish', async () => {
		seedOther();
		const node = new Node({ replaceExistingForwarding: true });
		await node.publish();
		expect(forwardedUrl()).toContain(`${productionUrl(node)}?secret=`);
		expect((node.staticData().registration as IDataObject).replaced).toMatchObject({ forwarding: { url: other } });
		expect(await node.post({ secret: secretOf(forwardedUrl()) })).toEqual({ status: 200, started: true });

		await node.hook('delete');
		expect(configurations()).toHaveLength(1);
		expect(forwardedUrl()).toBe(other);
		expect(configurations()[0].configurationKey).toBe('OTHERKEY');
	});

	it('a configuration for another keyword is no clash', async () => {
		seedOther();
		const node = new Node({ keyword: 'SHOP' });
		await node.publish();
		expect(forwardedUrl()).toBe(other);
		expect(standIn.inboundConfiguration(ACCOUNT, 'SHOP')?.forwarding?.url).toContain(productionUrl(node));
	});
});

describe('listening for a test event', () => {
	it('registers the Test URL while listening and puts the Production URL back', async () => {
		const node = new Node({});
		await node.publish();
		const production = forwardedUrl();

		await node.publish('manual');
		expect(forwardedUrl()).toContain(`${testUrl(node)}?secret=`);
		const testSecret = secretOf(forwardedUrl());
		expect(testSecret).not.toBe(secretOf(production));
		expect(await node.post({ secret: testSecret }, {}, 'manual')).toEqual({ status: 200, started: true });
		expect((await node.post({}, {}, 'manual')).status).toBe(401);

		await node.hook('delete', 'manual');
		expect(forwardedUrl()).toBe(production);
		expect(await node.hook('checkExists')).toBe(true);
	});

	it('registers the Test URL and removes it again when nothing was there', async () => {
		const node = new Node({});
		await node.publish('manual');
		expect(forwardedUrl()).toContain(testUrl(node));
		await node.hook('delete', 'manual');
		expect(configurations()).toHaveLength(0);
	});

	it('does not take over another destination without the option', async () => {
		standIn.inboundConfigurations.push({
			configurationKey: 'OTHERKEY',
			channel: 'TIKTOK_BM',
			resource: ACCOUNT,
			forwarding: { type: 'HTTP_FORWARD', url: 'https://crm.example/in', format: 'MO_OTT_CONTACT' },
		});
		await expect(new Node({}).publish('manual')).rejects.toThrow('https://crm.example/in');
	});
});

describe('errors a person can act on', () => {
	it('403: names the missing scope numbers:manage', async () => {
		standIn.failNext('/resource-management/1/inbound-message-configurations', {
			status: 403,
			body: { requestError: { serviceException: { messageId: 'FORBIDDEN', text: 'Forbidden' } } },
		});
		await expect(new Node({}).publish()).rejects.toThrow('the API key lacks the scope numbers:manage');
	});

	it('an unknown business account is named', async () => {
		standIn.businessAccounts = new Set(['another-account']);
		const error = await new Node({}).publish().then(
			() => undefined,
			(thrown: Error & { description?: string }) => thrown,
		);
		expect(error?.message).toContain(`does not know business account "${ACCOUNT}"`);
		expect(error?.description).toContain('Channels > TikTok > Senders');
	});

	it('Infobip unreachable: says so and what to check', async () => {
		const closed = new InfobipStandIn();
		const closedUrl = await closed.start();
		await closed.stop();
		const node = new Node({}, { infobipTikTokApi: { apiKey: API_KEY, baseUrl: closedUrl } });
		const error = await node.publish().then(
			() => undefined,
			(thrown: Error & { description?: string }) => thrown,
		);
		expect(error?.message).toContain('Could not register this workflow in Infobip');
		expect(error?.message).toContain(closedUrl);
		expect(error?.description).toContain('Base URL');
	}, 20_000);

	it('n8n restarting while Infobip is unreachable keeps the registered URL in use', async () => {
		const node = new Node({});
		await node.publish();
		const secret = secretOf(forwardedUrl());
		await standIn.stop();
		try {
			expect(await node.hook('checkExists', 'trigger', 'init')).toBe(true);
			expect(node.warnings.join(' ')).toContain('the registered URL stays in use');
			expect(node.warnings.join(' ')).not.toContain(secret);
		} finally {
			await standIn.start(Number(new URL(baseUrl).port));
		}
	}, 20_000);

	it('unpublishing while Infobip is unreachable does not fail, logs without the secret, and remembers the registration', async () => {
		const node = new Node({});
		await node.publish();
		const secret = secretOf(forwardedUrl());
		await standIn.stop();
		try {
			expect(await node.hook('delete')).toBe(false);
			expect(node.warnings.join(' ')).toContain('could not remove its forwarding');
			expect(node.warnings.join(' ')).not.toContain(secret);
			expect(node.staticData().registration).toBeDefined();
		} finally {
			await standIn.start(Number(new URL(baseUrl).port));
		}
	}, 20_000);
});

/**
 * Business Account ID's list as n8n's editor asks for it (POST /rest/dynamic-node-parameters/resource-locator-results):
 * a LoadOptionsContext over a temporary node that holds the panel's parameters and credentials, no webhook ID.
 */
async function listForwardings(
	parameters: INodeParameters,
	filter?: string,
	store: CredentialStore = { infobipTikTokApi: { apiKey: API_KEY, baseUrl } },
) {
	const node: INode = {
		id: 'uuid-1234',
		name: 'Temp-Node',
		type: 'infobipTikTokTrigger',
		typeVersion: 1.1,
		position: [0, 0],
		parameters,
		credentials: Object.fromEntries(Object.keys(store).map((type) => [type, { id: `${type}-id`, name: type }])),
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: nodeTypesOf({ infobipTikTokTrigger: trigger }),
	});
	const additionalData = {
		...baseAdditionalData(store),
		currentNodeParameters: parameters,
	} as IWorkflowExecuteAdditionalData;
	const context = new LoadOptionsContext(workflow, workflow.getNode('Temp-Node')!, additionalData, 'businessAccountId');
	return (await trigger.methods.listSearch.searchForwardings.call(context, filter)).results;
}

const chosen = (value: string) => ({ __rl: true, mode: 'list', value });

describe("the panel's Business Account ID list shows what Infobip has registered", () => {
	it('lists the registration of the chosen business account after publishing, without the secret', async () => {
		const node = new Node({ businessAccountId: chosen(ACCOUNT) });
		await node.publish();
		const secret = secretOf(forwardedUrl());
		const results = await listForwardings({ businessAccountId: chosen(ACCOUNT) });
		expect(results).toEqual([
			{ name: `${ACCOUNT} — forwards to ${productionUrl(node)}?secret=…`, value: ACCOUNT },
		]);
		expect(JSON.stringify(results)).not.toContain(secret);
	});

	it('lists every keyword of the business account typed in the search box, and says when there is none', async () => {
		const sales = new Node({ keyword: 'SALE' });
		await sales.publish();
		standIn.inboundConfigurations.push({
			configurationKey: 'OTHER',
			channel: 'TIKTOK_BM',
			resource: ACCOUNT,
			forwarding: { type: 'HTTP_FORWARD', url: 'https://crm.example/in?token=abc', format: 'MO_OTT_CONTACT' },
		});
		const results = await listForwardings({ businessAccountId: { __rl: true, mode: 'list', value: '' } }, ` ${ACCOUNT} `);
		expect(results.map((result) => result.name)).toEqual([
			`${ACCOUNT} — forwards to ${productionUrl(sales)}?secret=… [keyword "SALE"]`,
			`${ACCOUNT} — forwards to https://crm.example/in?token=…`,
		]);
		expect(results.every((result) => result.value === ACCOUNT)).toBe(true);

		expect(await listForwardings({}, 'account-without-forwarding')).toEqual([
			{ name: 'account-without-forwarding — nothing registered in Infobip', value: 'account-without-forwarding' },
		]);
	});

	it('reads a plain string (ID mode as older tests and workflows set it) and asks nothing without an account', async () => {
		await new Node({}).publish();
		expect((await listForwardings({ businessAccountId: ACCOUNT }))[0].name).toContain('forwards to');
		standIn.reset();
		expect(await listForwardings({ businessAccountId: { __rl: true, mode: 'id', value: '' } })).toEqual([]);
		expect(standIn.requests).toHaveLength(0);
	});

	it('publishing and listening read the value of the resource locator', async () => {
		const node = new Node({ businessAccountId: { __rl: true, mode: 'id', value: ` ${ACCOUNT} ` } });
		await node.publish('manual');
		expect(forwardedUrl()!.startsWith(`${testUrl(node)}?secret=`)).toBe(true);
	});

	it('errors say what to do: no credential, 403, unknown account, Infobip unreachable', async () => {
		await expect(listForwardings({}, ACCOUNT, {})).rejects.toThrow('Choose an Infobip TikTok API credential');

		standIn.failNext('/resource-management/1/inbound-message-configurations', {
			status: 403,
			body: { requestError: { serviceException: { messageId: 'FORBIDDEN', text: 'Forbidden' } } },
		});
		await expect(listForwardings({}, ACCOUNT)).rejects.toThrow(
			'Infobip refused to list the forwarding of this business account (403): the API key lacks the scope numbers:manage',
		);

		standIn.businessAccounts = new Set(['another-account']);
		await expect(listForwardings({}, ACCOUNT)).rejects.toThrow(`does not know business account "${ACCOUNT}"`);

		const closed = new InfobipStandIn();
		const closedUrl = await closed.start();
		await closed.stop();
		const error = await listForwardings({}, ACCOUNT, { infobipTikTokApi: { apiKey: API_KEY, baseUrl: closedUrl } }).then(
			() => undefined,
			(thrown: Error & { description?: string }) => thrown,
		);
		expect(error?.message).toContain(`Could not list the forwarding of this business account: Could not reach Infobip at ${closedUrl}`);
		expect(error?.description).toContain('Base URL');
	}, 20_000);
});
