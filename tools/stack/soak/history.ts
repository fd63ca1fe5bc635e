// What a soak run observed, and what PostgreSQL says was committed: the checker's input.

export const FAULT_KINDS = [
  'sigkill-api',
  'sigkill-ws',
  'sigkill-worker',
  'sigterm-api',
  'sigterm-ws',
  'sigterm-worker',
  'sigstop',
  'valkey-restart',
  'valkey-flushall',
  'valkey-wipe',
  'postgres-restart',
  'nginx-reload',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRecord {
  readonly kind: FaultKind;
  readonly target: string;
  /** When it was injected, and when everything answered ready again (ms since the epoch). */
  readonly start: number;
  readonly end: number;
}

export interface RequestRecord {
  readonly route: string;
  readonly at: number;
  readonly ms: number;
  /** 0: no answer (connection refused or reset). */
  readonly status: number;
}

/** A change the workload made that announces an event: its type and its unique token. */
export interface Change {
  readonly key: string;
  readonly orgId: string;
  /** When the relay relayed it (null: still in the outbox at the end). */
  readonly relayedAt: number | null;
}

export interface Delivery {
  readonly key: string;
  readonly eventId: string;
  readonly at: number;
}

export interface ClientRecord {
  readonly name: string;
  readonly orgId: string;
  /** Staff see every event of their organization: their deliveries are checked for loss. */
  readonly staff: boolean;
  /** When its first subscription was acknowledged (null: never). */
  firstSubscribedAt: number | null;
  readonly deliveries: Delivery[];
  /** When it was told to resync (`resync: true`, `subscription.resync`). */
  readonly resyncs: number[];
  connects: number;
}

export interface MailRecord {
  readonly address: string;
  /** The Message-ID of each copy received. */
  readonly messageIds: readonly string[];
}

export interface JobRecord {
  readonly kind: string;
  readonly id: string;
  readonly done: boolean;
}

export interface ProcessSample {
  readonly name: string;
  readonly pid: number;
  readonly rssKb: number;
  readonly fds: number;
}

export interface History {
  readonly seed: number;
  readonly minutes: number;
  /** Requests within this long after a fault's end still count as inside its window. */
  readonly graceMs: number;
  readonly faults: readonly FaultRecord[];
  readonly requests: readonly RequestRecord[];
  /** Every tracked change PostgreSQL committed (the truth, read from the outbox at the end). */
  readonly changes: readonly Change[];
  /** Outbox rows of the run, of any type: committed, and not relayed at the end. */
  readonly outbox: { readonly committed: number; readonly unrelayed: number };
  readonly clients: readonly ClientRecord[];
  /** One per intended mail (an invitation the workload made), with what arrived. */
  readonly mails: readonly MailRecord[];
  readonly jobs: readonly JobRecord[];
  readonly samples: {
    readonly start: readonly ProcessSample[];
    readonly end: readonly ProcessSample[];
  };
}
