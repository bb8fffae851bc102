import { Workflow } from 'n8n-workflow';

import { InfobipTikTokApi } from '../../credentials/InfobipTikTokApi.credentials';
import { normalizeBaseUrl } from '../../nodes/infobip/transport';
import { nodeTypesOf, probeNodeType } from '../support/n8n';

const credential = new InfobipTikTokApi();
const probe = probeNodeType('Evaluates credential expressions');
const workflow = new Workflow({
	nodes: [{ id: '1', name: 'Probe', type: 'probe', typeVersion: 1, position: [0, 0], parameters: {} }],
	connections: {},
	active: false,
	nodeTypes: nodeTypesOf({ probe }),
});
/** What n8n computes for one of the credential's expressions, given the credential's values. */
const resolve = (expression: string, values: Record<string, string>) =>
	workflow.expression.getParameterValue(expression, null, 0, 0, 'Probe', [], 'internal', { $credentials: values });

describe('Infobip API credential', () => {
	it('sends Authorization: App <key>', () => {
		const header = (credential.authenticate as { properties: { headers: Record<string, string> } }).properties.headers
			.Authorization;
		expect(resolve(header, { apiKey: 'k3y' })).toBe('App k3y');
	});

	it.each([
		'https://api.infobip.com',
		'https://abc123.api.infobip.com/',
		'abc123.api.infobip.com',
		' http://127.0.0.1:4000// ',
	])('its test reads the logs of %j, the base URL the nodes use', (baseUrl) => {
		const request = credential.test.request;
		expect(resolve(request.baseURL as string, { baseUrl })).toBe(normalizeBaseUrl(baseUrl));
		expect([request.method, request.url, request.qs]).toEqual(['GET', '/tiktok/1/logs', { limit: 1 }]);
	});
});
