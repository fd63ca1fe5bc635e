import { chmodSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Subprocess } from 'bun';
import type { Repository } from '../../tools/stack/backup/pgbackrest-conf';
import { hostHasIpv6 } from '../../tools/stack/system';
import { CA, DATA, eventually, freePort, ROOT } from './stack';

/**
 * Where the host has IPv6: [::1]:`port` relays each connection, bytes as they are (TLS end to
 * end), to 127.0.0.1:`port` — for a client of `localhost` that tries only the first address it
 * resolves (pgBackRest 2.45), ::1 on a stock Debian, and a server on 127.0.0.1.
 */
export async function relayFromIpv6Loopback(port: number): Promise<{ close(): void }> {
  if (!hostHasIpv6()) return { close() {} };
  const relay: Server = createServer((client) => {
    const upstream = connect({ host: '127.0.0.1', port });
    client.pipe(upstream).pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close);
    upstream.on('error', close);
  });
  await new Promise<void>((resolve) => relay.listen(port, '::1', resolve));
  return { close: () => relay.close() };
}

/**
 * The S3-compatible server the suite uses for storage (s3rver), behind TLS with the stack's
 * localhost certificate, for pgBackRest (which speaks only HTTPS to S3 and verifies the
 * certificate), with one bucket, on 127.0.0.1 and (relayed) ::1.
 */
export interface TlsS3 {
  readonly port: number;
  /** The stack's CA, copied where the service user (pgBackRest's) can read it. */
  readonly caFile: string;
  /** A repository in the bucket under `path`, with s3rver's fixed keys. */
  repository(path: string): Repository & { type: 's3' };
  stop(): Promise<void>;
}

export async function startTlsS3(bucket: string): Promise<TlsS3> {
  const dir = mkdtempSync(join(tmpdir(), 'insightdesk-backup-s3-'));
  const port = freePort();
  // s3rver under Node, its own process: in a Bun process, a backup's read of a file just written
  // came back without its content now and then ("cipher header missing", 5 of 18 backups); under
  // Node, none of 24.
  const s3: Subprocess = Bun.spawn(
    [
      'node',
      join(ROOT, 'node_modules/s3rver/bin/s3rver.js'),
      ...['--directory', dir, '--address', '127.0.0.1', '--port', String(port), '--silent'],
      ...['--key', join(DATA, 'tls/localhost.key'), '--cert', join(DATA, 'tls/localhost.crt')],
      ...['--configure-bucket', bucket],
    ],
    { stdout: 'ignore', stderr: 'inherit' },
  );
  await eventually(
    () =>
      fetch(`https://localhost:${port}/${bucket}`, { tls: { ca: CA } })
        .then(() => true)
        .catch(() => false),
    30_000,
    200,
  );
  const relay = await relayFromIpv6Loopback(port);
  const caDir = mkdtempSync(join(tmpdir(), 'insightdesk-backup-ca-'));
  chmodSync(caDir, 0o755);
  const caFile = join(caDir, 'ca.crt');
  copyFileSync(join(DATA, 'tls/ca.crt'), caFile);
  chmodSync(caFile, 0o644);
  return {
    port,
    caFile,
    repository: (path) => ({
      type: 's3',
      path,
      bucket,
      region: 'us-east-1',
      // The name the certificate carries (pgBackRest matches names, not addresses).
      endpoint: 'localhost',
      port,
      uriStyle: 'path',
      caFile,
      key: 'S3RVER',
      keySecret: 'S3RVER',
    }),
    async stop() {
      relay.close();
      s3.kill();
      await s3.exited;
      rmSync(dir, { recursive: true, force: true });
      rmSync(caDir, { recursive: true, force: true });
    },
  };
}
