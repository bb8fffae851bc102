import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { InfobipTikTok } from '../../../nodes/InfobipTikTok/InfobipTikTok.node';
import { BUSINESS } from '../../fixtures/webhooks';
import { until, withStandIn } from '../../support/action';
import { runNode, type RunOptions } from '../../support/n8n';

const node = new InfobipTikTok();
const infobip = withStandIn('people-key');
const { standIn } = infobip;
// Every People request the node made must match people.json (the stand-in answers 400 otherwise).
afterEach(() => expect(standIn.invalidPeopleRequests().map((request) => request.problems)).toEqual([]));

const run = (parameters: INodeParameters, input: IDataObject[], options: RunOptions = {}) =>
	runNode(node, { resource: 'contact', ...parameters }, input, { credentials: infobip.credentials, ...options });

/** Items as the trigger emits them: userId and businessAccountId, which the node's defaults read. */
const users = (count: number, prefix = 'user') =>
	Array.from({ length: count }, (_, i) => ({ userId: `${prefix}-${i}`, businessAccountId: BUSINESS }));

describe('Contact > Get', () => {
	it('returns display name, tags and custom attributes as plain fields, unknown users as not found', async () => {
		standIn.addPerson('user-0', BUSINESS, {
			firstName: 'Jane',
			tags: ['vip'],
			customAttributes: { botStep: 'askEmail' },
			contactInformation: { email: [{ address: 'jane@example.com' }] },
		});
		const { output } = await run({ operation: 'get' }, [...users(1), { userId: 'nobody', businessAccountId: BUSINESS }]);
		expect(standIn.requests[0].query).toEqual({ type: 'TIKTOK_BM', identifier: 'user-0', sender: BUSINESS });
		expect(output[0].json).toEqual({
			found: true,
			userId: 'user-0',
			businessAccountId: BUSINESS,
			displayName: 'Display user-0',
			firstName: 'Jane',
			lastName: null,
			email: 'jane@example.com',
			phone: null,
			tags: ['vip'],
			customAttributes: { botStep: 'askEmail' },
		});
		// The fields of a found contact, empty: a Switch on $json.email reads null either way.
		expect(output[1].json).toEqual({
			found: false,
			userId: 'nobody',
			businessAccountId: BUSINESS,
			displayName: null,
			firstName: null,
			lastName: null,
			email: null,
			phone: null,
			tags: [],
			customAttributes: {},
		});
		expect(Object.keys(output[1].json)).toEqual(Object.keys(output[0].json));
		expect(output[1].pairedItem).toEqual({ item: 1 });
	});

	it('with Simplify off, adds everything People returned', async () => {
		standIn.addPerson('user-0', BUSINESS, { firstName: 'Jane', city: 'Zagreb' });
		const { output } = await run({ operation: 'get', simplify: false }, users(1));
		expect(output[0].json).toMatchObject({ found: true, id: 1, city: 'Zagreb', displayName: 'Display user-0' });
		expect(output[0].json.contactInformation).toBeDefined();
	});
});

const update = (extra: INodeParameters = {}): INodeParameters => ({ operation: 'update', ...extra });

