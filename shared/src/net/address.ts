import {
  type AddressSet,
  formatV4,
  inNetwork,
  type Network,
  parseAddress,
  parseNetwork,
} from './ip';
import { specialRange } from './special-ranges';

/**
 * What a request to a URL someone else chose may connect to (SSRF: webhooks, an organization's
 * OpenID issuer): an address is refused when it lies in a special range (special-ranges.ts:
 * loopback, private, link-local and cloud metadata, every IPv6 form that carries an IPv4
 * address…) or is one of this host's own addresses (any interface's: host-addresses.ts) —
 * unless the operator allowed its network (`WEBHOOK_ALLOWED_NETWORKS`, `OIDC_ALLOWED_NETWORKS`).
 * Pure: guard.ts applies it to each address the name resolved to, and request.ts connects to
 * the address it vetted.
 */

export {
  type AddressSet,
  addressSet,
  type Network,
  parseAddress,
  parseNetwork,
} from './ip';

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
 * Whether a request may connect to `address` (an IP address, as resolved or as a URL's host
 * after WHATWG parsing): allowed when the operator allowed its network; refused when it lies in
 * a special range or is one of `own` (this host's addresses). Anything that is not an address is
 * refused. The reason names the range, the address as written and the IPv4 address it carries.
 */
export function classifyAddress(
  address: string,
  allowed: readonly Network[],
  own: AddressSet,
): Verdict {
  const parsed = parseAddress(address);
  if (!parsed) return { allowed: false, reason: 'not an IP address' };
  if (allowed.some((n) => inNetwork(n, parsed.value))) return { allowed: true, allowListed: true };
  const special = specialRange(parsed.value);
  const isOwn = own.has(parsed.value);
  if (!special && !isOwn) return { allowed: true, allowListed: false };
  // An IPv4 address written as IPv6 (::ffff:7f00:1) is named in its dotted form as well.
  const embedded =
    special?.embedded ?? (parsed.v4 && address.includes(':') ? parsed.value : undefined);
  const written =
    embedded === undefined ? address : `${address} (IPv4 ${formatV4(embedded)} inside)`;
  const reason = special
    ? `${special.label} address ${written}${isOwn ? ", this host's own" : ''}`
    : `this host's own address ${written}`;
  return { allowed: false, reason };
}
