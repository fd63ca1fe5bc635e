import { randomBytes } from 'node:crypto';
import { createLogger } from '@insightdesk/shared/logger';
import { maintenanceQueue, openQueue } from '@insightdesk/shared/queues';
import { closeValkey, createValkey } from '@insightdesk/shared/valkey';
import { DrillFailure } from '../drill-commands';
import { readAlerts } from '../monitoring/alerts';
import { probe } from '../probes';
import type { StackSettings } from '../settings';
import { checkHistory, type Expected, firstReceived, type Outcome } from './expectations';
import { startDrillMonitoring } from './monitoring';
import { serviceReady, startOwnStack, until } from './own-stack';

// `./stack drill alerts`: real faults on a stack of the drill's own, watched by a Prometheus on
// the drill's rules (production's, sixty times faster) and an Alertmanager sending to a local
// receiver. Each fault must set off its alerts, and each alert must resolve once the fault ends:
//   both workers stopped (a job waiting, a change committed)  → ServiceDown, QueueStalled, OutboxRelayLagging
//   PostgreSQL taken away under traffic                        → PostgresDown, ApiErrorBudgetBurnFast
//   50 failed logins, one account, one address                 → LoginFailuresOneAccountOneAddress
//   Valkey's data flushed                                      → ValkeyDataLost
// One summary line: fired N/N, resolved N/N, the slowest time to fire, and the receiver's count.

const log = (line: string) => console.error(`alerts drill: ${line}`);
const OWNER_PASSWORD = 'alerts-drill-password-1';
/** The address the failed logins come from (TEST-NET-3). */
const GUESSER = '203.0.113.50';
const FIRE_WITHIN_MS = 120_000;
const RESOLVE_WITHIN_MS = 150_000;

