import { createRouter } from '@insightdesk/shared/api';
import type { ApiProduct } from '@insightdesk/shared/product';
import { storedFileMeta } from '../attachments';
import { helpdeskCatalog } from '../catalog';
import { exportFileMeta } from '../exports';
import { membershipEnded } from '../member-removal';
import { attachmentRoutes, attachmentUploadRoutes } from './attachments';
import { exportRoutes } from './exports';
import { inboundRoutes } from './inbound';
import { notificationRoutes } from './notifications';
import { slaRoutes } from './sla';
import { ticketRoutes } from './tickets';

/**
 * The help desk's part in the api: its routes (tickets, messages, attachments, analytics and
 * exports under an organization; notifications under /me), documented under its tags, and what
 * its stored files are.
 */
export const helpdeskApi: ApiProduct<typeof helpdeskCatalog> = {
  catalog: helpdeskCatalog,
  tags: [
    { name: 'tickets', description: 'Tickets of an organization' },
    { name: 'messages', description: 'Replies and internal notes of a ticket' },
    { name: 'attachments', description: 'Files attached to a ticket' },
    { name: 'analytics', description: 'Ticket statistics' },
    { name: 'exports', description: 'Exports of an organization' },
    { name: 'sla', description: 'Business calendar and service-level policies' },
    { name: 'inbound', description: "The organization's inbound email address and mail log" },
  ],
  routes(deps) {
    const organizations = createRouter();
    organizations.route('/', ticketRoutes(deps));
    organizations.route('/', slaRoutes(deps));
    organizations.route('/', attachmentRoutes(deps));
    organizations.route('/', exportRoutes(deps));
    organizations.route('/', inboundRoutes(deps));
    return {
      uploads: attachmentUploadRoutes(deps),
      organizations,
      me: notificationRoutes(deps),
    };
  },
  fileMeta: async (db, key) => (await exportFileMeta(db, key)) ?? storedFileMeta(db, key),
  membershipEnded,
};
