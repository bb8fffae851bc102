/**
 * End-to-end, Infobip People: Contact > Update, Add Tag, Remove Tag, the trigger's Include Contact and the
 * stateful chatbot example, in a real n8n (N8N_E2E_VERSION, default 2.41.1) with our built package and a
 * stand-in Infobip on 127.0.0.1 that keeps People state between requests.
 */
import adTaggingExample from '../examples/tiktok-ad-tagging.json';
import statefulChatbotExample from '../examples/tiktok-stateful-chatbot.json';

import { body, BUSINESS, inbound } from './support/infobip-bodies';
import { E2E_VERSION } from './support/n8n';
import { n8nWithStandIn } from './support/setup';
import { actionNode, link, triggerNode, triggerOnly, withCredentials } from './support/workflows';

jest.setTimeout(180_000);

const version = E2E_VERSION;
const e2e = n8nWithStandIn('people');
const { standIn, n8n } = e2e;

const post = async (url: string, payload: string) => {
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload });
	return { status: response.status, text: await response.text() };
};

/** The newest execution's output per node, after `count` executions of the workflow finished. */
async function newestOutput(workflowId: string, count: number) {
	const executions = await n8n.waitForExecutions(workflowId, count, { settleMs: 200 });
	const newest = executions.reduce((a, b) => (Number(a.id) > Number(b.id) ? a : b));
	return await n8n.executionOutput(newest.id);
}

afterEach(() => expect(standIn.invalidPeopleRequests().map((request) => request.problems)).toEqual([]));

