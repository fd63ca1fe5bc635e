import MailComposer from 'nodemailer/lib/mail-composer';

/**
 * The MIME text of one of our mails — a text and an HTML part of the same content, UTF-8, quoted-
 * printable — built in one pass, for the SMTP pool to send as it is. nodemailer's own composer
 * takes ~450 µs of CPU per mail here (streams, a regular expression per header and over every
 * body), about a quarter of an email job (bench/README.md, queue.ts).
 *
 * Only for what it can write without judgement: addresses of the plain `local@domain` ASCII form
 * and a sender whose name needs no quoting. Anything else (an internationalized address, a
 * display name with specials) answers null, and nodemailer composes that mail (composeMessage).
 */
export interface MimeMail {
  /** The From header as configured: `Name <address>` or `address`. */
  readonly from: string;
  readonly to: string;
  readonly replyTo?: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** `<id@domain>` */
  readonly messageId: string;
  /**
   * The conversation (RFC 5322 §3.6.4): the Message-ID of the mail this one answers, and the
   * thread's Message-IDs, oldest first. Only plain ones are written (`threadOf`).
   */
  readonly inReplyTo?: string | undefined;
  readonly references?: readonly string[] | undefined;
  readonly date: Date;
  /** Our own headers: ASCII names and values (`X-InsightDesk-Template`, `Auto-Submitted`). */
  readonly headers: Readonly<Record<string, string>>;
}

