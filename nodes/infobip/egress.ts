/**
 * Which hosts a URL taken from an incoming event may not point at: loopback, private, link-local and
 * cloud-metadata addresses, and names only a local network resolves. Pure functions on the host text;
 * WHATWG URL parsing has already turned decimal, octal and hex IPv4 forms into dotted ones and IPv6
 * into bracketed hex, and both forms are read here.
 */

type Range = { base: number[]; bits: number; reason: string };

const LOOPBACK = 'a loopback address';
const PRIVATE = 'a private address';
const LINK_LOCAL = 'a link-local address';
const METADATA = 'a cloud metadata address';
const SPECIAL = 'a special-purpose address';

/** Most specific first: the first match names the reason. */
const IPV4_RANGES: Range[] = [
	{ base: [169, 254, 169, 254], bits: 32, reason: METADATA },
	{ base: [169, 254, 170, 2], bits: 32, reason: METADATA },
	{ base: [100, 100, 100, 200], bits: 32, reason: METADATA },
	{ base: [192, 0, 0, 192], bits: 32, reason: METADATA },
	{ base: [0, 0, 0, 0], bits: 8, reason: 'an unspecified address' },
	{ base: [10, 0, 0, 0], bits: 8, reason: PRIVATE },
	{ base: [100, 64, 0, 0], bits: 10, reason: PRIVATE },
	{ base: [127, 0, 0, 0], bits: 8, reason: LOOPBACK },
	{ base: [169, 254, 0, 0], bits: 16, reason: LINK_LOCAL },
	{ base: [172, 16, 0, 0], bits: 12, reason: PRIVATE },
	{ base: [192, 168, 0, 0], bits: 16, reason: PRIVATE },
	{ base: [192, 0, 0, 0], bits: 24, reason: SPECIAL },
	{ base: [198, 18, 0, 0], bits: 15, reason: SPECIAL },
	{ base: [224, 0, 0, 0], bits: 4, reason: 'a multicast address' },
	{ base: [240, 0, 0, 0], bits: 4, reason: 'a reserved address' },
];

const IPV6_RANGES: Range[] = [
	{ base: [0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254], bits: 128, reason: METADATA },
	{ base: [0, 0, 0, 0, 0, 0, 0, 1], bits: 128, reason: LOOPBACK },
	{ base: [0, 0, 0, 0, 0, 0, 0, 0], bits: 128, reason: 'an unspecified address' },
	{ base: [0xfe80, 0, 0, 0, 0, 0, 0, 0], bits: 10, reason: LINK_LOCAL },
	{ base: [0xfec0, 0, 0, 0, 0, 0, 0, 0], bits: 10, reason: PRIVATE },
	{ base: [0xfc00, 0, 0, 0, 0, 0, 0, 0], bits: 7, reason: PRIVATE },
	{ base: [0xff00, 0, 0, 0, 0, 0, 0, 0], bits: 8, reason: 'a multicast address' },
];

/** Names that cloud providers answer with their metadata service. */
const METADATA_NAMES = new Set([
	'metadata',
	'metadata.google.internal',
	'metadata.goog',
	'instance-data',
	'instance-data.ec2.internal',
	'metadata.azure.internal',
]);

/** Top-level names reserved for local networks (RFC 6761, RFC 6762, RFC 8375, ICANN's .internal). */
const LOCAL_SUFFIXES = [
	'localhost',
	'local',
	'localdomain',
	'internal',
	'intranet',
	'lan',
	'home.arpa',
];

function inRange(parts: number[], range: Range, partBits: number): boolean {
	let left = range.bits;
	for (let index = 0; left > 0; index++, left -= partBits) {
		const keep = Math.min(left, partBits);
		const mask = ((1 << keep) - 1) << (partBits - keep);
		if ((parts[index] & mask) !== (range.base[index] & mask)) return false;
	}
	return true;
}

