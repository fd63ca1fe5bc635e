import { spawn } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readlinkSync,
  rmSync,
} from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '@insightdesk/shared/config';
import { backupNow, listBackups, parseBackupType } from './backup/commands';
import { restoreStack } from './backup/restore-stack';
import { parseRestoreTarget, type RestoreTarget } from './backup/restore-target';
import { bootstrap } from './bootstrap';
import { ensureBundles, staleBundled } from './bundles';
import { callSupervisor, supervisorStatus } from './control';
import { diagnose } from './diagnose';
import { drillAlerts } from './drill-alerts';
import { drillCluster } from './drill-cluster';
import { DrillFailure } from './drill-commands';
import { drillContainers } from './drill-containers';
import { environmentProblem } from './drill-environment';
import { drillHosts } from './drill-hosts';
import { drillPostgres } from './drill-postgres';
import { drillRestore } from './drill-restore';
import { drillUpgrade, parseUpgradeArgs } from './drill-upgrade';
import { killLeftovers } from './leftovers';
import { listMail } from './mail';
import { printAlerts } from './monitoring/alerts';
import {
  markMonitoringProfile,
  monitoringProfileOn,
  stackMonitoringLayout,
} from './monitoring/profile';
import { fail, ok, say, table } from './output';
import { logFile, paths, profileDir } from './paths';
import { haProfileOn, markHaProfile, profileLayout } from './postgres-ha/profile';
import { expandNames, stackProcesses } from './processes';
import { forEachLine, renderLine } from './render';
import { seed } from './seed';
import { loadStackSettings, type StackSettings } from './settings';
import { parseSoakArgs, runSoak } from './soak';
import type { ProcessStatus } from './supervisor';
import { runSupervisor } from './supervisor-main';
import { removeOutsideDir } from './system';
import { runTests } from './test-runner';

const HELP = `Usage: ./stack <command>

  up [-d] [--watch]  bootstrap, then start everything; foreground with logs, or detached (-d);
                     --watch restarts api, ws and worker when their files change (bun run dev)
  up --monitoring    the same with Prometheus, Alertmanager and the exporters as processes of
                     the stack, every alert sent to a local receiver (docs/observability.md)
  up --ha [-d]       the same with PostgreSQL highly available: three Patroni nodes, etcd and
                     HAProxy in place of the single PostgreSQL (docs/deployment.md)
  down               stop everything gracefully (data stays in .data/)
  status [--json]    each process: state, readiness, pid, port
  logs [svc] [-f]    the logs (all, or one process / group); -f follows
  stop SVC...        stop processes (api-1, ws, valkey, postgres, nginx, ...)
  start SVC...       start stopped processes and wait until they are ready
  start SVC... --cpu-profile
                     (re)start Bun services (api-1, worker, ...) under Bun's CPU profiler, for
                     that start only; each writes .data/profiles/NAME/*.cpuprofile when it stops
  reset              down, then wipe .data/
  seed               load a small demo data set through the API (twice adds nothing) and
                     print its accounts and passwords
  mail [N] [--text]  the latest N (10) messages caught by the local SMTP server;
                     --text prints each one's text too
  alerts [N] [--json]
                     the latest N (20) alerts Alertmanager sent to the local receiver, firing
                     and resolved (./stack up --monitoring)
  test [filter...]   run the test suite against the real stack (starts it if needed)
  soak [--minutes N] [--seed S] [--orgs N] [--clients N]
                     a mixed workload through nginx (organizations, tickets, messages, uploads,
                     invitations, exports, Socket.IO clients) under a seeded fault schedule
                     (kills, pauses, restarts, Valkey losing its data), then a history checker
                     against PostgreSQL: exits 1 on any loss, unexplained duplicate or 5xx
                     outside a fault; ends with one summary line (docs/background-work.md)
  drill containers   build the image with podman, run api, ws and worker from it against
                     the stack: health check, non-root, SIGTERM; one summary line
  drill hosts        the reference production topology in network namespaces (an edge, two app
                     hosts, a data host with a streaming replica, a mail host) behind its
                     firewall table: smoke run through the edge, forbidden paths refused,
                     replica read, one app host lost; one summary line
  drill cluster      a six-node Valkey Cluster (3 primaries + 3 replicas) with api, ws and
                     worker on it: a primary killed and slots migrated under load; failover
                     time, failed requests, lost/duplicated events and mails; one summary line
  drill alerts       a stack of its own (PostgreSQL, Valkey, api, two workers) with Prometheus
                     on the drill's fast rules and Alertmanager: workers stopped, PostgreSQL
                     taken away under traffic, 50 failed logins, Valkey flushed — each alert
                     fires and resolves; one summary line (docs/observability.md)
  drill postgres     a three-node Patroni cluster (etcd, synchronous replication, HAProxy) with
                     api, ws and workers on it, under the soak's workload: the primary killed,
                     promoted, the old primary back by pg_rewind, a switchover; acknowledged
                     writes lost, failed requests per event, deliveries, mails; one summary line
  drill upgrade [--from REF]
                     a rolling upgrade from REF (default: the newest release in CHANGELOG.md),
                     its stack run from a worktree on ports of its own, under the soak's
                     workload: expand migrations, api, ws and worker replaced one at a time
                     (SIGTERM), one of each back to REF and forward, contract migrations; the
                     history checker's counts in one summary line (docs/deployment.md)
  drill restore      a PostgreSQL of its own under the soak's workload: base backup, a target
                     time between two known commits, the data directory destroyed, restored to
                     the target; lost and after-target changes, audit chains, queued work,
                     clients' resync, RPO and RTO in one summary line (docs/backups.md)
  backup [--type full|diff|incr]
                     take a backup of the stack's PostgreSQL now (pgBackRest; full by default)
  backups            the backups in the repository, with the WAL each needs
  restore --to <time|latest|backup>
                     restore PostgreSQL into a fresh data directory (the old one kept aside),
                     Valkey following it, and bring the stack up on it (docs/backups.md)
`;

