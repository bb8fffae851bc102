import { createHash, randomBytes } from 'crypto';
import type {
	IDataObject,
	IHookFunctions,
	ILoadOptionsFunctions,
	INode,
	INodeListSearchResult,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	describeDestination,
	describeKeyword,
	findByKeyword,
	forwardingBody,
	forwardingChoices,
	INBOUND_CONFIGURATIONS_PATH,
	listQuery,
	queryValue,
	readConfigurations,
	restoreBody,
	withoutQuery,
	type InboundConfiguration,
} from '../infobip/resources';
import {
	API_CREDENTIAL,
	getBaseUrl,
	infobipRequest,
	type InfobipContext,
	type RetryPolicy,
} from '../infobip/transport';
import { safeEqual } from './verify';

/** The query parameter that carries the registration's secret in the URL given to Infobip. */
export const SECRET_PARAMETER = 'secret';

/** The first version whose nodes register themselves unless told not to. */
export const REGISTERING_VERSION = 1.1;

/** Publishing waits for these calls: a few quick retries, then a message the person can act on. */
const REGISTRATION_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 2_000, maxTotalDelayMs: 3_000 };

/** What the trigger remembers in its static data about the configuration it registered. */
export interface Registration extends IDataObject {
	configurationKey: string;
	businessAccountId: string;
	keyword: string;
	/** The registered URL without its secret. */
	url: string;
	/** SHA-256 of the secret (hex): the secret itself is only in the URL Infobip holds. */
	secretHash: string;
	/** The configuration this one took over, put back when it is removed. */
	replaced?: IDataObject;
}

const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** Whether registration applies: the option (on by default from version 1.1) and an API credential chosen. */
export function registrationEnabled(node: INode, parameterValue: unknown): boolean {
	const on = parameterValue === undefined ? node.typeVersion >= REGISTERING_VERSION : parameterValue === true;
	return on && Boolean(node.credentials?.[API_CREDENTIAL]);
}

function storedRegistration(staticData: IDataObject): Registration | undefined {
	const stored = staticData.registration as Registration | undefined;
	return stored && typeof stored.configurationKey === 'string' ? stored : undefined;
}

/** Whether a call carries the secret of the current registration (compared in constant time). */
export function hasRegistrationSecret(this: IWebhookFunctions): boolean {
	const stored = storedRegistration(this.getWorkflowStaticData('node'));
	const given = this.getQueryData() as IDataObject;
	const secret = given[SECRET_PARAMETER];
	if (!stored || typeof secret !== 'string' || secret === '') return false;
	return safeEqual(hashSecret(secret), stored.secretHash);
}

interface Settings {
	businessAccountId: string;
	keyword: string;
	replaceExisting: boolean;
}

function settingsOf(this: IHookFunctions): Settings {
	// From version 1.1 a resource locator; a plain string (version 1, or set without a mode) reads the same.
	const businessAccountId = String(this.getNodeParameter('businessAccountId', '', { extractValue: true })).trim();
	if (businessAccountId === '') {
		throw new NodeOperationError(this.getNode(), 'Business Account ID is empty', {
			description:
				'Register in Infobip needs the ID of your TikTok business account (the sender of your replies): fill in Business Account ID, or turn Register in Infobip off and set up forwarding in Infobip yourself.',
		});
	}
	return {
		businessAccountId,
		keyword: String(this.getNodeParameter('keyword', '')).trim(),
		replaceExisting: this.getNodeParameter('replaceExistingForwarding', false) === true,
	};
}

/** Turns a failed Resources API call into an error that says what to do. */
function registrationError(
	node: INode,
	error: unknown,
	settings: Settings,
	doing: string,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	if (!(error instanceof NodeApiError)) return new NodeOperationError(node, error as Error);
	const status = String(error.httpCode ?? '');
	const account = `business account "${settings.businessAccountId}"`;
	if (status === '403') {
		return new NodeApiError(node, { httpCode: status }, {
			httpCode: status,
			message: `Infobip refused to ${doing} (403): the API key lacks the scope numbers:manage`,
			description:
				'Give the API key of the Infobip TikTok API credential the scope numbers:manage (Infobip: Developer Tools > API Keys), or turn Register in Infobip off and set up forwarding in Infobip yourself.',
		});
	}
	if (status === '401') {
		return new NodeApiError(node, { httpCode: status }, {
			httpCode: status,
			message: `Infobip refused the API key while trying to ${doing} (401)`,
			description: 'Check the API key and Base URL of the Infobip TikTok API credential.',
		});
	}
	if (status === '404' || status === '400') {
		return new NodeApiError(node, { httpCode: status }, {
			httpCode: status,
			message: `Infobip does not know ${account} for TikTok (${status}): could not ${doing}`,
			description: `Use the ID of a TikTok business account connected to your Infobip account (Channels > TikTok > Senders), as in the "to" field of received messages. Infobip said: ${error.message}`,
		});
	}
	if (status === '') {
		return new NodeApiError(node, { message: error.message }, {
			message: `Could not ${doing}: ${error.message}`,
			description:
				'Check the Base URL of the Infobip TikTok API credential and that this n8n can reach it, then try again.',
		});
	}
	return new NodeApiError(node, { httpCode: status }, {
		httpCode: status,
		message: `Could not ${doing}: ${error.message}`,
	});
}

