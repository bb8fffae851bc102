import type { IDataObject } from 'n8n-workflow';

import { InfobipTikTokTrigger } from '../../../nodes/InfobipTikTokTrigger/InfobipTikTokTrigger.node';
import {
	ENRICHMENT_TIMED_OUT,
	LOOKUP_TIMED_OUT,
	MAX_LOOKUPS_PER_CALL,
	NOT_REACHED,
	SKIPPED_AFTER_TIMEOUT,
} from '../../../nodes/InfobipTikTokTrigger/contact';
import { BUSINESS, body, deliveryReport, manyTexts } from '../../fixtures/webhooks';
import { InfobipStandIn } from '../../support/infobip-standin';
import { WebhookHarness, type CredentialStore } from '../../support/n8n';

const trigger = new InfobipTikTokTrigger();
const standIn = new InfobipStandIn({ apiKey: 'lookup-key' });
let store: CredentialStore;

beforeAll(async () => {
	const baseUrl = await standIn.start();
	store = { infobipTikTokApi: { apiKey: 'lookup-key', baseUrl } };
});
afterAll(async () => await standIn.stop());
beforeEach(() => {
	standIn.reset();
	standIn.latencyMs = 0;
});
afterEach(() => expect(standIn.invalidPeopleRequests().map((request) => request.problems)).toEqual([]));

const lookups = () => standIn.requestsTo('/people/2/persons');

/** Three messages from two users (user-0 twice) and a delivery report. */
const mixedCall = () => {
	const [first, second] = manyTexts(2, 'c');
	return body([first, second, { ...first, messageId: 'c-again' }, deliveryReport]);
};