describe('Contact > Update', () => {
	beforeEach(() => {
		standIn.attributeDefinitions = { botStep: 'STRING', visits: 'DECIMAL' };
	});

	it('sends standard attributes, custom attributes and tags in one PATCH per person; values replace, tags append', async () => {
		standIn.addPerson('user-0', BUSINESS, { firstName: 'Old', tags: ['known'], customAttributes: { botStep: 'start' } });
		const { output } = await run(
			update({
				updateFields: { firstName: ' Jane ', email: 'jane@example.com', preferredLanguage: 'en-GB', gender: 'FEMALE' },
				customAttributes: { attribute: [{ name: 'botStep', value: 'askEmail' }, { name: 'visits', value: '={{ 3 }}' }] },
				tags: 'lead, known',
			}),
			users(1),
		);
		const [request] = standIn.requestsTo('/people/2/persons');
		expect(request.method).toBe('PATCH');
		expect(request.query).toEqual({ type: 'TIKTOK_BM', identifier: 'user-0', sender: BUSINESS });
		expect(request.body).toEqual({
			firstName: 'Jane',
			preferredLanguage: 'en-GB',
			gender: 'FEMALE',
			contactInformation: { email: [{ address: 'jane@example.com' }] },
			customAttributes: { botStep: 'askEmail', visits: 3 },
			tags: ['lead', 'known'],
		});
		expect(output[0].json).toMatchObject({
			found: true,
			firstName: 'Jane',
			email: 'jane@example.com',
			tags: ['known', 'lead'],
			customAttributes: { botStep: 'askEmail', visits: 3 },
		});
	});

	it('names the item and the field of bad input before any request; Continue On Fail keeps good items', async () => {
		standIn.addPerson('user-0', BUSINESS);
		await expect(run(update({ updateFields: { email: 'not-an-address' } }), users(1))).rejects.toThrow(
			'Item 0: Email "not-an-address" is not an e-mail address',
		);
		await expect(run(update(), users(1))).rejects.toThrow('Item 0: Update Fields are empty');
		expect(standIn.requests).toHaveLength(0);

		const { output } = await run(
			update({ customAttributes: { attribute: [{ name: '={{ $json.attribute }}', value: 'x' }] } }),
			[{ ...users(1)[0], attribute: 'botStep' }, { ...users(1)[0], attribute: '' }],
			{ continueOnFail: true },
		);
		expect(output[0].json.customAttributes).toEqual({ botStep: 'x' });
		expect(output[1].json).toEqual({ error: 'Item 1: Custom Attributes row 1 Name is empty' });
		expect(standIn.requestsTo('/people/2/persons')).toHaveLength(1);
	});

	it('says which custom attribute the account lacks and how to define it', async () => {
		standIn.addPerson('user-0', BUSINESS);
		const parameters = update({ customAttributes: { attribute: [{ name: 'favouriteColour', value: 'red' }] } });
		await expect(run(parameters, users(1))).rejects.toThrow(
			'Item 0: Custom Attributes: People has no custom attribute "favouriteColour" in this Infobip account',
		);
		expect(standIn.requestsTo('/people/2/customAttributes/favouriteColour')).toHaveLength(1);
	});

	it('creates missing custom attributes once per execution when asked, typed after the first value', async () => {
		standIn.addPerson('user-0', BUSINESS);
		standIn.addPerson('user-1', BUSINESS);
		const { output } = await run(
			update({
				customAttributes: { attribute: [{ name: 'score', value: '={{ 7 }}' }, { name: 'botStep', value: 'done' }] },
				options: { createMissingAttributes: true },
			}),
			users(2),
		);
		expect(standIn.requestsTo('/people/2/customAttributes').map((request) => request.body)).toEqual([
			{ name: 'score', dataType: 'DECIMAL' },
		]);
		expect(output.map((item) => item.json.customAttributes)).toEqual([
			{ score: 7, botStep: 'done' },
			{ score: 7, botStep: 'done' },
		]);
	});

	it('turns a person People does not know into a per-item error', async () => {
		standIn.addPerson('user-1', BUSINESS);
		const parameters = update({ customAttributes: { attribute: [{ name: 'botStep', value: 'x' }] } });
		await expect(run(parameters, users(1))).rejects.toThrow(
			`Item 0: TikTok User ID: People has no contact for TikTok user "user-0" of business account "${BUSINESS}"`,
		);
		const { output } = await run(parameters, users(2), { continueOnFail: true });
		expect(output[0].json.error).toMatch(/^Item 0: TikTok User ID: People has no contact/);
		expect(output[1].json).toMatchObject({ found: true, userId: 'user-1', customAttributes: { botStep: 'x' } });
	});
});

type Run = Awaited<ReturnType<typeof run>>;

/** Holds the nth request to `path`, in the order the stand-in recorded them. */
const holdNth = (path: string, n: number) =>
	standIn.hold(path, (request) => standIn.requestsTo(path).indexOf(request) === n - 1);

/**
 * Execution 0 then 1 find a People name (attribute or tag) missing: their lookups are answered 404 before
 * either creates it, so both send the creation; `first` is the one People accepts, the other is refused.
 * Returns each execution's output, or its error.
 */
