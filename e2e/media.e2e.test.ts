/**
 * End-to-end: Message > Download Media in a real n8n (N8N_E2E_VERSION, like the other e2e files): an image
 * message arrives at the trigger, the next node downloads its media URL into binary data.
 */
import { InfobipStandIn } from '../test/support/infobip-standin';
import { body, inbound } from './support/infobip-bodies';
import { E2E_VERSION, N8nServer } from './support/n8n';
import { actionNode, link, triggerNode } from './support/workflows';

jest.setTimeout(120_000);

const version = E2E_VERSION;
const standIn = new InfobipStandIn({ apiKey: 'e2e-api-key' });
const n8n = new N8nServer({ version, name: `media-${version}` });
let apiCredential: { id: string; name: string };
let baseUrl: string;

// A 1x1 PNG.
const PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
	'base64',
);

beforeAll(async () => {
	baseUrl = await standIn.start();
	await n8n.start();
	apiCredential = await n8n.createCredential('infobipTikTokApi', { apiKey: 'e2e-api-key', baseUrl });
}, 240_000);

afterAll(async () => {
	await n8n.stop();
	await standIn.stop();
}, 60_000);

function downloadWorkflow(name: string) {
	const trigger = triggerNode({});
	const media = actionNode('Download', { resource: 'message', operation: 'downloadMedia' }, apiCredential);
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
			inbound('', user, { type: 'IMAGE', text: undefined, mediaUrl: `${baseUrl}/cdn/${file}` });

		expect(await post(url!, body([image('photo.png', 'img-user')]))).toBe(200);
		expect(await post(url!, body([image('expired.png', 'late-user')]))).toBe(200);

		const executions = await n8n.waitForExecutions(id, 2);
		const byStatus = Object.fromEntries(executions.map((execution) => [execution.status, execution.id]));
		expect(Object.keys(byStatus).sort()).toEqual(['error', 'success']);

		const { data } = await n8n.execution(byStatus.success);
		const [item] = data.resultData.runData.Download[0].data.main[0];
		expect(item.json).toMatchObject({ userId: 'img-user', type: 'IMAGE', mediaUrl: `${baseUrl}/cdn/photo.png` });
		expect(item.binary.data).toMatchObject({ mimeType: 'image/png', fileName: 'photo.png', fileExtension: 'png' });
		expect(item.binary.data.bytes ?? Buffer.from(item.binary.data.data, 'base64').length).toBe(PNG.length);

		const failed = await n8n.executionOutput(byStatus.error);
		expect(failed.error.message).toBe(
			`Item 0: could not download the media at ${baseUrl}/cdn/expired.png: the server answered 410 (the URL has expired or access is refused)`,
		);
		expect(standIn.requestsTo('/cdn/photo.png')[0].headers.authorization).toBe('App e2e-api-key');
	});
});
