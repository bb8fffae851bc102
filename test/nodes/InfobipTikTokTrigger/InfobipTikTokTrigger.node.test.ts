import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeParameters } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { InfobipTikTokTrigger } from '../../../nodes/InfobipTikTokTrigger/InfobipTikTokTrigger.node';
import { signBody } from '../../../nodes/InfobipTikTokTrigger/verify';
import { testWebhookCredential } from '../../../nodes/InfobipTikTokTrigger/webhookAuth';
import {
	body,
	deliveryReport,
	manyTexts,
	messages,
	seenReport,
} from '../../fixtures/webhooks';
import { WebhookHarness, type CredentialStore } from '../../support/n8n';

const trigger = new InfobipTikTokTrigger();
const harness = (parameters: INodeParameters = {}, store: CredentialStore = {}) =>
	new WebhookHarness(trigger, parameters, store);

describe('Infobip TikTok Trigger webhook', () => {
	it('turns each message result into one item of one execution', async () => {
		const outcome = await harness().call({ body: body(manyTexts(3)) });
		expect(outcome.status).toBe(200);
		expect(outcome.result.workflowData).toHaveLength(1);
		expect(outcome.items.map((item) => [item.messageId, item.conversationId, item.text])).toEqual([
			['m-0', 'user-0', 'message 0'],
			['m-1', 'user-1', 'message 1'],
			['m-2', 'user-2', 'message 2'],
		]);
	});

	it('emits a 2,000-result body as 2,000 items of one execution', async () => {
		const outcome = await harness().call({ body: body(manyTexts(2000, 'big')) });
		expect(outcome.result.workflowData).toHaveLength(1);
		expect(outcome.items).toHaveLength(2000);
		expect(outcome.items[1999].messageId).toBe('big-1999');
	});

	describe('event filter', () => {
		const mixed = body([messages.text, deliveryReport, seenReport]);

		it('starts on messages only by default', async () => {
			const outcome = await harness().call({ body: mixed });
			expect(outcome.items.map((item) => item.event)).toEqual(['message']);
		});

		it('starts on delivery and seen reports only when selected', async () => {
			const outcome = await harness({ events: ['delivery', 'seen'] }).call({ body: mixed });
			expect(outcome.items.map((item) => item.event)).toEqual(['delivery', 'seen']);
		});

		it('answers 200 and starts nothing when no result is wanted', async () => {
			const outcome = await harness().call({ body: body([deliveryReport]) });
			expect(outcome.status).toBe(200);
			expect(outcome.result.workflowData).toBeUndefined();
		});

		it('keeps only the chosen message types', async () => {
			const outcome = await harness({ messageTypes: ['REFERRAL_AD', 'REFERRAL_SHORT_LINK'] }).call({
				body: body([
					{ ...messages.text, messageId: 't' },
					{ ...messages.referralAd, messageId: 'ad' },
					{ ...messages.referralShortLink, messageId: 'link' },
				]),
			});
			expect(outcome.items.map((item) => item.messageId)).toEqual(['ad', 'link']);
		});

		it('adds the untouched result as raw only when asked', async () => {
			const plain = await harness().call({ body: body([messages.sharePost]) });
			expect(plain.items[0]).not.toHaveProperty('raw');
			const raw = await harness({ includeRaw: true }).call({ body: body([messages.sharePost]) });
			expect(raw.items[0].raw).toEqual(messages.sharePost);
		});

		it('still evaluates parameters that hold an expression', async () => {
			const outcome = await harness({ includeRaw: '={{ 1 + 1 === 2 }}', events: ['={{ "seen" }}'] }).call({
				body: body([messages.text, seenReport]),
			});
			expect(outcome.items).toHaveLength(1);
			expect(outcome.items[0]).toMatchObject({ event: 'seen', raw: seenReport });
		});

		it('passes unknown message types, and warns about results of no known shape naming the count and the cure', async () => {
			const outcome = await harness().call({
				body: body([{ ...messages.text, messageId: 'v', message: { type: 'VOICE' } }, { hello: 'world' }, { id: 2 }]),
			});
			expect(outcome.items).toHaveLength(1);
			expect(outcome.items[0]).toMatchObject({ type: 'VOICE', messageId: 'v' });
			expect(outcome.warnings).toHaveLength(1);
			expect(outcome.warnings[0]).toMatch(/ignored 2 result\(s\).*select "Other Events" in Trigger On/);
		});

		it('emits results of no known shape as "other" events when Other Events is selected, and warns about nothing', async () => {
			const unknown = { messageId: 'o-1', callId: 'c-9', kind: 'CALL_ENDED' };
			const outcome = await harness({ events: ['message', 'other'] }).call({ body: body([messages.text, unknown]) });
			expect(outcome.items).toEqual([
				expect.objectContaining({ event: 'message' }),
				{ event: 'other', messageId: 'o-1', callId: 'c-9', raw: unknown },
			]);
			expect(outcome.warnings).toEqual([]);
		});

		it('starts on a delivery report that has no status object', async () => {
			const withoutStatus: Record<string, unknown> = { ...deliveryReport };
			delete withoutStatus.status;
			const outcome = await harness({ events: ['delivery'] }).call({ body: body([withoutStatus]) });
			expect(outcome.items).toEqual([
				expect.objectContaining({ event: 'delivery', messageId: deliveryReport.messageId, status: null, errorName: 'NO_ERROR' }),
			]);
		});
	});

	describe('bad input', () => {
		it.each([
			['not JSON', 'this is not json', /not valid JSON/],
			['an empty body', '', /empty/],
			['no results array', JSON.stringify({ messages: [] }), /no "results" array/],
			['results that are not an array', JSON.stringify({ results: {} }), /no "results" array/],
			['a result that is not an object', JSON.stringify({ results: [messages.text, 'x'] }), /results\[1\]/],
			['a JSON array', JSON.stringify([messages.text]), /no "results" array/],
		])('answers 400 to %s and starts nothing', async (_label, raw, message) => {
			const outcome = await harness().call({ body: raw });
			expect(outcome.status).toBe(400);
			expect((outcome.json as { error: string }).error).toMatch(message);
			expect(outcome.result).toEqual({ noWebhookResponse: true });
		});

		it('parses the raw body when n8n did not (a non-JSON content type)', async () => {
			const outcome = await harness().call({ body: body([messages.text]), parsedBody: {} });
			expect(outcome.items).toHaveLength(1);
		});

		it('answers 200 to an empty results array and starts nothing', async () => {
			const outcome = await harness().call({ body: body([]) });
			expect(outcome.status).toBe(200);
			expect(outcome.result.workflowData).toBeUndefined();
		});
	});

	describe('redeliveries', () => {
		it('drops results already emitted by this node, and a POST of only redeliveries starts nothing', async () => {
			const node = harness({ events: ['message', 'delivery'] });
			const first = await node.call({ body: body([messages.text, deliveryReport]) });
			expect(first.items).toHaveLength(2);
			const again = await node.call({ body: body([messages.text, deliveryReport]) });
			expect(again.status).toBe(200);
			expect(again.result.workflowData).toBeUndefined();
			const mixed = await node.call({ body: body([messages.text, ...manyTexts(1, 'new')]) });
			expect(mixed.items.map((item) => item.messageId)).toEqual(['new-0']);
		});

		it('passes every status change of one message, and drops only the same report again', async () => {
			const report = (groupName: string, id: number, name: string) => ({
				...deliveryReport,
				messageId: 'status-changes',
				status: { groupId: 1, groupName, id, name, description: name },
			});
			const pending = report('PENDING', 7, 'PENDING_ENROUTE');
			const accepted = report('PENDING', 26, 'PENDING_ACCEPTED');
			const delivered = report('DELIVERED', 5, 'DELIVERED_TO_HANDSET');
			const node = harness({ events: ['delivery'] });
			const statuses = [];
			for (const result of [pending, accepted, pending, delivered, delivered]) {
				const outcome = await node.call({ body: body([result]) });
				statuses.push(outcome.items.map((item) => item.statusName)[0] ?? 'dropped');
			}
			expect(statuses).toEqual(['PENDING_ENROUTE', 'PENDING_ACCEPTED', 'dropped', 'DELIVERED_TO_HANDSET', 'dropped']);
		});

		it('tells seen reports apart by when the message was seen, and other results by their content', async () => {
			const node = harness({ events: ['seen', 'other'] });
			const later = { ...seenReport, seenAt: '2019-11-09T17:00:00.000+0000' };
			const first = await node.call({ body: body([seenReport, later, seenReport, { kind: 'A' }, { kind: 'B' }, { kind: 'A' }]) });
			expect(first.items.map((item) => item.seenAt ?? (item.raw as { kind: string }).kind)).toEqual([
				seenReport.seenAt,
				later.seenAt,
				'A',
				'B',
			]);
		});

		it('keeps a message and a report that share a message id apart', async () => {
			const node = harness({ events: ['message', 'delivery'] });
			const outcome = await node.call({ body: body([messages.text, deliveryReport]) });
			expect(messages.text.messageId).toBe(deliveryReport.messageId);
			expect(outcome.items).toHaveLength(2);
		});

		it('lets only one of two simultaneous identical POSTs through', async () => {
			const node = harness();
			const same = body(manyTexts(5, 'twin'));
			const outcomes = await Promise.all([node.call({ body: same }), node.call({ body: same })]);
			expect(outcomes.map((outcome) => outcome.items.length).sort()).toEqual([0, 5]);
		});

		it('passes everything through when Ignore Redeliveries is off', async () => {
			const node = harness({ ignoreRedeliveries: false });
			await node.call({ body: body([messages.text]) });
			const again = await node.call({ body: body([messages.text]) });
			expect(again.items).toHaveLength(1);
		});

		it('keeps separate windows per node', async () => {
			await harness().call({ body: body(manyTexts(1, 'sep')) });
			const other = await harness().call({ body: body(manyTexts(1, 'sep')) });
			expect(other.items).toHaveLength(1);
		});
	});

	describe('authentication', () => {
		const payload = body([messages.text]);

		const cases: Array<{
			name: string;
			authentication: string;
			store: CredentialStore;
			good: Record<string, string>;
			bad: Array<Record<string, string>>;
		}> = [
			{
				name: 'Basic Auth',
				authentication: 'basicAuth',
				store: { infobipTikTokWebhookBasicAuthApi: { user: 'infobip', password: 'pw' } },
				good: { Authorization: 'Basic ' + Buffer.from('infobip:pw').toString('base64') },
				bad: [{ Authorization: 'Basic ' + Buffer.from('infobip:nope').toString('base64') }, {}],
			},
			{
				name: 'Header Auth',
				authentication: 'headerAuth',
				store: { infobipTikTokWebhookHeaderAuthApi: { name: 'X-Webhook-Token', secret: 't0ken' } },
				good: { 'x-webhook-token': 't0ken' },
				bad: [{ 'x-webhook-token': 'wrong' }, { 'x-other': 't0ken' }, {}],
			},
			{
				name: 'HMAC Signature',
				authentication: 'hmacSignature',
				store: {
					infobipTikTokWebhookHmacApi: {
						secret: 's3cret',
						headerName: 'X-Signature',
						algorithm: 'sha256',
						encoding: 'hex',
						prefix: 'sha256=',
					},
				},
				good: {
					'X-Signature': signBody(payload, {
						secret: 's3cret',
						algorithm: 'sha256',
						encoding: 'hex',
						prefix: 'sha256=',
					}),
				},
				bad: [
					{
						'X-Signature': signBody(payload, {
							secret: 'other',
							algorithm: 'sha256',
							encoding: 'hex',
							prefix: 'sha256=',
						}),
					},
					{},
				],
			},
		];

		describe.each(cases)('$name', ({ authentication, store, good, bad }) => {
			it('accepts the right credentials', async () => {
				const outcome = await harness({ authentication }, store).call({ body: payload, headers: good });
				expect(outcome.status).toBe(200);
				expect(outcome.items).toHaveLength(1);
			});

			it.each(bad.map((headers) => [headers]))('answers 401 to %j and starts nothing', async (headers) => {
				const outcome = await harness({ authentication }, store).call({ body: payload, headers });
				expect(outcome.status).toBe(401);
				expect(outcome.result).toEqual({ noWebhookResponse: true });
			});
		});

		it('rejects an HMAC signature over a different body', async () => {
			const [hmac] = cases.filter((c) => c.authentication === 'hmacSignature');
			const outcome = await harness({ authentication: 'hmacSignature' }, hmac.store).call({
				body: body([messages.image]),
				headers: hmac.good,
			});
			expect(outcome.status).toBe(401);
		});

		it('answers 500, not an exception, when the credential is missing', async () => {
			const outcome = await harness({ authentication: 'basicAuth' }).call({ body: payload });
			expect(outcome.status).toBe(500);
			expect(outcome.result).toEqual({ noWebhookResponse: true });
		});
	});
});

