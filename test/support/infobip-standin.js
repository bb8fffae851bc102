// @ts-check
// A stand-in for Infobip's API on 127.0.0.1: records every request and answers the way Infobip's OpenAPI
// document describes. Tests, the end-to-end suite and the benchmarks share it. Plain JavaScript because it
// needs Node's http module (see openapi.js for why).
const crypto = require('crypto');
const http = require('http');

const { validateRequest } = require('./openapi');

/**
 * @typedef {{ method: string, path: string, query: Record<string, string | string[]>, headers: import("http").IncomingHttpHeaders, body: any, at: number, problems?: string[] }} RecordedRequest
 * @typedef {{ status: number, body?: any, headers?: Record<string, string>, drop?: boolean }} Reply
 * `drop`: the request arrived (and is recorded), but the connection is cut instead of an answer.
 * @typedef {(request: RecordedRequest) => Reply | undefined} Responder
 */

/** No keyword (absent, null, empty) matches all messages; keywords compare without case. */
const sameKeyword = (a, b) => String(a || '').trim().toUpperCase() === String(b || '').trim().toUpperCase();

let counter = 0;
const nextId = (prefix) => `${prefix}-${Date.now().toString(36)}-${(++counter).toString(36)}`;

/** The answer to a send or events request: one entry per destination, in request order. */
function sendResponse(entries, bulkId) {
	return {
		bulkId: bulkId || nextId('bulk'),
		messages: entries.flatMap((entry) =>
			(entry.destinations || []).map((destination) => ({
				messageId: destination.messageId || nextId('msg'),
				destination: destination.to,
				status: {
					groupId: 1,
					groupName: 'PENDING',
					id: 26,
					name: 'PENDING_ACCEPTED',
					description: 'Message sent to next instance',
				},
			})),
		),
	};
}

const DAY_MS = 86_400_000;

/**
 * What tiktok.json says in prose and its schema cannot: `sendAt` in `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, at most
 * 180 days ahead; a delivery time window's `from` and `to` both set or both absent, at least an hour apart.
 * @param {any} body @returns {string[]}
 */
function sendRules(body, now = Date.now()) {
	const problems = [];
	const sendAt = body && body.options && body.options.schedule && body.options.schedule.sendAt;
	if (sendAt !== undefined) {
		if (typeof sendAt !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{4}$/.test(sendAt)) {
			problems.push(`body.options.schedule.sendAt: not yyyy-MM-dd'T'HH:mm:ss.SSSZ: ${sendAt}`);
		} else if (Date.parse(sendAt.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) > now + 180 * DAY_MS) {
			problems.push('body.options.schedule.sendAt: more than 180 days ahead');
		}
	}
	((body && body.messages) || []).forEach((message, index) => {
		const window = message && message.options && message.options.deliveryTimeWindow;
		if (!window) return;
		const path = `body.messages[${index}].options.deliveryTimeWindow`;
		if ((window.from === undefined) !== (window.to === undefined)) problems.push(`${path}: from and to must both be set or both be absent`);
		else if (window.from && window.to) {
			const minutes = (time) => time.hour * 60 + time.minute;
			const length = (minutes(window.to) - minutes(window.from) + 1440) % 1440;
			if (length < 60) problems.push(`${path}: from and to must be at least 1 hour apart`);
		}
	});
	return problems;
}

/** People's error shape. @returns {Reply} */
function peopleError(status, messageId, text) {
	return { status, body: { requestError: { serviceException: { messageId, text } } } };
}

