import type IORedis from 'iovalkey';
import { Cluster } from 'iovalkey';
import type { Logger } from '../logger';
import type { Redis } from './client';
import { isClusterUrl } from './url';

/**
 * Replication is asynchronous: a primary acknowledges a write before its replicas have it, and a
 * primary that dies in that window hands its slots to a replica without the write — a job or a
 * stream entry gone, while the epoch key (written long before) survives, so no recovery runs.
 * `WAIT n timeout` closes the window for what PostgreSQL cannot re-drive by itself: the outbox
 * relay confirms its writes reached a replica before it marks its rows relayed, and when they did
 * not, the rows stay unrelayed and are relayed again (docs/valkey-cluster.md, "What a failover
 * can lose").
 *
 * `WAIT` is per connection: it waits for the writes this connection sent so far. So it is sent to
 * every primary, on the connection the client used for its writes there (a cluster keeps one per
 * node); a primary this client wrote nothing to answers at once.
 */
export class ReplicationShortfall extends Error {
  override readonly name = 'ReplicationShortfall';
}

export interface ReplicationWait {
  /**
   * Resolves once the writes the clients sent so far are on `replicas` replicas of their primary
   * — or on every replica it has, when fewer are attached (logged: those writes live on the
   * primary alone). Throws `ReplicationShortfall` when an attached replica did not confirm in
   * time.
   */
  confirm(): Promise<void>;
}

/**
 * The replicas the relay waits for: VALKEY_WAIT_REPLICAS, or by default 1 when the queue store is
 * a cluster (its failovers are what the wait is for), else 0 (off).
 */
export const replicasToWait = (valkey: {
  readonly waitReplicas: number | undefined;
  readonly queueUrl: string;
}): number => valkey.waitReplicas ?? (isClusterUrl(valkey.queueUrl) ? 1 : 0);

/** How long a primary's count of attached replicas is trusted before `ROLE` is asked again. */
const ATTACHED_TTL_MS = 5000;

export function replicationWait(options: {
  readonly clients: readonly Redis[];
  readonly replicas: number;
  readonly timeoutMs: number;
  readonly logger: Logger;
}): ReplicationWait {
  const { clients, replicas, timeoutMs } = options;
  const log = options.logger.child({ component: 'valkey-replication' });
  // Primaries seen with fewer replicas attached than asked for: WAIT asks them for what they have
  // (a WAIT for a replica that is not there would take its whole timeout, every batch).
  const attached = new Map<string, { count: number; at: number }>();

  async function confirmOn(node: IORedis): Promise<void> {
    const address = `${node.options.host}:${node.options.port}`;
    const known = attached.get(address);
    const fresh = known !== undefined && Date.now() - known.at < ATTACHED_TTL_MS;
    const asked = fresh ? Math.min(replicas, known.count) : replicas;
    if (asked === 0) return;
    const acknowledged = Number(await node.call('WAIT', asked, timeoutMs));
    if (acknowledged >= asked) return;
    const count = attachedReplicas(await node.call('ROLE'));
    attached.set(address, { count, at: Date.now() });
    const needed = Math.min(replicas, count);
    if (acknowledged >= needed) {
      if (!fresh)
        log.warn(
          { node: address, attached: count, wanted: replicas },
          'valkey primary has fewer replicas attached than VALKEY_WAIT_REPLICAS: its writes live on it alone until one attaches',
        );
      return;
    }
    throw new ReplicationShortfall(
      `${acknowledged} of ${needed} replicas of ${address} confirmed the writes within ${timeoutMs} ms`,
    );
  }

  return {
    async confirm() {
      await Promise.all(clients.flatMap((client) => primaries(client).map(confirmOn)));
    },
  };
}

const primaries = (client: Redis): IORedis[] =>
  client instanceof Cluster ? client.nodes('master') : [client as IORedis];

/** `ROLE` of a primary: ['master', offset, [[host, port, offset], …]]. */
function attachedReplicas(role: unknown): number {
  if (!Array.isArray(role) || role[0] !== 'master') return 0;
  return Array.isArray(role[2]) ? role[2].length : 0;
}
