import { readFileSync } from 'node:fs';
import type { Logger } from '@insightdesk/shared/logger';
import type { InboundParts, SmtpRefusal } from '@insightdesk/shared/product';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';

export interface SmtpIngressOptions {
  readonly host: string;
  readonly port: number;
  readonly hostname: string;
  readonly maxBytes: number;
  readonly maxRecipients: number;
  readonly maxConnections: number;
  readonly maxConnectionsPerAddress: number;
  readonly socketTimeoutMs: number;
  readonly tls: { readonly certFile: string; readonly keyFile: string } | null;
}

/** smtp-server answers a callback's error with its `responseCode`. */
function smtpError(refusal: SmtpRefusal): Error & { responseCode: number } {
  return Object.assign(new Error(refusal.message), { responseCode: refusal.code });
}

/**
 * Reads the DATA stream, keeping at most `maxBytes`: past the limit the rest is read and dropped
 * (smtp-server marks the stream `sizeExceeded`), so an oversized message costs no memory.
 */
function readBounded(stream: SMTPServerDataStream, maxBytes: number): Promise<Uint8Array | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let kept = 0;
    stream.on('data', (chunk: Buffer) => {
      if (kept + chunk.length > maxBytes) return;
      kept += chunk.length;
      chunks.push(chunk);
    });
    stream.once('error', reject);
    stream.once('end', () => resolve(stream.sizeExceeded ? null : Buffer.concat(chunks)));
  });
}

/**
 * The SMTP ingress: the protocol and its limits (SIZE announced and enforced while streaming,
 * recipients per mail, connections in all and per client address, idle timeouts, STARTTLS),
 * then the product's parts decide each recipient and record each mail before the 250.
 */
export function createSmtpIngress(
  options: SmtpIngressOptions,
  parts: InboundParts,
  logger: Logger,
) {
  const log = logger.child({ component: 'smtp-ingress' });
  const perAddress = new Map<string, number>();
  // smtp-server calls onClose for every connection, those refused in onConnect too: only the
  // sessions counted there are uncounted, or the count drifts low and the cap stops holding.
  const counted = new Set<string>();
  const server = new SMTPServer({
    name: options.hostname,
    banner: 'InsightDesk inbound mail',
    size: options.maxBytes,
    rejectOversized: true,
    maxRecipients: options.maxRecipients,
    maxClients: options.maxConnections,
    socketTimeout: options.socketTimeoutMs,
    closeTimeout: 10_000,
    disabledCommands: ['AUTH'],
    authOptional: true,
    ...(options.tls
      ? { key: readFileSync(options.tls.keyFile), cert: readFileSync(options.tls.certFile) }
      : { hideSTARTTLS: true }),
    logger: false,
    onConnect(session, callback) {
      const address = session.remoteAddress;
      const open = perAddress.get(address) ?? 0;
      if (open >= options.maxConnectionsPerAddress) {
        return callback(smtpError({ code: 421, message: '4.7.0 Too many connections from you' }));
      }
      perAddress.set(address, open + 1);
      counted.add(session.id);
      callback();
    },
    onClose(session) {
      if (!counted.delete(session.id)) return;
      const open = (perAddress.get(session.remoteAddress) ?? 1) - 1;
      if (open <= 0) perAddress.delete(session.remoteAddress);
      else perAddress.set(session.remoteAddress, open);
    },
    onRcptTo(address, session, callback) {
      const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
      parts.recipient(address.address, mailFrom).then(
        (refusal) => callback(refusal ? smtpError(refusal) : undefined),
        (err) => {
          log.error({ err }, 'recipient check failed');
          callback(smtpError({ code: 451, message: '4.3.0 Try again later' }));
        },
      );
    },
    onData(stream, session, callback) {
      readBounded(stream, options.maxBytes)
        .then(async (raw) => {
          // Over SIZE: smtp-server answers 552 itself (rejectOversized); nothing is recorded.
          if (!raw) return callback(smtpError({ code: 552, message: '5.3.4 Message too big' }));
          const refusal = await parts.record({
            mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            recipients: session.envelope.rcptTo.map((r) => r.address),
            remoteAddress: session.remoteAddress,
            helo: session.hostNameAppearsAs ?? '',
            raw,
          });
          callback(refusal ? smtpError(refusal) : undefined);
        })
        .catch((err) => {
          log.error({ err }, 'mail not recorded');
          callback(smtpError({ code: 451, message: '4.3.0 Not recorded, try again later' }));
        });
    },
  });
  server.on('error', (err) => log.warn({ err }, 'smtp connection error'));

  return {
    /** Listening once it resolves; the answer stops it (open sessions get their 421). */
    async start(): Promise<() => Promise<void>> {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(options.port, options.host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      log.info({ port: options.port, tls: options.tls !== null }, 'smtp ingress listening');
      return () => new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