async function raceToCreate(race: {
	lookup: string;
	create: string;
	first: 0 | 1;
	start: (user: 0 | 1) => Promise<Run>;
	created: () => boolean;
}): Promise<unknown[]> {
	const lookups = [holdNth(race.lookup, 1), holdNth(race.lookup, 2)];
	const creations = [holdNth(race.create, 1), holdNth(race.create, 2)];
	// Settled at once, so a failed wait below cannot leave an execution's rejection unhandled.
	const running: Array<Promise<unknown>> = [];
	for (const user of [0, 1] as const) {
		running.push(race.start(user).then((value) => value.output, (reason: unknown) => reason));
		await until(() => standIn.requestsTo(race.lookup).length === user + 1);
	}
	for (const user of [0, 1] as const) {
		lookups[user]();
		await until(() => standIn.requestsTo(race.create).length === user + 1);
	}
	creations[race.first]();
	await until(race.created);
	creations[1 - race.first]();
	return await Promise.all(running);
}

describe('Contact > Update: two executions create the same missing attribute at the same time', () => {
	const LOOKUP = '/people/2/customAttributes/score';
	const DEFINE = '/people/2/customAttributes';

	async function race(first: 0 | 1) {
		standIn.attributeDefinitions = {};
		standIn.addPerson('user-0', BUSINESS);
		standIn.addPerson('user-1', BUSINESS);
		const outputs = await raceToCreate({
			lookup: LOOKUP,
			create: DEFINE,
			first,
			start: (user) =>
				run(
					update({
						customAttributes: { attribute: [{ name: 'score', value: '={{ 7 }}' }] },
						options: { createMissingAttributes: true },
					}),
					[users(2)[user]],
				),
			created: () => 'score' in standIn.attributeDefinitions,
		});
		outputs.forEach((output, user) =>
			expect(output).toEqual([
				{ json: expect.objectContaining({ found: true, userId: `user-${user}`, customAttributes: { score: 7 } }), pairedItem: { item: 0 } },
			]),
		);
		expect(standIn.attributeDefinitions).toEqual({ score: 'DECIMAL' });
		// Both sent the definition; the refused one looked the attribute up once more and found it.
		expect(standIn.requestsTo(DEFINE)).toHaveLength(2);
		expect(standIn.requestsTo(LOOKUP)).toHaveLength(3);
	}

	it('the first execution defines it, the second is refused: both items are updated', async () => await race(0));
	it('the second execution defines it, the first is refused: both items are updated', async () => await race(1));
});

describe('Contact > Add Tag: two executions create the same new tag at the same time', () => {
	const LOOKUP = '/people/2/tags/fresh';
	const CREATE = '/people/2/tags';

	async function race(first: 0 | 1) {
		standIn.addPerson('user-0', BUSINESS);
		standIn.addPerson('user-1', BUSINESS);
		const outputs = await raceToCreate({
			lookup: LOOKUP,
			create: CREATE,
			first,
			start: (user) => run({ operation: 'addTag', tag: 'fresh' }, [users(2)[user]]),
			created: () => standIn.tags.has('fresh'),
		});
		outputs.forEach((output, user) =>
			expect(output).toEqual([{ json: expect.objectContaining({ tag: 'fresh', userId: `user-${user}`, added: true }), pairedItem: { item: 0 } }]),
		);
		expect(standIn.persons['user-0'].tags).toEqual(['fresh']);
		expect(standIn.persons['user-1'].tags).toEqual(['fresh']);
		// Both sent the creation; the refused one looked the tag up once more and found it.
		expect(standIn.requestsTo(CREATE)).toHaveLength(2);
		expect(standIn.requestsTo(LOOKUP)).toHaveLength(3);
	}

	it('the first execution creates it, the second is refused: both people are tagged', async () => await race(0));
	it('the second execution creates it, the first is refused: both people are tagged', async () => await race(1));
});

