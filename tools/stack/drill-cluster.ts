import { rmSync } from 'node:fs';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { io, type Socket } from 'socket.io-client';
import { DrillFailure, must } from './drill-commands';
import { type DrillService, drillServiceReady, startDrillService } from './drill-services';
import { readMaildir } from './maildir';
import { paths } from './paths';
import { superuser } from './pg-superuser';
import { type StackSettings, servicePort } from './settings';
import {
  ask,
  type ClusterNodeLine,
  cliBinary,
  clusterNodes,
  clusterUrl,
  formCluster,
  migrateSlot,
  owns,
  startNodes,
  until,
} from './valkey-cluster';

// `./stack drill cluster`: a six-node Valkey Cluster (three primaries, three replicas) on loopback,
// an api, two ws and a worker against it, traffic through them (tickets, replies, their events on
// sockets of both ws instances, their mail jobs), then under that traffic: a primary killed
// (SIGKILL; its replica is promoted) and a slot migration (`redis-cli --cluster reshard`). It
// reports the errors the clients saw, how long the failover took, and what was lost or duplicated.

/** Service instance numbers of the drill (the stack runs 1 and 2, the tests 9). */
const N = [5, 6] as const;
const OWNER_PASSWORD = 'cluster-drill-password-1';
/** Slots `redis-cli --cluster reshard` moves (each takes several round trips). */
const RESHARD_SLOTS = 100;

const elapsed = (since: number) => ((performance.now() - since) / 1000).toFixed(1);
const log = (line: string) => console.error(`cluster drill: ${line}`);

type Instance = DrillService;

function startService(
  service: 'api' | 'ws' | 'worker',
  n: number,
  settings: StackSettings,
  env: Record<string, string>,
): Instance {
  const name = `${service}-${n}`;
  return startDrillService({
    drill: 'drill-cluster',
    service,
    name,
    port: servicePort(settings, service, n),
    env,
  });
}

const ready = (instance: Instance) => drillServiceReady(instance, log, 'drill-cluster');

interface Outcome {
  readonly at: number;
  readonly status: number;
}

