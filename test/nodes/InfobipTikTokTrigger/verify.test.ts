import { createHmac } from 'crypto';

import {
	headerValue,
	signBody,
	verifyBasicAuth,
	verifyHeader,
	verifyHmac,
	type HmacSettings,
} from '../../../nodes/InfobipTikTokTrigger/verify';

const basic = (user: string, password: string) =>
	'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');

describe('verifyBasicAuth', () => {
	it('accepts the right user and password, including a colon in the password', () => {
		expect(verifyBasicAuth(basic('infobip', 's3:cr3t'), 'infobip', 's3:cr3t')).toBe(true);
		expect(verifyBasicAuth(basic('infobip', 's3:cr3t').replace('Basic', 'basic'), 'infobip', 's3:cr3t')).toBe(true);
	});

	it('rejects a wrong user, a wrong password, another scheme or no header', () => {
		expect(verifyBasicAuth(basic('other', 'pw'), 'infobip', 'pw')).toBe(false);
		expect(verifyBasicAuth(basic('infobip', 'pw2'), 'infobip', 'pw')).toBe(false);
		expect(verifyBasicAuth('Bearer abc', 'infobip', 'pw')).toBe(false);
		expect(verifyBasicAuth(undefined, 'infobip', 'pw')).toBe(false);
		expect(verifyBasicAuth('Basic ' + Buffer.from('nocolon').toString('base64'), 'nocolon', '')).toBe(false);
	});
});

describe('verifyHeader and headerValue', () => {
	it('compares the exact value', () => {
		expect(verifyHeader('token-1', 'token-1')).toBe(true);
		expect(verifyHeader('token-2', 'token-1')).toBe(false);
		expect(verifyHeader(undefined, 'token-1')).toBe(false);
	});

	it('finds headers case-insensitively and takes the first of repeated ones', () => {
		expect(headerValue({ 'x-token': 'a' }, 'X-Token')).toBe('a');
		expect(headerValue({ 'x-token': ['a', 'b'] }, 'x-token')).toBe('a');
		expect(headerValue({}, 'x-token')).toBeUndefined();
	});
});

describe('verifyHmac', () => {
	const body = Buffer.from('{"results":[{"messageId":"1"}]}');

	it.each([
		['sha1', 'hex', ''],
		['sha256', 'hex', 'sha256='],
		['sha512', 'base64', ''],
		['md5', 'base64', 'md5='],
	] as const)('accepts %s/%s signatures with prefix "%s"', (algorithm, encoding, prefix) => {
		const settings: HmacSettings = { secret: 'k3y', algorithm, encoding, prefix };
		const signature = prefix + createHmac(algorithm, 'k3y').update(body).digest(encoding);
		expect(signBody(body, settings)).toBe(signature);
		expect(verifyHmac(body, signature, settings)).toBe(true);
	});

	it('accepts upper-case hex', () => {
		const settings: HmacSettings = { secret: 'k', algorithm: 'sha256', encoding: 'hex', prefix: '' };
		expect(verifyHmac(body, signBody(body, settings).toUpperCase(), settings)).toBe(true);
	});

	it('rejects a wrong secret, a changed body, a missing prefix or a missing header', () => {
		const settings: HmacSettings = { secret: 'k', algorithm: 'sha256', encoding: 'hex', prefix: 'sha256=' };
		const good = signBody(body, settings);
		expect(verifyHmac(body, signBody(body, { ...settings, secret: 'other' }), settings)).toBe(false);
		expect(verifyHmac(Buffer.from(body.toString() + ' '), good, settings)).toBe(false);
		expect(verifyHmac(body, good.slice('sha256='.length), settings)).toBe(false);
		expect(verifyHmac(body, undefined, settings)).toBe(false);
		expect(verifyHmac(undefined, good, settings)).toBe(false);
	});
});