class InfobipStandIn {
	constructor(options = {}) {
		/** @type {RecordedRequest[]} */
		this.requests = [];
		/** Added to every answer, in milliseconds. */
		this.latencyMs = options.latencyMs || 0;
		/** Answers used before the default ones, first match wins; a responder may remove itself. */
		/** @type {Responder[]} */
		this.responders = [];
		this.apiKey = options.apiKey || 'test-api-key';
		/**
		 * Whether send and event requests are checked against tiktok.json (about 0.1 ms per message: benchmarks
		 * that time the node in the stand-in's own process turn it off).
		 */
		this.validateSends = options.validateSends !== false;
		/** Delivery reports handed out (once each) by GET /tiktok/1/reports. @type {any[]} */
		this.pendingReports = [];
		/** Entries listed by GET /tiktok/1/logs. @type {any[]} */
		this.logs = [];
		/** People persons by TikTok user id. @type {Record<string, any>} */
		this.persons = {};
		/** People custom attribute definitions of the account: name -> data type. @type {Record<string, string>} */
		this.attributeDefinitions = {};
		/** People tags the account has. @type {Set<string>} */
		this.tags = new Set();
		/** Tag batches naming a person People does not know get People's 404 (off: such people are passed over). */
		this.tagBatchesNeedKnownPeople = false;
		/**
		 * Files served as raw bytes at their path (media of inbound messages). `public` ones need no API key,
		 * like a CDN; `chunked` ones are sent without Content-Length.
		 * @type {Record<string, { body: Buffer, contentType?: string, status?: number, public?: boolean, chunked?: boolean }>}
		 */
		this.files = {};
		/** Whether inboundFrom() pairs a message with the last one sent to the user, as Infobip does "if matched". */
		this.pairing = true;
		/**
		 * Inbound message configurations (Resources API), with the business account they belong to.
		 * @type {Array<{ configurationKey: string, channel: string, resource: string, keyword?: string, forwarding?: any, conversations?: any, platform?: any }>}
		 */
		this.inboundConfigurations = [];
		/** TikTok business accounts the account has; null: any. Others get 404 from the Resources API. @type {Set<string> | null} */
		this.businessAccounts = null;
		this.server = http.createServer((req, res) => this.handle(req, res));
		this.server.keepAliveTimeout = 60_000;
	}

	/** @param {number} [port] 0: any free port @returns {Promise<string>} the base URL */
	async start(port = 0) {
		await new Promise((resolve) => this.server.listen(port, '127.0.0.1', () => resolve(undefined)));
		const address = /** @type {import('net').AddressInfo} */ (this.server.address());
		this.baseUrl = `http://127.0.0.1:${address.port}`;
		return this.baseUrl;
	}

	async stop() {
		this.server.closeAllConnections();
		await new Promise((resolve) => this.server.close(() => resolve(undefined)));
	}

	reset() {
		this.requests = [];
		this.responders = [];
		this.pendingReports = [];
		this.logs = [];
		this.persons = {};
		this.attributeDefinitions = {};
		this.tags = new Set();
		this.tagBatchesNeedKnownPeople = false;
		this.files = {};
		this.pairing = true;
		this.inboundConfigurations = [];
		this.businessAccounts = null;
	}

	/** Resources API requests the stand-in refused because they break resources.json. */
	invalidResourceRequests() {
		return this.requests.filter((request) => request.path.startsWith('/resource-management/') && request.problems && request.problems.length > 0);
	}

	/** The configuration of a business account and keyword (none: the one for all messages). */
	inboundConfiguration(resource, keyword = '') {
		return this.inboundConfigurations.find((entry) => entry.resource === resource && sameKeyword(entry.keyword, keyword));
	}

	/**
	 * An inbound message result from `user` to `businessAccountId`, paired (unless `pairing` is off) with the
	 * last message sent to that user: its message ID as `pairedMessageId` and its `webhooks.callbackData`.
	 */
	inboundFrom(user, businessAccountId, message, extra = {}) {
		const last = this.pairing
			? this.sentMessages()
					.flatMap((sent) => (sent.destinations || []).map((destination) => ({ sent, destination })))
					.filter((entry) => entry.destination.to === user)
					.pop()
			: undefined;
		return {
			sender: user,
			to: businessAccountId,
			integrationType: 'TIKTOK',
			receivedAt: new Date().toISOString().replace('Z', '+0000'),
			messageId: nextId('mo'),
			message: { conversationId: user, ...message },
			price: { pricePerMessage: 0, currency: 'EUR' },
			...(last && {
				pairedMessageId: last.destination.messageId,
				...(last.sent.webhooks && last.sent.webhooks.callbackData !== undefined && { callbackData: last.sent.webhooks.callbackData }),
			}),
			...extra,
		};
	}

	/** Adds a People contact for a TikTok user (People creates one when the user first writes). */
	addPerson(userId, businessAccountId, person = {}) {
		this.persons[userId] = {
			id: Object.keys(this.persons).length + 1,
			tags: [],
			customAttributes: {},
			...person,
			contactInformation: {
				tiktokBm: [{ applicationId: businessAccountId, userId, systemData: { displayName: `Display ${userId}` } }],
				...(person.contactInformation || {}),
			},
		};
		return this.persons[userId];
	}

	/** Requests (People, sends, events) the stand-in refused because they break Infobip's documents. */
	invalidRequests() {
		return this.requests.filter((request) => request.problems && request.problems.length > 0);
	}

