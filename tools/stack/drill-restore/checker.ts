// The restore drill's history checker: what the workload did and what PostgreSQL held before the
// disk was lost, against what the restored cluster and the stack on it show. Pure: drill-restore
// gathers the history, this decides.

/** A change the workload asked for, by its token's key (`ticket.created:sk…T12`). */
export interface ChangeRecord {
  readonly key: string;
  /** Asked for before the target time (every such request had its answer before it). */
  readonly beforeTarget: boolean;
  /** In the cluster just before it was lost. */
  readonly committed: boolean;
  /** In the restored cluster. */
  readonly restored: boolean;
}

/** Every table's rows, by content and commit time (track_commit_timestamp), on both sides. */
export interface RowCounts {
  /** Rows committed at or before the target in the cluster before it was lost. */
  readonly beforeTarget: number;
  /** Of those, rows the restored cluster lacks. */
  readonly missing: number;
  /** Rows in the restored cluster committed after the target. */
  readonly afterTarget: number;
}

export interface AuditRecord {
  readonly orgId: string;
  /** The chain verifies on the restored cluster. */
  readonly valid: boolean;
  /** The head saved at the target, given back to verify: `matches` when the chain kept it. */
  readonly headAtTarget: string;
  /** The head saved just before the loss: cut off by the restore (`tailCut`), as it must be. */
  readonly tailCutFromLoss: boolean;
}

export interface JobRecord {
  readonly kind: string;
  readonly beforeTarget: boolean;
  /** Done on the restored stack (null: its change did not survive, as expected after the target). */
  readonly done: boolean | null;
}

/** Copies of something sent outside (a mail, a webhook delivery) for one change. */
export interface SentRecord {
  readonly key: string;
  readonly beforeTarget: boolean;
  /** Copies received before the loss, and after the restore began. */
  readonly beforeLoss: number;
  readonly afterRestore: number;
}

export interface ClientRecord {
  readonly name: string;
  readonly staff: boolean;
  /** Told to resync (an ack's `resync: true` or `subscription.resync`) after the restore. */
  readonly resynced: boolean;
  /** Received the change made on the restored stack. */
  readonly receivedAfter: boolean;
}

export interface RestoreHistory {
  readonly target: string;
  readonly changes: readonly ChangeRecord[];
  readonly rows: RowCounts;
  readonly audit: readonly AuditRecord[];
  readonly jobs: readonly JobRecord[];
  readonly mails: readonly SentRecord[];
  readonly webhooks: readonly SentRecord[];
  readonly clients: readonly ClientRecord[];
  readonly archiveTimeoutSeconds: number;
  /** Seconds of committed work the loss took: the last commit before it, less the last archived. */
  readonly rpoSeconds: number;
  /** From the start of the restore to every service answering ready. */
  readonly rtoSeconds: number;
  /** From the start of the restore to the new epoch's recovery done (the queued work re-derived). */
  readonly recoveredSeconds: number;
}

export interface RestoreVerdict {
  readonly lost: number;
  readonly afterTarget: number;
  readonly auditVerified: number;
  readonly jobsDone: number;
  readonly jobsExpected: number;
  readonly mails: SentCounts;
  readonly webhooks: SentCounts;
  readonly resynced: number;
  readonly clients: number;
  readonly failures: readonly string[];
}

export interface SentCounts {
  /** Changes before the target with something sent for them. */
  readonly expected: number;
  /** Of those, with nothing received at all. */
  readonly lost: number;
  /** Sent again after the restore for a change that survived: the window a restore reopens. */
  readonly resent: number;
  /** Sent before the loss for a change after the target, which the restore took back. */
  readonly forVanished: number;
  /** Received twice on one side of the restore: not sent once. */
  readonly duplicated: number;
}

function sentCounts(records: readonly SentRecord[]): SentCounts {
  const before = records.filter((r) => r.beforeTarget);
  return {
    expected: before.length,
    lost: before.filter((r) => r.beforeLoss + r.afterRestore === 0).length,
    resent: before.filter((r) => r.beforeLoss > 0 && r.afterRestore > 0).length,
    forVanished: records.filter((r) => !r.beforeTarget && r.beforeLoss > 0).length,
    duplicated: records.filter((r) => r.beforeLoss > 1 || r.afterRestore > 1).length,
  };
}

