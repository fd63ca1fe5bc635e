import { inNetwork, type Network, network } from './ip';

/**
 * The addresses a request to a URL someone else chose never reaches by default, after IANA's
 * special-purpose address registries (RFC 6890 and its updates). IPv4: this network, private,
 * shared (CGNAT), loopback, link-local (cloud metadata), the TEST-NETs, benchmarking, multicast,
 * reserved and broadcast. IPv6: everything outside global unicast (2000::/3), and inside it the
 * ranges that are no host on the internet.
 *
 * The IPv6 forms that carry an IPv4 address — IPv4-compatible (::/96), IPv4-translated
 * (::ffff:0:0:0/96), NAT64 (64:ff9b::/96, 64:ff9b:1::/48), 6to4 (2002::/16) and Teredo
 * (2001::/32) — are refused whole: where they lead depends on a translator, a tunnel or the
 * kernel, and the IPv4 address inside may be any of the above. A refusal names that address.
 * An IPv4-mapped address (::ffff:a.b.c.d) is the IPv4 address itself, judged as one.
 */

interface SpecialRange {
  readonly network: Network;
  readonly label: string;
  /** The IPv4 address the form carries, for the refusal's reason. */
  readonly embedded?: (value: bigint) => bigint;
}

const low32 = (value: bigint) => value & 0xffffffffn;
const range = (text: string, label: string, embedded?: (value: bigint) => bigint) => ({
  network: network(text),
  label,
  ...(embedded ? { embedded } : {}),
});

/** The first that holds an address names it: the narrower ranges come before wider ones. */
const RANGES: readonly SpecialRange[] = [
  range('0.0.0.0/8', 'this network'),
  range('10.0.0.0/8', 'private'),
  range('100.64.0.0/10', 'shared (CGNAT)'),
  range('127.0.0.0/8', 'loopback'),
  range('169.254.0.0/16', 'link-local (cloud metadata)'),
  range('172.16.0.0/12', 'private'),
  range('192.0.0.0/24', 'IETF protocol assignments'),
  range('192.0.2.0/24', 'documentation (TEST-NET-1)'),
  range('192.88.99.0/24', '6to4 relay anycast'),
  range('192.168.0.0/16', 'private'),
  range('198.18.0.0/15', 'benchmarking'),
  range('198.51.100.0/24', 'documentation (TEST-NET-2)'),
  range('203.0.113.0/24', 'documentation (TEST-NET-3)'),
  range('224.0.0.0/4', 'multicast'),
  range('255.255.255.255/32', 'broadcast'),
  range('240.0.0.0/4', 'reserved'),

  range('::/128', 'unspecified'),
  range('::1/128', 'loopback'),
  range('::/96', 'IPv4-compatible', low32),
  range('::ffff:0:0:0/96', 'IPv4-translated', low32),
  range('64:ff9b::/96', 'NAT64', low32),
  range('64:ff9b:1::/48', 'NAT64 (local use)'),
  range('100::/64', 'discard'),
  // The client's address, every bit flipped (RFC 4380 §4).
  range('2001::/32', 'Teredo', (value) => low32(value) ^ 0xffffffffn),
  range('2001:db8::/32', 'documentation'),
  range('2001::/23', 'IETF protocol assignments'),
  range('2002::/16', '6to4', (value) => low32(value >> 80n)),
  range('3fff::/20', 'documentation'),
  range('5f00::/16', 'segment routing (SRv6)'),
  range('fc00::/7', 'private (unique local)'),
  range('fe80::/10', 'link-local'),
  range('fec0::/10', 'site-local'),
  range('ff00::/8', 'multicast'),
];

/** IPv4 addresses (as their IPv4-mapped values), judged by the IPv4 ranges above only. */
const IPV4_SPACE = network('::ffff:0:0/96');
const GLOBAL_UNICAST = network('2000::/3');

/** The special range `value` lies in (with the IPv4 address its form carries), or null. */
export function specialRange(value: bigint): { label: string; embedded?: bigint } | null {
  const found = RANGES.find((r) => inNetwork(r.network, value));
  if (found)
    return { label: found.label, ...(found.embedded ? { embedded: found.embedded(value) } : {}) };
  if (!inNetwork(IPV4_SPACE, value) && !inNetwork(GLOBAL_UNICAST, value))
    return { label: 'not global unicast (outside 2000::/3)' };
  return null;
}
