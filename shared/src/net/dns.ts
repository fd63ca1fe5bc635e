import { promises as dns } from 'node:dns';
import { readFile } from 'node:fs/promises';

/** `dns.promises.resolve`'s signature (mailauth takes a resolver of this shape). */
export type DnsResolver = (name: string, rrtype: string) => Promise<string[][] | string[]>;

const LOOKUP_TIMEOUT_MS = 3000;

/**
 * The system's DNS, each lookup cut off after a few seconds (a slow server must not hold a job or
 * a request). With `recordsFile` (development and tests only), records listed there answer first:
 * a JSON object of `"<name> <TYPE>": [[...strings]]`, read on each lookup.
 */
export function systemResolver(recordsFile?: string): DnsResolver {
  return async (name, rrtype) => {
    if (recordsFile) {
      const records = await readFile(recordsFile, 'utf8').then(
        (t) => JSON.parse(t) as Record<string, string[][] | string[]>,
        () => ({}) as Record<string, string[][] | string[]>,
      );
      const found = records[`${name.toLowerCase()} ${rrtype.toUpperCase()}`];
      if (found) return found;
    }
    let timer: Timer | undefined;
    try {
      return await Promise.race([
        dns.resolve(name, rrtype) as Promise<string[][] | string[]>,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(Object.assign(new Error('DNS timeout'), { code: 'ETIMEOUT' })),
            LOOKUP_TIMEOUT_MS,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  };
}

/** Codes of an answer that says the name has no such record (not a failure to ask). */
const NO_RECORD = new Set(['ENOTFOUND', 'ENODATA', 'NXDOMAIN']);

/**
 * Whether a TXT record of `name` holds exactly `value` (its strings joined, RFC 7208 3.3):
 * `found`, `absent` (the answer has none), or `unknown` (the lookup failed: a timeout, a
 * server failure), which decides nothing.
 */
export async function txtRecordHolds(
  resolve: DnsResolver,
  name: string,
  value: string,
): Promise<'found' | 'absent' | 'unknown'> {
  try {
    const records = await resolve(name, 'TXT');
    const texts = records.map((r) => (Array.isArray(r) ? r.join('') : r));
    return texts.some((t) => t.trim() === value) ? 'found' : 'absent';
  } catch (err) {
    return NO_RECORD.has((err as { code?: string }).code ?? '') ? 'absent' : 'unknown';
  }
}
