import { isIPv6 } from 'node:net';

/** Bun's server, as far as finding a request's peer goes. */
export interface PeerLookup {
  requestIP(request: Request): { address: string } | null;
}

/**
 * The client's address as the per-address limits count it: the value of `header` when a proxy in
 * front sets it (nginx: X-Real-IP; Fly.io: Fly-Client-IP), else the peer's. The header is only
 * trustworthy when that proxy overwrites it and clients cannot reach the service around it
 * (CLIENT_IP_HEADER=none then). X-Forwarded-For is never used: its left part is whatever the
 * client wrote. See `addressKey` for IPv6.
 */
export function clientAddress(
  request: Request,
  server: PeerLookup | undefined,
  header: string | undefined,
): string {
  return addressKey(
    (header && request.headers.get(header)) || server?.requestIP(request)?.address || 'unknown',
  );
}

/**
 * One client, one key. An IPv6 client counts as its /64: one subscriber's network, in which it
 * may take a fresh address for every request (per-address limits would stop nothing). An
 * IPv4-mapped IPv6 address (`::ffff:a.b.c.d`, a dual-stack socket's view) is that IPv4 address.
 * `::1` stays itself. Anything else is returned as it is.
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped?.[1]) return mapped[1];
  const bare = address.replace(/%.*$/, '');
  if (!isIPv6(bare) || bare === '::1') return address;
  // An embedded dotted quad is the last two groups.
  const hex = bare.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_, a, b, c, d) =>
    [(a << 8) | b, (c << 8) | d].map((n: number) => n.toString(16)).join(':'),
  );
  const [head = '', tail] = hex.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups =
    tail === undefined
      ? left
      : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  const network = groups.slice(0, 4).map((group) => Number.parseInt(group, 16).toString(16));
  return `${network.join(':')}::/64`;
}
