import type { Database } from '@insightdesk/shared/db';
import type { GuardedGet } from '@insightdesk/shared/net';
import { recordEvent } from '../event-writer';
import { calendarFeed, recordFeedImport } from './calendars';
import { holidaysFromIcs, type IcsResult } from './ical';

/**
 * Imports an organization's calendar feed: fetched (by `fetchFeed`, the SSRF-guarded GET with
 * its size and time bounds), read (ical.ts, the events its filter keeps), stored. When its days off changed,
 * `sla.settings-changed` has the worker compute the unresolved tickets' timers again. A failure
 * (refused, unreachable, too large, not iCalendar) is recorded on the calendar and changes
 * nothing else. Idempotent: the same feed gives the same days, and no event.
 */
export async function importCalendarFeed(
  db: Database['db'],
  orgId: string,
  fetchFeed: (url: string) => Promise<GuardedGet>,
): Promise<{ ok: boolean; changed: boolean } | null> {
  const feed = await calendarFeed(db, orgId);
  if (!feed) return null;
  const got = await fetchFeed(feed.url);
  let result: IcsResult;
  if (got.kind !== 'answered') result = { ok: false, error: `${got.kind}: ${got.error}` };
  else if (got.status !== 200) result = { ok: false, error: `the feed answered ${got.status}` };
  else result = holidaysFromIcs(new Uint8Array(got.body), feed.timeZone, Date.now(), feed.filter);
  const changed = await db.transaction(async (tx) => {
    const moved = await recordFeedImport(tx, orgId, feed.url, result, new Date());
    if (moved)
      await recordEvent(tx, orgId, 'sla.settings-changed', { changeId: Bun.randomUUIDv7() });
    return moved;
  });
  return { ok: result.ok, changed };
}
