import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { type ArchivedCluster, createArchivedCluster } from '../backup/cluster';
import { pgbackrest } from '../backup/pgbackrest';
import { settingArgs } from '../backup/pgbackrest-conf';
import { awaitPromotion, restoreDataDirectory } from '../backup/restore';
import { awaitValkeyRecovery, forgetValkeyData } from '../backup/valkey-follows';
import { DrillFailure, must } from '../drill-commands';
import { logFile, paths } from '../paths';
import { postgresCommand } from '../processes';
import { apiClient } from '../seed/api';
import type { StackSettings } from '../settings';
import { seeded } from '../soak/faults';
import { type SoakClient, soakClients } from '../soak/sockets';
import {
  type Intentions,
  jobOutcomes,
  keyOf,
  type Organization,
  PASSWORD,
  recordingApi,
  runActor,
  setupOrganization,
  TRACKED,
} from '../soak/workload';
import { check, type RestoreHistory, summaryLine } from './checker';
import { drillServices, freePort, startValkey } from './environment';
import { copies, invitationMails, webhookReceiver } from './observers';
import { compareRows, lastCommit, outboxKeys, type RowVersion, rowVersions } from './rows';

// `./stack drill restore`: a PostgreSQL of its own, archiving through pgBackRest from its first
// start, with a Valkey, an api, a ws and a worker of its own, under the soak's workload
// (organizations, tickets, replies, uploads, invitations, exports, Socket.IO clients, a webhook
// endpoint):
//   1. the workload runs; 2. a full backup is taken while it does; 3. it goes on;
//   4. the workload pauses (every request answered), the target time is read from PostgreSQL's
//      clock, and the workload resumes — the target lies between two known commits;
//   5. it goes on until the target's WAL is archived; 6. PostgreSQL is killed and its data
//      directory deleted, as a lost disk would;
//   7. the restore, as `./stack restore` does it: the services stopped, the data directory
//      restored to the target, replayed and promoted, Valkey's data dropped, the services started.
// The history checker (checker.ts) then compares what was committed before the loss with what
// the restored stack holds and does, and the drill ends with one summary line. The RPO is
// measured apart, before the restore: the latest archived state restored into a scratch
// directory, its last commit against the last commit before the loss.

const DRILL = 'drill-restore';
const log = (line: string) => console.error(`restore drill: ${line}`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const TYPES = Object.keys(TRACKED);
/** Organizations and Socket.IO clients of the workload. */
const ORGANIZATIONS = 2;
const CLIENTS = 12;

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await Bun.sleep(500);
  }
  throw new DrillFailure(`gave up waiting for ${what} after ${seconds(timeoutMs)}`);
}

/** A copy of the stack's database URL for the drill's cluster. */
const onPort = (url: string, port: number) =>
  Object.assign(new URL(url), { port: String(port) }).href;

