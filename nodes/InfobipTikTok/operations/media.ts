import type {
	IExecuteFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeExecutionData,
	NodeEgressFilter,
	RequestHelperFunctions,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { internalAddressReason, internalHostReason } from '../../infobip/egress';
import { InvalidField, requireText } from '../../infobip/outbound';
import { API_CREDENTIAL, getBaseUrl } from '../../infobip/transport';
import { DEFAULT_MAX_MEDIA_MB } from '../descriptions/MessageDescription';
import { invalidItem } from '../deliver';

const BYTES_PER_MB = 1024 * 1024;

/** What the HTTP client hands back for `encoding: 'stream'`: chunks, and a way to stop reading. */
type ByteStream = AsyncIterable<Uint8Array> & { destroy?: () => void };

/** Checks the Media URL before any network call. */
export function parseMediaUrl(value: unknown): URL {
	const text = requireText('Media URL', value);
	if (!URL.canParse(text)) throw new InvalidField('Media URL', `is not a URL: "${text.slice(0, 200)}"`);
	const url = new URL(text);
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new InvalidField('Media URL', 'must start with http:// or https://');
	}
	return url;
}

/** The URL as errors show it: without query or fragment, which may carry a signature. */
export function shownUrl(url: URL): string {
	return `${url.origin}${url.pathname}`;
}

/**
 * Whether the URL is Infobip's own (the account's base URL, or an Infobip API host): only those get the
 * API key. Media on any other host (TikTok's CDN) is fetched without it, so the key never leaves Infobip.
 */
export function isInfobipUrl(url: URL, baseUrl: string): boolean {
	if (url.origin === new URL(baseUrl).origin) return true;
	return (
		url.protocol === 'https:' &&
		(url.hostname === 'api.infobip.com' || url.hostname.endsWith('.api.infobip.com'))
	);
}

/** The last path segment, if it looks like a file name. */
export function fileNameOf(url: URL): string | undefined {
	const last = url.pathname.split('/').pop() ?? '';
	try {
		const name = decodeURIComponent(last).trim();
		return name === '' ? undefined : name;
	} catch {
		return last;
	}
}

/** A usable MIME type from a Content-Type header; generic ones are left to n8n's detection. */
export function mimeTypeOf(header: unknown): string | undefined {
	const value = String(Array.isArray(header) ? header[0] : (header ?? ''))
		.split(';')[0]
		.trim()
		.toLowerCase();
	return value === '' || value === 'application/octet-stream' ? undefined : value;
}

const SIGNATURES: Array<{ mimeType: string; bytes: number[]; offset?: number }> = [
	{ mimeType: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
	{ mimeType: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
	{ mimeType: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38] },
	{ mimeType: 'image/webp', bytes: [0x57, 0x45, 0x42, 0x50], offset: 8 },
];

/** The image type from a file's first bytes, for servers that send no useful Content-Type. */
export function sniffImageType(body: Buffer): string | undefined {
	return SIGNATURES.find(({ bytes, offset = 0 }) =>
		bytes.every((byte, position) => body[offset + position] === byte),
	)?.mimeType;
}

/** Redirects followed per item; each hop is checked like the first URL. */
export const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

const SIZE_HINT = 'Raise "Maximum Size (MB)" if files this large are expected.';
const INTERNAL_HINT =
	'Media URLs come from incoming events, which anyone who knows the webhook URL could post, so internal addresses are refused. If your media is hosted on your own network, turn on "Allow Internal Addresses".';

/** A failure of one item that the user can act on, with the hint for it. */
class MediaError extends Error {
	constructor(
		message: string,
		readonly description: string,
	) {
		super(message);
	}
}

function tooLarge(url: URL, maxMb: number, index: number): MediaError {
	return new MediaError(
		`Item ${index}: the media at ${shownUrl(url)} is larger than the limit of ${maxMb} MB`,
		SIZE_HINT,
	);
}

/** Reads the whole body, stopping as soon as it exceeds the limit. */
async function readLimited(
	stream: ByteStream,
	url: URL,
	maxMb: number,
	index: number,
): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let total = 0;
	for await (const chunk of stream) {
		total += chunk.length;
		if (total > maxMb * BYTES_PER_MB) {
			stream.destroy?.();
			throw tooLarge(url, maxMb, index);
		}
		chunks.push(Buffer.from(chunk));
	}
	return Buffer.concat(chunks);
}

