import type {
	IExecuteFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	INodeExecutionData,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

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

class MediaError extends Error {}

function tooLarge(url: URL, maxMb: number): MediaError {
	return new MediaError(`the media at ${shownUrl(url)} is larger than the limit of ${maxMb} MB`);
}

/** Reads the whole body, stopping as soon as it exceeds the limit. */
async function readLimited(stream: ByteStream, url: URL, maxMb: number): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let total = 0;
	for await (const chunk of stream) {
		total += chunk.length;
		if (total > maxMb * BYTES_PER_MB) {
			stream.destroy?.();
			throw tooLarge(url, maxMb);
		}
		chunks.push(Buffer.from(chunk));
	}
	return Buffer.concat(chunks);
}

/**
 * Message > Download Media: fetches each item's media URL (an inbound image message's `mediaUrl`) into
 * a binary property, keeping the item's JSON. Expired or refused URLs and files over the size limit fail
 * with an error naming the item.
 */
export async function downloadMedia(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const baseUrl = await getBaseUrl.call(this);
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
			const { body, mimeType } = await fetchMedia(this, url, baseUrl, maxMb, index);
			const binary = await this.helpers.prepareBinaryData(body, fileNameOf(url), mimeType);
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
						? new NodeOperationError(this.getNode(), `Item ${index}: ${caught.message}`, {
								itemIndex: index,
								description: 'Raise "Maximum Size (MB)" if files this large are expected.',
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

async function fetchMedia(
	context: IExecuteFunctions,
	url: URL,
	baseUrl: string,
	maxMb: number,
	index: number,
): Promise<{ body: Buffer; mimeType?: string }> {
	const options: IHttpRequestOptions = {
		method: 'GET',
		url: url.toString(),
		encoding: 'stream',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};
	let response: IN8nHttpFullResponse;
	try {
		response = (
			isInfobipUrl(url, baseUrl)
				? await context.helpers.httpRequestWithAuthentication.call(context, API_CREDENTIAL, {
						...options,
						// A redirect to another host (a CDN) must not carry the API key.
						sendCredentialsOnCrossOriginRedirect: false,
					})
				: await context.helpers.httpRequest(options)
		) as IN8nHttpFullResponse;
	} catch (error) {
		// Only the message: the HTTP client's error object also holds the request headers.
		// The reason goes in the description: n8n swaps a message naming ECONNREFUSED & co. for a generic one.
		throw new NodeOperationError(context.getNode(), `Item ${index}: could not reach ${shownUrl(url)}`, {
			description: (error as Error).message,
			itemIndex: index,
		});
	}
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
	const length = Number(response.headers?.['content-length']);
	if (Number.isFinite(length) && length > maxMb * BYTES_PER_MB) {
		stream.destroy?.();
		throw tooLarge(url, maxMb);
	}
	const body = await readLimited(stream, url, maxMb);
	return { body, mimeType: mimeTypeOf(response.headers?.['content-type']) ?? sniffImageType(body) };
}
