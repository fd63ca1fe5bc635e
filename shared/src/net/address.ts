import { isIP } from 'node:net';

/**
 * What a request to a URL someone else chose may connect to (SSRF: webhooks, an organization's
 * OpenID issuer): an address is refused when it reaches this machine, the private network or
 * the cloud's metadata service — unless the operator allowed its network
 * (`WEBHOOK_ALLOWED_NETWORKS`, `OIDC_ALLOWED_NETWORKS`). Pure: guard.ts applies it to each
 * address the name resolved to, and request.ts connects to the address it vetted.
 */

/** An address as a 128-bit number (IPv4 as its IPv4-mapped IPv6 form), with its family. */
interface Parsed {
  readonly value: bigint;
  readonly v4: boolean;
}

const V4_MAPPED = 0xffffn << 32n;

function parseV4(text: string): bigint | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return null;
    value = (value << 8n) | BigInt(part);
  }
  return value;
}

function parseV6(text: string): bigint | null {
  let body = text.replace(/%.*$/, ''); // a zone (fe80::1%eth0) is not part of the address
  let tail: bigint | null = null;
  const lastColon = body.lastIndexOf(':');
  if (body.slice(lastColon + 1).includes('.')) {
    tail = parseV4(body.slice(lastColon + 1));
    if (tail === null) return null;
    body = `${body.slice(0, lastColon + 1)}0:0`;
  }
  const halves = body.split('::');
  if (halves.length > 2) return null;
  const groups = (half: string) => (half === '' ? [] : half.split(':'));
  const head = groups(halves[0] ?? '');
  const rest = halves.length === 2 ? groups(halves[1] ?? '') : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  let value = 0n;
  for (const group of all) {
    if (!/^[0-9a-f]{1,4}$/i.test(group)) return null;
    value = (value << 16n) | BigInt(`0x${group}`);
  }
  if (tail !== null) value = (value & ~0xffffffffn) | tail;
  return value;
}

/** An IPv4 or IPv6 address (brackets allowed), or null. */
export function parseAddress(text: string): Parsed | null {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const family = isIP(bare.replace(/%.*$/, ''));
  if (family === 4) {
    const v4 = parseV4(bare);
    return v4 === null ? null : { value: V4_MAPPED | v4, v4: true };
  }
  if (family === 6) {
    const value = parseV6(bare);
    if (value === null) return null;
    // ::ffff:a.b.c.d is the IPv4 address a.b.c.d, whatever its spelling.
    return { value, v4: value >> 32n === 0xffffn };
  }
  return null;
}

/** A network: `10.0.0.0/8`, `fc00::/7`, or one address (a /32 or /128). */
export interface Network {
  readonly base: bigint;
  readonly bits: number;
}

/** `a.b.c.d/n` or `x::/n` (n optional), or null when it is not a network. */
export function parseNetwork(text: string): Network | null {
  const [address = '', prefix, extra] = text.trim().split('/');
  if (extra !== undefined) return null;
  const parsed = parseAddress(address);
  if (!parsed) return null;
  const max = parsed.v4 && !address.includes(':') ? 32 : 128;
  const n = prefix === undefined ? max : /^\d{1,3}$/.test(prefix) ? Number(prefix) : -1;
  if (n < 0 || n > max) return null;
  const bits = max === 32 ? n + 96 : n;
  const mask = bits === 0 ? 0n : ((1n << BigInt(bits)) - 1n) << BigInt(128 - bits);
  return { base: parsed.value & mask, bits };
}

function contains(network: Network, value: bigint): boolean {
  if (network.bits === 0) return true;
  const mask = ((1n << BigInt(network.bits)) - 1n) << BigInt(128 - network.bits);
  return (value & mask) === network.base;
}

const net = (text: string): Network => {
  const parsed = parseNetwork(text);
  if (!parsed) throw new Error(`not a network: ${text}`);
  return parsed;
};

/** Never a target, by default: each with the reason a refusal gives. */
const REFUSED: readonly (readonly [Network, string])[] = [
  [net('0.0.0.0/8'), 'this network'],
  [net('10.0.0.0/8'), 'private'],
  [net('100.64.0.0/10'), 'shared (CGNAT)'],
  [net('127.0.0.0/8'), 'loopback'],
  [net('169.254.0.0/16'), 'link-local (cloud metadata)'],
  [net('172.16.0.0/12'), 'private'],
  [net('192.0.0.0/24'), 'IETF protocol assignments'],
  [net('192.168.0.0/16'), 'private'],
  [net('198.18.0.0/15'), 'benchmarking'],
  [net('224.0.0.0/4'), 'multicast'],
  [net('240.0.0.0/4'), 'reserved'],
  [net('::/128'), 'unspecified'],
  [net('::1/128'), 'loopback'],
  [net('64:ff9b::/96'), 'NAT64 (an IPv4 address inside)'],
  [net('64:ff9b:1::/48'), 'NAT64 (an IPv4 address inside)'],
  [net('100::/64'), 'discard'],
  [net('2001:db8::/32'), 'documentation'],
  [net('2002::/16'), '6to4 (an IPv4 address inside)'],
  [net('fc00::/7'), 'private (unique local)'],
  [net('fe80::/10'), 'link-local'],
  [net('fec0::/10'), 'site-local'],
  [net('ff00::/8'), 'multicast'],
];

/** The operator's allowed networks (`setting` names them in an error), parsed once. */
export function parseNetworks(list: readonly string[], setting = 'allowed networks'): Network[] {
  return list.map((text) => {
    const parsed = parseNetwork(text);
    if (!parsed) throw new Error(`${setting}: not a network: ${text}`);
    return parsed;
  });
}

export type Verdict =
  | { readonly allowed: true; readonly allowListed: boolean }
  | { readonly allowed: false; readonly reason: string };

/**
 * Whether a request may connect to `address` (an IP address, as resolved): refused when it lies
 * in one of the networks above and in none the operator allowed. Anything that is not an address
 * is refused.
 */
export function classifyAddress(address: string, allowed: readonly Network[]): Verdict {
  const parsed = parseAddress(address);
  if (!parsed) return { allowed: false, reason: 'not an IP address' };
  if (allowed.some((n) => contains(n, parsed.value))) return { allowed: true, allowListed: true };
  const refused = REFUSED.find(([n]) => contains(n, parsed.value));
  if (refused) return { allowed: false, reason: `${refused[1]} address ${address}` };
  return { allowed: true, allowListed: false };
}
