// @ts-check
// Starts a real n8n with this package loaded, for a person to open: `bash scripts/n8n.sh` runs it.
// The user folder .n8n-local/dev persists between runs (workflows, credentials, the owner you create).
const path = require('path');
const { N8nServer, ROOT } = require('../e2e/support/n8n');

const port = Number(process.env.N8N_PORT || 5678);
const version = process.env.N8N_VERSION || '2.41.1';

(async () => {
	// name: the log file is <user folder>/n8n-dev.log.
	const n8n = new N8nServer({ version, port, name: 'dev', signIn: false, userFolder: path.join(ROOT, '.n8n-local', 'dev') });
	const stop = async () => {
		await n8n.stop();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	await n8n.start();
	console.log('');
	console.log(`n8n ${version} is running at ${n8n.baseUrl} with n8n-nodes-infobip-tiktok loaded.`);
	console.log(`Open it in your browser and create the owner account on first start (kept in ${n8n.userFolder}).`);
	console.log(`n8n's log: ${n8n.logFile}. Stop with Ctrl-C.`);
	n8n.child?.once('exit', (code) => {
		console.log(`n8n exited (${code}); see ${n8n.logFile}`);
		process.exit(code ?? 1);
	});
})().catch((error) => {
	console.error(error.message);
	process.exit(1);
});
