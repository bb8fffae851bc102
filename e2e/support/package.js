// @ts-check
// What `npm publish` would put in the tarball, read from `npm pack --dry-run` (the package is built beforehand).
// Asynchronous on purpose: a blocked event loop would leave the tests' keep-alive sockets to n8n half-closed.
const { execFile } = require('child_process');
const { promisify } = require('util');
const { ROOT } = require('./n8n');

/** @returns {Promise<{ files: string[], size: number, unpackedSize: number }>} */
async function packedPackage() {
	const { stdout } = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
	const [pack] = JSON.parse(stdout);
	return { files: pack.files.map((/** @type {{ path: string }} */ file) => file.path), size: pack.size, unpackedSize: pack.unpackedSize };
}

module.exports = { packedPackage };