describe('Include Contact', () => {
	it('is off by default: no People request, no contact field', async () => {
		const outcome = await new WebhookHarness(trigger, { events: ['message'] }, store).call({ body: body(manyTexts(1)) });
		expect(lookups()).toHaveLength(0);
		expect(outcome.items[0]).not.toHaveProperty('contact');
	});

	it('adds the contact to message items, one People request per different user, after answering Infobip', async () => {
		standIn.addPerson('user-0', BUSINESS, { tags: ['vip'], customAttributes: { botStep: 'askEmail' } });
		standIn.latencyMs = 100;
		const harness = new WebhookHarness(trigger, { events: ['message', 'delivery'], includeContact: true }, store);
		const outcome = await harness.call({ body: mixedCall() });

		expect(outcome.status).toBe(200);
		expect(outcome.result.noWebhookResponse).toBe(true);
		// Infobip had its 200 before the first lookup reached People.
		expect(outcome.endedAt).toBeLessThanOrEqual(Math.min(...lookups().map((request) => request.at)));
		expect(lookups().map((request) => request.query)).toEqual([
			{ type: 'TIKTOK_BM', identifier: 'user-0', sender: BUSINESS },
			{ type: 'TIKTOK_BM', identifier: 'user-1', sender: BUSINESS },
		]);
		expect(outcome.items.map((item) => [item.messageId, item.contact])).toEqual([
			['c-0', expect.objectContaining({ found: true, displayName: 'Display user-0', tags: ['vip'], customAttributes: { botStep: 'askEmail' }, error: null })],
			['c-1', expect.objectContaining({ found: false, displayName: null, tags: [], customAttributes: {}, error: null })],
			['c-again', expect.objectContaining({ found: true, displayName: 'Display user-0' })],
			[deliveryReport.messageId, undefined],
		]);
	});

	it('still emits the item when the lookup fails, with the reason', async () => {
		standIn.failNext('/people/2/persons', {
			status: 403,
			body: { requestError: { serviceException: { messageId: 'FORBIDDEN', text: 'Missing scope people:read' } } },
		});
		const outcome = await new WebhookHarness(trigger, { includeContact: true }, store).call({ body: body(manyTexts(1)) });
		expect(outcome.items).toHaveLength(1);
		expect(outcome.items[0].contact).toMatchObject({ found: false, error: 'Infobip answered 403: Missing scope people:read' });
	});

	it('without the API credential, emits the items with the reason', async () => {
		const outcome = await new WebhookHarness(trigger, { includeContact: true }, {}).call({ body: body(manyTexts(1)) });
		expect(outcome.items[0].contact).toMatchObject({ found: false, error: expect.stringMatching(/^No Infobip TikTok API credential/) });
		expect(lookups()).toHaveLength(0);
	});

	it(`looks up at most ${MAX_LOOKUPS_PER_CALL} users per call and says so for the rest`, async () => {
		const outcome = await new WebhookHarness(trigger, { includeContact: true }, store).call({
			body: body(manyTexts(MAX_LOOKUPS_PER_CALL + 2, 'many')),
		});
		expect(lookups()).toHaveLength(MAX_LOOKUPS_PER_CALL);
		expect(outcome.items).toHaveLength(MAX_LOOKUPS_PER_CALL + 2);
		expect(outcome.items[MAX_LOOKUPS_PER_CALL + 1].contact).toMatchObject({
			found: false,
			error: `Not looked up: more than ${MAX_LOOKUPS_PER_CALL} different users in one call from Infobip`,
		});
	}, 60_000);

	describe('a People that does not answer holds no event', () => {
		const identifierOf = (request: { query: Record<string, unknown> }) => String(request.query.identifier);
		const errors = (items: Array<Record<string, unknown>>) =>
			items.map((item) => [item.userId, (item.contact as Record<string, unknown>).error]);

		it('a lookup People leaves unanswered gives up with the reason; the call tries no more users after it', async () => {
			standIn.addPerson('user-0', BUSINESS);
			standIn.neverAnswer('/people/2/persons', (request) => request.query.identifier !== 'user-0');
			const outcome = await new WebhookHarness(trigger, { includeContact: true }, store).call({
				body: body(manyTexts(8, 'silent')),
			});
			expect(outcome.endedAt).toBeDefined();
			// Five lookups at once: user-0 answered, its lane took user-5; user-6 and user-7 came after the timeouts.
			expect(lookups().map(identifierOf).sort()).toEqual(['user-0', 'user-1', 'user-2', 'user-3', 'user-4', 'user-5']);
			expect(errors(outcome.items)).toEqual([
				['user-0', null],
				...['user-1', 'user-2', 'user-3', 'user-4', 'user-5'].map((user) => [user, LOOKUP_TIMED_OUT]),
				['user-6', SKIPPED_AFTER_TIMEOUT],
				['user-7', SKIPPED_AFTER_TIMEOUT],
			]);
			expect(outcome.items[0].contact).toMatchObject({ found: true, displayName: 'Display user-0' });
			expect(outcome.items[1].contact).toMatchObject({ found: false, userId: 'user-1', businessAccountId: BUSINESS });
			expect(LOOKUP_TIMED_OUT).toBe('People did not answer within 5 s');
		}, 30_000);

		it('the lookups of one call share one time limit, each answered in time or with the reason', async () => {
			// Each answer comes well before a lookup's own limit (2.5 s of margin for a loaded machine), but 30 users
			// through 5 lanes need about 15 s.
			standIn.latencyMs = 2_500;
			const outcome = await new WebhookHarness(trigger, { includeContact: true }, store).call({
				body: body(manyTexts(30, 'slow')),
			});
			const asked = new Set(lookups().map(identifierOf));
			expect(outcome.items).toHaveLength(30);
			// Every user has a contact or a reason, never nothing. A loaded machine may push a lookup past its own
			// 5 s, or leave one between People's rate gate and the stand-in when the 12 s run out: reasons too.
			const reasons = [ENRICHMENT_TIMED_OUT, LOOKUP_TIMED_OUT, NOT_REACHED, SKIPPED_AFTER_TIMEOUT];
			for (const [user, error] of errors(outcome.items)) {
				if (error === null) expect(asked.has(String(user))).toBe(true);
				else expect(reasons).toContain(error);
			}
			const seen = errors(outcome.items).map(([, error]) => error);
			expect(seen).toContain(null);
			// Some users are never asked: the shared limit ran out first (or, on a loaded machine, a lookup's own).
			expect(seen.some((error) => error === NOT_REACHED || error === SKIPPED_AFTER_TIMEOUT)).toBe(true);
			expect(ENRICHMENT_TIMED_OUT).toMatch(/^People did not answer within 12 s/);
		}, 40_000);
	});
});

// Include Contact: a contact People does not know carries the same fields as a found one (null, empty), so that an
// IF on `contact.email` or `contact.firstName` reads the same whether People knew the user or not.
describe('Include Contact, fields of an unknown contact', () => {
	it('an unknown contact has every field of a found one, as null or empty', async () => {
		// From user-0 (People knows them) and user-1 (People does not).
		standIn.addPerson('user-0', BUSINESS, { firstName: 'Ana', contactInformation: { email: [{ address: 'ana@example.com' }] } });
		const outcome = await new WebhookHarness(trigger, { includeContact: true }, store).call({ body: body(manyTexts(2, 'f')) });
		const [found, missing] = outcome.items.map((item) => item.contact as IDataObject);
		expect(found).toMatchObject({ found: true, userId: 'user-0', firstName: 'Ana', email: 'ana@example.com' });
		expect(missing).toEqual({
			found: false,
			userId: 'user-1',
			businessAccountId: BUSINESS,
			displayName: null,
			firstName: null,
			lastName: null,
			email: null,
			phone: null,
			tags: [],
			customAttributes: {},
			error: null,
		});
		expect(Object.keys(missing).sort()).toEqual(Object.keys(found).sort());
	});
});
