// @ts-check
// Starts n8n in queue mode on 127.0.0.1 for a person to try: Redis, Postgres, main, one worker, two webhook
// processes, all with this package loaded (run `npm run build` first). Ctrl-C stops everything it started.
const { QueueStack } = require('../e2e/support/queue');

(async () => {
	const stack = new QueueStack({ name: 'queue-dev' });
	const stop = async () => {
		await stack.stop();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	try {
		await stack.start();
	} catch (error) {
		console.error(error.message);
		await stack.stop();
		process.exit(1);
	}
	console.log(`queue mode up in ${((stack.startupMs || 0) / 1000).toFixed(1)} s (folder ${stack.folder})`);
	console.log(`  main (editor):   ${stack.main?.baseUrl}`);
	console.log(`  webhook A:       ${stack.webhookA?.baseUrl}/webhook/...`);
	console.log(`  webhook B:       ${stack.webhookB?.baseUrl}/webhook/...`);
	console.log(`  Redis 127.0.0.1:${stack.redisPort}, Postgres 127.0.0.1:${stack.pgPort}. Owner: owner@example.com / Passw0rd-e2e!`);
	console.log('Ctrl-C stops everything.');
})();
