/** Bun's server, as far as finding a request's peer goes. */
export interface PeerLookup {
  requestIP(request: Request): { address: string } | null;
}

/**
 * The client's address: the value of `header` when a proxy in front sets it (nginx: X-Real-IP;
 * Fly.io: Fly-Client-IP), else the peer's. The header is only trustworthy when that proxy
 * overwrites it and clients cannot reach the service around it (CLIENT_IP_HEADER=none then).
 * X-Forwarded-For is never used: its left part is whatever the client wrote.
 */
export function clientAddress(
  request: Request,
  server: PeerLookup | undefined,
  header: string | undefined,
): string {
  return (
    (header && request.headers.get(header)) || server?.requestIP(request)?.address || 'unknown'
  );
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** The eight 16-bit groups of an IPv6 address (an IPv4 tail included), or null. */
function ipv6Groups(address: string): number[] | null {
  let text = address.toLowerCase().replace(/^\[|\]$/g, '');
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  const tail = text.match(/:(\d{1,3}(?:\.\d{1,3}){3})$/);
  if (tail?.[1]) {
    const v4 = tail[1].split('.').map(Number);
    if (v4.some((n) => n > 255)) return null;
    const [a = 0, b = 0, c = 0, d = 0] = v4;
    text = `${text.slice(0, -tail[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string | undefined) => (part ? part.split(':') : []);
  const head = parse(halves[0]);
  const rest = parse(halves[1]);
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  if (groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null;
  return groups.map((g) => Number.parseInt(g, 16));
}

/**
 * What an address-keyed budget counts by: an IPv4 address as it is, an IPv6 address by its /64.
 * One subscriber gets at least a /64 and may use each of its 2^64 addresses at will: counted one
 * by one, they would multiply every per-address budget. An IPv4-mapped IPv6 address counts as
 * its IPv4 address. Anything else (a name, garbage from a misconfigured proxy) counts as itself.
 */
export function addressBucket(address: string): string {
  if (IPV4.test(address)) return address;
  const groups = ipv6Groups(address);
  if (!groups) return address.toLowerCase();
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (mapped) {
    const [hi = 0, lo = 0] = groups.slice(6);
    return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}

/** The client's address as budgets count it (`addressBucket` of `clientAddress`). */
export function clientNetwork(
  request: Request,
  server: PeerLookup | undefined,
  header: string | undefined,
): string {
  return addressBucket(clientAddress(request, server, header));
}
