/**
 * End-to-end: Message > Download Media in a real n8n (N8N_E2E_VERSION, like the other e2e files): an image
 * message arrives at the trigger, the next node downloads its media URL into binary data.
 */
import { body, inbound } from './support/infobip-bodies';
import { E2E_VERSION } from './support/n8n';
import { n8nWithStandIn } from './support/setup';
import { actionNode, link, triggerNode } from './support/workflows';

jest.setTimeout(120_000);

const version = E2E_VERSION;
const e2e = n8nWithStandIn('media');
const { standIn, n8n } = e2e;

// A 1x1 PNG.
const PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
	'base64',
);

function downloadWorkflow(name: string, extra: Record<string, unknown> = {}) {
	const trigger = triggerNode({});
	const media = actionNode('Download', { resource: 'message', operation: 'downloadMedia', ...extra }, e2e.credential);
	return { name, nodes: [trigger, media], connections: { [trigger.name]: link(media.name) } };
}

const post = async (url: string, payload: string) =>
	(await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload })).status;

describe(`n8n ${version}: Message > Download Media`, () => {
	it('an image message becomes binary data (image/png) beside the trigger fields; an expired URL fails naming the item', async () => {
		standIn.files['/cdn/photo.png'] = { body: PNG, contentType: 'image/png', public: true };
		standIn.files['/cdn/expired.png'] = { body: Buffer.from('Gone'), status: 410, public: true };
		const { id, url } = await n8n.createActiveWorkflow(downloadWorkflow('Download media'));
		const image = (file: string, user: string) =>
			inbound('', user, { type: 'IMAGE', text: undefined, mediaUrl: `${e2e.baseUrl}/cdn/${file}` });

		expect(await post(url!, body([image('photo.png', 'img-user')]))).toBe(200);
		expect(await post(url!, body([image('expired.png', 'late-user')]))).toBe(200);

		const executions = await n8n.waitForExecutions(id, 2);
		const byStatus = Object.fromEntries(executions.map((execution) => [execution.status, execution.id]));
		expect(Object.keys(byStatus).sort()).toEqual(['error', 'success']);

		const { data } = await n8n.execution(byStatus.success);
		const [item] = data.resultData.runData.Download[0].data.main[0];
		expect(item.json).toMatchObject({ userId: 'img-user', type: 'IMAGE', mediaUrl: `${e2e.baseUrl}/cdn/photo.png` });
		expect(item.binary.data).toMatchObject({ mimeType: 'image/png', fileName: 'photo.png', fileExtension: 'png' });
		expect(item.binary.data.bytes ?? Buffer.from(item.binary.data.data, 'base64').length).toBe(PNG.length);

		const failed = await n8n.executionOutput(byStatus.error);
		expect(failed.error.message).toBe(
			`Item 0: could not download the media at ${e2e.baseUrl}/cdn/expired.png: the server answered 410 (the URL has expired or access is refused)`,
		);
		expect(standIn.requestsTo('/cdn/photo.png')[0].headers.authorization).toBe('App e2e-api-key');
	});

	it('a loopback URL (or a redirect to one) is refused by default and downloaded with Allow Internal Addresses, never with the API key', async () => {
		standIn.files['/cdn/public.png'] = { body: PNG, contentType: 'image/png', public: true };
		// The stand-in, reached by another name: not the credential's base URL, so not Infobip's.
		const loopback = `${e2e.baseUrl.replace('127.0.0.1', 'localhost')}/cdn/public.png`;
		const image = (mediaUrl: string, user: string) =>
			inbound('', user, { type: 'IMAGE', text: undefined, mediaUrl });
		const redirectOnce = () =>
			standIn.failNext('/tiktok/1/media/moved', { status: 302, headers: { location: `${loopback}?sig=1` } });

		const refusing = await n8n.createActiveWorkflow(downloadWorkflow('Download media, default'));
		expect(await post(refusing.url!, body([image(loopback, 'direct-user')]))).toBe(200);
		redirectOnce();
		expect(await post(refusing.url!, body([image(`${e2e.baseUrl}/tiktok/1/media/moved`, 'moved-user')]))).toBe(200);
		const refused = await n8n.waitForExecutions(refusing.id, 2);
		const messages = await Promise.all(
			refused.map(async (execution) => {
				expect(execution.status).toBe('error');
				return (await n8n.executionOutput(execution.id)).error.message;
			}),
		);
		expect(messages.sort()).toEqual([
			`Item 0: refused to download the media at ${loopback}: localhost is a loopback address`,
			`Item 0: refused to follow a redirect to ${loopback}: localhost is a loopback address`,
		]);
		expect(standIn.requestsTo('/cdn/public.png')).toHaveLength(0);
		expect(standIn.requestsTo('/tiktok/1/media/moved')[0].headers.authorization).toBe('App e2e-api-key');

		const allowing = await n8n.createActiveWorkflow(
			downloadWorkflow('Download media, internal allowed', { allowInternalAddresses: true }),
		);
		expect(await post(allowing.url!, body([image(loopback, 'direct-user')]))).toBe(200);
		const [direct] = await n8n.waitForExecutions(allowing.id, 1);
		redirectOnce();
		expect(await post(allowing.url!, body([image(`${e2e.baseUrl}/tiktok/1/media/moved`, 'moved-user')]))).toBe(200);
		const allowed = await n8n.waitForExecutions(allowing.id, 2);
		expect(allowed.map((execution) => execution.status)).toEqual(['success', 'success']);
		const { data } = await n8n.execution(direct.id);
		const [item] = data.resultData.runData.Download[0].data.main[0];
		expect(item.binary.data).toMatchObject({ mimeType: 'image/png', fileName: 'public.png' });
		const fetched = standIn.requestsTo('/cdn/public.png');
		expect(fetched).toHaveLength(2);
		expect(fetched.map((request) => request.headers.authorization)).toEqual([undefined, undefined]);
	});
});