export async function drillCluster(settings: StackSettings): Promise<string> {
  const began = performance.now();
  const runId = Math.random().toString(16).slice(2, 6);
  const dir = join(paths.data, 'drill-cluster');
  rmSync(dir, { recursive: true, force: true });
  const database = `insightdesk_drill_cluster_${runId}`;
  const nodes = startNodes(settings.stack.clusterPort, dir);
  const services: Instance[] = [];
  const sockets: Socket[] = [];
  let stopping = false;
  const cleanup = async () => {
    for (const s of sockets) s.disconnect();
    for (const s of services) s.proc.kill('SIGTERM');
    await Promise.all(services.map((s) => s.proc.exited));
    await nodes.stopAll();
    rmSync(dir, { recursive: true, force: true });
    const admin = superuser(settings.stack.pgPort);
    try {
      await admin.unsafe(`drop database if exists "${database}" with (force)`);
    } finally {
      await admin.end();
    }
  };
  const onSignal = () => {
    if (stopping) return;
    stopping = true;
    cleanup().finally(() => process.exit(143));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  log(`run ${runId}, nodes on 127.0.0.1:${nodes.ports[0]}..${nodes.ports[5]}`);

  try {
    for (const port of nodes.ports) nodes.start(port);
    await formCluster(nodes.ports);
    // The primary to kill: the one holding the email queue. It is the first seed of the URL, so
    // every subscriber connection (on the first seed) is on it too and has to move.
    const anyNode = nodes.ports[0] as number;
    const emailSlot = Number(ask(anyNode, 'CLUSTER', 'KEYSLOT', '{insightdesk:email}'));
    const { victim, replica } = await until('the replicas attached', 20_000, () => {
      const layout = clusterNodes(anyNode);
      const victim = layout.find((n) => n.primary && owns(n, emailSlot));
      const replica = layout.find((n) => !n.primary && n.primaryId === victim?.id);
      return victim &&
        replica &&
        ask(replica.port, 'INFO', 'replication').includes('master_link_status:up')
        ? { victim, replica }
        : undefined;
    });
    const url = clusterUrl(nodes.ports, victim.port);
    log(`cluster up (3 primaries, 3 replicas): ${url}`);

    const admin = superuser(settings.stack.pgPort);
    try {
      const appUser = decodeURIComponent(new URL(settings.db.url).username);
      await admin.unsafe(`create database "${database}" owner "${appUser}"`);
    } finally {
      await admin.end();
    }
    const env = {
      VALKEY_URL: url,
      VALKEY_QUEUE_URL: url,
      VALKEY_CACHE_URL: url,
      DATABASE_URL: Object.assign(new URL(settings.db.url), {
        pathname: `/${database}`,
      }).toString(),
      FEATURE_FAIR_QUEUES_ENABLED: 'true',
    };
    const api = startService('api', N[0], settings, { ...env, DB_MIGRATE_ON_START: 'true' });
    services.push(api);
    await ready(api);
    const others = [
      startService('ws', N[0], settings, env),
      startService('ws', N[1], settings, env),
      startService('worker', N[0], settings, env),
    ];
    services.push(...others);
    await Promise.all(others.map((s) => ready(s)));
    const [ws5, ws6] = others as [Instance, Instance, Instance];
    log(`api, ws ×2 and worker up on the cluster (${elapsed(began)} s)`);

    // --- an owner, verified, with an organization ---------------------------------------------
    const apiUrl = `http://127.0.0.1:${api.port}/api/v1`;
    const call = async (method: string, path: string, body?: unknown, token?: string) => {
      const res = await fetch(`${apiUrl}${path}`, {
        method,
        headers: {
          'Content-Type': 'application/json',
          'X-Real-IP': '198.51.100.77',
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
      // biome-ignore lint/suspicious/noExplicitAny: the api's answers
      return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
    };
    const email = `cluster-drill-${runId}-${Date.now()}@example.test`;
    const registered = await call('POST', '/auth/register', {
      email,
      password: OWNER_PASSWORD,
      name: 'Drill Owner',
      organizationName: `Cluster drill ${runId}`,
    });
    if (registered.status !== 201)
      throw new DrillFailure(`registration answered ${registered.status}`);
    const orgId: string = registered.body.organization.id;
    const token: string = registered.body.tokens.accessToken;
    const verification = await until('the verification mail', 30_000, () =>
      readMaildir(paths.mail).find(
        (m) =>
          m.headers.to?.includes(email) && m.headers['x-insightdesk-template'] === 'verify-email',
      ),
    );
    const text = (await PostalMime.parse(verification.raw)).text ?? '';
    const verified = await call('POST', '/auth/verify-email', {
      token: decodeURIComponent(text.match(/verify-email\?token=(\S+)/)?.[1] ?? ''),
    });
    if (verified.status !== 204) throw new DrillFailure(`verification answered ${verified.status}`);

    // --- sockets on both ws instances, each re-subscribing from its last event ---------------
    const received = [new Map<string, number>(), new Map<string, number>()];
    /** Per socket: ticket id → when its ticket.created event first arrived. */
    const ticketEvents = [new Map<string, number>(), new Map<string, number>()];
    let socketDrops = 0;
    [ws5, ws6].forEach((ws, i) => {
      let last: string | undefined;
      const socket = io(`http://127.0.0.1:${ws.port}`, {
        path: '/socket.io/',
        transports: ['websocket'],
        auth: { token },
        forceNew: true,
        reconnectionDelay: 200,
        reconnectionDelayMax: 1000,
      });
      socket.on('connect', () => {
        socket
          .timeout(10_000)
          .emit('subscribe', { orgId, ...(last ? { since: last } : {}) }, () => {});
      });
      socket.on('disconnect', () => {
        if (!stopping) socketDrops++;
      });
      socket.onAny(
        (type: string, envelope: { id?: string | null; data?: { ticket?: { id?: string } } }) => {
          if (!envelope?.id) return;
          last = envelope.id;
          const map = received[i] as Map<string, number>;
          map.set(envelope.id, (map.get(envelope.id) ?? 0) + 1);
          if (type === 'ticket.created' && envelope.data?.ticket?.id)
            if (!ticketEvents[i]?.has(envelope.data.ticket.id))
              ticketEvents[i]?.set(envelope.data.ticket.id, performance.now());
        },
      );
      sockets.push(socket);
    });
    await until(
      'both sockets subscribed',
      15_000,
      () => sockets.every((s) => s.connected) || undefined,
    );

    // --- traffic: tickets and replies, four at a time -----------------------------------------
    const outcomes: Outcome[] = [];
    /** Created tickets: id → subject, when the api answered (both clocks). */
    const tickets = new Map<string, { subject: string; at: number; wall: number }>();
    let traffic = true;
    let seq = 0;
    const loop = async () => {
      while (traffic) {
        const subject = `cluster drill ${runId} #${++seq}`;
        const one = async (method: string, path: string, body: unknown) => {
          const at = performance.now();
          const answer = await call(method, path, body, token).catch(() => ({
            status: 0,
            body: undefined,
          }));
          outcomes.push({ at, status: answer.status });
          return answer;
        };
        const ticket = await one('POST', `/orgs/${orgId}/tickets`, {
          subject,
          body: 'Slots and shards.',
        });
        if (ticket.status === 201) {
          tickets.set(ticket.body.id, { subject, at: performance.now(), wall: Date.now() });
          await one('POST', `/orgs/${orgId}/tickets/${ticket.body.id}/messages`, {
            body: 'A reply under load.',
          });
        }
        await Bun.sleep(50);
      }
    };
    const loops = [loop(), loop(), loop(), loop()];
    await Bun.sleep(5000);
    const warm = [...tickets.entries()];
    log(
      `${warm.length} tickets before the kill, ${warm.filter(([id]) => ticketEvents.every((m) => m.has(id))).length} of their events on both sockets`,
    );

    // --- a primary killed under load ----------------------------------------------------------
    const witness = nodes.ports.find((p) => p !== victim.port) as number;
    const killedAt = performance.now();
    nodes.kill(victim.port);
    log(`killed the primary on ${victim.port} (slot ${emailSlot}: the email queue), load running`);
    await until('the replica promoted', 30_000, () => {
      const now = clusterNodes(witness);
      const promoted = now.find((n) => n.id === replica.id)?.primary;
      return promoted && ask(witness, 'CLUSTER', 'INFO').includes('cluster_state:ok')
        ? true
        : undefined;
    });
    const promotedMs = performance.now() - killedAt;
    log(`replica on ${replica.port} promoted after ${(promotedMs / 1000).toFixed(1)} s`);
    await Bun.sleep(8000);
    // The old primary comes back as a replica of the new one.
    nodes.start(victim.port);
    const failoverEnd = performance.now();

    // --- a slot migration under load ----------------------------------------------------------
    const now = clusterNodes(witness);
    const source = now.find((n) => n.id === replica.id) as ClusterNodeLine;
    const target = now.find((n) => n.primary && n.id !== source.id && !n.failed) as ClusterNodeLine;
    const reshardAt = performance.now();
    // redis-cli's reshard moves slots from the start of the source's range (where none of our
    // few keys may be): RESHARD_SLOTS of them, then the slots that hold the email queue and the
    // organization's event stream, moved the same way, one by one.
    must(
      [
        cliBinary(),
        '--cluster',
        'reshard',
        `127.0.0.1:${target.port}`,
        '--cluster-from',
        source.id,
        '--cluster-to',
        target.id,
        '--cluster-slots',
        String(RESHARD_SLOTS),
        '--cluster-yes',
      ],
      'redis-cli --cluster reshard',
    );
    const streamSlot = Number(ask(witness, 'CLUSTER', 'KEYSLOT', `{${orgId}}`));
    const primaries = clusterNodes(witness)
      .filter((n) => n.primary && !n.failed)
      .map((n) => n.port);
    let movedKeys = 0;
    const targeted = [emailSlot, streamSlot].filter((slot) => owns(source, slot));
    for (const slot of targeted) movedKeys += migrateSlot(slot, source, target, primaries);
    const moved = RESHARD_SLOTS + targeted.length;
    const reshardMs = performance.now() - reshardAt;
    const migrated = clusterNodes(witness).find((n) => n.id === target.id);
    if (!migrated || !owns(migrated, emailSlot))
      throw new DrillFailure(`slot ${emailSlot} did not move to ${target.port}`);
    log(
      `${moved} slots moved in ${(reshardMs / 1000).toFixed(1)} s (the email queue's and ${targeted.length > 1 ? "the event stream's" : 'not the event stream’s (another shard)'}: ${movedKeys} keys)`,
    );
    await Bun.sleep(3000);
    traffic = false;
    await Promise.all(loops);
    const reshardEnd = performance.now();

    // --- what arrived ----------------------------------------------------------------------------
    const created = [...tickets.entries()];
    const bySubject = new Map(created.map(([id, t]) => [t.subject, id]));
    /** Ticket id → when each of its confirmation mails arrived (wall clock). */
    const mailsOf = () => {
      const arrivals = new Map<string, number[]>();
      for (const m of readMaildir(paths.mail)) {
        if (m.headers['x-insightdesk-template'] !== 'ticket-confirmation') continue;
        const subject = m.headers.subject?.match(/cluster drill [0-9a-f]{4} #\d+$/)?.[0];
        const id = subject === undefined ? undefined : bySubject.get(subject);
        if (id) arrivals.set(id, [...(arrivals.get(id) ?? []), m.receivedAt.getTime()]);
      }
      return arrivals;
    };
    const mails = await until('every event and mail delivered', 60_000, () => {
      const mails = mailsOf();
      const done =
        created.every(([id]) => ticketEvents.every((s) => s.has(id))) &&
        created.every(([id]) => mails.has(id));
      return done ? mails : undefined;
    }).catch(() => mailsOf());

    // How long each ticket's event (the later socket) and mail took, by when it was created.
    const delays = created.map(([id, t]) => {
      const events = ticketEvents.map((m) => m.get(id));
      const event = events.some((e) => e === undefined)
        ? Number.POSITIVE_INFINITY
        : Math.max(...(events as number[])) - t.at;
      const mail = Math.min(...(mails.get(id) ?? [Number.POSITIVE_INFINITY])) - t.wall;
      return { at: t.at, event, mail };
    });
    const worst = (from: number, to: number, of: 'event' | 'mail') =>
      Math.max(0, ...delays.filter((d) => d.at >= from && d.at < to).map((d) => d[of]));
    const seconds = (ms: number) => (Number.isFinite(ms) ? (ms / 1000).toFixed(1) : '∞');
    const phases = (of: 'event' | 'mail') =>
      `${seconds(worst(0, killedAt, of))}/${seconds(worst(killedAt, failoverEnd, of))}/${seconds(worst(failoverEnd, reshardEnd, of))} s`;
    // Recovered: from the kill until tickets were delivered as fast as before it (1 s slack; the
    // mail's arrival time is the file's, to the second).
    const normal = Math.max(worst(0, killedAt, 'event'), worst(0, killedAt, 'mail')) + 1000;
    const lastSlow = delays
      .filter((d) => d.at >= killedAt && Math.max(d.event, d.mail) > normal)
      .at(-1);
    const recoveredMs = lastSlow
      ? lastSlow.at + Math.max(lastSlow.event, lastSlow.mail) - killedAt
      : 0;

    const failed = (from: number, to: number) =>
      outcomes.filter((o) => o.at >= from && o.at < to && (o.status >= 500 || o.status === 0));
    const during = failed(killedAt, failoverEnd);
    const whileMigrating = failed(failoverEnd, reshardEnd);
    const other4xx = outcomes.filter((o) => o.status >= 400 && o.status < 500).length;
    const lostEvents = ticketEvents.reduce(
      (sum, set) => sum + created.filter(([id]) => !set.has(id)).length,
      0,
    );
    const duplicatedEvents = received.reduce(
      (sum, map) => sum + [...map.values()].filter((n) => n > 1).length,
      0,
    );
    const lostMails = created.filter(([id]) => !mails.has(id)).length;
    const duplicatedMails = [...mails.values()].filter((n) => n.length > 1).length;
    const crossSlot = nodes.ports
      .map((p) => ask(p, 'INFO', 'errorstats'))
      .join('\n')
      .split('\n')
      .filter((l) => /errorstat_CROSSSLOT/.test(l)).length;
    const total5xx = failed(0, Number.POSITIVE_INFINITY).length;

    const figures =
      `6 nodes (3 primaries + 3 replicas), ${outcomes.length} requests, ${created.length} tickets; ` +
      `failover: replica promoted in ${seconds(promotedMs)} s, services recovered in ${seconds(recoveredMs)} s, ` +
      `${during.length} failed requests (5xx or no answer) during it; ` +
      `worst delay before/failover/reshard: events ${phases('event')}, mails ${phases('mail')}; ` +
      `reshard: ${moved} slots in ${(reshardMs / 1000).toFixed(1)} s, ${whileMigrating.length} failed; ` +
      `lost: ${lostEvents} events, ${lostMails} mails; duplicated: ${duplicatedEvents} events, ${duplicatedMails} mails; ` +
      `socket drops ${socketDrops}, 4xx ${other4xx}, CROSSSLOT ${crossSlot}`;
    log(figures);
    const crashed = services.filter((s) => s.proc.exitCode !== null).map((s) => s.name);
    if (crashed.length > 0)
      throw new DrillFailure(`${crashed.join(', ')} exited during the drill: ${figures}`);
    if (lostEvents > 0 || lostMails > 0) throw new DrillFailure(`something was lost: ${figures}`);
    if (crossSlot > 0)
      throw new DrillFailure(`the cluster refused commands (CROSSSLOT): ${figures}`);
    if (total5xx > 0 && recoveredMs > 60_000)
      throw new DrillFailure(`the services did not recover within a minute: ${figures}`);
    return `cluster drill passed in ${elapsed(began)} s: ${figures}`;
  } finally {
    stopping = true;
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    await cleanup();
  }
}
