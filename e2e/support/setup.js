// @ts-check
// The frame most end-to-end files share: a stand-in Infobip and a real n8n (the version under test) started once
// before the file's tests, with an Infobip credential that points at the stand-in; the stand-in's record cleared
// before each test; both stopped after the file. Call it at the top level of a test file.
const { InfobipStandIn } = require('../../test/support/infobip-standin');
const { E2E_VERSION, N8nServer } = require('./n8n');

/** The API key of the credential and of the stand-in. */
const API_KEY = 'e2e-api-key';

/**
 * @param {string} name names the n8n's folder and log; the version is added
 * @param {{ startTimeoutMs?: number }} [options]
 */
function n8nWithStandIn(name, { startTimeoutMs = 240_000 } = {}) {
	const standIn = new InfobipStandIn({ apiKey: API_KEY });
	const n8n = new N8nServer({ version: E2E_VERSION, name: `${name}-${E2E_VERSION}` });
	/** Filled in before the first test: the stand-in's base URL and the credential for it. */
	const e2e = { standIn, n8n, baseUrl: '', credential: { id: '', name: '' } };

	beforeAll(async () => {
		e2e.baseUrl = await standIn.start();
		await n8n.start();
		e2e.credential = await n8n.createCredential('infobipTikTokApi', { apiKey: API_KEY, baseUrl: e2e.baseUrl });
	}, startTimeoutMs);

	afterAll(async () => {
		await n8n.dispose();
		await standIn.stop();
	}, 60_000);

	beforeEach(() => standIn.reset());

	return e2e;
}

module.exports = { n8nWithStandIn };