export async function drillAlerts(settings: StackSettings): Promise<string> {
  const began = performance.now();
  const logger = createLogger({
    service: 'drill',
    instance: 'alerts',
    level: 'warn',
    format: 'json',
  });
  log('starting a PostgreSQL, a Valkey, an api and two workers of its own');
  const own = await startOwnStack(settings);
  let monitoring: Awaited<ReturnType<typeof startDrillMonitoring>> | undefined;
  let traffic = false;
  const loops: Promise<void>[] = [];
  try {
    monitoring = await startDrillMonitoring(own, randomBytes(18).toString('base64url'));
    const { alertsFile } = monitoring.layout;
    log(`Prometheus on 127.0.0.1:${monitoring.layout.prometheusPort} scraping every target`);

    // --- an owner, and steady traffic for the service levels ----------------------------------
    const api = `http://127.0.0.1:${own.ports.api}/api/v1`;
    const call = (
      method: string,
      path: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ) =>
      fetch(`${api}${path}`, {
        method,
        headers: { 'Content-Type': 'application/json', 'X-Real-IP': '198.51.100.7', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(5000),
      });
    const register = async (tag: string) => {
      const email = `alerts-drill-${tag}-${Date.now()}@example.test`;
      const res = await call('POST', '/auth/register', {
        email,
        password: OWNER_PASSWORD,
        name: 'Drill Owner',
        organizationName: `Alerts drill ${tag}`,
      });
      if (res.status !== 201) throw new DrillFailure(`registration answered ${res.status}`);
      const body = (await res.json()) as { tokens: { accessToken: string } };
      return { email, token: body.tokens.accessToken };
    };
    const owner = await register('owner');
    const statuses = new Map<number, number>();
    traffic = true;
    for (let i = 0; i < 3; i++)
      loops.push(
        (async () => {
          while (traffic) {
            const status = await call('GET', '/me', undefined, {
              Authorization: `Bearer ${owner.token}`,
            })
              .then((r) => r.status)
              .catch(() => 0);
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
            await Bun.sleep(40);
          }
        })(),
      );
    // The 1-minute window of the fast burn rate sees traffic before the first fault.
    await Bun.sleep(15_000);

    const outcomes: Outcome[] = [];
    /** Injects a fault, waits for its alerts to fire, ends it, waits for them to resolve. */
    const fault = async (
      name: string,
      expected: readonly Expected[],
      inject: () => Promise<void>,
      end: () => Promise<void> = async () => {},
    ) => {
      const injectedAt = Date.now();
      const mine = expected.map((e): Outcome => ({ ...e, fault: name, injectedAt }));
      outcomes.push(...mine);
      log(`${name}: injected`);
      await inject();
      await until(
        `${name}: ${expected.map((e) => e.alert).join(', ')} firing`,
        FIRE_WITHIN_MS,
        () => {
          const alerts = readAlerts(alertsFile);
          for (const o of mine) o.firedAt ??= received(alerts, o, 'firing', injectedAt);
          return mine.every((o) => o.firedAt !== undefined) || undefined;
        },
      ).catch((err) => log((err as Error).message));
      for (const o of mine)
        if (o.firedAt)
          log(`${name}: ${o.alert} fired after ${((o.firedAt - injectedAt) / 1000).toFixed(1)} s`);
      await end();
      const endedAt = Date.now();
      for (const o of mine) o.endedAt = endedAt;
      log(`${name}: ended`);
      await until(`${name}: the alerts resolved`, RESOLVE_WITHIN_MS, () => {
        const alerts = readAlerts(alertsFile);
        for (const o of mine)
          if (o.firedAt) o.resolvedAt ??= received(alerts, o, 'resolved', o.firedAt);
        return (
          mine.every((o) => o.firedAt === undefined || o.resolvedAt !== undefined) || undefined
        );
      }).catch((err) => log((err as Error).message));
      for (const o of mine)
        if (o.resolvedAt)
          log(
            `${name}: ${o.alert} resolved ${((o.resolvedAt - endedAt) / 1000).toFixed(1)} s after the fault ended`,
          );
    };

    // --- 1. both workers stopped: a job waits, a committed change is not relayed --------------
    await fault(
      'workers stopped',
      [
        { alert: 'ServiceDown', labels: { job: 'worker' } },
        { alert: 'QueueStalled', labels: { queue: 'maintenance' } },
        { alert: 'OutboxRelayLagging' },
      ],
      async () => {
        await Promise.all(own.workers.map((w) => w.stop()));
        const connection = createValkey({
          url: own.valkeyUrl,
          name: 'drill-producer',
          kind: 'blocking',
          logger,
        });
        const queue = openQueue(maintenanceQueue, connection);
        await queue.add('noop', { delayMs: 0 });
        await queue.close();
        await closeValkey(connection);
        // A change whose outbox row waits for the relay (its verification mail, its events).
        await register('while-workers-away');
      },
      async () => {
        for (const [i, w] of own.workers.entries()) {
          w.start();
          await until(`${w.name} ready again`, 120_000, () =>
            serviceReady(own.ports.workers[i] as number),
          );
        }
      },
    );

    // --- 2. a dependency taken away: PostgreSQL stopped under traffic -------------------------
    const before5xx = count5xx(statuses);
    await fault(
      'PostgreSQL taken away',
      [{ alert: 'PostgresDown', labels: { job: 'postgres' } }, { alert: 'ApiErrorBudgetBurnFast' }],
      () => own.postgres.stop(),
      async () => {
        own.postgres.start();
        await until('PostgreSQL back', 60_000, () =>
          probe({ kind: 'pg', port: own.ports.postgres }).then((ok) => ok || undefined),
        );
      },
    );
    const outage5xx = count5xx(statuses) - before5xx;

    // --- 3. 50 failed logins against one account from one address -----------------------------
    let refused = 0;
    await fault('50 failed logins', [{ alert: 'LoginFailuresOneAccountOneAddress' }], async () => {
      for (let i = 0; i < 50; i++) {
        const res = await call(
          'POST',
          '/auth/login',
          { email: owner.email, password: `wrong-${i}` },
          { 'X-Real-IP': GUESSER },
        );
        if (res.status === 429) refused++;
      }
    });

    // --- 4. Valkey's data flushed ---------------------------------------------------------------
    await fault('Valkey flushed', [{ alert: 'ValkeyDataLost' }], async () => {
      const connection = createValkey({
        url: own.valkeyUrl,
        name: 'drill-flush',
        kind: 'blocking',
        logger,
      });
      await connection.flushall();
      await closeValkey(connection);
    });

    traffic = false;
    await Promise.all(loops);
    const history = checkHistory(outcomes, readAlerts(alertsFile));
    const requests = [...statuses.values()].reduce((a, b) => a + b, 0);
    const slowest = history.slowestToFire
      ? `${history.slowestToFire.s.toFixed(1)} s (${history.slowestToFire.o.alert}, ${history.slowestToFire.o.fault})`
      : 'n/a';
    const slowestResolve = history.slowestToResolve
      ? `${history.slowestToResolve.s.toFixed(1)} s (${history.slowestToResolve.o.alert})`
      : 'n/a';
    const figures =
      `fired ${history.fired}/${history.total}, resolved ${history.resolved}/${history.total}, ` +
      `slowest to fire ${slowest}, slowest to resolve after its fault ended ${slowestResolve}; ` +
      `receiver: ${history.notifications} alert notifications, also fired: ${history.alsoFired.join(', ') || 'none'}; ` +
      `traffic: ${requests} requests, ${outage5xx} 5xx while PostgreSQL was away; ` +
      `logins refused ${refused}/50`;
    log(figures);
    if (history.missing.length > 0)
      throw new DrillFailure(`${history.missing.join('; ')}: ${figures}`);
    return `alerts drill passed in ${((performance.now() - began) / 1000).toFixed(1)} s: ${figures}`;
  } finally {
    traffic = false;
    await Promise.all(loops);
    await monitoring?.stop();
    await own.stopAll();
  }
}

const count5xx = (statuses: Map<number, number>) =>
  [...statuses.entries()].filter(([s]) => s >= 500 || s === 0).reduce((n, [, c]) => n + c, 0);

/** When the receiver got the alert's notification of `status` (ms since the epoch), or undefined. */
function received(
  alerts: ReturnType<typeof readAlerts>,
  expected: Expected,
  status: 'firing' | 'resolved',
  since: number,
): number | undefined {
  const found = firstReceived(alerts, expected, status, since);
  return found ? Date.parse(found.receivedAt) : undefined;
}
