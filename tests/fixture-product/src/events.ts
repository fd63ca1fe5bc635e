import { defineEvent } from '@insightdesk/shared/events';
import { z } from 'zod';
import { itemSchema } from './schemas';

/** The fixture product's one event: an item was created, in the organization's stream. */
export const fixtureEvents = {
  'item.created': defineEvent({
    about: "the roles that see the whole organization; the item's owner",
    data: z.object({ item: itemSchema }),
    delivery: 'organization stream',
    audience: (d) => ({ members: [d.item.ownerId] }),
  }),
};

export type FixtureEvents = typeof fixtureEvents;
