import { createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { Busboy, type BusboyInstance } from '@fastify/busboy';
import { fileTypeFromBuffer } from 'file-type';
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../errors';
import { scratchPath } from '../storage/scratch';

/** What may be uploaded, by the type its bytes show (never by name or declared type alone). */
const ALLOWED: Record<string, string[]> = {
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'application/pdf': ['pdf'],
  'text/plain': ['txt', 'log', 'csv', 'md'],
};
const ALIASES: Record<string, string> = { 'image/jpg': 'image/jpeg', 'image/pjpeg': 'image/jpeg' };
const GENERIC = new Set(['application/octet-stream', '']);
const SNIFF_BYTES = 4100;

export interface ReceivedFile {
  readonly path: string;
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
  /** SHA-256 of the bytes (hex). */
  readonly sha256: string;
}

/** A display name that cannot address anything: no directories, no control characters. */
function safeFilename(name: string): string {
  const trimmed = name.normalize('NFC').trim();
  if (
    trimmed.length === 0 ||
    trimmed.length > 255 ||
    /[/\\]/.test(trimmed) ||
    [...trimmed].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f) ||
    trimmed === '.' ||
    trimmed.includes('..')
  ) {
    throw new BadRequestError(
      'invalid_filename',
      'The file name must be a plain name, without directories.',
    );
  }
  return trimmed;
}

function looksLikeText(head: Uint8Array): boolean {
  if (head.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(
      head.length === SNIFF_BYTES ? head.subarray(0, SNIFF_BYTES - 4) : head,
    );
    return true;
  } catch {
    return false;
  }
}

/** The type the bytes show; refused when unknown, not allowed, or not what the upload claims. */
async function checkedType(head: Uint8Array, declared: string, filename: string): Promise<string> {
  const detected =
    (await fileTypeFromBuffer(head))?.mime ?? (looksLikeText(head) ? 'text/plain' : undefined);
  const extensions = detected ? ALLOWED[detected] : undefined;
  if (!detected || !extensions) {
    throw new UnsupportedMediaTypeError(
      'Only PNG, JPEG, GIF, WebP, PDF and plain-text files can be attached.',
    );
  }
  const claimed = ALIASES[declared] ?? declared;
  const extension = filename.includes('.') ? filename.split('.').pop()?.toLowerCase() : undefined;
  const knownExtension =
    extension && Object.values(ALLOWED).some((list) => list.includes(extension));
  if (
    (!GENERIC.has(claimed) && claimed !== detected) ||
    (knownExtension && !extensions.includes(extension))
  ) {
    throw new UnsupportedMediaTypeError(
      `The file is ${detected}, which does not match its ${GENERIC.has(claimed) ? 'name' : 'declared type'}.`,
    );
  }
  return detected;
}

const EXTENSION = /\.([A-Za-z0-9]{1,16})$/;

/**
 * A file that did not come through an upload (an inbound mail's attachment), held to the same
 * rules: a plain name, a type its bytes show and that is allowed, the name's extension made to
 * match it. Throws the upload's problem (400, 415) when it is refused.
 */
export async function checkedFile(
  bytes: Uint8Array,
  declared: string,
  filename: string,
): Promise<{ filename: string; contentType: string }> {
  const name = safeFilename(filename);
  const contentType = await checkedType(bytes.subarray(0, SNIFF_BYTES), declared, name);
  return { filename: nameForType(name, contentType), contentType };
}

/**
 * The name a file is kept and served under ends with an extension of the type its bytes show:
 * `invoice.html` that is plain text becomes `invoice.txt`, so no download opens as a page.
 */
function nameForType(filename: string, type: string): string {
  const extensions = ALLOWED[type] ?? [];
  const current = filename.match(EXTENSION)?.[1]?.toLowerCase();
  if (current && extensions.includes(current)) return filename;
  const stem = current ? filename.slice(0, -current.length - 1) : filename;
  return `${stem || 'file'}.${extensions[0] ?? 'bin'}`;
}

/**
 * Why a request body failed before its end: Bun's HTTP server cut it off at its ceiling (it has
 * answered 413 itself; the only sign is the message) or the client went away. Either way no one
 * reads this answer, and neither is the api's fault: a 4xx, never a reported 500.
 */
