import { createHash } from 'node:crypto';
import type { AddressObject } from 'mailparser';
import { TEXT_LIMITS } from '../schemas';

/**
 * What processing needs of a raw mail: who, about what, the text (quoted history trimmed), and
 * the signs that decide its fate (automatic, ours, a bounce). HTML is never kept: the text is the
 * text part, or the HTML converted to text (mailparser), so nothing of a sender's markup is
 * stored or rendered. A mail MIME cannot parse is kept as its raw text.
 */

const HEADER_END = /\r?\n\r?\n/;

/** The unfolded header section (up to the first blank line) of a raw mail. */
function headerSection(raw: Uint8Array): string {
  const text = Buffer.from(raw.subarray(0, Math.min(raw.byteLength, 256 * 1024))).toString(
    'latin1',
  );
  const end = text.search(HEADER_END);
  return (end === -1 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
}

/** A header's values (every occurrence), from the raw header section. */
export function rawHeader(raw: Uint8Array, name: string): string[] {
  const wanted = name.toLowerCase();
  const out: string[] = [];
  for (const line of headerSection(raw).split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === wanted) {
      out.push(line.slice(colon + 1).trim());
    }
  }
  return out;
}

/**
 * The key of a mail in its organization: its Message-ID, else a digest of its bytes (the same
 * mail sent twice is still stored once). Read from the raw headers: the ingress needs it before
 * its 250, without a MIME parse.
 */
export function messageKey(raw: Uint8Array): string {
  const id = rawHeader(raw, 'message-id')[0]?.match(/<[^<>\s]{1,900}>/)?.[0];
  return id ?? `sha256:${createHash('sha256').update(raw).digest('hex')}`;
}

/** Message-IDs in a header value (In-Reply-To, References), at most `max`. */
export function messageIds(value: string | undefined, max = 20): string[] {
  return (value?.match(/<[^<>\s]{1,900}>/g) ?? []).slice(-max);
}

/**
 * RFC 3834 and its common kin: why this mail was sent by a program (and must not be answered by
 * one), or null for a person's mail. A null sender is a bounce's mark.
 */
export function automaticBecause(raw: Uint8Array, mailFrom: string): string | null {
  if (mailFrom === '') return 'null sender';
  const autoSubmitted = rawHeader(raw, 'auto-submitted')[0];
  if (autoSubmitted && autoSubmitted.split(';')[0]?.trim().toLowerCase() !== 'no')
    return `Auto-Submitted: ${autoSubmitted.slice(0, 40)}`;
  const precedence = rawHeader(raw, 'precedence')[0]?.toLowerCase();
  if (precedence && /^(bulk|list|junk)\b/.test(precedence)) return `Precedence: ${precedence}`;
  for (const name of ['x-autoreply', 'x-autorespond', 'x-auto-response-suppress']) {
    if (rawHeader(raw, name).length > 0) return `${name} present`;
  }
  return null;
}

/** Our own mail come back (it carries the template header every mail of ours has). */
export const isOurOwnMail = (raw: Uint8Array) =>
  rawHeader(raw, 'x-insightdesk-template').length > 0;

/**
 * A delivery status notification (RFC 3464: multipart/report; report-type=delivery-status): the
 * recipients whose delivery failed, or null when it is not one.
 */