export function check(history: RestoreHistory): RestoreVerdict {
  const lostChanges = history.changes.filter((c) => c.beforeTarget && c.committed && !c.restored);
  const lateChanges = history.changes.filter((c) => !c.beforeTarget && c.restored);
  const lost = lostChanges.length + history.rows.missing;
  const afterTarget = lateChanges.length + history.rows.afterTarget;
  const auditVerified = history.audit.filter(
    (a) => a.valid && a.headAtTarget === 'matches' && a.tailCutFromLoss,
  ).length;
  const jobs = history.jobs.filter((j) => j.beforeTarget);
  const jobsDone = jobs.filter((j) => j.done === true).length;
  const mails = sentCounts(history.mails);
  const webhooks = sentCounts(history.webhooks);
  const resynced = history.clients.filter((c) => c.resynced).length;
  const failures = [
    ...(lostChanges.length > 0
      ? [`${lostChanges.length} changes before the target missing, e.g. ${lostChanges[0]?.key}`]
      : []),
    ...(history.rows.missing > 0
      ? [`${history.rows.missing} rows committed before the target missing`]
      : []),
    ...(lateChanges.length > 0
      ? [`${lateChanges.length} changes after the target present, e.g. ${lateChanges[0]?.key}`]
      : []),
    ...(history.rows.afterTarget > 0
      ? [`${history.rows.afterTarget} rows committed after the target present`]
      : []),
    ...(history.changes.some((c) => c.beforeTarget && c.committed)
      ? []
      : ['no change before the target']),
    ...(history.changes.some((c) => !c.beforeTarget && c.committed)
      ? []
      : ['no change after the target']),
    ...(auditVerified < history.audit.length || history.audit.length === 0
      ? [`audit chains: ${auditVerified} of ${history.audit.length} verify as restored`]
      : []),
    ...(jobsDone < jobs.length
      ? [`${jobs.length - jobsDone} jobs before the target not done`]
      : []),
    ...(mails.lost > 0 ? [`${mails.lost} mails before the target never sent`] : []),
    ...(webhooks.lost > 0
      ? [`${webhooks.lost} webhook deliveries before the target never made`]
      : []),
    ...(mails.duplicated + webhooks.duplicated > 0
      ? [
          `${mails.duplicated} mails and ${webhooks.duplicated} webhooks received twice on one side of the restore`,
        ]
      : []),
    ...(resynced < history.clients.length
      ? [`${history.clients.length - resynced} clients never told to resync`]
      : []),
    ...(history.clients.some((c) => c.staff && !c.receivedAfter)
      ? [
          `${history.clients.filter((c) => c.staff && !c.receivedAfter).length} staff clients missed the change after the restore`,
        ]
      : []),
  ];
  return {
    lost,
    afterTarget,
    auditVerified,
    jobsDone,
    jobsExpected: jobs.length,
    mails,
    webhooks,
    resynced,
    clients: history.clients.length,
    failures,
  };
}

const n = (x: number) => x.toLocaleString('en-US');

/** The drill's one line. */
export function summaryLine(history: RestoreHistory, verdict: RestoreVerdict): string {
  const before = history.changes.filter((c) => c.beforeTarget && c.committed).length;
  const after = history.changes.filter((c) => !c.beforeTarget && c.committed).length;
  const sent = (what: string, s: SentCounts) =>
    `${what} ${s.expected - s.lost}/${s.expected} (re-sent ${s.resent}, for vanished changes ${s.forVanished})`;
  return [
    `restore drill: ${verdict.failures.length === 0 ? 'passed' : `FAILED (${verdict.failures.join('; ')})`}`,
    `${n(before + after)} changes (${n(before)} before the target, ${n(after)} after)`,
    `lost ${verdict.lost}`,
    `after-target ${verdict.afterTarget}`,
    `rows ${n(history.rows.beforeTarget)} checked`,
    `audit chains ${verdict.auditVerified}/${history.audit.length}`,
    `jobs ${verdict.jobsDone}/${verdict.jobsExpected} done`,
    sent('mails', verdict.mails),
    sent('webhooks', verdict.webhooks),
    `clients ${verdict.resynced}/${verdict.clients} resynced`,
    `RPO ${history.rpoSeconds.toFixed(1)} s (archive_timeout ${history.archiveTimeoutSeconds} s)`,
    `RTO ${history.rtoSeconds.toFixed(1)} s (work re-derived at ${history.recoveredSeconds.toFixed(1)} s)`,
  ].join(', ');
}
