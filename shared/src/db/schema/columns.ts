import { customType, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Time-ordered UUIDv7 keys: index-friendly, and usable as a stable tiebreaker for cursors. */
export const id = () =>
  uuid('id')
    .primaryKey()
    .$defaultFn(() => Bun.randomUUIDv7());

export const createdAt = () =>
  timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
export const updatedAt = () =>
  timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();

export const tsvector = customType<{ data: string }>({
  dataType: () => 'tsvector',
});
