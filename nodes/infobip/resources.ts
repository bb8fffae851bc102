import type { IDataObject, INodeListSearchItems } from 'n8n-workflow';

/**
 * Infobip's Resources API, inbound message configurations (resources.json): where Infobip forwards the
 * messages a TikTok business account receives. One configuration per business account and keyword.
 */

export const INBOUND_CONFIGURATIONS_PATH = '/resource-management/1/inbound-message-configurations';
export const TIKTOK_CHANNEL = 'TIKTOK_BM';
/** The TikTok forwarding format Infobip documents as the default; the body is the inbound TikTok webhook's. */
export const TIKTOK_FORWARD_FORMAT = 'MO_OTT_CONTACT';

export interface InboundForwarding {
	type?: string;
	url?: string;
	format?: string;
}

export interface InboundConfiguration {
	configurationKey: string;
	channel?: string;
	keyword?: string | null;
	forwarding?: InboundForwarding;
	conversations?: { enabled?: boolean };
	platform?: { applicationId?: string; entityId?: string };
}

/** The query of GET: every configuration of one business account (keywords are matched here, see below). */
export function listQuery(businessAccountId: string): IDataObject {
	return { channel: TIKTOK_CHANNEL, resource: businessAccountId };
}

/** The configurations in a GET answer (an array; anything else counts as none). */
export function readConfigurations(body: unknown): InboundConfiguration[] {
	if (!Array.isArray(body)) return [];
	return body.filter(
		(entry): entry is InboundConfiguration =>
			typeof entry === 'object' && entry !== null && typeof entry.configurationKey === 'string',
	);
}

/** No keyword (empty or null) matches every message; keywords are compared without case. */
export function sameKeyword(a: string | null | undefined, b: string | null | undefined): boolean {
	return (a ?? '').trim().toUpperCase() === (b ?? '').trim().toUpperCase();
}

export function findByKeyword(
	configurations: InboundConfiguration[],
	keyword: string,
): InboundConfiguration | undefined {
	return configurations.find((configuration) => sameKeyword(configuration.keyword, keyword));
}

/** The body of POST that points the business account's (keyword's) messages at `url`. */
export function forwardingBody(businessAccountId: string, keyword: string, url: string): IDataObject {
	return {
		channel: TIKTOK_CHANNEL,
		resource: businessAccountId,
		...(keyword.trim() !== '' && { keyword: keyword.trim() }),
		forwarding: { type: 'HTTP_FORWARD', url, format: TIKTOK_FORWARD_FORMAT },
	};
}

/**
 * The body of POST that puts a replaced configuration's forwarding back. A POST for a taken business account
 * and keyword updates that configuration; one that had no forwarding gets ours unset.
 */
export function restoreBody(businessAccountId: string, replaced: InboundConfiguration): IDataObject {
	const keyword = (replaced.keyword ?? '').trim();
	const forwarding = replaced.forwarding;
	return {
		channel: TIKTOK_CHANNEL,
		resource: businessAccountId,
		...(keyword !== '' && { keyword }),
		...(forwarding?.type ? { forwarding: { ...forwarding } } : { unset: ['FORWARDING'] }),
	};
}

/** A URL without its query and fragment, for comparing where two configurations point. */
export function withoutQuery(url: string): string {
	return url.split(/[?#]/)[0];
}

/** A URL fit for a message or a log: query values (secrets, tokens) replaced by "…". */
export function redactUrl(url: string): string {
	const [base, query] = url.split('?', 2);
	if (query === undefined) return base;
	const names = query
		.split('#')[0]
		.split('&')
		.filter((pair) => pair !== '')
		.map((pair) => `${pair.split('=')[0]}=…`);
	return names.length > 0 ? `${base}?${names.join('&')}` : base;
}

/** One query parameter of a URL, or undefined. */
export function queryValue(url: string, name: string): string | undefined {
	const query = url.split('#')[0].split('?', 2)[1];
	if (query === undefined) return undefined;
	for (const pair of query.split('&')) {
		const [key, ...value] = pair.split('=');
		if (decodeURIComponent(key) === name) return decodeURIComponent(value.join('='));
	}
	return undefined;
}

/** What a configuration does with the messages, in words, without secrets. */
export function describeDestination(configuration: InboundConfiguration): string {
	const forwarding = configuration.forwarding;
	if (forwarding?.type === 'HTTP_FORWARD' && forwarding.url) return redactUrl(forwarding.url);
	if (forwarding?.type) return `an action of type ${forwarding.type}`;
	if (configuration.conversations?.enabled) return 'Infobip Conversations';
	return 'a configuration without forwarding';
}

export function describeKeyword(keyword: string | null | undefined): string {
	const text = (keyword ?? '').trim();
	return text === '' ? 'all messages' : `messages starting with "${text}"`;
}

/**
 * The choices of Business Account ID's list: one per configuration of the business account, saying where
 * its messages go (query values redacted); one saying there is none when Infobip has nothing for it.
 */
export function forwardingChoices(
	businessAccountId: string,
	configurations: InboundConfiguration[],
): INodeListSearchItems[] {
	if (configurations.length === 0) {
		return [{ name: `${businessAccountId} — nothing registered in Infobip`, value: businessAccountId }];
	}
	return configurations.map((configuration) => {
		const forwarding = configuration.forwarding;
		const destination = describeDestination(configuration);
		const action = forwarding?.type === 'HTTP_FORWARD' && forwarding.url ? `forwards to ${destination}` : destination;
		const keyword = (configuration.keyword ?? '').trim();
		return {
			name: `${businessAccountId} — ${action}${keyword === '' ? '' : ` [keyword "${keyword}"]`}`,
			value: businessAccountId,
		};
	});
}