export function failedRecipients(raw: Uint8Array): string[] | null {
  const type = rawHeader(raw, 'content-type')[0]?.toLowerCase() ?? '';
  if (!type.startsWith('multipart/report') || !/report-type="?delivery-status/.test(type))
    return null;
  const text = Buffer.from(raw).toString('latin1');
  const failed: string[] = [];
  // Each recipient's block of the delivery-status part: its Final-Recipient and its Action.
  for (const block of text.split(/\r?\n\r?\n/)) {
    const recipient = /^Final-Recipient:\s*rfc822\s*;\s*<?([^\s<>]+@[^\s<>]+)>?/im.exec(block)?.[1];
    if (recipient && /^Action:\s*failed/im.test(block)) failed.push(recipient.toLowerCase());
  }
  return failed;
}

/** The new text of a reply: quoted history ("On … wrote:", "> " lines, forwarded originals) cut. */
export function trimQuoted(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (/^-{2,}\s*(original message|forwarded message)\s*-{2,}/i.test(line)) break;
    if (/^_{10,}$/.test(line.trim())) break;
    // "On <date>, <name> wrote:", sometimes wrapped over two lines.
    const joined = `${line} ${lines[i + 1] ?? ''}`;
    if (/^On .{1,200}wrote:\s*$/.test(line.trim()) || /^On .{1,200}wrote:\s*$/.test(joined.trim()))
      break;
    if (line === '-- ') break;
    if (line.startsWith('>')) continue;
    kept.push(line);
  }
  const trimmed = kept.join('\n').trim();
  return trimmed.length > 0 ? trimmed : text.trim();
}

const cut = (text: string, max: number) => (text.length <= max ? text : text.slice(0, max));

export interface ParsedMail {
  readonly from: { readonly address: string; readonly name: string } | null;
  readonly subject: string;
  /** The new text (quoted history trimmed), bounded to a message body's limit. */
  readonly text: string;
  readonly inReplyTo: string[];
  readonly references: string[];
  /** Whether MIME could not parse it (kept as its raw text). */
  readonly malformed: boolean;
  /** Its attached files (not inline parts without a name), at most `MAX_ATTACHMENTS`. */
  readonly attachments: readonly { filename: string; contentType: string; content: Uint8Array }[];
}

/** Attached files kept of one mail; the rest are named in the outcome, not stored. */
export const MAX_ATTACHMENTS = 10;

/**
 * The From's first address SMTP could carry (`TEXT_LIMITS.email`: RFC 5321's path, less its
 * brackets); a longer one is no address (and no index takes it).
 */
function firstAddress(from: AddressObject | AddressObject[] | undefined) {
  const list = Array.isArray(from) ? from : from ? [from] : [];
  for (const group of list) {
    for (const a of group.value) {
      if (a.address && a.address.length <= TEXT_LIMITS.email)
        return { address: a.address.toLowerCase(), name: cut(a.name || a.address, 200) };
    }
  }
  return null;
}

export async function parseMail(raw: Uint8Array): Promise<ParsedMail> {
  const inReplyTo = messageIds(rawHeader(raw, 'in-reply-to')[0]);
  const references = messageIds(rawHeader(raw, 'references').join(' '));
  try {
    // Loaded at the first mail, not at the worker's start (mailparser and its charsets).
    const { simpleParser } = await import('mailparser');
    const parsed = await simpleParser(Buffer.from(raw), {
      skipHtmlToText: false,
      skipTextToHtml: true,
      skipImageLinks: true,
    });
    const text = parsed.text ?? '';
    return {
      from: firstAddress(parsed.from),
      subject: cut((parsed.subject ?? '').trim(), TEXT_LIMITS.subject) || '(no subject)',
      text: cut(trimQuoted(text), TEXT_LIMITS.body) || '(empty message)',
      inReplyTo,
      references,
      malformed: false,
      attachments: parsed.attachments
        .filter((a) => a.contentDisposition === 'attachment' || a.filename)
        .map((a) => ({
          filename: a.filename ?? 'attachment',
          contentType: a.contentType,
          content: a.content,
        })),
    };
  } catch {
    const text = Buffer.from(raw).toString('utf8');
    const body = text.split(HEADER_END).slice(1).join('\n\n') || text;
    return {
      from: null,
      subject: cut(rawHeader(raw, 'subject')[0] ?? '', TEXT_LIMITS.subject) || '(no subject)',
      text: cut(body.trim(), TEXT_LIMITS.body) || '(empty message)',
      inReplyTo,
      references,
      malformed: true,
      attachments: [],
    };
  }
}
