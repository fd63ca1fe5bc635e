// What `./stack restore --to …` takes, and the pgBackRest options each means. A restore always
// ends by promoting the cluster: it becomes a primary on a new timeline, ready for writes.

export type RestoreTarget =
  /** Every change the archive holds (the end of the archived WAL). */
  | { readonly kind: 'latest' }
  /** The cluster as it was at this instant: commits at or before it, none after. */
  | { readonly kind: 'time'; readonly time: string }
  /** The cluster as one backup left it (its consistent point), by label. */
  | { readonly kind: 'backup'; readonly label: string };

/** A pgBackRest backup label: a full one, or a differential/incremental one after its full. */
const LABEL = /^\d{8}-\d{6}F(_\d{8}-\d{6}[DI])?$/;
/** A timestamp with its zone, to the microsecond (PostgreSQL's and ISO 8601's spellings). */
const TIME =
  /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)\s*(Z|UTC|[+-]\d{2}(?::?\d{2})?)$/i;

/** The zone as ISO 8601 writes it (`+01` → `+01:00`, `+0100` → `+01:00`). */
const isoZone = (zone: string) =>
  zone.length === 3 ? `${zone}:00` : zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2');

/**
 * `latest`, a backup label, or a time with its zone (`2026-11-28 21:38:10.123456+00`,
 * `2026-11-28T21:38:10Z`): a time without one would mean the server's zone, which the person
 * typing it may not know, so it is refused. Throws with what is accepted.
 */
export function parseRestoreTarget(text: string): RestoreTarget {
  const given = text.trim();
  if (given === 'latest') return { kind: 'latest' };
  if (LABEL.test(given)) return { kind: 'backup', label: given };
  const m = TIME.exec(given);
  if (m) {
    const [, date, clock, raw] = m as unknown as [string, string, string, string];
    const zone = /^(z|utc)$/i.test(raw) ? '+00' : raw;
    if (!Number.isNaN(Date.parse(`${date}T${clock}${isoZone(zone)}`)))
      return { kind: 'time', time: `${date} ${clock}${zone}` };
  }
  throw new Error(
    `--to takes latest, a backup label (./stack backups) or a time with its zone, e.g. 2026-11-28 21:38:10+00 (got "${given}")`,
  );
}

/** The instant a time target names, in milliseconds (finer digits dropped). */
export function targetInstant(time: string): number {
  const m = TIME.exec(time);
  if (!m) return Number.NaN;
  const [, date, clock, zone] = m as unknown as [string, string, string, string];
  return Date.parse(`${date}T${clock}${isoZone(zone)}`);
}

/**
 * pgBackRest's `restore` options for a target, from the backup `set` (timelines.ts picks it for
 * a time or the latest); the cluster is promoted when it gets there. A backup is restored on its
 * own timeline (a later restore may have branched off before it).
 */
export function restoreOptions(target: RestoreTarget, set?: string): string[] {
  const from = set ? [`--set=${set}`] : [];
  switch (target.kind) {
    case 'latest':
      return [...from, '--type=default'];
    case 'time':
      return [...from, `--type=time`, `--target=${target.time}`, '--target-action=promote'];
    case 'backup':
      return [
        `--set=${target.label}`,
        '--type=immediate',
        // pgBackRest takes --target-timeline only with a target it can follow past the backup.
        '--recovery-option=recovery_target_timeline=current',
        '--target-action=promote',
      ];
  }
}

export function describeTarget(target: RestoreTarget): string {
  return target.kind === 'latest'
    ? 'the latest archived change'
    : target.kind === 'time'
      ? target.time
      : `backup ${target.label}`;
}