/**
 * n8n's own egress filter where the n8n version has one (2.41 does, 2.8 does not): it resolves the host
 * name and checks every address against the instance's SSRF rules. 'enforced' applies them even when the
 * instance leaves SSRF protection off for other nodes.
 */
function egressFilterOf(context: IExecuteFunctions): NodeEgressFilter | undefined {
	const helpers = context.helpers as Partial<Pick<RequestHelperFunctions, 'getSecureEgressFilter'>>;
	return typeof helpers.getSecureEgressFilter === 'function'
		? helpers.getSecureEgressFilter('enforced')
		: undefined;
}

interface MediaRequest {
	url: URL;
	baseUrl: string;
	maxMb: number;
	/** Off (the default): loopback, private, link-local and metadata addresses are refused. */
	allowInternal: boolean;
	filter?: NodeEgressFilter;
}

function unreachable(context: IExecuteFunctions, url: URL, index: number, error: unknown) {
	// Only the message: the HTTP client's error object also holds the request headers.
	// The reason goes in the description: n8n swaps a message naming ECONNREFUSED & co. for a generic one.
	return new NodeOperationError(
		context.getNode(),
		`Item ${index}: could not reach ${shownUrl(url)}`,
		{
			description: (error as Error).message,
			itemIndex: index,
		},
	);
}

/** Why this URL may not be fetched for a stranger's event, or undefined. */
async function refusal(
	context: IExecuteFunctions,
	url: URL,
	filter: NodeEgressFilter | undefined,
	index: number,
): Promise<string | undefined> {
	const reason = internalHostReason(url.hostname);
	if (reason) return `${url.hostname} is ${reason}`;
	if (!filter) return undefined;
	let result: Awaited<ReturnType<NodeEgressFilter['validateUrl']>>;
	try {
		result = await filter.validateUrl(url);
	} catch (error) {
		throw unreachable(context, url, index, error);
	}
	if (result.ok) return undefined;
	const ip = (result.error as { ip?: unknown }).ip;
	if (typeof ip !== 'string') return `${url.hostname} is blocked by n8n's SSRF protection`;
	return `${url.hostname} resolves to ${ip}, ${internalAddressReason(ip) ?? "an address n8n's SSRF protection blocks"}`;
}

/** One GET without following redirects; the API key only when asked for. */
async function getOnce(
	context: IExecuteFunctions,
	url: URL,
	authenticated: boolean,
	index: number,
): Promise<IN8nHttpFullResponse> {
	const options: IHttpRequestOptions = {
		method: 'GET',
		url: url.toString(),
		encoding: 'stream',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		// Each hop is checked (and decides on the API key) before it is requested.
		disableFollowRedirect: true,
	};
	try {
		return (
			authenticated
				? await context.helpers.httpRequestWithAuthentication.call(context, API_CREDENTIAL, options)
				: await context.helpers.httpRequest(options)
		) as IN8nHttpFullResponse;
	} catch (error) {
		throw unreachable(context, url, index, error);
	}
}

function header(response: IN8nHttpFullResponse, name: string): string | undefined {
	const value = response.headers?.[name];
	return value === undefined ? undefined : String(Array.isArray(value) ? value[0] : value);
}

/**
 * Follows the media URL hop by hop. Every hop outside the account's base URL is checked for internal
 * addresses (unless allowed); the API key goes to an Infobip URL and along redirects on that same
 * origin only, never to a host a redirect names.
 */