function settingsOrExit(): StackSettings {
  try {
    return loadStackSettings();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
}

function urls(settings: StackSettings) {
  const base = `https://localhost:${settings.stack.httpsPort}`;
  return [
    `API          ${base}/api/v1`,
    `Health       ${base}/health`,
    `Socket.IO    wss://localhost:${settings.stack.httpsPort}/socket.io/`,
    `Plain HTTP   http://localhost:${settings.stack.httpPort} (redirects to HTTPS)`,
    `TLS CA       ${paths.caCert} (trust it, e.g. curl --cacert)`,
    `Mail         ./stack mail   (Maildir in .data/mail)`,
    ...(monitoringProfileOn()
      ? [
          `Prometheus   http://127.0.0.1:${stackMonitoringLayout(settings).prometheusPort}`,
          `Alertmanager http://127.0.0.1:${stackMonitoringLayout(settings).alertmanagerPort}   (./stack alerts)`,
        ]
      : []),
    ...(haProfileOn()
      ? [
          `PostgreSQL   HA: primary via HAProxy 127.0.0.1:${settings.stack.pgPort}, replicas 127.0.0.1:${profileLayout(settings).haproxy.replicaPort} (Patroni: ./stack status)`,
        ]
      : []),
  ].join('\n');
}

/** A process that will not come up: its reason and fix, one line (printed by `fail`). */
class NotReady extends Error {
  constructor(
    readonly names: readonly string[],
    lines: readonly string[],
  ) {
    super(lines.join('\n'));
  }
}

/** The one line that says why a process is not ready and what to do. */
function explain(p: ProcessStatus, all: readonly ProcessStatus[]): string {
  if (p.problem) return `${p.name} cannot start: ${p.problem.reason} — fix: ${p.problem.fix}`;
  const found = diagnose(
    stackProcesses(settingsOrExit()).find((d) => d.name === p.name) ?? {
      name: p.name,
      group: p.group,
      listens: {},
      runsAs: '',
    },
    tail(logFile(p.name), 200).split('\n').filter(Boolean),
  );
  if (found) return `${p.name} is not ready: ${found.reason} — fix: ${found.fix}`;
  const waitingFor = all.filter((d) => !d.ready && d.name !== p.name).map((d) => d.name);
  return p.state === 'pending'
    ? `${p.name} is waiting for ${waitingFor.join(', ') || 'its dependencies'}`
    : `${p.name} is not ready (${p.state}) and its log says nothing about it — see \`./stack logs ${p.name}\``;
}

/**
 * Polls the supervisor until the named (or all wanted) processes are ready. Throws NotReady as
 * soon as one failed twice in a row with the same problem (it will not fix itself), or at the
 * deadline.
 */
async function waitReady(names: readonly string[] | undefined, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const reported = new Set<string>();
  const t0 = Date.now();
  for (;;) {
    const status = await supervisorStatus();
    if (!status) fail('the supervisor stopped unexpectedly; see .data/logs/stack.log');
    const wanted = status.filter((p) => p.desired === 'up' && (!names || names.includes(p.name)));
    for (const p of wanted) {
      if (p.ready && !reported.has(p.name)) {
        reported.add(p.name);
        ok(
          `${p.name.padEnd(9)} ${p.state === 'done' ? 'done' : 'ready'}  (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
        );
      }
    }
    const pending = wanted.filter((p) => !p.ready);
    if (pending.length === 0) return;
    const stuck = pending.filter((p) => (p.problem?.repeats ?? 0) >= 2);
    if (stuck.length > 0) {
      throw new NotReady(
        stuck.map((p) => p.name),
        stuck.map((p) => explain(p, wanted)),
      );
    }
    if (Date.now() > deadline) {
      throw new NotReady(
        pending.map((p) => p.name),
        [
          `not ready after ${timeoutMs / 1000} s: ${pending.map((p) => p.name).join(', ')}`,
          ...pending.map((p) => explain(p, wanted)),
        ],
      );
    }
    await Bun.sleep(250);
  }
}

function tail(file: string, lines: number): string {
  if (!existsSync(file)) return '';
  return Bun.spawnSync(['tail', '-n', String(lines), file]).stdout.toString();
}

async function startDetached(watch: boolean): Promise<void> {
  mkdirSync(paths.logs, { recursive: true });
  const log = openSync(paths.supervisorLog, 'a');
  const child = spawn(process.execPath, [join(paths.root, 'tools/stack/supervisor-main.ts')], {
    cwd: paths.root,
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, STACK_WATCH: watch ? '1' : '0' },
  });
  child.unref();
  const deadline = Date.now() + 15_000;
  while (!(await supervisorStatus())) {
    if (Date.now() > deadline) fail(`the supervisor did not start; see ${paths.supervisorLog}`);
    await Bun.sleep(100);
  }
}

/**
 * Waits for `names` (or everything); when one will not come up, stops what this command
 * started — nothing keeps failing in the background — and exits with the reason and the fix.
 */
async function waitReadyOrStop(
  names: readonly string[] | undefined,
  timeoutMs: number,
  stopOnFailure: () => Promise<unknown>,
): Promise<void> {
  try {
    await waitReady(names, timeoutMs);
  } catch (err) {
    if (!(err instanceof NotReady)) throw err;
    await stopOnFailure();
    fail(err.message);
  }
}

/**
 * The PostgreSQL profile of a stack about to start: `--ha` or the single node. A running stack
 * keeps the one it started with (asking it for HA while it runs a single node is an error).
 */
async function chooseProfile(ha: boolean): Promise<void> {
  if (await supervisorStatus()) {
    if (ha && !haProfileOn())
      fail('the stack runs with a single PostgreSQL: ./stack down first, then ./stack up --ha');
    return;
  }
  markHaProfile(ha);
}

/**
 * Whether the stack about to start runs the monitoring profile (`--monitoring`). A running stack
 * keeps what it was started with: its supervisor's processes are fixed at its start.
 */
async function chooseMonitoring(monitoring: boolean): Promise<void> {
  if (await supervisorStatus()) {
    if (monitoring && !monitoringProfileOn())
      fail('the stack runs without monitoring: ./stack down first, then ./stack up --monitoring');
    return;
  }
  markMonitoringProfile(monitoring);
}

/** Starts the stack detached (or tops it up), waits until ready. Returns whether it was already up. */
async function upDetached(settings: StackSettings, watch = false, ha = false): Promise<boolean> {
  await chooseProfile(ha);
  say('preparing .data/ (TLS, PostgreSQL cluster, nginx config)');
  bootstrapOrExit(settings);
  const status = await supervisorStatus();
  const running = status !== null;
  // Also when running: what it starts again runs the bundle of the sources as they are now.
  if (!watch) await ensureBundles();
  if (status) {
    say(
      `the stack is running; starting anything that is stopped${watch ? ' (watch mode applies to a stack started with it: ./stack down first)' : ''}`,
    );
    const stale = staleBundled(status);
    if (stale.length > 0)
      say(`${stale.join(', ')}: started before the sources changed; starting them again`);
    // One at a time, each ready before the next stops: nginx always has an instance to send to
    // (both api instances gone at once had it mark them failed, and answer 502 for a while).
    for (const name of stale) {
      const names = [name];
      await callSupervisor('POST', '/stop', { names });
      await callSupervisor('POST', '/up', { names });
      await waitReadyOrStop(names, 120_000, () => callSupervisor('POST', '/stop', { names }));
    }
    await callSupervisor('POST', '/up');
  } else {
    say(
      `starting the stack in the background${watch ? ' (api, ws and worker in watch mode)' : ''}`,
    );
    await startDetached(watch);
  }
  await waitReadyOrStop(undefined, 180_000, async () => {
    if (!running) return callSupervisor('POST', '/down');
    const now = (await supervisorStatus()) ?? [];
    const failing = now.filter((p) => p.desired === 'up' && !p.ready).map((p) => p.name);
    return callSupervisor('POST', '/stop', { names: failing });
  });
  return running;
}

function bootstrapOrExit(settings: StackSettings) {
  try {
    bootstrap(settings);
  } catch (err) {
    fail(`preparing .data/ failed: ${(err as Error).message}`);
  }
}

async function up(args: string[]) {
  const settings = settingsOrExit();
  const watch = args.includes('--watch');
  await chooseMonitoring(args.includes('--monitoring'));
  const ha = args.includes('--ha');
  if (args.includes('-d') || args.includes('--detach')) {
    await upDetached(settings, watch, ha);
    say('InsightDesk is up');
    console.log(urls(settings));
    return;
  }
  if (await supervisorStatus()) {
    say(
      'the stack already runs in the background; following its logs (Ctrl-C stops following only)',
    );
    return logs(['-f']);
  }
  await chooseProfile(ha);
  say('preparing .data/ (TLS, PostgreSQL cluster, nginx config)');
  bootstrapOrExit(settings);
  if (!watch) await ensureBundles();
  say(
    `starting the stack in the foreground${watch ? ', api, ws and worker restarting when their files change' : ''} (Ctrl-C stops it)`,
  );
  const { shutdown } = runSupervisor(true, watch);
  await waitReadyOrStop(undefined, 180_000, shutdown);
  say('InsightDesk is up');
  console.log(urls(settings));
}

async function down() {
  if (await supervisorStatus()) {
    say('stopping the stack');
    await callSupervisor('POST', '/down');
    const deadline = Date.now() + 10_000;
    while (existsSync(paths.socket) && Date.now() < deadline) await Bun.sleep(100);
    markMonitoringProfile(false);
    markHaProfile(false);
    ok('stopped');
    return;
  }
  const leftovers = killLeftovers(stackProcesses(settingsOrExit()));
  if (leftovers.length > 0) ok(`stopped leftovers of an earlier run: ${leftovers.join(', ')}`);
  else ok('nothing is running');
}

async function status(args: string[]) {
  const defs = stackProcesses(settingsOrExit());
  const live = await supervisorStatus();
  const rows: ProcessStatus[] =
    live ??
    defs.map((d) => ({
      name: d.name,
      group: d.group,
      state: 'stopped',
      desired: 'down',
      ready: false,
      pid: null,
      port: d.port ?? null,
      restarts: 0,
      uptimeSeconds: null,
      lastExit: null,
      problem: null,
    }));
  if (args.includes('--json')) {
    console.log(JSON.stringify({ running: live !== null, processes: rows }, null, 2));
    return;
  }
  if (!live) say('the stack is not running (./stack up -d)');
  console.log(
    table([
      ['NAME', 'STATE', 'READY', 'PID', 'PORT', 'RESTARTS', 'UPTIME'],
      ...rows.map((p) => [
        p.name,
        p.state,
        p.ready ? 'yes' : 'no',
        p.pid === null ? '-' : String(p.pid),
        p.port === null ? '-' : String(p.port),
        String(p.restarts),
        p.uptimeSeconds === null ? '-' : `${p.uptimeSeconds}s`,
      ]),
    ]),
  );
}

async function logs(args: string[]) {
  const follow = args.includes('-f') || args.includes('--follow');
  const names = args.filter((a) => !a.startsWith('-'));
  const defs = stackProcesses(settingsOrExit());
  let selected: string[];
  try {
    selected = names.length > 0 ? expandNames(defs, names) : defs.map((d) => d.name);
  } catch (err) {
    fail((err as Error).message);
  }
  const files = selected.map(logFile).filter((f) => existsSync(f));
  if (files.length === 0) fail('no logs yet (.data/logs/ is empty)');
  const child = spawn('tail', ['-n', follow ? '20' : '100', ...(follow ? ['-F'] : []), ...files], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (child.stdout) forEachLine(child.stdout, (line) => console.log(renderLine(line)));
  await new Promise((resolve) => child.on('exit', resolve));
}

async function stopOrStart(command: 'stop' | 'start', args: string[]) {
  const cpuProfile = args.includes('--cpu-profile');
  if (cpuProfile && command === 'stop')
    fail('--cpu-profile goes with start (a profile is written when the process stops)');
  const given = args.filter((a) => a !== '--cpu-profile');
  if (given.length === 0) fail(`usage: ./stack ${command} SVC... (e.g. api-1, ws, valkey)`);
  const defs = stackProcesses(settingsOrExit());
  let names: string[];
  try {
    names = expandNames(defs, given);
  } catch (err) {
    fail((err as Error).message);
  }
  if (cpuProfile) {
    const other = names.filter((name) => !defs.find((d) => d.name === name)?.profilable);
    if (other.length > 0)
      fail(
        `--cpu-profile is for the Bun services (api, ws, worker, inbound), not ${other.join(', ')}`,
      );
  }
  if (!(await supervisorStatus())) fail('the stack is not running (./stack up -d)');
  if (command === 'stop') {
    say(`stopping ${names.join(', ')}`);
    await callSupervisor('POST', '/stop', { names });
    ok('stopped');
  } else {
    await ensureBundles();
    // A running process starts again, this time under the profiler.
    if (cpuProfile) await callSupervisor('POST', '/stop', { names });
    say(`starting ${names.join(', ')}${cpuProfile ? ' under the CPU profiler' : ''}`);
    await callSupervisor('POST', '/up', { names, cpuProfile });
    await waitReadyOrStop(names, 120_000, () => callSupervisor('POST', '/stop', { names }));
    if (cpuProfile)
      for (const name of names)
        say(
          `${name}: its profile goes to ${profileDir(name)}/ when it stops (./stack stop ${name})`,
        );
  }
}

async function reset() {
  await down();
  if (existsSync(paths.data)) {
    // Directories kept outside the checkout (see system.ts) are symlinked from .data/.
    for (const name of readdirSync(paths.data)) {
      const path = join(paths.data, name);
      if (lstatSync(path).isSymbolicLink())
        rmSync(readlinkSync(path), { recursive: true, force: true });
    }
    rmSync(paths.data, { recursive: true, force: true });
  }
  removeOutsideDir();
  ok('wiped .data/');
}

const [command = 'help', ...args] = process.argv.slice(2);
switch (command) {
  case 'up':
    await up(args);
    break;
  case 'down':
    await down();
    break;
  case 'status':
    await status(args);
    break;
  case 'logs':
    await logs(args);
    break;
  case 'stop':
  case 'start':
    await stopOrStart(command, args);
    break;
  case 'reset':
    await reset();
    break;
  case 'alerts':
    printAlerts(stackMonitoringLayout(settingsOrExit()).alertsFile, args, monitoringProfileOn());
    break;
  case 'mail':
    await listMail(args);
    break;
  case 'seed': {
    const settings = settingsOrExit();
    await upDetached(settings);
    try {
      await seed(settings);
    } catch (err) {
      fail(`seeding failed: ${(err as Error).message}`);
    }
    break;
  }
  case 'test': {
    const settings = settingsOrExit();
    const wasRunning = await upDetached(settings);
    const code = await runTests(settings, args);
    if (!wasRunning && !process.env.STACK_KEEP_UP) await down();
    process.exit(code);
    break;
  }
  case 'soak': {
    const settings = settingsOrExit();
    let options: ReturnType<typeof parseSoakArgs>;
    try {
      options = parseSoakArgs(args);
    } catch (err) {
      fail((err as Error).message);
    }
    const wasRunning = await upDetached(settings);
    const code = await runSoak(settings, options);
    if (!wasRunning && !process.env.STACK_KEEP_UP) await down();
    process.exit(code);
    break;
  }
  case 'backup': {
    try {
      await backupNow(parseBackupType(args));
    } catch (err) {
      fail(`backup failed: ${(err as Error).message}`);
    }
    break;
  }
  case 'backups':
    try {
      console.log(await listBackups());
    } catch (err) {
      fail(`could not read the backup repository: ${(err as Error).message}`);
    }
    break;
  case 'restore': {
    const settings = settingsOrExit();
    const i = args.indexOf('--to');
    let target: RestoreTarget;
    try {
      if (i < 0 || !args[i + 1])
        throw new Error('usage: ./stack restore --to <time|latest|backup>');
      target = parseRestoreTarget(args[i + 1] as string);
    } catch (err) {
      fail((err as Error).message);
    }
    try {
      await restoreStack(settings, target, () => upDetached(settings));
    } catch (err) {
      fail(`restore failed: ${(err as Error).message}`);
    }
    break;
  }
  case 'drill': {
    const target = args[0];
    if (target === 'alerts') {
      // A stack of its own on ports of its own: the running one is neither needed nor touched.
      const outcome = await drillAlerts(settingsOrExit()).then(
        (summary) => ({ summary, code: 0 }),
        (err: unknown) => {
          if (!(err instanceof DrillFailure)) throw err;
          return { summary: `alerts drill FAILED: ${err.message}`, code: 1 };
        },
      );
      console.log(outcome.summary);
      process.exit(outcome.code);
    }
    if (target === 'upgrade') {
      // The release it upgrades from runs a stack of its own, from a worktree, on ports of its
      // own: the running stack is neither needed nor touched.
      const outcome = await Promise.resolve()
        .then(() => drillUpgrade(parseUpgradeArgs(args.slice(1))))
        .then(
          (summary) => ({ summary, code: 0 }),
          (err: unknown) => {
            if (!(err instanceof DrillFailure)) throw err;
            return {
              summary: err.message.startsWith('upgrade drill')
                ? err.message
                : `upgrade drill FAILED: ${err.message}`,
              code: 1,
            };
          },
        );
      console.log(outcome.summary);
      process.exit(outcome.code);
    }
    if (
      target !== 'containers' &&
      target !== 'hosts' &&
      target !== 'cluster' &&
      target !== 'restore' &&
      target !== 'postgres'
    )
      fail('usage: ./stack drill containers|hosts|cluster|restore|postgres');
    // An environment that cannot host the drill says so now, in its one line (exit 2), before
    // anything is started or assembled.
    // The cluster drill needs no root: loopback ports and processes of its own; nor do the
    // restore drill (a PostgreSQL, Valkey and services of its own) and the postgres drill (a
    // Patroni cluster, Valkey and services of its own).
    const unfit =
      target === 'cluster' || target === 'restore' || target === 'postgres'
        ? undefined
        : environmentProblem(target);
    if (unfit) {
      console.log(`${target} drill cannot run here: ${unfit}`);
      process.exit(2);
    }
    const settings = settingsOrExit();
    // The containers drill runs against the stack's data services; the hosts drill brings its own.
    const wasRunning = target === 'hosts' || (await upDetached(settings));
    let summary: string;
    let code = 0;
    try {
      summary =
        target === 'hosts'
          ? await drillHosts(settings)
          : target === 'cluster'
            ? await drillCluster(settings)
            : target === 'restore'
              ? await drillRestore(settings)
              : target === 'postgres'
                ? await drillPostgres(settings)
                : await drillContainers(settings);
    } catch (err) {
      if (!(err instanceof DrillFailure)) throw err;
      summary = `${target} drill FAILED: ${err.message}`;
      code = 1;
    }
    if (!wasRunning && !process.env.STACK_KEEP_UP) await down();
    console.log(summary);
    process.exit(code);
    break;
  }
  case 'help':
  case '-h':
  case '--help':
    console.log(HELP);
    break;
  default:
    console.error(HELP);
    fail(`unknown command "${command}"`);
}
