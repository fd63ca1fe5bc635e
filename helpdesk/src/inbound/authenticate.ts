import type { DnsResolver } from '@insightdesk/shared/net';
import type { authenticate } from 'mailauth';
import type { InboundAuthPolicy } from '../schemas';

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
