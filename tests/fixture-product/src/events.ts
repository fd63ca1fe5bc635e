import { defineEvent } from '@insightdesk/shared/events';
import { z } from 'zod';
import { itemSchema } from './schemas';

/** The fixture product's one event: an item was created, in the organization's stream. */
export const fixtureEvents = {
  'item.created': defineEvent({
    about: "staff; the item's owner",
    data: z.object({ item: itemSchema }),
    delivery: 'organization stream',
    audience: (d) => ({ staffOnly: false, requesterId: d.item.ownerId }),
  }),
};

export type FixtureEvents = typeof fixtureEvents;