	/** People requests the stand-in refused because they break people.json. */
	invalidPeopleRequests() {
		return this.requests.filter((request) => request.problems && request.problems.length > 0);
	}

	/** Answer the next `times` requests matching `path` with `reply`. */
	failNext(path, reply, times = 1) {
		let left = times;
		const responder = (request) => {
			if (request.path !== path || left <= 0) return undefined;
			left--;
			return reply;
		};
		this.responders.push(responder);
	}

	/**
	 * Leave requests to `path` that `when` picks unanswered: they are recorded, and the connection stays open
	 * until the client gives up or stop() closes it (a service that never answers).
	 * @param {string} path @param {(request: RecordedRequest) => boolean} [when]
	 */
	neverAnswer(path, when = () => true) {
		this.responders.push((request) => (request.path === path && when(request) ? /** @type {any} */ ({ hang: true }) : undefined));
	}

	/**
	 * Hold requests to `path` that `when` picks: they are recorded at once and answered as usual (by the
	 * state at that moment) when the returned function is called.
	 * @param {string} path @param {(request: RecordedRequest) => boolean} [when] @returns {() => void} release
	 */
	hold(path, when = () => true) {
		/** @type {() => void} */
		let release = () => {};
		const released = new Promise((resolve) => (release = () => resolve(undefined)));
		let holding = true;
		this.responders.push((request) =>
			holding && request.path === path && when(request) ? /** @type {any} */ ({ until: released }) : undefined,
		);
		return () => {
			holding = false;
			release();
		};
	}

	/** @param {string} path */
	requestsTo(path) {
		return this.requests.filter((request) => request.path === path);
	}

	/** Every message sent, in the order requests arrived. */
	sentMessages() {
		return this.requestsTo('/tiktok/1/messages').flatMap((request) => request.body.messages);
	}

