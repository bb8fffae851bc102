/**
 * End-to-end in n8n's editor, as a person uses it: headless Chromium (Debian's package) driven by
 * playwright-core against a real n8n with our packed package and a stand-in Infobip on 127.0.0.1.
 * Owner setup, node picker, credential dialog and its test, Trigger -> Send Text, "listen for test event"
 * with a POST to the Test URL, and the send; then listening again with Register in Infobip (the trigger given the
 * credential and a Business Account ID): the Test URL registered with its secret, and removed afterwards;
 * Business Account ID's From List showing what Infobip forwards (its secret hidden). A screenshot of every step goes to artifacts/editor/<version>/
 * (git-ignored). Waits are on selectors and text (generous: the editor is slow on a busy machine), no sleeps.
 */
import { sleep } from 'n8n-workflow';
import type { Locator, Page } from 'playwright-core';

import { InfobipStandIn } from '../test/support/infobip-standin';
import { EditorSession, postUntilRegistered } from './support/editor';
import { body, BUSINESS, inbound } from './support/infobip-bodies';
import { E2E_VERSION, N8nServer } from './support/n8n';

const version = E2E_VERSION;
// n8n 2.8.4's editor differs in too many places (setup screens, node creator, NDV) to share one script.
const describeEditor = version.startsWith('2.8.') ? describe.skip : describe;

/** The editor's first load parses a large bundle: slow on a loaded 2-core machine. */
const LOAD_MS = 180_000;
const STEP_MS = 60_000;
jest.setTimeout(15 * 60_000);

const standIn = new InfobipStandIn({ apiKey: 'e2e-api-key' });
const n8n = new N8nServer({ version, name: `editor-${version}`, signIn: false });
const session = new EditorSession(version);
let page: Page;
const step = (name: string, run: () => Promise<void>) => session.step(name, run);

beforeAll(async () => {
	if (version.startsWith('2.8.')) return;
	await standIn.start();
	await n8n.start();
	page = await session.start(STEP_MS);
}, 300_000);

afterAll(async () => {
	await session.stop(`n8n ${version} started in ${n8n.startupMs} ms`);
	await n8n.dispose();
	await standIn.stop();
}, 60_000);

const ndv = () => page.getByTestId('ndv');
const nodeCreatorItem = (name: RegExp) => page.getByTestId('node-creator-item-name').filter({ hasText: name }).first();

/** Opens the node picker from `opener`, searches "Infobip TikTok" and opens our app's entry. */
async function pickInfobipTikTok(opener: Locator) {
	await opener.click();
	await page.getByTestId('node-creator-search-bar').fill('Infobip TikTok');
	await nodeCreatorItem(/^\s*Infobip TikTok\s*$/).click();
}