describe('webhook credential test', () => {
	const run = (type: string, data: Record<string, string>) =>
		testWebhookCredential.call({} as ICredentialTestFunctions, {
			id: '1',
			name: 'c',
			type,
			data,
		} as ICredentialsDecrypted);

	it('accepts complete credentials', async () => {
		expect((await run('infobipTikTokWebhookBasicAuthApi', { user: 'u', password: 'p' })).status).toBe('OK');
		expect((await run('infobipTikTokWebhookHeaderAuthApi', { name: 'X-Token', secret: 's' })).status).toBe('OK');
		expect(
			(await run('infobipTikTokWebhookHmacApi', { secret: 's', headerName: 'X-Signature', algorithm: 'sha512' }))
				.status,
		).toBe('OK');
	});

	it('names what is wrong', async () => {
		expect(await run('infobipTikTokWebhookBasicAuthApi', { user: 'a:b', password: '' })).toEqual({
			status: 'Error',
			message: 'Password is empty; Username must not contain ":". This test only checks the fields: nothing is sent to Infobip.',
		});
		expect((await run('infobipTikTokWebhookHeaderAuthApi', { name: 'X Token', secret: 's' })).message).toBe(
			'Header Name "X Token" can\'t be an HTTP header name: use letters, digits and hyphens, e.g. X-Webhook-Token. This test only checks the fields: nothing is sent to Infobip.',
		);
		expect(
			(await run('infobipTikTokWebhookHmacApi', { secret: '', headerName: 'X-Sig', algorithm: 'crc32' })).message,
		).toBe('Secret is empty; Algorithm is not supported. This test only checks the fields: nothing is sent to Infobip.');
		expect(
			(await run('infobipTikTokWebhookHmacApi', { secret: 's', headerName: 'X Sig:', algorithm: 'sha256' })).message,
		).toBe(
			'Signature Header "X Sig:" can\'t be an HTTP header name: use letters, digits and hyphens, e.g. X-Signature. This test only checks the fields: nothing is sent to Infobip.',
		);
		expect((await run('infobipTikTokWebhookHeaderAuthApi', { name: '', secret: 's' })).message).toMatch(
			/^Header Name is empty\./,
		);
	});
});