/** An error whose text might quote the URL sent (an answer echoing the request), with the secret cut out. */
function withoutSecret<T extends NodeApiError | NodeOperationError>(error: T, secret: string): T {
	const scrub = (text: string | null | undefined) => text?.split(secret).join('…');
	error.message = scrub(error.message) ?? error.message;
	if (typeof error.description === 'string') error.description = scrub(error.description) ?? null;
	return error;
}

async function listConfigurations(
	this: InfobipContext,
	baseUrl: string,
	settings: Settings,
): Promise<InboundConfiguration[]> {
	const body = await infobipRequest.call(
		this,
		baseUrl,
		{ method: 'GET', path: INBOUND_CONFIGURATIONS_PATH, qs: listQuery(settings.businessAccountId) },
		REGISTRATION_RETRY,
	);
	return readConfigurations(body);
}

/** Whether a configuration still forwards to the URL and secret this node registered. */
function isOurs(configuration: InboundConfiguration | undefined, stored: Registration): boolean {
	const url = configuration?.forwarding?.url;
	if (configuration?.configurationKey !== stored.configurationKey || typeof url !== 'string') return false;
	const secret = queryValue(url, SECRET_PARAMETER);
	return withoutQuery(url) === stored.url && secret !== undefined && safeEqual(hashSecret(secret), stored.secretHash);
}

/** This node's own Production or Test URL: the path ends in its webhook ID and path. */
function isThisNodesUrl(url: string | undefined, webhookUrl: string): boolean {
	if (!url) return false;
	const tail = (value: string) => withoutQuery(value).split('/').slice(-2).join('/');
	return tail(url) === tail(webhookUrl);
}

function asRecord(configuration: InboundConfiguration): IDataObject {
	return JSON.parse(JSON.stringify(configuration)) as IDataObject;
}

/** n8n asks this before create(): true when Infobip still forwards to what this node registered. */
export async function registrationExists(this: IHookFunctions): Promise<boolean> {
	const stored = storedRegistration(this.getWorkflowStaticData('node'));
	if (!stored) return false;
	const settings = settingsOf.call(this);
	const webhookUrl = this.getNodeWebhookUrl('default') ?? '';
	if (
		stored.businessAccountId !== settings.businessAccountId ||
		stored.keyword !== settings.keyword ||
		stored.url !== withoutQuery(webhookUrl)
	) {
		return false;
	}
	try {
		const baseUrl = await getBaseUrl.call(this);
		const configurations = await listConfigurations.call(this, baseUrl, settings);
		return isOurs(
			configurations.find((entry) => entry.configurationKey === stored.configurationKey),
			stored,
		);
	} catch (error) {
		// n8n restarting: keep serving the URL Infobip was given rather than fail while Infobip is away.
		if (['init', 'leadershipChange'].includes(this.getActivationMode())) {
			this.logger.warn(
				`Infobip TikTok Trigger "${this.getNode().name}": could not check its registration in Infobip (${(error as Error).message}); the registered URL stays in use`,
			);
			return true;
		}
		throw registrationError(this.getNode(), error, settings, 'check the forwarding in Infobip');
	}
}

/**
 * Registers this node's URL (Production when publishing, Test while listening) with a new secret. Refuses
 * to take over another destination unless Replace Existing Forwarding is on; its own other URL (the
 * Production URL while listening for a test event) is taken over and put back afterwards.
 */
