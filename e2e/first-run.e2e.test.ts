/**
 * The first run of a new user in n8n's editor (headless Chromium, playwright-core, against a real n8n with our packed
 * package): owner setup; an example imported twice through the workflow menu's Import > From file (the file chooser
 * gets the file from examples/); each import has a Production URL of its own; the trigger's notice names the button
 * the panel really shows; "What happens next?" shows the app with a description that fits the action node.
 * Screenshots of every step go to artifacts/editor/<version>-first-run/ (git-ignored).
 */
import type { Locator, Page } from 'playwright-core';

import { InfobipTikTokTrigger } from '../nodes/InfobipTikTokTrigger/InfobipTikTokTrigger.node';
import { EditorSession } from './support/editor';
import { E2E_VERSION, N8nServer, ROOT } from './support/n8n';

const version = E2E_VERSION;
// n8n 2.8.4's editor differs in setup screens, workflow menu and node creator (as in editor.e2e.test.ts).
const describeEditor = version.startsWith('2.8.') ? describe.skip : describe;

const LOAD_MS = 180_000;
const STEP_MS = 60_000;
jest.setTimeout(15 * 60_000);

const EXAMPLE = `${ROOT}/examples/tiktok-order-confirmation.json`;
const trigger = new InfobipTikTokTrigger().description;

const n8n = new N8nServer({ version, name: `first-run-${version}`, signIn: false });
const session = new EditorSession(`${version}-first-run`);
let page: Page;
const step = (name: string, run: () => Promise<void>) => session.step(name, run);

beforeAll(async () => {
	if (version.startsWith('2.8.')) return;
	await n8n.start();
	page = await session.start(STEP_MS);
	page.on('dialog', (dialog) => void dialog.accept());
}, 300_000);

afterAll(async () => {
	await session.stop(`n8n ${version} started in ${n8n.startupMs} ms`);
	await n8n.dispose();
}, 60_000);

const ndv = () => page.getByTestId('ndv');
const canvasNode = (name: string) => page.getByTestId('canvas-node').filter({ hasText: name }).first();

async function expectVisible(locator: Locator) {
	await locator.waitFor({ state: 'visible' });
}

/** A new workflow, then the workflow menu's Import > From file with the example. */
async function importExample() {
	await page.goto(`${n8n.baseUrl}/workflow/new`, { waitUntil: 'commit' });
	await page.getByTestId('canvas-plus-button').waitFor({ timeout: LOAD_MS });
	await page.getByTestId('workflow-menu').click();
	await page.getByText('Import', { exact: true }).first().hover();
	const [chooser] = await Promise.all([
		page.waitForEvent('filechooser'),
		page.getByText('From file', { exact: true }).first().click(),
	]);
	await chooser.setFiles(EXAMPLE);
	await expectVisible(canvasNode('Infobip TikTok Trigger'));
	await expectVisible(canvasNode('Ask For Order Number'));
	// Saved, as a user does before publishing; it also leaves nothing unsaved for the next page load.
	await page.keyboard.press('Control+s');
	await page.waitForURL((url) => !url.pathname.endsWith('/workflow/new'));
}

/** Opens the trigger and reads the path of its Production URL. */
async function productionPath(): Promise<string> {
	await canvasNode('Infobip TikTok Trigger').dblclick();
	await ndv().waitFor();
	await ndv().getByText(/Webhook URLs/).click();
	await ndv().getByTestId('radio-button-production').click();
	const parameters = await ndv().getByTestId('node-parameters').innerText();
	const url = /https?:\/\/\S+\/webhook\/(\S+?)\/webhook/.exec(parameters);
	expect(url).not.toBeNull();
	return url![1];
}

describeEditor(`first run in n8n ${version}'s editor`, () => {
	it('imports an example from a file, each import with its own path; notice words match the button; the next step is described as itself', async () => {
		await step('owner setup', () => session.setUpOwner(n8n.baseUrl!, LOAD_MS));

		const paths: string[] = [];
		await step('first import: workflow menu > Import > From file', importExample);

		await step('trigger panel: the notice names the button it shows', async () => {
			paths.push(await productionPath());
			const button = ndv().getByTestId('trigger-execute-button').or(ndv().getByTestId('node-execute-button')).first();
			const label = (await button.innerText()).trim();
			// n8n 2.8.4 and 2.41.1 label it so for every trigger but their own Webhook node ("Listen for test event").
			expect(label).toBe('Execute step');
			const notice = await ndv().getByText(/Subscriptions Management/).first().innerText();
			expect(notice).toContain(`click '${label}'`);
			expect(notice).not.toMatch(/Listen for test event/);
			// No tag of ours reaches the panel as text (n8n renders only <a>, <ul>, <li> in a notice).
			expect(await ndv().innerText()).not.toMatch(/<\/?(code|b)>/);
			await ndv().getByTestId('ndv-close-button').click();
			await ndv().waitFor({ state: 'hidden' });
		});

		await step('"What happens next?" describes the app as a whole', async () => {
			// The canvas's "+" (top right): with a trigger in the workflow, n8n offers the next steps.
			await page.getByTestId('node-creator-plus-button').click();
			await expectVisible(page.getByText('What happens next?').first());
			await page.getByTestId('node-creator-search-bar').fill('Infobip TikTok');
			const name = page.getByTestId('node-creator-item-name').filter({ hasText: /^\s*Infobip TikTok\s*$/ }).first();
			await expectVisible(name);
			const item = name.locator('xpath=ancestor::*[.//*[@data-test-id="node-creator-item-description"]][1]');
			const shown = await item.getByTestId('node-creator-item-description').innerText();
			expect(shown).toContain(trigger.description);
			expect(shown).not.toMatch(/Starts the workflow/);
			await page.keyboard.press('Escape');
		});

		await step('second import of the same file: another production path', async () => {
			await importExample();
			paths.push(await productionPath());
			await ndv().getByTestId('ndv-close-button').click();
			expect(paths[0]).toMatch(/^[0-9a-f-]{36}$/);
			expect(paths[1]).toMatch(/^[0-9a-f-]{36}$/);
			expect(paths[1]).not.toBe(paths[0]);
		});
	});
});
