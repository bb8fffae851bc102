/**
 * End-to-end: the send options (issue 18) in a real n8n (N8N_E2E_VERSION) with the stand-in Infobip, which
 * refuses any send request that breaks tiktok.json: the conversion-reminder example reports an ad conversion
 * and schedules a reminder inside the reply window (and skips it when the window closes first), and a Send At
 * picked in the editor is read in the workflow's time zone.
 */
import { randomUUID } from 'crypto';
import { DateTime } from 'luxon';

import conversionReminder from '../examples/tiktok-conversion-reminder.json';

import { body, inbound } from './support/infobip-bodies';
import { E2E_VERSION } from './support/n8n';
import { n8nWithStandIn } from './support/setup';
import { chatbot } from './support/workflows';

jest.setTimeout(180_000);

const e2e = n8nWithStandIn('send-options', { startTimeoutMs: 300_000 });
const { standIn, n8n } = e2e;

const post = async (url: string, payload: string) =>
	(await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload })).status;
const infobipTime = (date: DateTime) => date.toUTC().toFormat("yyyy-MM-dd'T'HH:mm:ss.SSS") + '+0000';

afterEach(() => expect(standIn.invalidRequests().map((request) => request.problems)).toEqual([]));

describe(`send options in n8n ${E2E_VERSION}`, () => {
	it('the conversion-reminder example reports the conversion and schedules the reminder 24 hours later, inside the reply window', async () => {
		const nodes = conversionReminder.nodes.map((node) => ({
			...node,
			...('credentials' in node && { credentials: { infobipTikTokApi: e2e.credential } }),
			// The example ships none (n8n gives each imported copy its own); the API wants one to register the trigger.
			...(node.type.endsWith('infobipTikTokTrigger') && { webhookId: randomUUID() }),
		}));
		const { id, url } = await n8n.createActiveWorkflow({ ...conversionReminder, nodes, active: false });
		const fresh = { ...inbound('I saw your ad', 'fresh-user', { referral: { sourceType: 'AD', sourceId: '1790000000000001' } }), receivedAt: infobipTime(DateTime.now()) };
		// The user wrote 30 hours ago: the window closes 18 hours from now, before a reminder in 24 hours.
		const stale = { ...inbound('Still there?', 'stale-user', { referral: { sourceType: 'AD', sourceId: '1790000000000001' } }), receivedAt: infobipTime(DateTime.now().minus({ hours: 30 })) };
		const before = DateTime.now();
		expect(await post(url!, body([fresh, stale]))).toBe(200);
		const [execution] = await n8n.waitForExecutions(id, 1);
		expect(execution.status).toBe('success');
		const after = DateTime.now();

		const conversions = standIn.requestsTo('/saas/tiktok-ads/1/conversions').flatMap((request) => request.body.conversions);
		expect(conversions.map((conversion: { event: string; user: { tiktok_unique_identifier: string } }) => [conversion.event, conversion.user.tiktok_unique_identifier])).toEqual(
			expect.arrayContaining([['Contact', 'fresh-user']]),
		);
		const sends = standIn.requestsTo('/tiktok/1/messages');
		expect(sends).toHaveLength(1);
		expect(sends[0].body.messages.map((message: { destinations: Array<{ to: string }> }) => message.destinations[0].to)).toEqual(['fresh-user']);
		const sendAt = DateTime.fromISO(String(sends[0].body.options.schedule.sendAt).replace(/(\d{2})(\d{2})$/, '$1:$2'));
		expect(sendAt.toMillis()).toBeGreaterThanOrEqual(before.plus({ hours: 24 }).toMillis() - 1000);
		expect(sendAt.toMillis()).toBeLessThanOrEqual(after.plus({ hours: 24 }).toMillis());
		expect(sends[0].body.options.priority).toBe('LOW');

		const { output } = await n8n.executionOutput(execution.id);
		const byUser = Object.fromEntries(output['Schedule Reminder'].map((item) => [item.userId, item]));
		expect(byUser['fresh-user']).toMatchObject({ skipped: false, status: 'PENDING', bulkId: sends[0].body.options.schedule.bulkId ?? expect.any(String) });
		expect(DateTime.fromISO(byUser['fresh-user'].sendAt).toMillis()).toBe(sendAt.toMillis());
		expect(byUser['stale-user']).toMatchObject({ skipped: true, messageId: null });
		expect(byUser['stale-user'].skipReason).toMatch(/closes at .*, before the message's Send At/);
	});

	it('a Send At from the date picker is read in the workflow time zone; speed limit and Bulk ID keep the items in one request', async () => {
		const zone = 'Asia/Tokyo';
		const picked = DateTime.now().setZone(zone).plus({ days: 3 }).set({ hour: 9, minute: 30, second: 0, millisecond: 0 });
		const { workflow } = chatbot(e2e.credential, { name: 'Picked Send At' });
		const reply = workflow.nodes.find((node: { name: string }) => node.name === 'Reply');
		reply.parameters = {
			...reply.parameters,
			options: {
				sendAt: picked.toFormat("yyyy-MM-dd'T'HH:mm:ss"),
				bulkId: 'tokyo-morning',
				batchSize: 1,
				sendingSpeedLimit: { values: { amount: 2, timeUnit: 'MINUTE' } },
				deliveryTimeWindow: { values: { days: ['MONDAY', 'TUESDAY'], from: '00:00', to: '03:00' } },
				deliveryReports: false,
			},
		};
		const { id, url } = await n8n.createActiveWorkflow({ ...workflow, settings: { timezone: zone } });
		const users = ['t-0', 't-1', 't-2'].map((user) => ({ ...inbound('hi', user), receivedAt: infobipTime(DateTime.now()) }));
		expect(await post(url!, body(users))).toBe(200);
		const [execution] = await n8n.waitForExecutions(id, 1);
		expect(execution.status).toBe('success');
		const sends = standIn.requestsTo('/tiktok/1/messages');
		expect(sends).toHaveLength(1);
		expect(sends[0].body.options).toEqual({
			schedule: { bulkId: 'tokyo-morning', sendAt: infobipTime(picked), sendingSpeedLimit: { amount: 2, timeUnit: 'MINUTE' } },
		});
		expect(sends[0].body.messages[0].options.deliveryTimeWindow).toEqual({ days: ['MONDAY', 'TUESDAY'], from: { hour: 0, minute: 0 }, to: { hour: 3, minute: 0 } });
		expect(sends[0].body.messages[0].webhooks.delivery).toEqual({ notify: false });
		const { output } = await n8n.executionOutput(execution.id);
		expect(output.Reply.map((item) => [item.bulkId, item.sendAt])).toEqual(users.map(() => ['tokyo-morning', picked.toUTC().toISO()]));
	});
});
