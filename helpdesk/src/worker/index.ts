import type { Executor } from '@insightdesk/shared/db';
import type { EventData } from '@insightdesk/shared/events';
import { guardedGet } from '@insightdesk/shared/net';
import type { WorkerProduct } from '@insightdesk/shared/product';
import { helpdeskCatalog } from '../catalog';
import type { HelpdeskEvents } from '../events';
import { failAbandonedExports, purgeExports } from '../exports';
import { purgeInboundEmails } from '../inbound/inbound-emails';
import { replyTokens } from '../inbound/reply-token';
import { notificationExists, purgeNotifications } from '../notifications';
import { attachmentProcessors } from './attachments';
import { attachmentJobs } from './effects/attachment-jobs';
import { exportFlow } from './effects/export-flow';
import { inboundJobs } from './effects/inbound-jobs';
import { mailJobs } from './effects/mail-jobs';
import { slaTimers } from './effects/sla-timers';
import { emailProcessors } from './email';
import { exportProcessors } from './exports';
import { inboundProcessors } from './inbound';
import { maintenanceProcessors } from './maintenance';
import { requeueSlaChecks, slaProcessors } from './sla';

/**
 * The help desk's part in the worker: a processor for every job it declares (its mail and
 * maintenance jobs on the platform's queues, its attachments, exports and sla queues), the effects its
 * events set off, and its tables' purges.
 */
export const helpdeskWorker: WorkerProduct<typeof helpdeskCatalog> = {
  catalog: helpdeskCatalog,
  start(deps) {
    const { database, storage } = deps;
    // A file storage fails to remove is left there: a purge goes on with the rest.
    const removeFiles = async (keys: readonly string[]) => {
      for (const key of keys) await storage.delete(key).catch(() => undefined);
    };
    const inbound = { config: deps.config.inbound, tokens: replyTokens(deps.mailLinkSecret) };
    return {
      processors: {
        email: emailProcessors({
          db: database.db,
          mailer: deps.mailer,
          publicUrl: deps.publicUrl,
          storage,
          inbound,
        }),
        maintenance: maintenanceProcessors({ database, slaQueue: deps.queues.sla }),
        attachments: attachmentProcessors({
          database,
          storage,
          maxPixels: deps.config.attachments.maxPixels,
        }),
        exports: exportProcessors({
          database,
          storage,
          scratchDir: deps.scratchDir,
          maxBytes: deps.config.exports.maxBytes,
        }),
        sla: slaProcessors({
          database,
          queue: deps.queues.sla,
          settings: deps.config.sla,
          fetchFeed: (url) =>
            guardedGet(url, deps.urlGuard, {
              maxBytes: deps.config.sla.feedMaxBytes,
              accept: 'text/calendar',
            }),
        }),
        inbound: inboundProcessors({
          database,
          ...inbound,
          logger: deps.logger,
          storage,
          sla: deps.config.sla,
        }),
      },
      concurrency: { attachments: deps.config.attachments.jobConcurrency, exports: 2 },
      effects: [
        mailJobs(deps.queues.email),
        attachmentJobs(deps.queues.attachments),
        exportFlow(deps.flows),
        slaTimers(deps.queues.sla),
        inboundJobs(deps.queues.inbound),
      ],
      // A member removed since lost their notifications of the organization with the removal.
      stillDeliverable: {
        'notification.created': (
          data: EventData<HelpdeskEvents, 'notification.created'>,
          tx: Executor,
        ) => notificationExists(tx, data.notification.id),
      },
      recoveries: [
        { name: 'sla checks', run: (step) => requeueSlaChecks(database, deps.queues.sla, step) },
      ],
      purges: [
        { name: 'notifications', run: purgeNotifications },
        { name: 'inboundEmails', run: purgeInboundEmails },
        {
          name: 'exports',
          async run(db) {
            const files = await purgeExports(db);
            await removeFiles(files);
            return files.length;
          },
        },
        {
          name: 'abandonedExports',
          async run(db) {
            const abandoned = await failAbandonedExports(db);
            await removeFiles(abandoned.flat());
            return abandoned.length;
          },
        },
      ],
    };
  },
};
