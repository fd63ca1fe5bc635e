import { z } from '@hono/zod-openapi';
import { timestamp, uuid } from '@insightdesk/shared/shapes';

/** An item as the api answers it and `item.created` carries it. */
export const itemSchema = z
  .object({
    id: uuid(),
    orgId: uuid(),
    ownerId: uuid(),
    title: z.string(),
    createdAt: timestamp(),
    /** When the `items` queue's job stamped it (null: not yet). */
    stampedAt: timestamp().nullable(),
  })
  .openapi('Item');

export type Item = z.infer<typeof itemSchema>;

/**
 * A title: what a test names its item; long enough that a few thousand items fill an
 * organization's stream to its byte bound (tests/realtime/stream-size.test.ts).
 */
export const titleInput = () => z.string().trim().min(1).max(TITLE_MAX_CHARS);

export const TITLE_MAX_CHARS = 4000;
