import { defineEffect, type OutboxEffect } from '@insightdesk/shared/events';
import type { Flows } from '@insightdesk/shared/queues';
import { helpdeskEvents } from '../../events';
import { exportPlan, recordExportParts } from '../../exports';
import { exportsQueue } from '../../queues';

const keyOf = (p: { at: Date; id: string } | null): [string, string] | null =>
  p ? [p.at.toISOString(), p.id] : null;

/**
 * A requested export becomes a BullMQ flow: one part per page of tickets, planned now (in the
 * relay's transaction, which records how many), and the assembly, which waits for all of them.
 * Job ids derive from the export: a row relayed twice adds the flow once.
 */
export function exportFlow(flows: Flows): OutboxEffect {
  return defineEffect(helpdeskEvents, {
    name: 'export flow',
    redrive: true,
    on: {
      async 'export.requested'({ exportId }, { orgId }, tx) {
        if (orgId === null) return;
        const bounds = await exportPlan(tx, orgId);
        await recordExportParts(tx, exportId, bounds.length);
        await flows.add(
          {
            queue: exportsQueue,
            name: 'assemble',
            data: { exportId, orgId, parts: bounds.length },
            jobId: `export-${exportId}`,
          },
          bounds.map((until, part) => ({
            queue: exportsQueue,
            name: 'part' as const,
            data: {
              exportId,
              orgId,
              part,
              after: keyOf(bounds[part - 1] ?? null),
              until: keyOf(until),
            },
            jobId: `export-${exportId}-part-${part}`,
          })),
        );
      },
    },
  });
}