describeEditor(`n8n ${version} editor`, () => {
	it('owner setup, node picker, credential dialog, Trigger -> Send Text, test event and send', async () => {
		await step('owner setup', () => session.setUpOwner(n8n.baseUrl!, LOAD_MS));

		await step('node picker lists both nodes', async () => {
			await page.goto(`${n8n.baseUrl}/workflow/new`, { waitUntil: 'commit' });
			await page.getByTestId('canvas-plus-button').waitFor({ timeout: LOAD_MS });
			await pickInfobipTikTok(page.getByTestId('canvas-plus-button'));
			// One entry for the app: the trigger's events and the action node's operations.
			await page.getByTestId('node-creator-category-item').filter({ hasText: /Triggers/ }).waitFor();
			await expectVisible(page.getByTestId('node-creator-category-item').filter({ hasText: /Actions/ }));
			await expectVisible(nodeCreatorItem(/On messages/i));
		});

		await step('trigger added', async () => {
			await nodeCreatorItem(/On messages/i).click();
			await ndv().waitFor();
			await expectVisible(ndv().getByText(/Webhook URLs/));
			// Authentication None is the default: the panel warns that the URL alone lets anyone post events.
			await expectVisible(ndv().getByText(/Anyone who knows this node's URL can post events/));
		});

		let testUrl = '';
		await step('listening for a test event', async () => {
			await ndv().getByText(/Webhook URLs/).click();
			await ndv().getByTestId('radio-button-test').click();
			const parameters = await ndv().getByTestId('node-parameters').innerText();
			testUrl = /https?:\/\/\S+\/webhook-test\/\S+?\/webhook/.exec(parameters)?.[0] ?? '';
			expect(testUrl).toMatch(new RegExp(`^${n8n.baseUrl}/webhook-test/`));
			await ndv().getByTestId('node-execute-button').click();
			await ndv().getByTestId('trigger-listening').waitFor();
		});

		await step('test event in the output panel', async () => {
			const message = inbound('hello from the browser test', 'browser-user');
			await postUntilRegistered(testUrl, body([message]), STEP_MS);
			const output = ndv().getByTestId('output-panel');
			// The flattened item: the text and the identifiers a reply needs, as top-level fields.
			await output.getByText('hello from the browser test').first().waitFor();
			const shown = await output.innerText();
			for (const expected of ['browser-user', BUSINESS, 'conversationId', 'businessAccountId']) {
				expect(shown).toContain(expected);
			}
			await ndv().getByTestId('ndv-close-button').click();
			await ndv().waitFor({ state: 'hidden' });
		});

		await step('send text added after the trigger', async () => {
			await pickInfobipTikTok(page.getByTestId('canvas-handle-plus').first());
			await nodeCreatorItem(/Send a text message/i).click();
			await ndv().waitFor();
			await ndv().getByTestId('parameter-input-text').locator('textarea').fill('Hello from the editor');
		});

		await step('credential dialog: a wrong API key shows Infobip\'s answer', async () => {
			await ndv().getByTestId('node-credentials-empty-state').click();
			const dialog = page.getByTestId('credential-edit-dialog');
			await dialog.waitFor();
			await dialog.getByTestId('parameter-input-apiKey').locator('input').fill('wrong-key');
			await dialog.getByTestId('parameter-input-baseUrl').locator('input').fill(standIn.baseUrl!);
			await page.getByTestId('credential-save-button').click();
			// n8n shows "Couldn't connect with these settings"; the node's own text is behind "More details".
			await dialog.getByText(/Couldn.t connect/i).first().waitFor();
			await dialog.getByText(/More details/i).first().click();
			await page.getByText(/Infobip answered 401|Check the API key/i).first().waitFor();
		});

		await step('credential dialog: the right key passes the test', async () => {
			const dialog = page.getByTestId('credential-edit-dialog');
			await dialog.getByTestId('parameter-input-apiKey').locator('input').fill('e2e-api-key');
			standIn.reset();
			await page.getByTestId('credential-save-button').click();
			// n8n 2.41 closes the dialog once the test passes; it stays open with an error otherwise.
			await Promise.race([
				dialog.getByTestId('credentials-config-container-test-success').waitFor(),
				dialog.waitFor({ state: 'hidden' }),
			]);
			const tests = standIn.requestsTo('/tiktok/1/logs');
			expect(tests.length).toBeGreaterThan(0);
			expect(tests.at(-1)!.headers.authorization).toBe('App e2e-api-key');
			if (await dialog.isVisible()) await page.keyboard.press('Escape');
			await dialog.waitFor({ state: 'hidden' });
			await expectVisible(ndv().getByTestId('node-credentials-select'));
		});

		await step('send text runs against Infobip', async () => {
			standIn.reset();
			await ndv().getByTestId('node-execute-button').click();
			const output = ndv().getByTestId('output-panel');
			await output.getByText(/PENDING/).first().waitFor();
			const sent = standIn.sentMessages();
			expect(sent).toHaveLength(1);
			expect(sent[0]).toMatchObject({
				sender: BUSINESS,
				destinations: [expect.objectContaining({ to: 'browser-user' })],
				content: { type: 'TEXT', text: 'Hello from the editor' },
			});
			await ndv().getByTestId('ndv-close-button').click();
			await ndv().waitFor({ state: 'hidden' });
		});

		await step('canvas', async () => {
			await expectVisible(page.getByTestId('canvas-node').filter({ hasText: /Infobip TikTok Trigger/ }));
			await expectVisible(page.getByTestId('canvas-node').filter({ hasText: /Send a text message/ }));
		});

		// Register in Infobip (on for new trigger nodes) acts once the trigger has an Infobip TikTok API credential.
		let registered = '';
		await step('listening with Register in Infobip registers the Test URL', async () => {
			standIn.reset();
			await page.getByTestId('canvas-node').filter({ hasText: /Infobip TikTok Trigger/ }).dblclick();
			await ndv().waitFor();
			await ndv().getByTestId('node-credentials-select').click();
			await page.getByRole('option', { name: /Infobip TikTok API/ }).first().click();
			// Business Account ID is a resource locator (version 1.1); its ID mode is the default.
			await ndv().getByTestId('parameter-input-businessAccountId').getByTestId('rlc-input').fill(BUSINESS);
			await ndv().getByTestId('node-execute-button').click();
			await ndv().getByTestId('trigger-listening').waitFor();
			for (const started = Date.now(); !registered && Date.now() - started < STEP_MS; await sleep(250)) {
				registered = standIn.inboundConfiguration(BUSINESS)?.forwarding?.url ?? '';
			}
			expect(registered.startsWith(`${testUrl}?secret=`)).toBe(true);
			expect(standIn.invalidResourceRequests()).toEqual([]);
		});

		await step('the registered URL starts the test event, the bare Test URL gets 401, then it is removed', async () => {
			const bare = await fetch(testUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body([inbound('no secret', 'browser-user')]) });
			expect(bare.status).toBe(401);
			await postUntilRegistered(registered, body([inbound('through the registration', 'browser-user')]), STEP_MS);
			await ndv().getByTestId('output-panel').getByText('through the registration').first().waitFor();
			for (const started = Date.now(); standIn.inboundConfigurations.length > 0 && Date.now() - started < STEP_MS; await sleep(250));
			expect(standIn.inboundConfigurations).toEqual([]);
			await ndv().getByTestId('ndv-close-button').click();
		});

		// While listening n8n blocks the parameters; afterwards the list shows what Infobip holds, here what
		// publishing would have registered (a Production URL with its secret).
		await step("Business Account ID's From List shows the registered URL, its secret hidden", async () => {
			const productionUrl = testUrl.replace('/webhook-test/', '/webhook/');
			const registeredValue = 'not-for-the-panel-0123456789';
			standIn.inboundConfigurations.push({
				configurationKey: 'PUBLISHED',
				channel: 'TIKTOK_BM',
				resource: BUSINESS,
				forwarding: { type: 'HTTP_FORWARD', url: `${productionUrl}?secret=${registeredValue}`, format: 'MO_OTT_CONTACT' },
			});
			await page.getByTestId('canvas-node').filter({ hasText: /Infobip TikTok Trigger/ }).dblclick();
			await ndv().waitFor();
			const field = ndv().getByTestId('parameter-input-businessAccountId');
			await field.getByTestId('rlc-mode-selector').click();
			await page.getByRole('option', { name: 'From List' }).click();
			await field.getByTestId('rlc-input-container').click();
			await page.locator('[data-test-id="rlc-search"] input, input[data-test-id="rlc-search"]').first().fill(BUSINESS);
			const listed = `${BUSINESS} — forwards to ${productionUrl}?secret=…`;
			await page.getByTestId('rlc-item').filter({ hasText: listed }).first().click();
			let shown = '';
			for (const started = Date.now(); shown !== listed && Date.now() - started < STEP_MS; await sleep(250)) {
				shown = await field.getByTestId('rlc-input').inputValue();
			}
			expect(shown).toBe(listed);
			expect(await page.content()).not.toContain(registeredValue);
			expect(standIn.invalidResourceRequests()).toEqual([]);
			await ndv().getByTestId('ndv-close-button').click();
		});
	});
});

async function expectVisible(locator: Locator) {
	await locator.waitFor({ state: 'visible' });
}
