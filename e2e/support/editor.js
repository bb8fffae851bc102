// @ts-check
// n8n's editor in headless Chromium (Debian's `chromium` package, installed when missing like queue.js installs
// Redis and Postgres) driven by playwright-core. Every step leaves a screenshot in artifacts/editor/<version>/
// (git-ignored) and its duration in timings.txt there. Plain JavaScript: it needs files and child processes.
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { chromium, selectors } = require('playwright-core');

const { ROOT } = require('./n8n');

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

function ensureChromium() {
	if (fs.existsSync(CHROMIUM)) return;
	const sudo = process.getuid && process.getuid() === 0 ? [] : ['sudo'];
	const apt = (args) =>
		execFileSync(sudo[0] || 'apt-get', [...(sudo.length ? ['apt-get'] : []), ...args], {
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
			stdio: ['ignore', 'ignore', 'inherit'],
		});
	apt(['update']);
	apt(['install', '-y', '--no-install-recommends', 'chromium']);
}

class EditorSession {
	/** @param {string} version */
	constructor(version) {
		this.artifacts = path.join(ROOT, 'artifacts', 'editor', version);
		this.stepCount = 0;
		/** @type {Array<[string, number]>} */
		this.timings = [];
	}

	/** @param {number} stepTimeoutMs */
	async start(stepTimeoutMs) {
		ensureChromium();
		fs.rmSync(this.artifacts, { recursive: true, force: true });
		fs.mkdirSync(this.artifacts, { recursive: true });
		// n8n's editor marks its elements with data-test-id.
		selectors.setTestIdAttribute('data-test-id');
		this.browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
		this.page = await this.browser.newPage({ viewport: { width: 1440, height: 900 } });
		this.page.setDefaultTimeout(stepTimeoutMs);
		return this.page;
	}

	/**
	 * Runs one step, then keeps a screenshot named after it (`-FAILED` when it fails).
	 * @param {string} name @param {() => Promise<void>} run
	 */
	async step(name, run) {
		const page = /** @type {import('playwright-core').Page} */ (this.page);
		const file = `${String(++this.stepCount).padStart(2, '0')}-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
		const started = Date.now();
		try {
			await run();
		} catch (error) {
			await page.screenshot({ path: path.join(this.artifacts, `${file}-FAILED.png`) }).catch(() => undefined);
			throw new Error(`Step "${name}" failed at ${page.url()}: ${/** @type {Error} */ (error).message}`);
		}
		this.timings.push([name, Date.now() - started]);
		await page.screenshot({ path: path.join(this.artifacts, `${file}.png`) });
	}

	/**
	 * Creates the owner account on n8n's setup screen, as a person does on first start.
	 * @param {string} baseUrl @param {number} loadTimeoutMs
	 */
	async setUpOwner(baseUrl, loadTimeoutMs) {
		const page = /** @type {import('playwright-core').Page} */ (this.page);
		await page.goto(`${baseUrl}/setup`, { waitUntil: 'commit' });
		const form = page.getByTestId('setup-form');
		await form.waitFor({ timeout: loadTimeoutMs });
		await form.getByTestId('email').locator('input').fill('owner@example.com');
		await form.getByTestId('firstName').locator('input').fill('Test');
		await form.getByTestId('lastName').locator('input').fill('Owner');
		await form.getByTestId('password').locator('input').fill('Passw0rd-e2e!');
		await page.getByTestId('form-submit-button').click();
		await page.waitForURL((url) => !url.pathname.startsWith('/setup'), { timeout: loadTimeoutMs });
	}

	/** @param {string} header */
	async stop(header) {
		await this.browser?.close();
		if (this.timings.length === 0) return;
		const lines = this.timings.map(([name, ms]) => `${(ms / 1000).toFixed(1).padStart(6)} s  ${name}`);
		fs.writeFileSync(path.join(this.artifacts, 'timings.txt'), `${header}\n${lines.join('\n')}\n`);
	}
}

/**
 * POSTs until n8n answers 200: the test webhook exists only once the editor has started listening.
 * @param {string} url @param {string} payload @param {number} timeoutMs
 */
async function postUntilRegistered(url, payload, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: payload });
		if (response.status === 200) return;
		if (Date.now() > deadline) throw new Error(`The Test URL answered ${response.status}: ${await response.text()}`);
		await new Promise((resolve) => setTimeout(resolve, 250).unref());
	}
}

module.exports = { EditorSession, postUntilRegistered };