/** A plain ASCII address of at most 254 characters (RFC 5321's path limit). */
const ADDRESS =
  /^(?=.{3,254}$)[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/;
/** `Name <address>` whose name is atoms and spaces only (no quoting, no encoding). */
const NAMED = /^([A-Za-z0-9!#$%&'*+/=?^_`{|}~ -]*?)\s*<([^<>\s]+)>$/;
const TOKEN = /^[\x21-\x39\x3b-\x7e]+$/;
const VALUE = /^[\x20-\x7e]*$/;
const MESSAGE_ID = /^<[\x21-\x3b\x3d\x3f-\x7e]+>$/;

/** At most this long: a thread's IDs (one may be a stranger's) keep References' lines short. */
const MAX_THREAD_ID = 250;
const threadable = (id: string) => id.length <= MAX_THREAD_ID && MESSAGE_ID.test(id);

/**
 * The thread headers' values: a Message-ID that is not plain ASCII of at most 250 characters
 * (a customer's, say, of any form) is left out rather than written.
 */
function threadOf(mail: Pick<MimeMail, 'inReplyTo' | 'references'>) {
  const inReplyTo =
    mail.inReplyTo !== undefined && threadable(mail.inReplyTo) ? mail.inReplyTo : null;
  return { inReplyTo, references: (mail.references ?? []).filter(threadable) };
}

/** The mail's MIME text, or null when it is not of the plain form this writes. */
export function composeMime(mail: MimeMail): string | null {
  const from = fromHeader(mail.from);
  if (from === null || !ADDRESS.test(mail.to) || !MESSAGE_ID.test(mail.messageId)) return null;
  if (mail.replyTo !== undefined && !ADDRESS.test(mail.replyTo)) return null;
  for (const [name, value] of Object.entries(mail.headers))
    if (!TOKEN.test(name) || !VALUE.test(value) || value.length > 900) return null;

  const thread = threadOf(mail);
  const boundary = `--_insightdesk_${crypto.randomUUID().replaceAll('-', '')}`;
  const lines = [
    `From: ${from}`,
    `To: ${mail.to}`,
    ...(mail.replyTo ? [`Reply-To: ${mail.replyTo}`] : []),
    `Subject: ${encodeHeaderText(mail.subject)}`,
    `Message-ID: ${mail.messageId}`,
    ...(thread.inReplyTo ? [`In-Reply-To: ${thread.inReplyTo}`] : []),
    // One Message-ID a line: folded, no line of the header is longer than one ID.
    ...(thread.references.length > 0 ? [`References: ${thread.references.join('\r\n ')}`] : []),
    `Date: ${mail.date.toUTCString().replace(/GMT$/, '+0000')}`,
    'MIME-Version: 1.0',
    ...Object.entries(mail.headers).map(([name, value]) => `${name}: ${value}`),
    'Content-Type: multipart/alternative;',
    ` boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quotedPrintable(mail.text),
    `--${boundary}`,
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    quotedPrintable(mail.html),
    `--${boundary}--`,
    '',
  ];
  return lines.join('\r\n');
}

/** A mail's message as it goes over SMTP: the envelope and the MIME text. */
export interface ComposedMessage {
  readonly envelope: { readonly from: string; readonly to: readonly string[] };
  readonly raw: string | Buffer;
}

/**
 * The message of a mail: composed here in one pass (composeMime) when the mail is of the plain
 * form it writes, by nodemailer's composer otherwise. The envelope's sender is `bounceTo`, else
 * the From address.
 */
export async function composeMessage(
  mail: MimeMail & { readonly bounceTo?: string | undefined },
): Promise<ComposedMessage> {
  const sender = addressOf(mail.from);
  const raw = sender === null ? null : composeMime(mail);
  if (raw !== null && sender !== null)
    return { envelope: { from: mail.bounceTo ?? sender, to: [mail.to] }, raw };
  const thread = threadOf(mail);
  const mime = new MailComposer({
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    date: mail.date,
    ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
    ...(thread.inReplyTo ? { inReplyTo: thread.inReplyTo } : {}),
    ...(thread.references.length > 0 ? { references: thread.references } : {}),
    headers: mail.headers,
  }).compile();
  const { from, to } = mime.getEnvelope();
  return { envelope: { from: mail.bounceTo ?? (from || ''), to }, raw: await mime.build() };
}

/** The envelope sender of a From header (`Name <address>` or `address`), or null. */
export function addressOf(from: string): string | null {
  const named = NAMED.exec(from);
  const address = named ? named[2] : from;
  return address !== undefined && ADDRESS.test(address) ? address : null;
}

function fromHeader(from: string): string | null {
  const named = NAMED.exec(from);
  if (!named) return ADDRESS.test(from) ? from : null;
  const [, name = '', address = ''] = named;
  if (!ADDRESS.test(address)) return null;
  return name.trim() ? `${name.trim()} <${address}>` : address;
}

/**
 * A header's text: as it is when it is printable ASCII that no reader could take for an encoded
 * word; otherwise RFC 2047 encoded words (UTF-8, base64) of at most 39 bytes each, one per folded
 * line — a line break in the text is only ever bytes inside a word, never a new header.
 */
export function encodeHeaderText(text: string): string {
  if (VALUE.test(text) && !text.includes('=?') && text.length <= 900) return text;
  const words: string[] = [];
  let chunk = '';
  let bytes = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char);
    if (bytes + size > 39) {
      words.push(chunk);
      chunk = '';
      bytes = 0;
    }
    chunk += char;
    bytes += size;
  }
  if (chunk || words.length === 0) words.push(chunk);
  return words
    .map((word) => `=?UTF-8?B?${Buffer.from(word, 'utf8').toString('base64')}?=`)
    .join('\r\n ');
}

const HEX = '0123456789ABCDEF';

/** Where a line breaks: CRLF, LF or CR. */
const LINE_BREAK = /\r\n|\n|\r/;
/** A UTF-16 unit that is not ASCII (its line is encoded from its UTF-8 bytes). */
const NON_ASCII = /[\u0080-\uffff]/;
/** A byte quoted-printable writes as `=XX`: not printable ASCII, `=`, a space or tab ending the line. */
const ENCODED_BYTE = /[^\x21-\x3c\x3e-\x7e \t]|[ \t]$/g;
const escapeByte = (byte: string) => {
  const b = byte.charCodeAt(0);
  return `=${HEX[b >> 4]}${HEX[b & 15]}`;
};

/**
 * Quoted-printable (RFC 2045 6.7) with CRLF line breaks: printable ASCII but `=` as it is, a space
 * or tab as it is unless it ends a line, every other byte `=XX`; lines of at most 76 characters,
 * longer ones broken with a soft break (`=` at the end), never inside an `=XX`. Each line is
 * encoded by one replace over its bytes (a character per byte) and then cut: half the CPU of a
 * walk byte by byte (4.7 against 10.2 µs for an invitation's text and HTML).
 */
export function quotedPrintable(text: string): string {
  const out: string[] = [];
  for (const line of text.split(LINE_BREAK)) {
    const bytes = NON_ASCII.test(line) ? Buffer.from(line, 'utf8').toString('latin1') : line;
    const encoded = bytes.replace(ENCODED_BYTE, escapeByte);
    let at = 0;
    while (encoded.length - at > 75) {
      let end = at + 75;
      // Every `=` of the encoded line starts an `=XX`: one that would not fit goes to the next.
      if (encoded[end - 1] === '=') end -= 1;
      else if (encoded[end - 2] === '=') end -= 2;
      out.push(`${encoded.slice(at, end)}=`);
      at = end;
    }
    out.push(encoded.slice(at));
  }
  return out.join('\r\n');
}
