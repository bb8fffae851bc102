// @ts-check
// What `npm publish` would put in the tarball, read from `npm pack --dry-run` (the package is built beforehand).
const { execFileSync } = require('child_process');
const { ROOT } = require('./n8n');

/** @returns {{ files: string[], size: number, unpackedSize: number }} */
function packedPackage() {
	const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
	const [pack] = JSON.parse(output);
	return { files: pack.files.map((/** @type {{ path: string }} */ file) => file.path), size: pack.size, unpackedSize: pack.unpackedSize };
}

module.exports = { packedPackage };
