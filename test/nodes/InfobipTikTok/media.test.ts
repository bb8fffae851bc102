import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { InfobipTikTok } from '../../../nodes/InfobipTikTok/InfobipTikTok.node';
import { flattenMessage } from '../../../nodes/infobip/flatten';
import type { InboundMessageResult } from '../../../nodes/infobip/types';
import { internalAddressReason, internalHostReason } from '../../../nodes/infobip/egress';
import {
	fileNameOf,
	isInfobipUrl,
	MAX_REDIRECTS,
	mimeTypeOf,
	parseMediaUrl,
	shownUrl,
	sniffImageType,
} from '../../../nodes/InfobipTikTok/operations/media';
import { InfobipStandIn } from '../../support/infobip-standin';
import { fakeDnsRecord, startRedirector } from '../../support/network';
import { runNode, type RunOptions } from '../../support/n8n';

const node = new InfobipTikTok();
const infobip = new InfobipStandIn({ apiKey: 'media-key' });
// Another host on another port: TikTok's CDN, say. Its files are public.
const cdn = new InfobipStandIn({ apiKey: 'never-sent' });
// A third host that only redirects.
let redirector: Awaited<ReturnType<typeof startRedirector>>;
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
	redirector = await startRedirector();
	credentials = { infobipTikTokApi: { apiKey: 'media-key', baseUrl: infobipUrl } };
});
afterAll(async () => {
	await infobip.stop();
	await cdn.stop();
	await redirector.stop();
});
beforeEach(() => {
	infobip.reset();
	cdn.reset();
	redirector.reset();
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

/** Our CDN stand-in lives on 127.0.0.1, an internal address: downloads from it must allow those. */
const fromCdn = (extra: INodeParameters = {}): INodeParameters => download({ allowInternalAddresses: true, ...extra });

const run = (parameters: INodeParameters, input: IDataObject[] | INodeExecutionData[], options: RunOptions = {}) =>
	runNode(node, parameters, input, { credentials, ...options });

describe('Message > Download Media', () => {
	it("puts an image from TikTok's CDN into binary `data`, keeps the item's fields and never sends the API key there", async () => {
		cdn.files['/media/abc/photo.png'] = { body: PNG, contentType: 'image/png', public: true };
		const item = imageItem(`${cdnUrl}/media/abc/photo.png?sig=secret-signature`);

		const { output } = await run(fromCdn(), [item]);

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
		const { output } = await run(fromCdn(), [imageItem(`${cdnUrl}/m/`)]);
		expect(output[0].binary!.data).toMatchObject({ mimeType: 'image/png', fileExtension: 'png' });
	});

	it.each([410, 404, 403])('an expired or refused URL (%i) fails with an error naming the item, without the query', async (status) => {
		cdn.files['/gone.png'] = { body: Buffer.from('Gone'), contentType: 'text/plain', status, public: true };
		const error = await run(fromCdn(), [imageItem(`${cdnUrl}/gone.png?token=abc`)]).catch((e: Error) => e);
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
		const error = await run(fromCdn(), [imageItem(`${closedUrl}/x.png`)]).catch((e: Error) => e);
		expect((error as Error).message).toBe(`Item 0: could not reach ${closedUrl}/x.png`);
		expect((error as { description?: string }).description).toMatch(/ECONNREFUSED/);
	});

	it.each([
		['announced by Content-Length', false],
		['sent in chunks without Content-Length', true],
	])('a file over the size limit fails (%s)', async (_case, chunked) => {
		cdn.files['/big.jpg'] = { body: Buffer.alloc(1024 * 1024 + 1, 1), contentType: 'image/jpeg', public: true, chunked };
		const error = await run(fromCdn({ maxSizeMb: 1 }), [imageItem(`${cdnUrl}/big.jpg`)]).catch((e: Error) => e);
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

		const { output } = await run(fromCdn(), items, { continueOnFail: true });

		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output[0].binary?.data.mimeType).toBe('image/png');
		expect(output[1].json).toMatchObject({ userId: 'b', error: expect.stringMatching(/^Item 1: .* 410 /) });
		expect(output[1].binary).toBeUndefined();
		expect(output[2].json).toMatchObject({ userId: 'c', error: 'Item 2: Media URL is not a URL: "not a url"' });
	});
});

describe('Message > Download Media: internal addresses and redirects', () => {
	const cdnPort = () => new URL(cdnUrl).port;
	const refusedHint = expect.stringContaining('turn on "Allow Internal Addresses"');

	it.each([
		['dotted', (port: string) => `http://127.0.0.1:${port}`, '127.0.0.1 is a loopback address'],
		['decimal', (port: string) => `http://2130706433:${port}`, '127.0.0.1 is a loopback address'],
		['octal', (port: string) => `http://0177.0.0.01:${port}`, '127.0.0.1 is a loopback address'],
		['hex', (port: string) => `http://0x7f.1:${port}`, '127.0.0.1 is a loopback address'],
		['IPv4-mapped IPv6', (port: string) => `http://[::ffff:127.0.0.1]:${port}`, '[::ffff:7f00:1] is a loopback address'],
		['localhost', (port: string) => `http://localhost:${port}`, 'localhost is a loopback address'],
		['localhost with a final dot', (port: string) => `http://LocalHost.:${port}`, 'localhost. is a loopback address'],
		['a local name', (port: string) => `http://vm:${port}`, 'vm is a name without a domain, which only a local network resolves'],
	])('by default a loopback URL (%s) fails the item naming why, and nothing is requested', async (_form, urlOf, why) => {
		cdn.files['/p.png'] = { body: PNG, contentType: 'image/png', public: true };
		const url = `${urlOf(cdnPort())}/p.png?sig=s`;
		const error = await run(download(), [imageItem(url)]).catch((e: Error) => e);
		const shown = new URL(url);
		expect((error as Error).message).toBe(
			`Item 0: refused to download the media at ${shown.origin}${shown.pathname}: ${why}`,
		);
		expect((error as { description?: string }).description).toEqual(refusedHint);
		expect(cdn.requests).toHaveLength(0);
	});

	it.each([
		['http://169.254.169.254/latest/meta-data/', '169.254.169.254 is a cloud metadata address'],
		['http://metadata.google.internal/computeMetadata/v1/', 'metadata.google.internal is a cloud metadata address'],
		['http://[fd00:ec2::254]/latest/', '[fd00:ec2::254] is a cloud metadata address'],
		['http://10.0.0.5/x', '10.0.0.5 is a private address'],
		['http://[fe80::1]/x', '[fe80::1] is a link-local address'],
		['http://0.0.0.0/x', '0.0.0.0 is an unspecified address'],
		['http://[::]/x', '[::] is an unspecified address'],
	])('by default %s is refused before any connection', async (url, why) => {
		const error = await run(download(), [imageItem(url)]).catch((e: Error) => e);
		expect((error as Error).message).toBe(`Item 0: refused to download the media at ${shownUrl(new URL(url))}: ${why}`);
	});

	it('by default a host name that resolves to a loopback address is refused (n8n checks the resolved address)', async () => {
		const restore = fakeDnsRecord('media.rebound.example', '127.0.0.1');
		try {
			cdn.files['/p.png'] = { body: PNG, contentType: 'image/png', public: true };
			const url = `http://media.rebound.example:${cdnPort()}/p.png`;
			const error = await run(download(), [imageItem(url)]).catch((e: Error) => e);
			expect((error as Error).message).toBe(
				`Item 0: refused to download the media at ${url}: media.rebound.example resolves to 127.0.0.1, a loopback address`,
			);
			expect(cdn.requests).toHaveLength(0);
		} finally {
			restore();
		}
	});

	it('with Continue On Fail an internal URL fails only its own item; Allow Internal Addresses downloads it', async () => {
		cdn.files['/own.png'] = { body: PNG, contentType: 'image/png', public: true };
		infobip.files['/tiktok/1/media/m-2'] = { body: PNG, contentType: 'image/png' };
		const items = [imageItem(`${cdnUrl}/own.png`, 'a'), imageItem(`${infobipUrl}/tiktok/1/media/m-2`, 'b')];

		const { output } = await run(download(), items, { continueOnFail: true });
		expect(output[0].json).toMatchObject({ userId: 'a', error: `Item 0: refused to download the media at ${cdnUrl}/own.png: 127.0.0.1 is a loopback address` });
		expect(output[0].binary).toBeUndefined();
		// The account's own base URL is trusted: the user typed it into the credential.
		expect(output[1].binary?.data.mimeType).toBe('image/png');
		expect(cdn.requests).toHaveLength(0);

		const allowed = await run(fromCdn(), items);
		expect(allowed.output.map((item) => item.binary?.data.mimeType)).toEqual(['image/png', 'image/png']);
	});

	it('a redirect from Infobip to another host is refused by default when that host is internal', async () => {
		cdn.files['/cdn/p.png'] = { body: PNG, contentType: 'image/png', public: true };
		infobip.failNext('/tiktok/1/media/r-1', { status: 302, headers: { location: `${cdnUrl}/cdn/p.png?sig=1` } });

		const error = await run(download(), [imageItem(`${infobipUrl}/tiktok/1/media/r-1`)]).catch((e: Error) => e);

		expect((error as Error).message).toBe(
			`Item 0: refused to follow a redirect to ${cdnUrl}/cdn/p.png: 127.0.0.1 is a loopback address`,
		);
		expect(infobip.requestsTo('/tiktok/1/media/r-1')[0].headers.authorization).toBe('App media-key');
		expect(cdn.requests).toHaveLength(0);
	});

	it('a redirect from Infobip to another host is followed (when allowed) without the API key', async () => {
		cdn.files['/cdn/p.png'] = { body: PNG, contentType: 'image/png', public: true };
		infobip.failNext('/tiktok/1/media/r-2', { status: 302, headers: { location: `${cdnUrl}/cdn/p.png?sig=1` } });

		const { output } = await run(fromCdn(), [imageItem(`${infobipUrl}/tiktok/1/media/r-2`)]);

		expect(Buffer.from(output[0].binary!.data.data, 'base64')).toEqual(PNG);
		expect(output[0].binary!.data.fileName).toBe('p.png');
		expect(infobip.requestsTo('/tiktok/1/media/r-2')[0].headers.authorization).toBe('App media-key');
		expect(cdn.requestsTo('/cdn/p.png')[0].headers.authorization).toBeUndefined();
	});

	it('a redirect within Infobip keeps the API key; a redirect from another host to Infobip gets none', async () => {
		infobip.files['/tiktok/1/media/final'] = { body: PNG, contentType: 'image/png' };
		infobip.failNext('/tiktok/1/media/moved', { status: 301, headers: { location: '/tiktok/1/media/final' } });
		const { output } = await run(download(), [imageItem(`${infobipUrl}/tiktok/1/media/moved`)]);
		expect(output[0].binary?.data.mimeType).toBe('image/png');
		expect(infobip.requestsTo('/tiktok/1/media/final')[0].headers.authorization).toBe('App media-key');

		infobip.reset();
		infobip.files['/tiktok/1/media/final'] = { body: PNG, contentType: 'image/png' };
		redirector.redirects['/bounce'] = `${infobipUrl}/tiktok/1/media/final`;
		const error = await run(fromCdn(), [imageItem(`${redirector.url}/bounce`)]).catch((e: Error) => e);
		expect((error as Error).message).toMatch(/^Item 0: could not download the media at .*\/tiktok\/1\/media\/final: the server answered 401 /);
		expect(infobip.requestsTo('/tiktok/1/media/final')[0].headers.authorization).toBeUndefined();
	});

	it(`stops after ${MAX_REDIRECTS} redirects`, async () => {
		redirector.redirects['/loop'] = '/loop';
		const error = await run(fromCdn(), [imageItem(`${redirector.url}/loop`)]).catch((e: Error) => e);
		expect((error as Error).message).toBe(`Item 0: the media at ${redirector.url}/loop redirects more than ${MAX_REDIRECTS} times`);
		expect(redirector.hits).toHaveLength(MAX_REDIRECTS + 1);
	});
});

describe('internalHostReason', () => {
	const reasonFor = (url: string) => internalHostReason(new URL(url).hostname);

	it.each([
		['http://127.1/', 'a loopback address'],
		['http://2130706433/', 'a loopback address'],
		['http://0x7f000001/', 'a loopback address'],
		['http://017700000001/', 'a loopback address'],
		['http://[::1]/', 'a loopback address'],
		['http://[0:0:0:0:0:0:0:1]/', 'a loopback address'],
		['http://[::ffff:7f00:1]/', 'a loopback address'],
		['http://[::127.0.0.1]/', 'a loopback address'],
		['http://[64:ff9b::127.0.0.1]/', 'a loopback address'],
		['http://[2002:7f00:1::]/', 'a loopback address'],
		['http://foo.localhost/', 'a loopback address'],
		['http://169.254.169.254/', 'a cloud metadata address'],
		['http://[::ffff:169.254.169.254]/', 'a cloud metadata address'],
		['http://2852039166/', 'a cloud metadata address'],
		['http://100.100.100.200/', 'a cloud metadata address'],
		['http://metadata/', 'a cloud metadata address'],
		['http://metadata.goog/', 'a cloud metadata address'],
		['http://169.254.1.1/', 'a link-local address'],
		['http://10.1.2.3/', 'a private address'],
		['http://172.16.0.1/', 'a private address'],
		['http://172.31.255.255/', 'a private address'],
		['http://192.168.1.1/', 'a private address'],
		['http://100.64.0.1/', 'a private address'],
		['http://[fc00::1]/', 'a private address'],
		['http://[fd12:3456::1]/', 'a private address'],
		['http://[fe80::1]/', 'a link-local address'],
		['http://0.0.0.0/', 'an unspecified address'],
		['http://0/', 'an unspecified address'],
		['http://224.0.0.1/', 'a multicast address'],
		['http://255.255.255.255/', 'a reserved address'],
		['http://printer.local/', 'a local network name'],
		['http://minio.internal/', 'a local network name'],
		['http://router.home.arpa/', 'a local network name'],
		['http://redis/', 'a name without a domain, which only a local network resolves'],
	])('%s is %s', (url, reason) => {
		expect(reasonFor(url)).toBe(reason);
	});

	it.each([
		'https://p16-sign-va.tiktokcdn.com/obj/x.jpeg',
		'https://api.infobip.com/',
		'http://8.8.8.8/',
		'http://172.32.0.1/',
		'http://172.15.255.255/',
		'http://100.128.0.1/',
		'http://192.169.0.1/',
		'http://[2606:4700:4700::1111]/',
		'http://[::ffff:8.8.8.8]/',
		'http://[2002:808:808::]/',
	])('%s is public', (url) => {
		expect(reasonFor(url)).toBeUndefined();
	});

	it('reads addresses as DNS returns them', () => {
		expect(internalAddressReason('127.0.0.1')).toBe('a loopback address');
		expect(internalAddressReason('::ffff:10.0.0.1')).toBe('a private address');
		expect(internalAddressReason('93.184.215.14')).toBeUndefined();
		expect(internalAddressReason('not an address')).toBeUndefined();
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
