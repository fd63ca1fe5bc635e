import { fleetReleases } from '@insightdesk/shared/health';
import type { Logger } from '@insightdesk/shared/logger';
import type { maintenanceQueue, QueueHandle, Schedule } from '@insightdesk/shared/queues';
import { compareVersions } from '@insightdesk/shared/release';
import type { Redis } from '@insightdesk/shared/valkey';

/** How often a schedule waiting for the older workers to leave is looked at again. */
const RECHECK_MS = 60_000;

/**
 * Declares the maintenance schedules every live worker can run. One declared `since` a release
 * waits until no worker of an older release is alive (their heartbeats): during a rolling upgrade
 * those would be handed a job they do not know. Looked at again every minute, so the schedule
 * appears once the last older worker is gone, without a restart.
 */
export function scheduleDeclarer(deps: {
  valkey: Redis;
  maintenance: QueueHandle<typeof maintenanceQueue>;
  schedules: readonly Schedule[];
  logger: Logger;
}) {
  const declared = new Set<string>();
  let timer: Timer | undefined;

  async function runnable(): Promise<Schedule[]> {
    const gated = deps.schedules.filter((s) => s.since);
    if (gated.length === 0) return [...deps.schedules];
    const fleet = await fleetReleases(deps.valkey, ['worker']);
    return deps.schedules.filter(
      (s) => !s.since || fleet.every((w) => compareVersions(w.version, s.since as string) >= 0),
    );
  }

  /** Every runnable schedule, again (after Valkey lost them, or at start). */
  async function declareAll() {
    const ready = await runnable();
    await upsertSchedules(deps.maintenance, ready);
    for (const s of ready) declared.add(s.id);
    const waiting = deps.schedules.filter((s) => !declared.has(s.id)).map((s) => s.id);
    if (waiting.length > 0)
      deps.logger.info({ waiting }, 'schedules wait until no worker of an older release is left');
  }

  async function declareNew() {
    if (declared.size === deps.schedules.length) return;
    const fresh = (await runnable()).filter((s) => !declared.has(s.id));
    if (fresh.length === 0) return;
    await upsertSchedules(deps.maintenance, fresh);
    for (const s of fresh) declared.add(s.id);
    deps.logger.info({ schedules: fresh.map((s) => s.id) }, 'schedules declared');
  }

  return {
    declareAll,
    start() {
      timer = setInterval(() => {
        declareNew().catch((err) => deps.logger.warn({ err }, 'schedules not declared yet'));
      }, RECHECK_MS);
    },
    stop() {
      clearInterval(timer);
    },
  };
}

/**
 * The maintenance schedules, the platform's and the product's (idempotent: every worker upserts
 * the same schedulers).
 */
export async function upsertSchedules(
  maintenance: QueueHandle<typeof maintenanceQueue>,
  schedules: readonly Schedule[],
) {
  for (const schedule of schedules) {
    await maintenance.queue.upsertJobScheduler(
      schedule.id,
      { every: schedule.every },
      { name: schedule.job, data: {}, opts: maintenance.declaration.defaults },
    );
  }
}
