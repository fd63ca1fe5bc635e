import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { dbConfig, loadConfig } from '@insightdesk/shared/config';
import type { Subprocess } from 'bun';
import type postgres from 'postgres';
import { superuser } from '../../tools/stack/pg-superuser';
import { postgresCommand } from '../../tools/stack/processes';
import {
  asServiceUser,
  chownToServiceUser,
  pgBinDir,
  serviceDataDir,
} from '../../tools/stack/system';
import { DATA, eventually, freePort, ports, ROOT } from './stack';

/**
 * A real streaming replica of the stack's PostgreSQL (pg_basebackup -R, run as the stack's
 * unprivileged user on a free port): a hot standby, in recovery until promoted. `url` is the
 * services' role on it; `admin` its superuser connection (replay pause and resume, promotion).
 */
export interface Standby {
  readonly port: number;
  readonly url: string;
  admin(): postgres.Sql;
  /** `pg_promote()`: resolves once it left recovery (a primary of its own from then on). */
  promote(): Promise<void>;
  /** A fast shutdown; its data stays until `remove`. */
  stop(): Promise<void>;
  remove(): Promise<void>;
}

const password = () =>
  Bun.file(join(DATA, 'pg-superuser-password'))
    .text()
    .then((s) => s.trim());

export async function startStandby(name: string): Promise<Standby> {
  const port = freePort();
  const primaryUrl = loadConfig({ db: dbConfig }, { dir: ROOT }).db.url;
  const url = Object.assign(new URL(primaryUrl), { port: String(port) }).href;
  const dir = serviceDataDir(name);
  const backup = Bun.spawnSync(
    asServiceUser([
      join(pgBinDir(), 'pg_basebackup'),
      '-h',
      '127.0.0.1',
      '-p',
      String(ports.pgPort),
      '-U',
      'postgres',
      '-D',
      dir,
      '-R',
      '-X',
      'stream',
      '--checkpoint=fast',
    ]),
    { env: { ...process.env, PGPASSWORD: await password() }, stderr: 'pipe' },
  );
  if (backup.exitCode !== 0) throw new Error(`pg_basebackup: ${backup.stderr.toString()}`);
  Bun.spawnSync(['chmod', '0700', dir]);
  chownToServiceUser(dir);

  let server: Subprocess | undefined;
  let admin: postgres.Sql | undefined;
  const inRecovery = async () =>
    (await (admin as postgres.Sql)`select pg_is_in_recovery() as r`)[0]?.r === true;
  const standby: Standby = {
    port,
    url,
    admin() {
      if (!admin) throw new Error(`${name} is not running`);
      return admin;
    },
    async promote() {
      await standby.admin()`select pg_promote(true, 30)`;
      await eventually(async () => !(await inRecovery()), 30_000, 100);
    },
    async stop() {
      await admin?.end({ timeout: 1 }).catch(() => undefined);
      admin = undefined;
      server?.kill('SIGINT');
      await server?.exited;
      server = undefined;
    },
    async remove() {
      await standby.stop();
      rmSync(dir, { recursive: true, force: true });
      rmSync(join(DATA, name), { recursive: true, force: true });
    },
  };
  server = Bun.spawn(postgresCommand(dir, port), { cwd: dir, stdout: 'ignore', stderr: 'ignore' });
  admin = superuser(port);
  await eventually(() => inRecovery(), 60_000, 200);
  return standby;
}
