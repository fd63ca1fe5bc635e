import { customType, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Time-ordered UUIDv7 keys: index-friendly, and usable as a stable tiebreaker for cursors. */
export const id = () =>
  uuid('id')
    .primaryKey()
    .$defaultFn(() => Bun.randomUUIDv7());

/**
 * Millisecond precision, like a JavaScript Date: a timestamp read back and used in a keyset cursor
 * compares equal to the stored one.
 */
export const timestampMs = (name: string) =>
  timestamp(name, { withTimezone: true, mode: 'date', precision: 3 });
export const createdAt = () => timestampMs('created_at').notNull().defaultNow();
export const updatedAt = () => timestampMs('updated_at').notNull().defaultNow();

export const tsvector = customType<{ data: string }>({
  dataType: () => 'tsvector',
});
