// @ts-check
// Debian's headless Chromium driven by playwright-core, and the git-ignored folder for screenshots.
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const { ROOT } = require('./n8n');

const ARTIFACTS = path.join(ROOT, 'e2e', 'artifacts');

async function launchChromium() {
	return await chromium.launch({
		executablePath: '/usr/bin/chromium',
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
}

/** Where to keep a screenshot named `name` (e2e/artifacts/, git-ignored). */
function artifactPath(name) {
	fs.mkdirSync(ARTIFACTS, { recursive: true });
	return path.join(ARTIFACTS, name);
}

module.exports = { launchChromium, artifactPath };