	handle(req, res) {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			const url = new URL(req.url || '/', 'http://127.0.0.1');
			/** @type {Record<string, string | string[]>} */
			const query = {};
			for (const [key, value] of url.searchParams) {
				const existing = query[key];
				query[key] = existing === undefined ? value : [...[existing].flat(), value];
			}
			const text = Buffer.concat(chunks).toString();
			let body;
			try {
				body = text ? JSON.parse(text) : undefined;
			} catch {
				body = text;
			}
			/** @type {RecordedRequest} */
			const request = { method: req.method || '', path: url.pathname, query, headers: req.headers, body, at: Date.now() };
			this.requests.push(request);
			const file = this.files[request.path];
			if (file && (file.public || request.headers.authorization === `App ${this.apiKey}`)) {
				const length = file.chunked ? {} : { 'content-length': String(file.body.length) };
				res.writeHead(file.status || 200, { 'content-type': file.contentType || 'application/octet-stream', ...length });
				res.write(file.body);
				res.end();
				return;
			}
			const first = this.answer(request);
			const until = /** @type {any} */ (first).until;
			if (until) {
				until.then(() => this.reply(req, res, this.answer(request)));
				return;
			}
			this.reply(req, res, first);
		});
	}

	/** Sends `reply` (after the latency), cuts the connection, or leaves it hanging. @param {Reply} reply */
	reply(req, res, reply) {
		const send = () => {
			if (/** @type {any} */ (reply).hang) return;
			if (reply.drop) {
				req.socket.destroy();
				return;
			}
			res.writeHead(reply.status, { 'content-type': 'application/json', ...(reply.headers || {}) });
			res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
		};
		// Unreferenced: an answer still pending when a test ends must not keep jest alive.
		if (this.latencyMs > 0) setTimeout(send, this.latencyMs).unref();
		else send();
	}

	/** @param {RecordedRequest} request @returns {Reply} */
	answer(request) {
		if (request.headers.authorization !== `App ${this.apiKey}`) {
			return {
				status: 401,
				body: { errorCode: 'E401', description: 'Invalid login details', action: 'Check your API key', violations: [], resources: [] },
			};
		}
		if (request.path.startsWith('/people/')) {
			// Every People request is checked against people.json; a broken one gets People's 400.
			request.problems = validateRequest('people', request);
			if (request.problems.length > 0) return peopleError(400, 'BAD_REQUEST', request.problems.join('; '));
		}
		const isSend = request.method === 'POST' && (request.path === '/tiktok/1/messages' || request.path === '/tiktok/1/events');
		if (this.validateSends && isSend) {
			// Every send and event request is checked against tiktok.json; a broken one gets Infobip's 400.
			request.problems = [...validateRequest('tiktok', request), ...sendRules(request.body)];
			if (request.problems.length > 0) {
				return {
					status: 400,
					body: {
						errorCode: 'E400',
						description: 'Request cannot be processed.',
						action: 'Check the syntax, violations and adjust the request.',
						violations: request.problems.map((problem) => {
							const [property, ...rest] = problem.split(': ');
							return { property, violation: rest.join(': ') };
						}),
						resources: [],
					},
				};
			}
		}
		if (request.path.startsWith('/resource-management/')) {
			// Every Resources API request is checked against resources.json; a broken one gets its 400.
			request.problems = validateRequest('resources', request);
			if (request.problems.length > 0) return peopleError(400, 'BAD_REQUEST', request.problems.join('; '));
		}
		for (const responder of this.responders) {
			const reply = responder(request);
			if (reply) return reply;
		}
		if (request.path.startsWith('/people/')) return this.people(request);
		if (request.path.startsWith('/resource-management/')) return this.resources(request);
		const key = `${request.method} ${request.path}`;
		switch (key) {
			case 'POST /tiktok/1/messages':
				return { status: 200, body: sendResponse(request.body.messages, request.body.options?.schedule?.bulkId) };
			case 'POST /tiktok/1/events':
				return { status: 200, body: sendResponse(request.body.events) };
			case 'POST /saas/tiktok-ads/1/conversions':
				return { status: 200, body: { sourceId: request.body.sourceId, accepted: request.body.conversions.length } };
			case 'GET /tiktok/1/reports': {
				const limit = Number(request.query.limit || 50);
				return { status: 200, body: { results: this.pendingReports.splice(0, limit) } };
			}
			case 'GET /tiktok/1/logs':
				return { status: 200, body: this.logPage(request) };
			default:
				return { status: 404, body: { errorCode: 'E404', description: `No such endpoint: ${key}`, violations: [], resources: [] } };
		}
	}

	/** People as its document describes it, with state kept between requests. @returns {Reply} */
	people(request) {
		const { method, path, body, query } = request;
		const tagMatch = /^\/people\/2\/tags\/([^/]+)\/persons$/.exec(path);
		const attributeMatch = /^\/people\/2\/customAttributes\/([^/]+)$/.exec(path);
		if (path === '/people/2/persons' && (method === 'GET' || method === 'PATCH')) {
			const person = this.persons[String(query.identifier)];
			if (!person || query.type !== 'TIKTOK_BM' || person.contactInformation.tiktokBm[0].applicationId !== query.sender) {
				return peopleError(404, 'NOT_FOUND', 'Person not found');
			}
			if (method === 'GET') return { status: 200, body: person };
			const undefinedNames = Object.keys(body.customAttributes || {}).filter((name) => !(name in this.attributeDefinitions));
			if (undefinedNames.length > 0) return peopleError(400, 'BAD_REQUEST', `Custom attribute(s) not found: ${undefinedNames}`);
			const { customAttributes = {}, tags = [], contactInformation = {}, ...standard } = body;
			Object.assign(person, standard);
			Object.assign(person.customAttributes, customAttributes);
			person.tags = [...new Set([...person.tags, ...tags])];
			for (const [kind, entries] of Object.entries(contactInformation)) {
				person.contactInformation[kind] = [...(person.contactInformation[kind] || []), ...entries];
			}
			return { status: 200, body: person };
		}
		if (tagMatch && (method === 'PATCH' || method === 'DELETE')) {
			const tag = decodeURIComponent(tagMatch[1]);
			if (!this.tags.has(tag)) return peopleError(404, 'NOT_FOUND', `Tag ${tag} not found`);
			if (body.people.length > 1000) return peopleError(400, 'BAD_REQUEST', 'At most 1000 people');
			if (this.tagBatchesNeedKnownPeople && body.people.some(({ query: person }) => !this.persons[person.identifier])) {
				return peopleError(404, 'NOT_FOUND', 'Not found');
			}
			for (const { query: person } of body.people) {
				const found = this.persons[person.identifier];
				if (!found) continue;
				found.tags = method === 'PATCH' ? [...new Set([...found.tags, tag])] : found.tags.filter((name) => name !== tag);
			}
			return { status: 200 };
		}
		const tagName = /^\/people\/2\/tags\/([^/]+)$/.exec(path);
		if (tagName && method === 'GET') {
			const name = decodeURIComponent(tagName[1]);
			return this.tags.has(name) ? { status: 200, body: { name } } : peopleError(404, 'NOT_FOUND', 'Not found');
		}
		if (path === '/people/2/tags' && method === 'POST') {
			// A name the account has already is refused (people.json documents a 4XX for this call, not its text).
			if (this.tags.has(body.name)) return peopleError(400, 'BAD_REQUEST', `Tag ${body.name} already exists`);
			this.tags.add(body.name);
			return { status: 200, body: { name: body.name } };
		}
		if (attributeMatch && method === 'GET') {
			const name = decodeURIComponent(attributeMatch[1]);
			const dataType = this.attributeDefinitions[name];
			return dataType ? { status: 200, body: { name, dataType } } : peopleError(404, 'NOT_FOUND', 'Custom attribute not found');
		}
		if (path === '/people/2/customAttributes' && method === 'POST') {
			// A name is defined once per account (assumed: People's document lists a 400 for this call, no text).
			if (body.name in this.attributeDefinitions) return peopleError(400, 'BAD_REQUEST', `Custom attribute ${body.name} already exists`);
			this.attributeDefinitions[body.name] = body.dataType;
			return { status: 200, body: { name: body.name, dataType: body.dataType } };
		}
		return peopleError(404, 'NOT_FOUND', `No such endpoint: ${method} ${path}`);
	}

	/**
	 * Inbound message configurations as resources.json describes them. What the document leaves open is
	 * decided here as API-NOTES reads it: a POST for a business account and keyword that have a configuration
	 * updates it (same key; `unset` first, then the body's fields); an unknown business account gets 404.
	 * @returns {Reply}
	 */
	resources(request) {
		const { method, path, body, query } = request;
		const view = ({ resource, ...configuration }) => configuration;
		const unknownAccount = (resource) => this.businessAccounts !== null && !this.businessAccounts.has(resource);
		if (path === '/resource-management/1/inbound-message-configurations' && method === 'GET') {
			if (query.resource !== undefined && unknownAccount(String(query.resource))) return { status: 404 };
			const found = this.inboundConfigurations.filter(
				(entry) =>
					entry.channel === query.channel &&
					(query.resource === undefined || entry.resource === query.resource) &&
					(query.keyword === undefined || sameKeyword(entry.keyword, String(query.keyword))) &&
					(query.configurationKey === undefined || entry.configurationKey === query.configurationKey),
			);
			return { status: 200, body: found.map(view) };
		}
		if (path === '/resource-management/1/inbound-message-configurations' && method === 'POST') {
			if (body.channel !== 'TIKTOK_BM' || !body.resource) return peopleError(400, 'BAD_REQUEST', 'The stand-in knows only TIKTOK_BM by resource');
			if (unknownAccount(body.resource)) return { status: 404 };
			let entry = this.inboundConfiguration(body.resource, body.keyword);
			if (!entry) {
				entry = { configurationKey: crypto.randomBytes(16).toString('hex').toUpperCase(), channel: body.channel, resource: body.resource };
				if (body.keyword) entry.keyword = body.keyword;
				this.inboundConfigurations.push(entry);
			}
			for (const option of body.unset || []) delete entry[String(option).toLowerCase()];
			for (const field of ['forwarding', 'conversations', 'platform']) if (body[field] !== undefined) entry[field] = body[field];
			if (entry.forwarding && entry.forwarding.type === 'HTTP_FORWARD' && !entry.forwarding.format) entry.forwarding.format = 'MO_OTT_CONTACT';
			return { status: 200, body: view(entry) };
		}
		const keyMatch = /^\/resource-management\/1\/inbound-message-configurations\/([^/]+)$/.exec(path);
		if (keyMatch && method === 'DELETE') {
			const key = decodeURIComponent(keyMatch[1]);
			const index = this.inboundConfigurations.findIndex((entry) => entry.configurationKey === key);
			if (index < 0) return { status: 404 };
			this.inboundConfigurations.splice(index, 1);
			return { status: 204 };
		}
		return { status: 404 };
	}

	/** Cursor paging as Infobip documents it: `useCursor=true`, then `cursor=<nextCursor>`. */
	logPage(request) {
		const limit = Number(request.query.limit || 50);
		const start = request.query.cursor ? Number(String(request.query.cursor).replace('c', '')) : 0;
		const results = this.logs.slice(start, start + limit);
		const next = start + limit;
		const body = { results };
		if (request.query.useCursor === 'true') {
			body.cursor = { limit, nextCursor: next < this.logs.length ? `c${next}` : null };
		}
		return body;
	}
}

module.exports = { InfobipStandIn, sendResponse, sendRules };
