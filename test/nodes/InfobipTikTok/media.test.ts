import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { InfobipTikTok } from '../../../nodes/InfobipTikTok/InfobipTikTok.node';
import { flattenMessage } from '../../../nodes/infobip/flatten';
import type { InboundMessageResult } from '../../../nodes/infobip/types';
import {
	fileNameOf,
	isInfobipUrl,
	mimeTypeOf,
	parseMediaUrl,
	shownUrl,
	sniffImageType,
} from '../../../nodes/InfobipTikTok/operations/media';
import { InfobipStandIn } from '../../support/infobip-standin';
import { runNode, type RunOptions } from '../../support/n8n';

const node = new InfobipTikTok();
const infobip = new InfobipStandIn({ apiKey: 'media-key' });
// Another host on another port: TikTok's CDN, say. Its files are public.
const cdn = new InfobipStandIn({ apiKey: 'never-sent' });
let credentials: RunOptions['credentials'];
let infobipUrl: string;
let cdnUrl: string;

// A 1x1 PNG.
const PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
	'base64',
);

beforeAll(async () => {
	infobipUrl = await infobip.start();
	cdnUrl = await cdn.start();
	credentials = { infobipTikTokApi: { apiKey: 'media-key', baseUrl: infobipUrl } };
});
afterAll(async () => {
	await infobip.stop();
	await cdn.stop();
});
beforeEach(() => {
	infobip.reset();
	cdn.reset();
});

/** An item as Infobip TikTok Trigger emits it for an IMAGE message. */
const imageItem = (mediaUrl: string, user = 'img-user'): IDataObject =>
	flattenMessage({
		sender: user,
		to: 'business-1',
		messageId: `in-${user}`,
		message: { type: 'IMAGE', conversationId: user, mediaUrl },
	} as unknown as InboundMessageResult);

const download = (extra: INodeParameters = {}): INodeParameters => ({
	resource: 'message',
	operation: 'downloadMedia',
	mediaUrl: '={{ $json.mediaUrl }}',
	...extra,
});

const run = (parameters: INodeParameters, input: IDataObject[], options: RunOptions = {}) =>
	runNode(node, parameters, input, { credentials, ...options });

describe('Message > Download Media', () => {
	it("puts an image from TikTok's CDN into binary `data`, keeps the item's fields and never sends the API key there", async () => {
		cdn.files['/media/abc/photo.png'] = { body: PNG, contentType: 'image/png', public: true };
		const item = imageItem(`${cdnUrl}/media/abc/photo.png?sig=secret-signature`);

		const { output } = await run(download(), [item]);

		expect(output).toHaveLength(1);
		expect(output[0].json).toEqual(item);
		expect(output[0].pairedItem).toEqual({ item: 0 });
		expect(output[0].binary?.data).toMatchObject({ mimeType: 'image/png', fileName: 'photo.png', fileExtension: 'png' });
		expect(Buffer.from(output[0].binary!.data.data, 'base64')).toEqual(PNG);
		const [request] = cdn.requestsTo('/media/abc/photo.png');
		expect(request.headers.authorization).toBeUndefined();
		expect(request.query).toEqual({ sig: 'secret-signature' });
	});

	it("authenticates media on the account's own Infobip base URL, into the chosen binary field", async () => {
		infobip.files['/tiktok/1/media/m-1'] = { body: PNG, contentType: 'image/png; charset=binary' };
		const item = { ...imageItem(`${infobipUrl}/tiktok/1/media/m-1`) };
		const input = [{ json: item, binary: { earlier: { data: 'AA==', mimeType: 'text/plain' } }, pairedItem: { item: 0 } }];

		const { output } = await run(download({ binaryPropertyName: 'image' }), input);

		expect(infobip.requestsTo('/tiktok/1/media/m-1')[0].headers.authorization).toBe('App media-key');
		expect(Object.keys(output[0].binary!).sort()).toEqual(['earlier', 'image']);
		expect(output[0].binary!.image.mimeType).toBe('image/png');
		expect(Buffer.from(output[0].binary!.image.data, 'base64')).toEqual(PNG);
	});

	it('detects the type of a file served as application/octet-stream without a name', async () => {
		cdn.files['/m/'] = { body: PNG, public: true };
		const { output } = await run(download(), [imageItem(`${cdnUrl}/m/`)]);
		expect(output[0].binary!.data).toMatchObject({ mimeType: 'image/png', fileExtension: 'png' });
	});

	it.each([410, 404, 403])('an expired or refused URL (%i) fails with an error naming the item, without the query', async (status) => {
		cdn.files['/gone.png'] = { body: Buffer.from('Gone'), contentType: 'text/plain', status, public: true };
		const error = await run(download(), [imageItem(`${cdnUrl}/gone.png?token=abc`)]).catch((e: Error) => e);
		expect(error).toBeInstanceOf(Error);
		expect((error as Error).message).toBe(
			`Item 0: could not download the media at ${cdnUrl}/gone.png: the server answered ${status} (the URL has expired or access is refused)`,
		);
		expect(JSON.stringify(error)).not.toContain('token=abc');
	});

	it('a refused connection fails with an error naming the item', async () => {
		const closed = new InfobipStandIn();
		const closedUrl = await closed.start();
		await closed.stop();
		const error = await run(download(), [imageItem(`${closedUrl}/x.png`)]).catch((e: Error) => e);
		expect((error as Error).message).toBe(`Item 0: could not reach ${closedUrl}/x.png`);
		expect((error as { description?: string }).description).toMatch(/ECONNREFUSED/);
	});

	it.each([
		['announced by Content-Length', false],
		['sent in chunks without Content-Length', true],
	])('a file over the size limit fails (%s)', async (_case, chunked) => {
		cdn.files['/big.jpg'] = { body: Buffer.alloc(1024 * 1024 + 1, 1), contentType: 'image/jpeg', public: true, chunked };
		const error = await run(download({ maxSizeMb: 1 }), [imageItem(`${cdnUrl}/big.jpg`)]).catch((e: Error) => e);
		expect((error as Error).message).toBe(`Item 0: the media at ${cdnUrl}/big.jpg is larger than the limit of 1 MB`);
	});

	it('a text message (no media URL) fails before any request, naming the item and the field', async () => {
		const text = { ...imageItem('x'), type: 'TEXT', mediaUrl: null };
		const error = await run(download(), [text]).catch((e: Error) => e);
		expect((error as Error).message).toBe('Item 0: Media URL is empty');
		expect(infobip.requests).toHaveLength(0);
		expect(cdn.requests).toHaveLength(0);
	});

	it('with Continue On Fail a bad item keeps its fields and an error; good items still download', async () => {
		cdn.files['/ok.png'] = { body: PNG, contentType: 'image/png', public: true };
		cdn.files['/expired.png'] = { body: Buffer.from(''), status: 410, public: true };
		const items = [imageItem(`${cdnUrl}/ok.png`, 'a'), imageItem(`${cdnUrl}/expired.png`, 'b'), imageItem('not a url', 'c')];

		const { output } = await run(download(), items, { continueOnFail: true });

		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].binary?.data.mimeType).toBe('image/png');
		expect(output[1].json).toMatchObject({ userId: 'b', error: expect.stringMatching(/^Item 1: .* 410 /) });
		expect(output[1].binary).toBeUndefined();
		expect(output[2].json).toMatchObject({ userId: 'c', error: 'Item 2: Media URL is not a URL: "not a url"' });
	});
});

