import { lookup } from 'node:dns/promises';
import { readFile } from 'node:fs/promises';
import { type AddressSet, classifyAddress, type Network, parseAddress } from './address';
import { hostAddresses } from './host-addresses';

/**
 * The SSRF guard of a request to a URL someone else chose (a webhook's endpoint, an
 * organization's OpenID issuer): the host is resolved here and every address it resolves to is
 * vetted (address.ts), against the special ranges and this host's own addresses as its
 * interfaces have them now; the request then connects to the vetted address itself
 * (request.ts), so a DNS answer that changes between the check and the connection (rebinding)
 * changes nothing. A URL's host is judged as WHATWG parsing normalized it: `http://2130706433/`
 * and `http://0x7f.1/` name 127.0.0.1, `http://[::127.0.0.1]/` names ::7f00:1.
 */

export interface GuardPolicy {
  /** The operator's allowed networks: their addresses pass, on any port. */
  readonly allowedNetworks: readonly Network[];
  /** Ports allowed beyond the scheme's own (80, 443) for other addresses. */
  readonly allowedPorts: readonly number[];
  /** Name resolution (the system's by default: /etc/hosts, then DNS). */
  readonly resolve?: (host: string) => Promise<string[]>;
  /** This host's own addresses, refused (every interface's, re-read as they change, by default). */
  readonly ownAddresses?: () => AddressSet;
}

type AddressPolicy = Pick<GuardPolicy, 'allowedNetworks' | 'ownAddresses'>;

/**
 * Every address must pass: the first refusal, or whether all of them were in the operator's
 * networks. This host's addresses are read now; when they cannot be, nothing passes.
 */
function vetAddresses(
  addresses: readonly string[],
  policy: AddressPolicy,
): { refused: string } | { allowListed: boolean } {
  let own: AddressSet;
  try {
    own = (policy.ownAddresses ?? hostAddresses)();
  } catch (err) {
    return { refused: `refused: ${(err as Error).message}` };
  }
  let allowListed = true;
  for (const address of addresses) {
    const verdict = classifyAddress(address, policy.allowedNetworks, own);
    if (!verdict.allowed) return { refused: `refused: ${verdict.reason}` };
    allowListed &&= verdict.allowListed;
  }
  return { allowListed };
}

const systemResolve = async (host: string) =>
  (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Development and tests: the names a JSON file lists (`{"name": ["127.0.0.2"]}`, read at each
 * lookup) resolve to its addresses, others through the system. What it answers is vetted like
 * any DNS answer: it cannot open what the guard refuses.
 */
export function hostsFileResolver(file: string): (host: string) => Promise<string[]> {
  return async (host) => {
    const hosts = await readFile(file, 'utf8').then(
      (text) => JSON.parse(text) as Record<string, string[]>,
      () => ({}) as Record<string, string[]>,
    );
    return hosts[host.toLowerCase()] ?? systemResolve(host);
  };
}

/** The host of a URL without an IPv6 literal's brackets. */
export const bareHost = (url: URL) => url.hostname.replace(/^\[|\]$/g, '');

/** Why `url` may not be a target as written (before any resolution), or null. */
export function urlProblem(url: URL): string | null {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'only http and https URLs';
  if (url.username || url.password) return 'no credentials in the URL';
  if (url.hostname === '') return 'no host';
  return null;
}

function portAllowed(url: URL, policy: Pick<GuardPolicy, 'allowedPorts'>): boolean {
  // URL drops the scheme's default port: '' is 80 for http, 443 for https.
  return url.port === '' || url.port === '80' || url.port === '443'
    ? true
    : policy.allowedPorts.includes(Number(url.port));
}

const portRefusal = (url: URL, policy: Pick<GuardPolicy, 'allowedPorts'>) =>
  `port ${url.port} is not allowed (80, 443${policy.allowedPorts.map((p) => `, ${p}`).join('')})`;

/** The address to connect to, vetted, or why there is none. */
export async function vetTarget(
  url: URL,
  policy: GuardPolicy,
): Promise<{ address: string } | { refused: string }> {
  const problem = urlProblem(url);
  if (problem) return { refused: problem };
  const host = bareHost(url);
  let addresses: string[];
  if (parseAddress(host)) addresses = [host];
  else {
    try {
      addresses = await (policy.resolve ?? systemResolve)(host);
    } catch (err) {
      return { refused: `cannot resolve ${host}: ${(err as { code?: string }).code ?? 'error'}` };
    }
  }
  if (addresses.length === 0) return { refused: `${host} resolves to nothing` };
  // Every address the name has must pass: a name that also points inside is refused.
  const vetted = vetAddresses(addresses, policy);
  if ('refused' in vetted) return vetted;
  if (!vetted.allowListed && !portAllowed(url, policy))
    return { refused: `refused: ${portRefusal(url, policy)}` };
  return { address: addresses[0] as string };
}

/**
 * Why a URL cannot be registered, or null: what can be told without resolving it (the scheme,
 * credentials, an address literal that is refused, a port). A name is vetted at each request.
 */
export function registrationProblem(
  text: string,
  policy: Pick<GuardPolicy, 'allowedNetworks' | 'allowedPorts' | 'ownAddresses'>,
): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'not a URL';
  }
  const problem = urlProblem(url);
  if (problem) return problem;
  const host = bareHost(url);
  // A name is resolved at each request, where its addresses (and so its port) are vetted.
  if (!parseAddress(host)) return null;
  const vetted = vetAddresses([host], policy);
  if ('refused' in vetted) return vetted.refused;
  if (!vetted.allowListed && !portAllowed(url, policy)) return portRefusal(url, policy);
  return null;
}