describe('Contact > Add Tag / Remove Tag', () => {
	it('tags 2,500 items with two tags in one request per tag and 1,000 people, outcomes per item', async () => {
		const items = users(2500).map((item, i) => ({ ...item, adId: i % 2 === 0 ? 'a' : 'b' }));
		standIn.addPerson('user-0', BUSINESS);
		standIn.tags.add('tiktok-ad-a');
		const { output } = await run({ operation: 'addTag', tag: '=tiktok-ad-{{ $json.adId }}' }, items);
		const requests = standIn.requests.filter((request) => request.path.endsWith('/persons') && request.method === 'PATCH');
		// 1,250 people per tag: two requests each. The unknown tag "tiktok-ad-b" is created first.
		expect(requests.map((request) => [request.path, request.body.people.length])).toEqual([
			['/people/2/tags/tiktok-ad-a/persons', 1000],
			['/people/2/tags/tiktok-ad-a/persons', 250],
			['/people/2/tags/tiktok-ad-b/persons', 1000],
			['/people/2/tags/tiktok-ad-b/persons', 1000],
			['/people/2/tags/tiktok-ad-b/persons', 250],
		]);
		expect(standIn.requestsTo('/people/2/tags').map((request) => request.body)).toEqual([{ name: 'tiktok-ad-b' }]);
		expect(requests[0].body.people[0]).toEqual({ query: { type: 'TIKTOK_BM', identifier: 'user-0', sender: BUSINESS } });
		expect(output).toHaveLength(2500);
		expect(output[3]).toEqual({
			json: { tag: 'tiktok-ad-b', userId: 'user-3', businessAccountId: BUSINESS, added: true },
			pairedItem: { item: 3 },
		});
		expect(standIn.persons['user-0'].tags).toEqual(['tiktok-ad-a']);
	});

	it('sends a person repeated under one tag once, and removes tags the same way', async () => {
		standIn.addPerson('user-0', BUSINESS, { tags: ['vip', 'lead'] });
		standIn.tags.add('vip');
		const items = [users(1)[0], users(1)[0]];
		const { output } = await run({ operation: 'removeTag', tag: 'vip' }, items);
		const [request] = standIn.requestsTo('/people/2/tags/vip/persons');
		expect(request.method).toBe('DELETE');
		expect(request.body.people).toHaveLength(1);
		expect(output.map((item) => item.json.removed)).toEqual([true, true]);
		expect(standIn.persons['user-0'].tags).toEqual(['lead']);
	});

	it('sends a tag batch answered 503 once more: repeating it changes nothing, unlike a message POST', async () => {
		standIn.addPerson('user-0', BUSINESS);
		standIn.tags.add('vip');
		standIn.failNext('/people/2/tags/vip/persons', {
			status: 503,
			body: { requestError: { serviceException: { messageId: 'UNAVAILABLE', text: 'Try again' } } },
		});
		const { output } = await run({ operation: 'addTag', tag: 'vip' }, users(1));
		expect(standIn.requestsTo('/people/2/tags/vip/persons')).toHaveLength(2);
		expect(output[0].json.added).toBe(true);
		expect(standIn.persons['user-0'].tags).toEqual(['vip']);
	});

	it('checks every item before the first request; with Continue On Fail a failed batch fails only its items', async () => {
		await expect(run({ operation: 'addTag', tag: '={{ $json.tag }}' }, [{ ...users(1)[0], tag: ' ' }])).rejects.toThrow(
			'Item 0: Tag is empty',
		);
		expect(standIn.requests).toHaveLength(0);

		standIn.tags.add('good');
		standIn.tags.add('bad');
		standIn.failNext('/people/2/tags/bad/persons', {
			status: 403,
			body: { requestError: { serviceException: { messageId: 'FORBIDDEN', text: 'Forbidden' } } },
		});
		const items = users(3).map((item, i) => ({ ...item, tag: ['good', 'bad', ''][i] }));
		const { output } = await run({ operation: 'addTag', tag: '={{ $json.tag }}' }, items, { continueOnFail: true });
		expect(output.map((item) => item.json)).toEqual([
			{ tag: 'good', userId: 'user-0', businessAccountId: BUSINESS, added: true },
			{ error: expect.stringMatching(/^Tag "bad", item 1: Infobip answered 403: Forbidden/) },
			{ error: 'Item 2: Tag is empty' },
		]);
	});
});

