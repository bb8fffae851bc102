import { createHash, createHmac, timingSafeEqual } from 'crypto';

/**
 * Checks of the webhook caller's credentials. All comparisons hash both sides first so that
 * `timingSafeEqual` gets equal lengths and the time taken says nothing about the secret.
 */

export function safeEqual(actual: string, expected: string): boolean {
	const a = createHash('sha256').update(actual).digest();
	const b = createHash('sha256').update(expected).digest();
	return timingSafeEqual(a, b);
}

/** One header's value as a string (Node gives repeated headers as arrays; the first one counts). */
export function headerValue(
	headers: Record<string, string | string[] | undefined>,
	name: string,
): string | undefined {
	const value = headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

export function verifyBasicAuth(
	authorization: string | undefined,
	user: string,
	password: string,
): boolean {
	const match = /^Basic\s+(\S+)\s*$/i.exec(authorization ?? '');
	if (!match) return false;
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon < 0) return false;
	// Evaluate both comparisons so a wrong user takes as long as a wrong password.
	const userOk = safeEqual(decoded.slice(0, colon), user);
	const passwordOk = safeEqual(decoded.slice(colon + 1), password);
	return userOk && passwordOk;
}

export function verifyHeader(received: string | undefined, expected: string): boolean {
	return received !== undefined && safeEqual(received, expected);
}

export const HMAC_ALGORITHMS = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'] as const;
export type HmacAlgorithm = (typeof HMAC_ALGORITHMS)[number];

export interface HmacSettings {
	secret: string;
	algorithm: HmacAlgorithm;
	encoding: 'hex' | 'base64';
	prefix: string;
}

export function signBody(rawBody: Buffer | string, settings: HmacSettings): string {
	const digest = createHmac(settings.algorithm, settings.secret).update(rawBody).digest(settings.encoding);
	return settings.prefix + digest;
}

/** Compares a received signature with the HMAC of the raw body (hex is compared case-insensitively). */
export function verifyHmac(
	rawBody: Buffer | string | undefined,
	received: string | undefined,
	settings: HmacSettings,
): boolean {
	if (rawBody === undefined || received === undefined) return false;
	const expected = signBody(rawBody, settings);
	const given = received.trim();
	if (settings.encoding === 'hex') return safeEqual(given.toLowerCase(), expected.toLowerCase());
	return safeEqual(given, expected);
}