export async function createRegistration(this: IHookFunctions): Promise<boolean> {
	const settings = settingsOf.call(this);
	const node = this.getNode();
	const staticData = this.getWorkflowStaticData('node');
	const previous = storedRegistration(staticData);
	const webhookUrl = this.getNodeWebhookUrl('default') ?? '';
	const secret = randomBytes(32).toString('base64url');
	const url = `${webhookUrl}${webhookUrl.includes('?') ? '&' : '?'}${SECRET_PARAMETER}=${secret}`;
	try {
		const baseUrl = await getBaseUrl.call(this);
		const existing = findByKeyword(await listConfigurations.call(this, baseUrl, settings), settings.keyword);
		let replaced: IDataObject | undefined;
		if (existing) {
			const existingUrl = existing.forwarding?.url;
			if (isThisNodesUrl(existingUrl, webhookUrl)) {
				// Its own URL. While listening for a test event, the Production URL is put back afterwards;
				// otherwise it is a registration of this node that was not removed: keep what that had replaced.
				const listening = this.getMode() === 'manual';
				if (listening && withoutQuery(existingUrl ?? '') !== withoutQuery(webhookUrl)) replaced = asRecord(existing);
				else if (previous?.configurationKey === existing.configurationKey) replaced = previous.replaced;
			} else if (!settings.replaceExisting) {
				throw new NodeOperationError(
					node,
					`Infobip already forwards ${describeKeyword(existing.keyword)} of TikTok business account "${settings.businessAccountId}" to ${describeDestination(existing)}`,
					{
						description:
							'Nothing was changed. To send them to this workflow instead, turn on Replace Existing Forwarding (what is there now is put back when you unpublish), or remove that forwarding in Infobip (Channels > TikTok > Senders), or set a Keyword that routes only some messages here.',
					},
				);
			} else {
				replaced = asRecord(existing);
			}
		}
		const saved = (await infobipRequest.call(
			this,
			baseUrl,
			{
				method: 'POST',
				path: INBOUND_CONFIGURATIONS_PATH,
				body: forwardingBody(settings.businessAccountId, settings.keyword, url),
			},
			REGISTRATION_RETRY,
		)) as InboundConfiguration | undefined;
		const configurationKey = saved?.configurationKey ?? existing?.configurationKey;
		if (typeof configurationKey !== 'string') {
			throw new NodeOperationError(node, 'Infobip accepted the forwarding but sent no configurationKey back');
		}
		const registration: Registration = {
			configurationKey,
			businessAccountId: settings.businessAccountId,
			keyword: settings.keyword,
			url: withoutQuery(webhookUrl),
			secretHash: hashSecret(secret),
			...(replaced && { replaced }),
		};
		staticData.registration = registration;
		return true;
	} catch (error) {
		throw withoutSecret(registrationError(node, error, settings, 'register this workflow in Infobip'), secret);
	}
}

/**
 * Removes what this node registered, or puts back what it replaced. Leaves alone a configuration that
 * no longer forwards to this node (someone changed it since). Never throws: n8n would then keep its own
 * webhook records of an unpublished workflow; a failure is logged and remembered for the next publish.
 */
export async function deleteRegistration(this: IHookFunctions): Promise<boolean> {
	const staticData = this.getWorkflowStaticData('node');
	const stored = storedRegistration(staticData);
	if (!stored) return true;
	const node = this.getNode();
	try {
		const baseUrl = await getBaseUrl.call(this);
		const settings = { businessAccountId: stored.businessAccountId, keyword: stored.keyword, replaceExisting: false };
		const configurations = await listConfigurations.call(this, baseUrl, settings);
		const current = configurations.find((entry) => entry.configurationKey === stored.configurationKey);
		if (isOurs(current, stored)) {
			if (stored.replaced) {
				await infobipRequest.call(
					this,
					baseUrl,
					{
						method: 'POST',
						path: INBOUND_CONFIGURATIONS_PATH,
						body: restoreBody(stored.businessAccountId, stored.replaced as unknown as InboundConfiguration),
					},
					REGISTRATION_RETRY,
				);
			} else {
				await infobipRequest.call(
					this,
					baseUrl,
					{ method: 'DELETE', path: `${INBOUND_CONFIGURATIONS_PATH}/${encodeURIComponent(stored.configurationKey)}` },
					REGISTRATION_RETRY,
				);
			}
		} else {
			this.logger.info(
				`Infobip TikTok Trigger "${node.name}": the forwarding in Infobip no longer points at this workflow; left as it is`,
			);
		}
		delete staticData.registration;
		return true;
	} catch (error) {
		this.logger.warn(
			`Infobip TikTok Trigger "${node.name}": could not remove its forwarding in Infobip (${(error as Error).message}); publish and unpublish again, or remove it in Infobip (Channels > TikTok > Senders)`,
		);
		return false;
	}
}

/**
 * The list of Business Account ID (the trigger's panel): where Infobip forwards the messages of the business
 * account typed in the search box, or else of the one chosen. The Resources API does not name the business
 * account of a configuration, so nothing is listed before one is given.
 */
export async function searchForwardings(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const chosen = this.getCurrentNodeParameter('businessAccountId', { extractValue: true });
	const businessAccountId = (filter ?? '').trim() || (typeof chosen === 'string' ? chosen.trim() : '');
	if (businessAccountId === '') return { results: [] };
	const node = this.getNode();
	if (!node.credentials?.[API_CREDENTIAL]) {
		throw new NodeOperationError(node, 'Choose an Infobip TikTok API credential to see what Infobip forwards', {
			description: 'The list asks Infobip with the credential of this node (scope numbers:manage).',
		});
	}
	const settings = { businessAccountId, keyword: '', replaceExisting: false };
	try {
		const configurations = await listConfigurations.call(this, await getBaseUrl.call(this), settings);
		return { results: forwardingChoices(businessAccountId, configurations) };
	} catch (error) {
		throw registrationError(node, error, settings, 'list the forwarding of this business account');
	}
}
