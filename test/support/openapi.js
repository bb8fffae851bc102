// @ts-check
// Infobip's OpenAPI documents, read from ../shared beside the project (reference data, never copied).
// Test support that needs Node's own modules is plain JavaScript: n8n's community lint rules, which
// forbid them, apply to every TypeScript file in the package, tests included.
const { readFileSync } = require('fs');
const { join } = require('path');

const OPENAPI_DIR = join(__dirname, '..', '..', '..', 'shared', 'infobip', 'openapi');

/** @param {'tiktok' | 'people' | 'subscriptions'} name */
function loadSpec(name) {
	return JSON.parse(readFileSync(join(OPENAPI_DIR, `${name}.json`), 'utf8'));
}

/**
 * The `results` of every example body of one of tiktok.json's webhooks.
 * @param {string} webhook
 * @returns {Array<Record<string, any>>}
 */
function webhookExampleResults(webhook) {
	const content = loadSpec('tiktok').webhooks[webhook].post.requestBody.content['application/json'];
	return Object.values(content.examples).flatMap((example) => example.value.results);
}

module.exports = { OPENAPI_DIR, loadSpec, webhookExampleResults };