async function fetchMedia(
	context: IExecuteFunctions,
	request: MediaRequest,
	index: number,
): Promise<{ url: URL; body: Buffer; mimeType?: string }> {
	const baseOrigin = new URL(request.baseUrl).origin;
	let url = request.url;
	let authenticated = isInfobipUrl(url, request.baseUrl);
	for (let hop = 0; ; hop++) {
		if (!request.allowInternal && url.origin !== baseOrigin) {
			const why = await refusal(context, url, request.filter, index);
			if (why) {
				const what = hop === 0 ? 'download the media at' : 'follow a redirect to';
				throw new MediaError(
					`Item ${index}: refused to ${what} ${shownUrl(url)}: ${why}`,
					INTERNAL_HINT,
				);
			}
		}
		const response = await getOnce(context, url, authenticated, index);
		const location = header(response, 'location');
		if (!REDIRECT_STATUSES.has(response.statusCode) || location === undefined) {
			return { url, ...(await readMedia(context, response, url, request.maxMb, index)) };
		}
		(response.body as ByteStream).destroy?.();
		if (hop >= MAX_REDIRECTS) {
			throw new MediaError(
				`Item ${index}: the media at ${shownUrl(request.url)} redirects more than ${MAX_REDIRECTS} times`,
				'Check the Media URL in a browser.',
			);
		}
		const next = URL.canParse(location, url.href) ? new URL(location, url) : undefined;
		if (!next || (next.protocol !== 'http:' && next.protocol !== 'https:')) {
			throw new MediaError(
				`Item ${index}: the media at ${shownUrl(url)} redirects to an unusable location`,
				'Only http:// and https:// redirects are followed.',
			);
		}
		authenticated = authenticated && next.origin === url.origin;
		url = next;
	}
}

async function readMedia(
	context: IExecuteFunctions,
	response: IN8nHttpFullResponse,
	url: URL,
	maxMb: number,
	index: number,
): Promise<{ body: Buffer; mimeType?: string }> {
	const stream = response.body as ByteStream;
	const status = response.statusCode;
	if (status < 200 || status >= 300) {
		stream.destroy?.();
		const gone = [401, 403, 404, 410].includes(status);
		throw new NodeApiError(
			context.getNode(),
			{ status, message: response.statusMessage ?? '' },
			{
				message: `Item ${index}: could not download the media at ${shownUrl(url)}: the server answered ${status}${gone ? ' (the URL has expired or access is refused)' : ''}`,
				description: gone
					? 'Media URLs of incoming TikTok messages stop working after a while: download the media when the message arrives.'
					: undefined,
				httpCode: String(status),
				itemIndex: index,
			},
		);
	}
	const length = Number(header(response, 'content-length'));
	if (Number.isFinite(length) && length > maxMb * BYTES_PER_MB) {
		stream.destroy?.();
		throw tooLarge(url, maxMb, index);
	}
	const body = await readLimited(stream, url, maxMb, index);
	return { body, mimeType: mimeTypeOf(response.headers?.['content-type']) ?? sniffImageType(body) };
}

/**
 * Message > Download Media: fetches each item's media URL (an inbound image message's `mediaUrl`) into
 * a binary property, keeping the item's JSON. Expired or refused URLs, internal addresses and files over
 * the size limit fail with an error naming the item.
 */
export async function downloadMedia(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const baseUrl = await getBaseUrl.call(this);
	const filter = egressFilterOf(this);
	const output: INodeExecutionData[] = [];
	for (let index = 0; index < items.length; index++) {
		const item = items[index];
		try {
			const url = parseMediaUrl(this.getNodeParameter('mediaUrl', index, ''));
			const property = requireText(
				'Put Output File in Field',
				this.getNodeParameter('binaryPropertyName', index, 'data'),
			);
			const maxMb = Number(this.getNodeParameter('maxSizeMb', index, DEFAULT_MAX_MEDIA_MB));
			// NaN or 0 would switch the limit off: every comparison with NaN is false.
			if (!(maxMb > 0)) throw new InvalidField('Maximum Size (MB)', 'must be a number above 0');
			const allowInternal = this.getNodeParameter('allowInternalAddresses', index, false) === true;
			const media = await fetchMedia(this, { url, baseUrl, maxMb, allowInternal, filter }, index);
			const binary = await this.helpers.prepareBinaryData(
				media.body,
				fileNameOf(media.url),
				media.mimeType,
			);
			output.push({
				json: item.json,
				binary: { ...(item.binary ?? {}), [property]: binary },
				pairedItem: { item: index },
			});
		} catch (caught) {
			const error =
				caught instanceof NodeApiError || caught instanceof NodeOperationError
					? caught
					: caught instanceof MediaError
						? new NodeOperationError(this.getNode(), caught.message, {
								itemIndex: index,
								description: caught.description,
							})
						: invalidItem(this, index, caught);
			if (!this.continueOnFail()) throw error;
			output.push({
				json: { ...item.json, error: error.message },
				...(item.binary && { binary: item.binary }),
				pairedItem: { item: index },
			});
		}
	}
	return output;
}
