import { promises as dns } from 'node:dns';
import { readFile } from 'node:fs/promises';
import type { authenticate } from 'mailauth';
import type { InboundAuthPolicy } from '../schemas';

/** mailauth's resolver: `dns.promises.resolve`'s signature. */
export type DnsResolver = (name: string, rrtype: string) => Promise<string[][] | string[]>;

const LOOKUP_TIMEOUT_MS = 3000;

/**
 * The system's DNS, each lookup cut off after a few seconds (a sender's slow DNS must not hold a
 * job). With `recordsFile` (development and tests only), records listed there answer first: a
 * JSON object of `"<name> <TYPE>": [[...strings]]`, read on each lookup.
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

export interface AuthVerdict {
  readonly spf: string;
  readonly dkim: string;
  readonly dmarc: string;
  /**
   * SPF failed, DMARC failed, or the mail is DKIM-signed and no signature passes (a body that
   * changed after signing is mailauth's `neutral`: body hash did not verify).
   */
  readonly failed: boolean;
  /** What the organization's policy made of it. */
  readonly action: 'accepted' | 'flagged' | 'rejected';
}

/** SPF, DKIM and DMARC of a mail as received (mailauth), judged by the organization's policy. */
export async function authenticateMail(
  raw: Uint8Array,
  envelope: { remoteAddress: string; helo: string; mailFrom: string; mta: string },
  policy: InboundAuthPolicy,
  resolver: DnsResolver,
): Promise<AuthVerdict> {
  // Loaded at the first mail, not at the worker's start (mailauth and its parsers: ~0.3 s of CPU).
  const mailauth = await import('mailauth');
  const result = await mailauth.authenticate(Buffer.from(raw), {
    ip: envelope.remoteAddress.replace(/^::ffff:/, ''),
    helo: envelope.helo || 'unknown',
    sender: envelope.mailFrom,
    mta: envelope.mta,
    resolver,
    disableArc: true,
    disableBimi: true,
  } as Parameters<typeof authenticate>[1]);
  const spf = result.spf ? String(result.spf.status.result) : 'none';
  // An unsigned mail has one result, `none`: no signature to fail.
  const signatures = result.dkim.results
    .map((r) => String(r.status.result))
    .filter((r) => r !== 'none');
  const dkim = signatures.includes('pass') ? 'pass' : (signatures[0] ?? 'none');
  const dmarc = result.dmarc ? String(result.dmarc.status.result) : 'none';
  const failed =
    spf === 'fail' || dmarc === 'fail' || (signatures.length > 0 && !signatures.includes('pass'));
  const action = !failed
    ? 'accepted'
    : policy === 'reject'
      ? 'rejected'
      : policy === 'flag'
        ? 'flagged'
        : 'accepted';
  return { spf, dkim, dmarc, failed, action };
}
