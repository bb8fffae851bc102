// @ts-check
// The user documentation as files: README.md and docs/*.md. Plain JavaScript because it reads files (see
// openapi.js for why).
const { existsSync, readdirSync, readFileSync } = require('fs');
const { join } = require('path');

const ROOT = join(__dirname, '..', '..');

/** @param {string} path relative to the repository root */
function readDoc(path) {
	return readFileSync(join(ROOT, path), 'utf8');
}

/** @param {string} path relative to the repository root */
function byteSize(path) {
	return readFileSync(join(ROOT, path)).length;
}

/** @param {string} path relative to the repository root */
function exists(path) {
	return existsSync(join(ROOT, path));
}

/** README.md and every docs/*.md, as repository paths. */
function userDocs() {
	const pages = readdirSync(join(ROOT, 'docs'))
		.filter((name) => name.endsWith('.md'))
		.sort()
		.map((name) => `docs/${name}`);
	return ['README.md', ...pages];
}

module.exports = { readDoc, byteSize, exists, userDocs };