describe(`Infobip People in n8n ${version}`, () => {
	it('Contact > Update sets attributes, custom attributes and tags of each sender', async () => {
		standIn.attributeDefinitions.botStep = 'STRING';
		standIn.addPerson('upd-a', BUSINESS, { tags: ['known'] });
		const trigger = triggerNode({});
		const update = actionNode(
			'Update',
			{
				resource: 'contact',
				operation: 'update',
				updateFields: { firstName: '={{ $json.text }}' },
				customAttributes: { attribute: [{ name: 'botStep', value: 'started' }] },
				tags: 'lead',
			},
			e2e.credential,
		);
		const { id, url } = await n8n.createActiveWorkflow({
			name: 'People: update',
			nodes: [trigger, update],
			connections: { [trigger.name]: link(update.name) },
		});
		expect((await post(url!, body([inbound('Ana', 'upd-a')]))).status).toBe(200);
		const { status, output } = await newestOutput(id, 1);
		expect(status).toBe('success');
		expect(output.Update[0]).toMatchObject({ found: true, userId: 'upd-a', firstName: 'Ana', tags: ['known', 'lead'] });
		expect(standIn.persons['upd-a']).toMatchObject({ firstName: 'Ana', customAttributes: { botStep: 'started' } });
	});

	it('the ad tagging example tags ad senders in one request per ad and saves the campaign; Remove Tag takes it off', async () => {
		for (const user of ['ad-a', 'ad-b', 'plain']) standIn.addPerson(user, BUSINESS);
		const { id, url } = await n8n.createActiveWorkflow(withCredentials(adTaggingExample, { infobipTikTokApi: e2e.credential }));
		const fromAd = (user: string) =>
			inbound('hi', user, { type: 'REFERRAL_AD', adId: '1790000000000001', adName: 'Winter sale' });
		expect((await post(url!, body([fromAd('ad-a'), fromAd('ad-b'), inbound('hello', 'plain')]))).status).toBe(200);
		const { status, output } = await newestOutput(id, 1);
		expect(status).toBe('success');
		const tagRequests = standIn.requestsTo('/people/2/tags/tiktok-ad-1790000000000001/persons');
		// The tag is new: People's 404, the tag created, then the same batch again.
		expect(tagRequests.map((request) => [request.method, request.body.people.length])).toEqual([
			['PATCH', 2],
			['PATCH', 2],
		]);
		expect(output['Tag With The Ad'].map((item) => item.added)).toEqual([true, true]);
		expect(standIn.persons['ad-a'].tags).toEqual(['tiktok-ad-1790000000000001']);
		expect(standIn.persons['plain'].tags).toEqual([]);
		expect(standIn.attributeDefinitions).toEqual({ tiktokCampaign: 'STRING' });
		expect(standIn.persons['ad-b'].customAttributes).toEqual({ tiktokCampaign: 'Winter sale' });

		const trigger = triggerNode({});
		const remove = actionNode('Remove Tag', { resource: 'contact', operation: 'removeTag', tag: 'tiktok-ad-1790000000000001' }, e2e.credential);
		const removal = await n8n.createActiveWorkflow({
			name: 'People: remove tag',
			nodes: [trigger, remove],
			connections: { [trigger.name]: link(remove.name) },
		});
		expect((await post(removal.url!, body([inbound('stop', 'ad-a')]))).status).toBe(200);
		const removed = await newestOutput(removal.id, 1);
		expect(removed.output['Remove Tag']).toEqual([
			{ tag: 'tiktok-ad-1790000000000001', userId: 'ad-a', businessAccountId: BUSINESS, removed: true },
		]);
		expect(standIn.persons['ad-a'].tags).toEqual([]);
		expect(standIn.persons['ad-b'].tags).toEqual(['tiktok-ad-1790000000000001']);
	});

	it('Add Tag with Continue On Fail: a person People does not know fails alone, the others are tagged', async () => {
		// People answers a batch naming an unknown person with 404, as it does for an unknown tag.
		standIn.tagBatchesNeedKnownPeople = true;
		standIn.tags.add('vip');
		for (const user of ['iso-a', 'iso-b', 'iso-d']) standIn.addPerson(user, BUSINESS);
		const trigger = triggerNode({});
		const tag = { ...actionNode('Tag', { resource: 'contact', operation: 'addTag', tag: 'vip' }, e2e.credential), onError: 'continueRegularOutput' };
		const { id, url } = await n8n.createActiveWorkflow({
			name: 'People: tag isolation',
			nodes: [trigger, tag],
			connections: { [trigger.name]: link(tag.name) },
		});
		const users = ['iso-a', 'iso-b', 'iso-stranger', 'iso-d'];
		expect((await post(url!, body(users.map((user) => inbound('hi', user))))).status).toBe(200);
		const { status, output } = await newestOutput(id, 1);
		expect(status).toBe('success');
		expect(output.Tag.map((item) => item.added ?? item.error)).toEqual([
			true,
			true,
			`Tag "vip", item 2: TikTok User ID: People has no contact for TikTok user "iso-stranger" of business account "${BUSINESS}"`,
			true,
		]);
		expect(['iso-a', 'iso-b', 'iso-d'].map((user) => standIn.persons[user].tags)).toEqual([['vip'], ['vip'], ['vip']]);
		// The tag was looked up, not created again.
		expect(standIn.requestsTo('/people/2/tags')).toHaveLength(0);
	});

	it('Include Contact: Infobip gets its 200 before the lookup, the item arrives with the contact', async () => {
		standIn.addPerson('inc-a', BUSINESS, { tags: ['vip'], customAttributes: { botStep: 'askedName' } });
		// A slow People must not slow the answer to Infobip.
		standIn.latencyMs = 1500;
		const { workflow } = triggerOnly({ includeContact: true }, { infobipTikTokApi: e2e.credential });
		const { id, url } = await n8n.createActiveWorkflow(workflow);
		const response = await post(url!, body([inbound('hi', 'inc-a'), inbound('hi', 'inc-unknown'), inbound('again', 'inc-a')]));
		const answeredAt = Date.now();
		standIn.latencyMs = 0;
		expect(response.status).toBe(200);
		const { status, output } = await newestOutput(id, 1);
		// Order, not speed: Infobip had its answer before People answered the first lookup.
		const firstLookup = standIn.requestsTo('/people/2/persons')[0];
		expect(answeredAt).toBeLessThan(firstLookup.at + 1500);
		expect(status).toBe('success');
		expect(standIn.requestsTo('/people/2/persons')).toHaveLength(2);
		expect(output.Sink.map((item) => [item.userId, item.contact.found, item.contact.customAttributes, item.contact.error])).toEqual([
			['inc-a', true, { botStep: 'askedName' }, null],
			['inc-unknown', false, {}, null],
			['inc-a', true, { botStep: 'askedName' }, null],
		]);
		// An unknown contact has the fields of a found one, empty.
		expect(Object.keys(output.Sink[1].contact).sort()).toEqual(Object.keys(output.Sink[0].contact).sort());
		expect(output.Sink[0].contact).toMatchObject({ displayName: 'Display inc-a', tags: ['vip'] });
	});

	it('Include Contact with People never answering: the execution still starts, each contact saying why', async () => {
		standIn.neverAnswer('/people/2/persons');
		const { workflow } = triggerOnly({ includeContact: true }, { infobipTikTokApi: e2e.credential });
		const { id, url } = await n8n.createActiveWorkflow(workflow);
		const response = await post(url!, body([inbound('hi', 'silent-a'), inbound('hi', 'silent-b')]));
		const answeredAt = Date.now();
		expect(response.status).toBe(200);
		// n8n's own limit is 300 s a request: without ours the execution would not exist within this wait.
		const [execution] = await n8n.waitForExecutions(id, 1, { timeoutMs: 60_000, settleMs: 200 });
		const { status, output } = await n8n.executionOutput(execution.id);
		expect(status).toBe('success');
		expect(output.Sink.map((item) => [item.userId, item.contact.found, item.contact.error])).toEqual([
			['silent-a', false, 'People did not answer within 5 s'],
			['silent-b', false, 'People did not answer within 5 s'],
		]);
		expect(standIn.requestsTo('/people/2/persons')).toHaveLength(2);
		// The README's promise, not a speed target: the workflow starts within 20 s of Infobip's 200.
		expect(Date.parse((execution as unknown as { startedAt: string }).startedAt) - answeredAt).toBeLessThan(20_000);
	});

	it('the stateful chatbot example collects a name and an e-mail over three messages, across a restart of n8n', async () => {
		standIn.attributeDefinitions.botStep = 'STRING';
		standIn.addPerson('bot-user', BUSINESS);
		const { id, url } = await n8n.createActiveWorkflow(withCredentials(statefulChatbotExample, { infobipTikTokApi: e2e.credential }));
		const say = async (text: string, count: number) => {
			expect((await post(url!, body([inbound(text, 'bot-user')]))).status).toBe(200);
			const { status } = await newestOutput(id, count);
			expect(status).toBe('success');
			const sent = standIn.sentMessages();
			return sent[sent.length - 1];
		};

		expect((await say('hi', 1)).content.text).toBe("Hi! I'm the shop assistant. What is your name?");
		expect(standIn.persons['bot-user'].customAttributes.botStep).toBe('askedName');
		expect((await say('Jane', 2)).content.text).toBe('Nice to meet you, Jane! What is your e-mail address?');

		// State lives in People: a restarted n8n (nothing in its memory) carries on.
		await n8n.restart();
		await n8n.waitForWebhook(url!);
		const last = await say('jane@example.com', 3);
		expect(last).toMatchObject({ destinations: [{ to: 'bot-user' }], content: { text: 'Thank you, Jane. We will write to jane@example.com.' } });
		expect(standIn.persons['bot-user']).toMatchObject({
			firstName: 'Jane',
			customAttributes: { botStep: 'done' },
			contactInformation: { email: [{ address: 'jane@example.com' }] },
		});
		expect(standIn.sentMessages()).toHaveLength(3);
	});
	it('the stateful chatbot example answers a sender People does not know without saving any state', async () => {
		standIn.attributeDefinitions.botStep = 'STRING';
		const { id, url } = await n8n.createActiveWorkflow(withCredentials(statefulChatbotExample, { infobipTikTokApi: e2e.credential }));
		expect((await post(url!, body([inbound('hi', 'stranger')]))).status).toBe(200);
		const { status, output } = await newestOutput(id, 1);
		expect(status).toBe('success');
		expect(output['Infobip TikTok Trigger'][0].contact).toMatchObject({ found: false });
		expect(standIn.sentMessages()).toEqual([
			expect.objectContaining({
				destinations: [expect.objectContaining({ to: 'stranger' })],
				content: expect.objectContaining({ text: 'Thanks for your message! A colleague will answer you here shortly.' }),
			}),
		]);
		expect(standIn.requestsTo('/people/2/persons').filter((request) => request.method !== 'GET')).toEqual([]);
		expect(standIn.persons.stranger).toBeUndefined();
	});
});