describe('Contact > Add Tag / Remove Tag: a failed batch fails only the items it concerns', () => {
	const tagRequests = (tag: string) => standIn.requestsTo(`/people/2/tags/${tag}/persons`);

	beforeEach(() => {
		// People answers a batch naming a person it does not know with 404 "Not found", like a missing tag.
		standIn.tagBatchesNeedKnownPeople = true;
		standIn.tags.add('vip');
	});

	it('a person People does not know fails alone; the tag exists, so nothing is created; only acknowledged people are added', async () => {
		for (const i of [0, 1, 3, 4, 5, 6, 7]) standIn.addPerson(`user-${i}`, BUSINESS);
		const { output } = await run({ operation: 'addTag', tag: 'vip' }, users(8), { continueOnFail: true });
		expect(output.map((item) => item.json.added ?? item.json.error)).toEqual([
			true,
			true,
			`Tag "vip", item 2: TikTok User ID: People has no contact for TikTok user "user-2" of business account "${BUSINESS}"`,
			true,
			true,
			true,
			true,
			true,
		]);
		expect(output.map((item) => item.pairedItem)).toEqual(users(8).map((_, item) => ({ item })));
		// Read as people.json has it: the tag was looked up, found, and not created again.
		expect(standIn.requestsTo('/people/2/tags/vip').map((request) => request.method)).toEqual(['GET']);
		expect(standIn.requestsTo('/people/2/tags')).toHaveLength(0);
		// Halving: 8 fails; 4 (items 0-3) fails; 2 (0-1) passes; 2 (2-3) fails; 1 fails, 1 passes; 4 (items 4-7) passes.
		expect(tagRequests('vip').map((request) => request.body.people.length)).toEqual([8, 4, 2, 2, 1, 1, 4]);
		expect(Object.values(standIn.persons).every((person) => person.tags.includes('vip'))).toBe(true);
	});

	it('without Continue On Fail, the error names the bad item', async () => {
		standIn.addPerson('user-0', BUSINESS);
		await expect(run({ operation: 'addTag', tag: 'vip' }, users(2))).rejects.toThrow(
			/^Tag "vip", item 1: TikTok User ID: People has no contact for TikTok user "user-1"/,
		);
	});

	it('a 400 for one person of the batch fails that person only', async () => {
		for (const i of [0, 1, 2]) standIn.addPerson(`user-${i}`, BUSINESS);
		standIn.responders.push((request) =>
			request.path === '/people/2/tags/vip/persons' &&
			request.body.people.some((entry: { query: { identifier: string } }) => entry.query.identifier === 'user-1')
				? { status: 400, body: { requestError: { serviceException: { messageId: 'BAD_REQUEST', text: 'Invalid identifier' } } } }
				: undefined,
		);
		const { output } = await run({ operation: 'removeTag', tag: 'vip' }, users(3), { continueOnFail: true });
		expect(output.map((item) => item.json.removed ?? item.json.error)).toEqual([
			true,
			expect.stringMatching(/^Tag "vip", item 1: .*400.*Invalid identifier/),
			true,
		]);
	});

	it('Remove Tag of a tag the account does not have: an error per item, no tag created, nothing claimed removed', async () => {
		standIn.addPerson('user-0', BUSINESS);
		const { output } = await run({ operation: 'removeTag', tag: 'never-made' }, users(1), { continueOnFail: true });
		expect(output[0].json).toEqual({
			error: 'Tag "never-made", item 0: People has no tag "never-made" in this Infobip account, so nobody has it to remove',
		});
		expect(standIn.requestsTo('/people/2/tags')).toHaveLength(0);
	});

	it('Add Tag of a new tag with an unknown person: creates the tag once, then isolates the person', async () => {
		standIn.addPerson('user-0', BUSINESS);
		const { output } = await run({ operation: 'addTag', tag: 'fresh' }, users(2), { continueOnFail: true });
		expect(output[0].json.added).toBe(true);
		expect(output[1].json.error).toMatch(/^Tag "fresh", item 1: TikTok User ID: People has no contact/);
		expect(standIn.requestsTo('/people/2/tags').map((request) => request.body)).toEqual([{ name: 'fresh' }]);
		expect(standIn.persons['user-0'].tags).toEqual(['fresh']);
	});
});
