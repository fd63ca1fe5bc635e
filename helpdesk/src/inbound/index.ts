import type { InboundProduct } from '@insightdesk/shared/product';
import { helpdeskCatalog } from '../catalog';
import { recordEvent } from '../event-writer';
import { routeOf } from './addresses';
import { insertInboundEmail, receivedLastHour } from './inbound-emails';
import { messageKey } from './parse';
import { replyTokens } from './reply-token';

/**
 * The help desk's part in the SMTP ingress (services/inbound): which recipients exist (an
 * organization's `<slug>@INBOUND_DOMAIN`, a ticket's `reply+<token>@…` whose token was made for
 * the sender), the rate limits, and the record of each mail — raw, with its `inbound.received`
 * event, one transaction — before the 250. Processing is the worker's (worker/inbound.ts).
 */
export const helpdeskInbound: InboundProduct<typeof helpdeskCatalog> = {
  catalog: helpdeskCatalog,
  start(deps) {
    const { database, logger } = deps;
    const config = deps.config.inbound;
    const tokens = replyTokens(deps.mailLinkSecret);
    const db = database.db;
    const log = logger.child({ component: 'helpdesk-inbound' });
    return {
      async recipient(address, mailFrom) {
        const route = await routeOf(db, tokens, config.domain, address);
        if (!route) return { code: 550, message: '5.1.1 No such mailbox' };
        // A reply address is the sender's own: made for the address we mailed, and checked
        // against every envelope sender. A null sender never matches one (we mail no empty
        // address), and needs none: our mail's bounces go to the organization's address.
        if (route.kind === 'reply' && !tokens.verify(route, mailFrom)) {
          log.info({ ticketId: route.ticketId }, 'reply address refused: not made for this sender');
          return { code: 550, message: '5.7.1 This reply address is not valid for you' };
        }
        return null;
      },
      async record(mail) {
        const orgs = new Map<string, string>();
        for (const rcpt of mail.recipients) {
          const route = await routeOf(db, tokens, config.domain, rcpt);
          if (route && !orgs.has(route.orgId)) orgs.set(route.orgId, rcpt);
        }
        if (orgs.size === 0) return { code: 554, message: '5.1.1 No valid recipients' };
        for (const orgId of orgs.keys()) {
          const recent = await receivedLastHour(db, orgId, mail.mailFrom);
          if (recent.org >= config.orgMaxPerHour || recent.sender >= config.senderMaxPerHour) {
            return { code: 451, message: '4.7.1 Too much mail, try again later' };
          }
        }
        const key = messageKey(mail.raw);
        await db.transaction(async (tx) => {
          for (const [orgId, rcptTo] of orgs) {
            const id = await insertInboundEmail(tx, {
              orgId,
              messageKey: key,
              mailFrom: mail.mailFrom,
              rcptTo,
              remoteAddress: mail.remoteAddress,
              helo: mail.helo,
              raw: mail.raw,
            });
            // A duplicate (the same Message-ID again) is accepted and stored once.
            if (id) await recordEvent(tx, orgId, 'inbound.received', { inboundId: id });
          }
        });
        return null;
      },
    };
  },
};
