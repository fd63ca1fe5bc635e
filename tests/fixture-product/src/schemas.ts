import { z } from '@hono/zod-openapi';
import { timestamp, uuid } from '@insightdesk/shared/shapes';

/** The longest title (a test fills a stream to its byte bound with a few thousand of them). */
export const TITLE_MAX_CHARS = 4000;

/** An item as the api answers it and `item.created` carries it. */
export const itemSchema = z
  .object({
    id: uuid(),
    orgId: uuid(),
    ownerId: uuid(),
    title: z.string().max(TITLE_MAX_CHARS),
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
