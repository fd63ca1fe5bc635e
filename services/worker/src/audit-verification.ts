import {
  auditChains,
  type ChainLink,
  formatChainLink,
  parseChainLink,
  verifyChain,
} from '@insightdesk/shared/audit';
import type { Executor } from '@insightdesk/shared/db';
import type { Logger } from '@insightdesk/shared/logger';
import type { Redis } from '@insightdesk/shared/valkey';
import { Counter, type Registry } from 'prom-client';

/** Chains verified by the scheduled job, by outcome: `valid` or `broken` (an alert at once). */
export type AuditVerifications = Counter<'outcome'>;

export function auditVerificationCounter(registry: Registry): AuditVerifications {
  const counter = new Counter({
    name: 'audit_verifications_total',
    help: 'Audit chains walked by the scheduled verification, by outcome (valid, broken)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  // From 0: the first broken chain after a start is an increase.
  for (const outcome of ['valid', 'broken']) counter.inc({ outcome }, 0);
  return counter;
}

/** Where the head each chain had at its last valid walk is kept (`<seq>:<hash>`). */
const headKey = (chain: string | null) =>
  `insightdesk:audit:verified-head:${chain ?? 'deployment'}`;

/**
 * Walks every audit chain again (the `verify-audit` maintenance job) and counts the outcome of
 * each. Each walk is given the head the previous valid walk ended on, kept in Valkey: a tail
 * removed or written again since then shows (`tailCut`) — a walk alone cannot see it. A broken
 * chain keeps the head it had (the next walk compares with it again) and is logged with where it
 * breaks, never with its rows. Valkey losing the heads only loses that comparison, once.
 */
export async function verifyAuditChains(deps: {
  db: Executor;
  valkey: Redis;
  counter: AuditVerifications;
  logger: Logger;
}): Promise<{ valid: number; broken: number }> {
  const outcome = { valid: 0, broken: 0 };
  for (const chain of await auditChains(deps.db)) {
    const saved = parseChainLink(((await deps.valkey.get(headKey(chain))) as string | null) ?? '');
    const result = await verifyChain(deps.db, chain, saved);
    if (result.valid) {
      outcome.valid++;
      deps.counter.inc({ outcome: 'valid' });
      const head: ChainLink | null = result.head ?? result.anchor;
      if (head) await deps.valkey.set(headKey(chain), formatChainLink(head));
      continue;
    }
    outcome.broken++;
    deps.counter.inc({ outcome: 'broken' });
    deps.logger.error(
      { chain: chain ?? 'deployment', firstBroken: result.firstBroken, tailCut: result.tailCut },
      'audit chain verification failed',
    );
  }
  return outcome;
}