describe('media helpers', () => {
	it('parseMediaUrl accepts http(s) URLs only', () => {
		expect(parseMediaUrl(' https://a.example/x.png ').href).toBe('https://a.example/x.png');
		expect(() => parseMediaUrl('')).toThrow('Media URL: is empty');
		expect(() => parseMediaUrl('ftp://a.example/x')).toThrow('must start with http:// or https://');
	});

	it('only Infobip URLs get the API key', () => {
		const base = 'https://abc123.api.infobip.com';
		expect(isInfobipUrl(new URL('https://abc123.api.infobip.com/media/1'), base)).toBe(true);
		expect(isInfobipUrl(new URL('https://api.infobip.com/media/1'), base)).toBe(true);
		expect(isInfobipUrl(new URL('https://other.api.infobip.com/media/1'), base)).toBe(true);
		expect(isInfobipUrl(new URL('https://p16.tiktokcdn.com/img.png'), base)).toBe(false);
		expect(isInfobipUrl(new URL('https://api.infobip.com.evil.example/x'), base)).toBe(false);
		expect(isInfobipUrl(new URL('http://api.infobip.com/x'), base)).toBe(false);
		expect(isInfobipUrl(new URL('http://127.0.0.1:9/x'), 'http://127.0.0.1:8')).toBe(false);
	});

	it('shownUrl drops query and fragment; fileNameOf and mimeTypeOf read what they can', () => {
		expect(shownUrl(new URL('https://cdn.example/a/b.png?sig=1#f'))).toBe('https://cdn.example/a/b.png');
		expect(fileNameOf(new URL('https://cdn.example/a/my%20pic.jpg'))).toBe('my pic.jpg');
		expect(fileNameOf(new URL('https://cdn.example/a/'))).toBeUndefined();
		expect(mimeTypeOf('image/JPEG; charset=binary')).toBe('image/jpeg');
		expect(mimeTypeOf(['image/png'])).toBe('image/png');
		expect(mimeTypeOf('application/octet-stream')).toBeUndefined();
		expect(mimeTypeOf(undefined)).toBeUndefined();
	});
});

describe('sniffImageType', () => {
	it.each([
		['image/jpeg', [0xff, 0xd8, 0xff, 0xe0]],
		['image/png', [...PNG.subarray(0, 8)]],
		['image/gif', [...Buffer.from('GIF89a')]],
		['image/webp', [...Buffer.from('RIFF\0\0\0\0WEBPVP8 ')]],
		[undefined, [...Buffer.from('hello')]],
		[undefined, []],
	])('%s', (mimeType, bytes) => {
		expect(sniffImageType(Buffer.from(bytes))).toBe(mimeType);
	});
});
