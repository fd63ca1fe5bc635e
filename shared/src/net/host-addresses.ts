import { networkInterfaces } from 'node:os';
import { type AddressSet, addressSet } from './ip';

/**
 * This host's own addresses: every address on every interface (`os.networkInterfaces()`),
 * loopback or not. A request to the machine's public or private address reaches its own
 * services as surely as one to 127.0.0.1 does, so the guard refuses them all (unless the
 * operator allowed their network).
 */

type Interfaces = Readonly<Record<string, readonly { readonly address: string }[] | undefined>>;

/** The addresses the interfaces list (a link-local one without its zone). */
export function readHostAddresses(interfaces: Interfaces): AddressSet {
  return addressSet(
    Object.values(interfaces).flatMap((list) => (list ?? []).map((i) => i.address)),
  );
}

/** How long one read of the interfaces stands: an address added later is refused within it. */
const MAX_AGE_MS = 1000;

/**
 * A reader of this host's addresses: the interfaces are read at the first call and again at a
 * call that finds the last read older than `maxAgeMs` (reading them takes tens of microseconds).
 * A failed read keeps the last list; with none yet, it throws, and the guard refuses.
 */
export function hostAddressesReader({
  interfaces = networkInterfaces as () => Interfaces,
  maxAgeMs = MAX_AGE_MS,
  now = Date.now,
}: {
  interfaces?: () => Interfaces;
  maxAgeMs?: number;
  now?: () => number;
} = {}): () => AddressSet {
  let last: { readonly addresses: AddressSet; readonly at: number } | null = null;
  return () => {
    if (last && now() - last.at < maxAgeMs) return last.addresses;
    try {
      last = { addresses: readHostAddresses(interfaces()), at: now() };
    } catch (err) {
      if (!last) {
        const code = (err as { code?: string }).code ?? (err as Error).message;
        throw new Error(`cannot read this host's addresses: ${code}`);
      }
    }
    return last.addresses;
  };
}

/** This process's reader: what the guard refuses unless a policy gives its own. */
export const hostAddresses = hostAddressesReader();
