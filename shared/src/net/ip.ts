import { isIP } from 'node:net';

/**
 * IP addresses and networks as numbers: each address is a 128-bit value, an IPv4 address its
 * IPv4-mapped IPv6 form (::ffff:a.b.c.d), so one comparison serves both families and every
 * spelling of an address (compressed or not, any case, leading zeros, a dotted tail) is the
 * same number.
 */

export interface ParsedAddress {
  readonly value: bigint;
  /** An IPv4 address, however it was written (dotted, or IPv4-mapped IPv6). */
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
export function parseAddress(text: string): ParsedAddress | null {
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

/** The IPv4 address in the low 32 bits of `value`, dotted. */
export const formatV4 = (value: bigint) =>
  [24n, 16n, 8n, 0n].map((shift) => (value >> shift) & 0xffn).join('.');

/** A network: `10.0.0.0/8`, `fc00::/7`, or one address (a /32 or /128). */
export interface Network {
  readonly base: bigint;
  readonly bits: number;
}

const maskOf = (bits: number) =>
  bits === 0 ? 0n : ((1n << BigInt(bits)) - 1n) << BigInt(128 - bits);

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
  return { base: parsed.value & maskOf(bits), bits };
}

/** A network written in this code, which is one. */
export function network(text: string): Network {
  const parsed = parseNetwork(text);
  if (!parsed) throw new Error(`not a network: ${text}`);
  return parsed;
}

export const inNetwork = (net: Network, value: bigint) => (value & maskOf(net.bits)) === net.base;

/** Addresses to look an address up in, by value (so by any of its spellings). */
export type AddressSet = ReadonlySet<bigint>;

/** The set of `addresses`; what is not an address is left out. */
export function addressSet(addresses: Iterable<string>): AddressSet {
  const values = new Set<bigint>();
  for (const text of addresses) {
    const parsed = parseAddress(text);
    if (parsed) values.add(parsed.value);
  }
  return values;
}