describe('trigger description', () => {
	it('shows the names of the chosen events on the canvas, as n8n evaluates the subtitle', () => {
		const { workflow, node } = harness({ events: ['message', 'delivery', 'other'] });
		expect(workflow.expression.getSimpleParameterValue(node, trigger.description.subtitle, 'internal', {})).toBe(
			'Messages, Delivery Reports, Other Events',
		);
	});

	it('says what to do while listening for a test event, and names both URLs in the setup notice', () => {
		expect(trigger.description.eventTriggerDescription).toMatch(/notification profile at the Test URL.*TikTok/);
		const notice = trigger.description.properties.find((property) => property.name === 'setupNotice');
		expect(notice?.displayName).toMatch(/Test URL.*Production URL/);
	});

	/** The notices n8n's editor shows in the node's panel for these parameter values (defaults filled in). */
	const shownNotices = (parameters: INodeParameters) => {
		const { description } = trigger;
		const values = NodeHelpers.getNodeParameters(description.properties, parameters, true, false, { typeVersion: 1 }, description)!;
		return description.properties
			.filter((property) => property.type === 'notice')
			.filter((property) => NodeHelpers.displayParameter(values, property, { typeVersion: 1 }, description))
			.map((property) => property.displayName);
	};

	it('with Authentication None (the default) warns that anyone with the URL can post events, and says how to secure it', () => {
		const warning = expect.stringMatching(/^Anyone who knows this node's URL can post events.*Basic Auth, Header Auth or HMAC Signature/);
		expect(shownNotices({})).toContainEqual(warning);
		expect(shownNotices({ authentication: 'none' })).toContainEqual(warning);
		for (const authentication of ['basicAuth', 'headerAuth', 'hmacSignature']) {
			expect(shownNotices({ authentication })).not.toContainEqual(warning);
		}
	});
});