function bodyFailure(err: unknown, limitBytes: number) {
  return err instanceof Error && err.message.includes('maxRequestBodySize')
    ? new PayloadTooLargeError(limitBytes)
    : new BadRequestError('incomplete_body', 'The request body ended before it was complete.');
}

/** Closes a file being written (it may still be opening) and waits until it is closed. */
function closed(out: WriteStream): Promise<void> {
  if (out.closed) return Promise.resolve();
  return new Promise((done) => {
    out.once('close', () => done());
    out.destroy();
  });
}

/**
 * Streams the multipart field `file` of a request to a temporary file, counting bytes and
 * keeping the first ones for sniffing; never holds the upload in memory (a body declaring more
 * than the limit allows was refused before: `uploadBodyLimit`). A file passing the limit is
 * refused at once, the rest of the body unread. On any refusal (too large, empty, missing, bad
 * name, wrong or mislabeled type, a body cut off) the temporary file is closed and removed before
 * the error is thrown.
 */
export async function receiveUpload(
  request: Request,
  options: { tmpDir: string; limitBytes: number },
): Promise<ReceivedFile> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('multipart/form-data') || !request.body) {
    throw new UnsupportedMediaTypeError(
      'Send the file as multipart/form-data in the field "file".',
    );
  }
  const path = await scratchPath(options.tmpDir, 'upload');
  let meta: { filename: string; declared: string } | undefined;
  let size = 0;
  let out: WriteStream | undefined;
  const source = Readable.fromWeb(request.body as WebReadableStream<Uint8Array>);
  const head: Buffer[] = [];
  let headLength = 0;
  const hasher = new Bun.CryptoHasher('sha256');

  try {
    await new Promise<void>((resolve, reject) => {
      let parser: BusboyInstance;
      try {
        parser = Busboy({
          headers: { 'content-type': contentType },
          // Keep the name as sent: one with directories is refused, not quietly trimmed.
          preservePath: true,
          limits: { files: 1, fileSize: options.limitBytes, fields: 10, parts: 12 },
        });
      } catch {
        reject(new BadRequestError('invalid_multipart', 'The multipart body cannot be read.'));
        return;
      }
      let writing: Promise<void> = Promise.resolve();
      parser.on('file', (field, stream, filename, _encoding, mimeType) => {
        if (field !== 'file' || meta) {
          stream.resume();
          return;
        }
        try {
          meta = {
            filename: safeFilename(filename ?? ''),
            declared: (mimeType ?? '').toLowerCase(),
          };
        } catch (err) {
          stream.resume();
          reject(err);
          return;
        }
        const file = createWriteStream(path, { flags: 'wx', mode: 0o600 });
        out = file;
        stream.on('data', (chunk: Buffer) => {
          size += chunk.length;
          hasher.update(chunk);
          if (headLength < SNIFF_BYTES) {
            head.push(chunk.subarray(0, SNIFF_BYTES - headLength));
            headLength += Math.min(chunk.length, SNIFF_BYTES - headLength);
          }
        });
        stream.on('limit', () => reject(new PayloadTooLargeError(options.limitBytes)));
        writing = new Promise((done, fail) => {
          file.on('finish', () => done());
          file.on('error', fail);
        });
        stream.pipe(file);
      });
      parser.on('error', () =>
        reject(new BadRequestError('invalid_multipart', 'The multipart body cannot be read.')),
      );
      // Every part has been read (a discarded one included).
      parser.on('finish', () => {
        writing.then(resolve, reject);
      });
      source.on('error', (err) => reject(bodyFailure(err, options.limitBytes))).pipe(parser);
    });
    if (!meta)
      throw new BadRequestError('missing_file', 'Send the file in the multipart field "file".');
    if (size === 0) throw new BadRequestError('empty_file', 'The file is empty.');
    const type = await checkedType(
      new Uint8Array(Buffer.concat(head)),
      meta.declared,
      meta.filename,
    );
    return {
      path,
      filename: nameForType(meta.filename, type),
      contentType: type,
      size,
      sha256: hasher.digest('hex'),
    };
  } catch (err) {
    // Nothing more is read (a refusal answers now), and the file is closed before it is removed:
    // removed while still opening, it would be created afterwards and left behind.
    source.unpipe();
    source.destroy();
    if (out) await closed(out);
    await rm(path, { force: true });
    throw err;
  }
}