export async function drillRestore(settings: StackSettings): Promise<string> {
  const began = Date.now();
  const runId = `${Date.now().toString(36).slice(-5)}r`;
  const archiveTimeoutSeconds = settings.stack.backup.archiveTimeoutSeconds;
  let cluster: ArchivedCluster | undefined;
  const stops: (() => Promise<unknown> | unknown)[] = [];
  try {
    cluster = await createArchivedCluster({
      name: DRILL,
      port: freePort(),
      archiveTimeoutSeconds,
      // Every row version's commit time: the checker's truth, and what recovery compares.
      settings: { track_commit_timestamp: 'on' },
      // The stack's superuser password: the stack's own db-setup makes the roles and schema.
      password: readFileSync(paths.pgSuperuserPassword, 'utf8').trim(),
    });
    const db = cluster;
    log(`PostgreSQL on 127.0.0.1:${db.port}, archiving every ${archiveTimeoutSeconds} s at most`);
    const valkey = await startValkey(join(paths.data, `${DRILL}-valkey`));
    stops.push(() => valkey.stop());
    const env = {
      DATABASE_URL: onPort(settings.db.url, db.port),
      DATABASE_OWNER_URL: onPort(settings.db.ownerUrl, db.port),
      DATABASE_REPLICA_URLS: '',
      VALKEY_URL: valkey.url,
      VALKEY_QUEUE_URL: valkey.url,
      VALKEY_CACHE_URL: valkey.url,
    };
    must([process.execPath, join(paths.root, 'tools/stack/db-setup.ts')], 'db-setup', {
      env: { ...(process.env as Record<string, string>), ...env, STACK_PG_PORT: String(db.port) },
    });
    const services = drillServices(env, log);
    stops.push(() => services.stop());
    await services.start();
    log(`api, ws and worker up (${seconds(Date.now() - began)})`);

    // --- the workload ---------------------------------------------------------------------------
    const api = apiClient(`http://127.0.0.1:${services.ports.api}`, paths.caCert);
    const call = recordingApi(api, []);
    const intentions: Intentions = { invited: [], jobs: [] };
    const orgs: Organization[] = [];
    for (let n = 0; n < ORGANIZATIONS; n++)
      orgs.push(await setupOrganization(api, runId, n, intentions));
    const [first] = orgs as [Organization];
    const change = (type: string, data: unknown) => keyOf(runId, type, data);
    const receiver = webhookReceiver(change);
    stops.push(() => receiver.stop());
    const offered = await api.expect<{ items: string[] }>(
      [200],
      'GET',
      `/api/v1/orgs/${first.id}/webhooks/event-types`,
      { token: first.owner.token },
    );
    const hooked = TYPES.filter((t) => offered.items.includes(t));
    await api.expect([201], 'POST', `/api/v1/orgs/${first.id}/webhooks`, {
      token: first.owner.token,
      body: { url: receiver.url, eventTypes: hooked, currentPassword: PASSWORD },
    });
    const actors = orgs.flatMap((org) =>
      [org.owner, ...org.members].map((actor) => ({ actor, org })),
    );
    const clients = soakClients({
      count: CLIENTS,
      actors,
      baseUrl: `http://127.0.0.1:${services.ports.ws}`,
      ca: '',
      runId,
    });
    stops.push(() => {
      for (const c of clients) c.close();
    });
    await until('every client to subscribe', async () => clients.every((c) => c.settled), 60_000);

    /** Tokens in the order they were handed out (a change's key names its token). */
    const issued: string[] = [];
    let counter = 0;
    let stopping = false;
    let running: Promise<unknown> = Promise.resolve();
    const startWorkload = () => {
      stopping = false;
      running = Promise.all(
        actors.map(({ actor, org }, i) =>
          runActor({
            actor,
            org,
            call,
            random: seeded(counter * 31 + i),
            runId,
            intentions,
            nextToken: (letter) => {
              const token = `sk${runId}${letter}${++counter}`;
              issued.push(`${letter === 'T' ? 'ticket.created' : 'message.created'}:${token}`);
              return token;
            },
            stopped: () => stopping,
            thinkMs: [200, 900],
          }),
        ),
      );
    };
    const pauseWorkload = async () => {
      stopping = true;
      await running;
    };

    startWorkload();
    await Bun.sleep(15_000);
    log('taking the base backup (full) under the workload');
    const backupBegan = Date.now();
    await pgbackrest(db.stanza, 'backup', ['--type=full']);
    log(`base backup done in ${seconds(Date.now() - backupBegan)}`);
    await Bun.sleep(10_000);

    // --- the target: between the last answer before the pause and the first request after ----
    await pauseWorkload();
    // One more ticket and invitation while the worker is held (SIGSTOP), the target read once both
    // are committed: their webhook and mail leave after it, when the worker goes on — the window a
    // restore reopens (the restored outbox has them unrelayed; counted as re-sent).
    services.worker.proc.kill('SIGSTOP');
    const windowToken = `sk${runId}T${++counter}`;
    issued.push(`ticket.created:${windowToken}`);
    const windowInvite = `soak-${runId}-window@example.test`;
    await Promise.all([
      api.expect([201], 'POST', `/api/v1/orgs/${first.id}/tickets`, {
        token: first.owner.token,
        body: { subject: `Soak ${windowToken}`, body: 'Just before the target.' },
      }),
      api.expect([201], 'POST', `/api/v1/orgs/${first.id}/invitations`, {
        token: first.owner.token,
        body: { email: windowInvite, role: 'agent' },
      }),
    ]);
    intentions.invited.push(windowInvite);
    const database = new URL(settings.db.url).pathname.slice(1);
    const admin = db.connect(database);
    const [mark] = await admin<{ target: string; wal: string }[]>`
      select clock_timestamp()::text as target, pg_walfile_name(pg_current_wal_lsn()) as wal`;
    if (!mark) throw new DrillFailure('PostgreSQL gave no time');
    const { target, wal } = mark;
    services.worker.proc.kill('SIGCONT');
    const auditHead = async (org: Organization, head?: string) =>
      api.expect<{
        valid: boolean;
        head: { seq: string; hash: string } | null;
        tailCut?: boolean;
        savedHead?: { status: string };
      }>(
        [200],
        'GET',
        `/api/v1/orgs/${org.id}/audit-log/verify${head ? `?head=${encodeURIComponent(head)}` : ''}`,
        { token: org.owner.token },
      );
    const headOf = (v: { head: { seq: string; hash: string } | null }) =>
      v.head ? `${v.head.seq}:${v.head.hash}` : '';
    // Nothing writes an organization's chain while the workload waits: its head now is its
    // head at the target.
    const headsAtTarget = await Promise.all(orgs.map(async (org) => headOf(await auditHead(org))));
    const issuedAtTarget = issued.length;
    const invitedAtTarget = intentions.invited.length;
    const jobsAtTarget = intentions.jobs.length;
    log(`target ${target} (${issuedAtTarget} changes asked for before it)`);
    startWorkload();
    // An invitation from each organization after the target: its audit chain goes on past it.
    for (const org of orgs)
      await api.expect([201], 'POST', `/api/v1/orgs/${org.id}/invitations`, {
        token: org.owner.token,
        body: { email: `soak-${runId}-${org.n}-late@example.test`, role: 'agent' },
      });
    intentions.invited.push(...orgs.map((org) => `soak-${runId}-${org.n}-late@example.test`));
    await Bun.sleep(15_000);
    await until(
      "the target's WAL to reach the repository",
      async () => {
        const [row] = await admin<{ last: string | null }[]>`
          select last_archived_wal as last from pg_stat_archiver`;
        return (row?.last ?? '') >= wal;
      },
      (archiveTimeoutSeconds + 60) * 1000,
    );
    // The loss comes just before the next forced segment switch: the most committed work a
    // crash can take with this archive_timeout (the RPO as configured, not a lucky moment).
    const [archived] = await admin<{ at: number }[]>`
      select (extract(epoch from last_archived_time) * 1000)::float8 as at from pg_stat_archiver`;
    const lossDue = (archived?.at ?? Date.now()) + (archiveTimeoutSeconds - 2) * 1000;
    log(
      `the target's WAL is archived; the loss comes in ${seconds(Math.max(0, lossDue - Date.now()))}`,
    );
    await Bun.sleep(Math.max(0, lossDue - Date.now()));
    const headsAtLoss = await Promise.all(orgs.map(async (org) => headOf(await auditHead(org))));

    // --- the loss ---------------------------------------------------------------------------------
    const beforeLoss: RowVersion[] = await rowVersions(admin, target);
    const keysBeforeLoss = await outboxKeys(admin, TYPES, change);
    const lastBeforeLoss = await lastCommit(admin);
    await admin.end({ timeout: 1 });
    await db.stop('SIGKILL');
    const lossAt = Date.now();
    rmSync(db.dataDir, { recursive: true, force: true });
    stopping = true;
    log(
      `PostgreSQL killed and its data directory deleted (${seconds(lossAt - began)} into the drill)`,
    );
    await running;

    // --- the RPO: what the archive holds of the last moments ---------------------------------
    const rpoSeconds = (lastBeforeLoss - (await latestArchived(db))) / 1000;
    log(`the archive ends ${rpoSeconds.toFixed(1)} s of commits before the loss (RPO)`);

    // --- the restore, as ./stack restore does it ------------------------------------------------
    const restoreAt = Date.now();
    // Stopped gracefully, as an operator would: work hung on the lost cluster may hold a
    // service up to its shutdown deadline (SHUTDOWN_TIMEOUT_MS).
    await services.stop();
    const stoppedAt = Date.now();
    await restoreDataDirectory(db.stanza, db.dataDir, { kind: 'time', time: target });
    const filesAt = Date.now();
    await db.start();
    const promotedAt = Date.now();
    log(
      `restored to the target (services stopped ${seconds(stoppedAt - restoreAt)}, files ${seconds(filesAt - stoppedAt)}, replayed and promoted ${seconds(promotedAt - filesAt)})`,
    );
    // Read before anything writes to the restored cluster (not part of the restore's time).
    const restoredSql = db.connect(database);
    const restored = await rowVersions(restoredSql, target);
    const keysRestored = await outboxKeys(restoredSql, TYPES, change);
    await restoredSql.end({ timeout: 1 });
    const checkedMs = Date.now() - promotedAt;
    await forgetValkeyData([valkey.url]);
    await services.start();
    const rtoSeconds = (Date.now() - restoreAt - checkedMs) / 1000;
    log(`the stack is up on the restored cluster: RTO ${rtoSeconds.toFixed(1)} s`);
    if (!(await awaitValkeyRecovery(valkey.url, 10 * 60_000)))
      throw new DrillFailure("the worker never finished the new epoch's recovery");
    const recoveredSeconds = (Date.now() - restoreAt - checkedMs) / 1000;

    // --- what the restored stack does --------------------------------------------------------
    // A client that subscribes after a change is told to resync, not sent it: the change made on
    // the restored stack comes once every client is subscribed to the new epoch.
    const resubscribed = (c: SoakClient) =>
      c.settled && c.record.resyncs.some((at) => at >= restoreAt);
    await until(
      'every client to subscribe to the new epoch',
      async () => clients.every(resubscribed),
      120_000,
    ).catch(() => undefined);
    for (const org of orgs) {
      const signedIn = await api.expect<{ tokens: { accessToken: string } }>(
        [200],
        'POST',
        '/api/v1/auth/login',
        { body: { email: org.owner.email, password: PASSWORD } },
      );
      org.owner.token = signedIn.tokens.accessToken;
      org.owner.refreshedAt = Date.now();
    }
    const after = orgs.map(() => `sk${runId}T${++counter}`);
    await Promise.all(
      orgs.map((org, i) =>
        api.expect([201], 'POST', `/api/v1/orgs/${org.id}/tickets`, {
          token: org.owner.token,
          body: { subject: `Soak ${after[i]}`, body: 'After the restore.' },
        }),
      ),
    );
    const afterKeys = new Set(after.map((t) => `ticket.created:${t}`));
    const receivedAfter = (c: SoakClient) =>
      c.record.deliveries.some((d) => afterKeys.has(d.key) && d.at >= restoreAt);
    const staff = clients.filter((c) => c.record.staff);
    await until(
      'staff clients to get the change made after the restore',
      async () => staff.every(receivedAfter),
      90_000,
    ).catch(() => undefined);
    const beforeJobs = intentions.jobs.slice(0, jobsAtTarget);
    const seen = new Set<string>();
    await until(
      'the jobs asked for before the target',
      async () =>
        (await jobOutcomes(call, { ...intentions, jobs: beforeJobs }, seen)).every((j) => j.done),
      180_000,
    ).catch(() => undefined);
    const before = new Set(issued.slice(0, issuedAtTarget));
    const hookedKeys = (keys: Map<string, string>) =>
      [...keys]
        .filter(([key, org]) => org === first.id && hooked.includes(key.split(':')[0] as string))
        .map(([key]) => key);
    const webhookKeys = [...new Set([...hookedKeys(keysRestored), ...hookedKeys(keysBeforeLoss)])];
    await until(
      'the webhooks and mails of changes before the target',
      async () =>
        webhookKeys
          .filter((k) => before.has(k))
          .every((k) => receiver.arrivals.some((a) => a.key === k)) &&
        intentions.invited
          .slice(0, invitedAtTarget)
          .every((address) => invitationMails([address]).length > 0),
      120_000,
    ).catch(() => undefined);
    // Late copies (a re-driven send) would come now.
    await Bun.sleep(5000);

    const audit = await Promise.all(
      orgs.map(async (org, i) => {
        const atTarget = await auditHead(org, headsAtTarget[i]);
        const atLoss = await auditHead(org, headsAtLoss[i]);
        return {
          orgId: org.id,
          valid: (await auditHead(org)).valid,
          headAtTarget: atTarget.savedHead?.status ?? 'none',
          // Entries after the target are gone with it: a head saved then no longer verifies.
          tailCutFromLoss:
            headsAtLoss[i] === headsAtTarget[i]
              ? atLoss.savedHead?.status === 'matches'
              : atLoss.tailCut === true,
        };
      }),
    );
    const jobs = await jobOutcomes(call, intentions, seen);
    const mails = invitationMails(intentions.invited);
    const history: RestoreHistory = {
      target,
      changes: issued.map((key, i) => ({
        key,
        beforeTarget: i < issuedAtTarget,
        committed: keysBeforeLoss.has(key),
        restored: keysRestored.has(key),
      })),
      rows: compareRows(beforeLoss, restored),
      audit,
      jobs: jobs.map((j, i) => ({
        kind: j.kind,
        beforeTarget: i < jobsAtTarget,
        done: i < jobsAtTarget ? j.done : null,
      })),
      mails: intentions.invited.map((address, i) => ({
        key: address,
        beforeTarget: i < invitedAtTarget,
        ...copies(mails, address, lossAt, restoreAt),
      })),
      webhooks: webhookKeys.map((key) => ({
        key,
        beforeTarget: before.has(key),
        ...copies(receiver.arrivals, key, lossAt, restoreAt),
      })),
      clients: clients.map((c) => ({
        name: c.record.name,
        staff: c.record.staff,
        resynced: c.record.resyncs.some((at) => at >= restoreAt),
        receivedAfter: receivedAfter(c),
      })),
      archiveTimeoutSeconds,
      rpoSeconds,
      rtoSeconds,
      recoveredSeconds,
    };
    const dir = join(paths.data, 'drill-restore-runs');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${runId}.json`), JSON.stringify(history));
    const verdict = check(history);
    log(`history: ${join(dir, `${runId}.json`)}`);
    const line = summaryLine(history, verdict);
    if (verdict.failures.length > 0) throw new DrillFailure(line);
    return line;
  } finally {
    for (const stop of stops.reverse()) await Promise.resolve(stop()).catch(() => undefined);
    // PostgreSQL's and pgBackRest's logs outlive the drill's directory.
    if (cluster) {
      await cluster.stop();
      for (const [from, to] of [
        [join(cluster.base, 'postgres.log'), 'postgres'],
        [join(cluster.layout.logs, 'main-restore.log'), 'pgbackrest-restore'],
        [join(cluster.layout.logs, 'main-archive-push-async.log'), 'pgbackrest-archive-push'],
      ] as const)
        if (existsSync(from)) copyFileSync(from, logFile(`${DRILL}-${to}`));
    }
    await cluster?.remove();
  }
}

/**
 * The last commit the archive holds: the latest state restored into a scratch directory and
 * started apart (no archiving: it must not write into the drill's repository).
 */
async function latestArchived(cluster: ArchivedCluster): Promise<number> {
  const dir = `${cluster.dataDir}-latest`;
  await restoreDataDirectory(cluster.stanza, dir, { kind: 'latest' });
  const port = freePort();
  const server = Bun.spawn(
    postgresCommand(dir, port, settingArgs({ archive_mode: 'off', track_commit_timestamp: 'on' })),
    { cwd: '/', stdout: 'ignore', stderr: 'ignore' },
  );
  const url = cluster.url('postgres').replace(`:${cluster.port}/`, `:${port}/`);
  const connect = () => postgres(url, { max: 1, onnotice: () => undefined, connect_timeout: 5 });
  try {
    await awaitPromotion(connect, () => server.exitCode !== null);
    const sql = connect();
    try {
      return await lastCommit(sql);
    } finally {
      await sql.end({ timeout: 1 });
    }
  } finally {
    server.kill('SIGINT');
    await server.exited;
    rmSync(dir, { recursive: true, force: true });
  }
}