/** Dotted IPv4 (four decimal parts, as URL parsing leaves it) to its four bytes. */
export function parseIpv4(text: string): number[] | undefined {
	const parts = text.split('.');
	if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part))) return undefined;
	const bytes = parts.map(Number);
	return bytes.every((byte) => byte <= 255) ? bytes : undefined;
}

/** IPv6 (with or without brackets, `::` and a trailing dotted IPv4) to its eight 16-bit groups. */
export function parseIpv6(text: string): number[] | undefined {
	let rest = text.replace(/^\[|\]$/g, '').toLowerCase();
	if (!rest.includes(':') || rest.includes('%')) return undefined;
	const dotted = /:(\d+\.\d+\.\d+\.\d+)$/.exec(rest);
	if (dotted) {
		// A trailing dotted IPv4 is the last two groups.
		const bytes = parseIpv4(dotted[1]);
		if (!bytes) return undefined;
		const hex = (high: number, low: number) => ((high << 8) | low).toString(16);
		rest = `${rest.slice(0, dotted.index + 1)}${hex(bytes[0], bytes[1])}:${hex(bytes[2], bytes[3])}`;
	}
	const halves = rest.split('::');
	if (halves.length > 2) return undefined;
	const groups = (half: string) => (half === '' ? [] : half.split(':'));
	const head = groups(halves[0]);
	const back = halves.length === 2 ? groups(halves[1]) : [];
	if (![...head, ...back].every((group) => /^[0-9a-f]{1,4}$/.test(group))) return undefined;
	const missing = 8 - head.length - back.length;
	if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
	return [
		...head.map((group) => parseInt(group, 16)),
		...new Array<number>(halves.length === 2 ? missing : 0).fill(0),
		...back.map((group) => parseInt(group, 16)),
	];
}

/** The IPv4 address an IPv6 one carries (mapped, compatible, NAT64, 6to4), if any. */
function embeddedIpv4(groups: number[]): number[] | undefined {
	const bytesOf = (high: number, low: number) => [high >> 8, high & 0xff, low >> 8, low & 0xff];
	const zeros = (from: number, to: number) => groups.slice(from, to).every((group) => group === 0);
	if (zeros(0, 5) && groups[5] === 0xffff) return bytesOf(groups[6], groups[7]);
	if (zeros(0, 6) && groups[6] !== 0) return bytesOf(groups[6], groups[7]);
	if (groups[0] === 0x64 && groups[1] === 0xff9b && zeros(2, 6))
		return bytesOf(groups[6], groups[7]);
	if (groups[0] === 0x2002) return bytesOf(groups[1], groups[2]);
	return undefined;
}

/** Why an IP address (v4 or v6 text) may not be fetched, or undefined for a public one. */
export function internalAddressReason(address: string): string | undefined {
	const ipv4 = parseIpv4(address);
	if (ipv4) return IPV4_RANGES.find((range) => inRange(ipv4, range, 8))?.reason;
	const ipv6 = parseIpv6(address);
	if (!ipv6) return undefined;
	const carried = embeddedIpv4(ipv6);
	if (carried) return IPV4_RANGES.find((range) => inRange(carried, range, 8))?.reason;
	return IPV6_RANGES.find((range) => inRange(ipv6, range, 16))?.reason;
}

/**
 * Why a URL's host may not be fetched, or undefined when nothing in its text says so (a public-looking
 * name still has to be resolved to know where it points).
 */
export function internalHostReason(hostname: string): string | undefined {
	const host = hostname.toLowerCase().replace(/\.+$/, '');
	if (parseIpv4(host) || parseIpv6(host)) return internalAddressReason(host);
	if (host === '') return 'an empty host name';
	if (METADATA_NAMES.has(host)) return METADATA;
	if (host === 'localhost' || host.endsWith('.localhost')) return LOOPBACK;
	if (LOCAL_SUFFIXES.some((suffix) => host === suffix || host.endsWith(`.${suffix}`))) {
		return 'a local network name';
	}
	if (!host.includes('.')) return 'a name without a domain, which only a local network resolves';
	return undefined;
}
