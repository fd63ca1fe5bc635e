import { layout, paragraphs } from '@insightdesk/shared/mail';
import type { WorkerProduct } from '@insightdesk/shared/product';
import { fixtureCatalog } from '../catalog';
import { itemMailSource, stampItem } from '../items';
import { itemJobs } from './effects';

/** The owner's mail of a new item. */
function itemCreatedMail(title: string) {
  const subject = `Item created: ${title}`;
  const text = `Your item "${title}" was created.`;
  return { subject, text, html: layout(subject, paragraphs(text)) };
}

/**
 * The fixture product's part in the worker: its queue's `stamp` job, its mail on the platform's
 * `email` queue (sent once per item, whatever the job's runs), and the effect that adds both.
 */
export const fixtureWorker: WorkerProduct<typeof fixtureCatalog> = {
  catalog: fixtureCatalog,
  start(deps) {
    const { db } = deps.database;
    return {
      processors: {
        items: {
          stamp: async ({ orgId, itemId }) => ({ runs: await stampItem(db, orgId, itemId) }),
        },
        email: {
          'item-created': async ({ orgId, itemId }) => {
            const item = await itemMailSource(db, orgId, itemId);
            if (!item) return { sent: 0 };
            const sent = await deps.mailer.sendOnce(db, {
              dedupeKey: `item-created:${itemId}`,
              template: 'item-created',
              to: item.email,
              content: itemCreatedMail(item.title),
            });
            return { sent: sent ? 1 : 0 };
          },
        },
      },
      effects: [itemJobs(deps.queues.items, deps.queues.email)],
      purges: [],
    };
  },
};
