// @ts-check
// The package's own source files as text, for tests that read code the way a reviewer does (imports between
// folders, comments, unused declarations). Plain JavaScript because it needs Node's fs module.
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '../..');
const SKIPPED = new Set(['node_modules', 'dist', 'n8n', 'artifacts']);

/** @param {string} folder @returns {string[]} paths relative to the repository root */
function filesUnder(folder) {
	const absolute = path.join(ROOT, folder);
	if (!fs.existsSync(absolute)) return [];
	return fs.readdirSync(absolute, { withFileTypes: true }).flatMap((entry) => {
		if (entry.name.startsWith('.') || SKIPPED.has(entry.name)) return [];
		const relative = path.join(folder, entry.name);
		return entry.isDirectory() ? filesUnder(relative) : [relative];
	});
}

/**
 * TypeScript and JavaScript files under `folders`, by path relative to the repository root.
 * @param {string[]} folders @returns {Record<string, string>}
 */
function sources(folders) {
	const files = folders.flatMap(filesUnder).filter((file) => /\.(ts|js)$/.test(file));
	return Object.fromEntries(files.map((file) => [file, fs.readFileSync(path.join(ROOT, file), 'utf8')]));
}

module.exports = { sources };
