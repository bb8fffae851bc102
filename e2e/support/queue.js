// @ts-check
// n8n in queue mode on 127.0.0.1, everything on free ports and in its own folders: Redis and Postgres (Debian's
// redis-server and postgresql, installed when missing), a main process, one worker and two webhook processes,
// all loading our packed package. Everything started is stopped again by process id.
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const { N8nServer, freePort, removeTestFolder, testFolder } = require('./n8n');
const { ReverseProxy } = require('./proxy');

const PG_BIN = '/usr/lib/postgresql/15/bin';

function run(command, args, options = {}) {
	return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
}

function has(command) {
	try {
		run('sh', ['-c', `command -v ${command}`]);
		return true;
	} catch {
		return false;
	}
}

/** Installs Redis and Postgres from Debian's packages when they are missing (needs root, or sudo). */
function ensureServers() {
	if (has('redis-server') && fs.existsSync(path.join(PG_BIN, 'postgres'))) return;
	const sudo = process.getuid && process.getuid() === 0 ? [] : ['sudo'];
	const apt = (args) => run(sudo[0] || 'apt-get', [...(sudo.length ? ['apt-get'] : []), ...args], {
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	try {
		apt(['install', '-y', '--no-install-recommends', 'redis-server', 'postgresql']);
	} catch {
		apt(['update']);
		apt(['install', '-y', '--no-install-recommends', 'redis-server', 'postgresql']);
	}
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref());

class QueueStack {
	/**
	 * `publicProxy`: n8n's public address (WEBHOOK_URL) is a reverse proxy in front of webhook process A, as a load
	 * balancer would be; waiting URLs (Send and Wait) are built from it.
	 * @param {{ version?: string, name?: string, workers?: number, workerConcurrency?: number, env?: Record<string, string>, publicProxy?: boolean }} [options]
	 */
	constructor(options = {}) {
		this.version = options.version || '2.41.1';
		this.name = options.name || 'queue';
		this.workerCount = options.workers || 1;
		this.workerConcurrency = options.workerConcurrency || 10;
		this.extraEnv = options.env || {};
		this.publicProxy = options.publicProxy ? new ReverseProxy() : undefined;
		/** @type {N8nServer[]} */
		this.processes = [];
	}

	async start() {
		const started = Date.now();
		ensureServers();
		this.folder = testFolder(this.name);
		fs.chmodSync(this.folder, 0o755);
		await this.startRedis();
		await this.startPostgres();
		if (this.publicProxy) this.extraEnv = { WEBHOOK_URL: `${await this.publicProxy.start()}/`, ...this.extraEnv };
		const env = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(this.redisPort),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(this.pgPort),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'postgres',
			DB_POSTGRESDB_PASSWORD: '',
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			...this.extraEnv,
		};
		const userFolder = path.join(this.folder, 'n8n');
		fs.mkdirSync(userFolder);
		const common = { version: this.version, env, userFolder };
		this.main = new N8nServer({ ...common, name: 'main' });
		await this.track(this.main);
		this.workers = Array.from(
			{ length: this.workerCount },
			(_, i) =>
				new N8nServer({
					...common,
					name: `worker-${i + 1}`,
					command: ['worker', `--concurrency=${this.workerConcurrency}`],
					readyLine: 'n8n worker is now ready',
					signIn: false,
					pack: false,
				}),
		);
		this.worker = this.workers[0];
		const webhook = (name) =>
			new N8nServer({ ...common, name, command: ['webhook'], readyLine: 'Webhook listener waiting for requests.', signIn: false, pack: false });
		this.webhookA = webhook('webhook-a');
		this.webhookB = webhook('webhook-b');
		await Promise.all([...this.workers, this.webhookA, this.webhookB].map((server) => this.track(server)));
		if (this.publicProxy) this.publicProxy.target = /** @type {string} */ (this.webhookA.baseUrl);
		this.startupMs = Date.now() - started;
		return this;
	}

	/**
	 * Creates and activates a workflow on the main process and waits until both webhook processes serve its trigger.
	 * @returns {Promise<{ id: string, urlA: string, urlB: string }>} the trigger's URL on each webhook process
	 */
	async activate(workflow) {
		const main = /** @type {N8nServer} */ (this.main);
		const { id, url } = await main.createActiveWorkflow(workflow);
		const hookPath = url.split('/webhook/')[1];
		const [urlA, urlB] = [this.webhookA, this.webhookB].map((server) => `${server?.baseUrl}/webhook/${hookPath}`);
		await this.webhookA?.waitForWebhook(urlA);
		await this.webhookB?.waitForWebhook(urlB);
		return { id, urlA, urlB };
	}

	async track(server) {
		this.processes.push(server);
		await server.start();
	}

	async startRedis() {
		this.redisPort = await freePort();
		const dir = path.join(/** @type {string} */ (this.folder), 'redis');
		fs.mkdirSync(dir);
		this.redisPidFile = path.join(dir, 'redis.pid');
		run('redis-server', [
			'--port', String(this.redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
			'--daemonize', 'yes', '--pidfile', this.redisPidFile, '--logfile', path.join(dir, 'redis.log'), '--dir', dir,
		]);
		for (let i = 0; i < 100 && !fs.existsSync(this.redisPidFile); i++) await sleep(50);
	}

	async startPostgres() {
		this.pgPort = await freePort();
		// In the system's temp folder: the postgres user must be able to reach it, which a project checked out
		// under a private home folder does not allow.
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-queue-postgres-'));
		fs.chmodSync(dir, 0o755);
		this.pgDir = dir;
		this.pgData = path.join(dir, 'data');
		const asRoot = process.getuid && process.getuid() === 0;
		// Postgres refuses to run as root: as root, run it as the postgres user Debian's package creates.
		const pg = (command) => (asRoot ? run('su', ['postgres', '-c', command]) : run('sh', ['-c', command]));
		if (asRoot) run('chown', ['-R', 'postgres:postgres', dir]);
		pg(`${PG_BIN}/initdb -D ${this.pgData} -A trust -U postgres >/dev/null`);
		pg(`${PG_BIN}/pg_ctl -D ${this.pgData} -l ${dir}/postgres.log -w -o "-p ${this.pgPort} -k ${dir} -c listen_addresses=127.0.0.1" start >/dev/null`);
		this.pgCtl = (command) => pg(`${PG_BIN}/pg_ctl -D ${this.pgData} ${command}`);
		run('psql', ['-h', '127.0.0.1', '-p', String(this.pgPort), '-U', 'postgres', '-c', 'create database n8n']);
	}

	/**
	 * Stops every process it started (n8n processes by their process group, Redis by pid, Postgres by pg_ctl) and
	 * removes its folder (see removeTestFolder).
	 */
	async stop() {
		await Promise.all(this.processes.map((server) => server.stop()));
		if (this.pgCtl) {
			try {
				this.pgCtl('-m fast -w stop >/dev/null');
			} catch {
				// already stopped
			}
		}
		if (this.pgDir) fs.rmSync(this.pgDir, { recursive: true, force: true });
		if (this.redisPidFile && fs.existsSync(this.redisPidFile)) {
			const pid = Number(fs.readFileSync(this.redisPidFile, 'utf8'));
			try {
				process.kill(pid, 'SIGTERM');
			} catch {
				// already gone
			}
		}
		removeTestFolder(this.folder);
		await this.publicProxy?.stop();
	}
}

module.exports = { QueueStack, ensureServers };
