import type { ReceivedAlert } from '../monitoring/receiver';

/** An alert a fault must set off: its name and the labels that say which. */
export interface Expected {
  readonly alert: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** What became of one expected alert: when its fault began and ended, when it fired and resolved. */
export interface Outcome extends Expected {
  readonly fault: string;
  readonly injectedAt: number;
  firedAt?: number;
  endedAt?: number;
  resolvedAt?: number;
}

const matches = (a: ReceivedAlert, e: Expected) =>
  a.alertname === e.alert && Object.entries(e.labels ?? {}).every(([k, v]) => a.labels[k] === v);

/**
 * The first notification of `status` for the expected alert received at or after `since` (ms
 * since the epoch), or undefined.
 */
export function firstReceived(
  alerts: readonly ReceivedAlert[],
  expected: Expected,
  status: ReceivedAlert['status'],
  since: number,
): ReceivedAlert | undefined {
  return alerts.find(
    (a) => a.status === status && matches(a, expected) && Date.parse(a.receivedAt) >= since,
  );
}

/**
 * The history check of the receiver's log: for each expected alert, its firing came after its
 * fault began and its resolution after its firing (and after the fault ended); counts what the
 * summary line says.
 */
export function checkHistory(outcomes: readonly Outcome[], alerts: readonly ReceivedAlert[]) {
  const fired = outcomes.filter((o) => o.firedAt !== undefined);
  const resolved = outcomes.filter(
    (o) => o.resolvedAt !== undefined && o.firedAt !== undefined && o.resolvedAt >= o.firedAt,
  );
  const toFire = fired.map((o) => ({ o, s: ((o.firedAt as number) - o.injectedAt) / 1000 }));
  const slowest = toFire.reduce<(typeof toFire)[number] | undefined>(
    (worst, x) => (!worst || x.s > worst.s ? x : worst),
    undefined,
  );
  const toResolve = resolved.map((o) => ({
    o,
    s: ((o.resolvedAt as number) - (o.endedAt ?? o.injectedAt)) / 1000,
  }));
  const slowestResolve = toResolve.reduce<(typeof toResolve)[number] | undefined>(
    (worst, x) => (!worst || x.s > worst.s ? x : worst),
    undefined,
  );
  const expectedNames = new Set(outcomes.map((o) => o.alert));
  const alsoFired = [
    ...new Set(
      alerts
        .filter((a) => a.status === 'firing' && !expectedNames.has(a.alertname))
        .map((a) => a.alertname),
    ),
  ].sort();
  return {
    fired: fired.length,
    resolved: resolved.length,
    total: outcomes.length,
    notifications: alerts.length,
    slowestToFire: slowest,
    slowestToResolve: slowestResolve,
    alsoFired,
    missing: outcomes
      .filter((o) => o.firedAt === undefined || o.resolvedAt === undefined)
      .map(
        (o) =>
          `${o.alert} (${o.fault}: ${o.firedAt === undefined ? 'never fired' : 'never resolved'})`,
      ),
  };
}
