import type { Executor } from '@insightdesk/shared/db';
import { and, eq, isNotNull } from 'drizzle-orm';
import { schema } from '../db';
import { type CalendarAnswer, type FeedStatus, toClock, toMinutes } from '../schemas/sla';
import { ALWAYS_OPEN, type BusinessCalendar, type Holiday, type Weekday } from './business-time';
import type { IcsResult } from './ical';
import { type FeedFilter, NO_FILTER } from './ical-filter';

/** The one owner of `sla_calendars`: an organization's business calendar (one at most). */

const { slaCalendars } = schema;

/** The organization's calendar for the clocks; around the clock in UTC when it set none. */
export async function calendarOf(db: Executor, orgId: string): Promise<BusinessCalendar> {
  const [row] = await db.select().from(slaCalendars).where(eq(slaCalendars.orgId, orgId));
  if (!row) return ALWAYS_OPEN;
  return {
    timeZone: row.timeZone,
    weekly: row.weekly.map((i) => ({ day: i.day as Weekday, start: i.start, end: i.end })),
    // A feed's days off count beside the ones set by hand.
    holidays: [...(row.holidays as Holiday[]), ...(row.icsHolidays as Holiday[])],
  };
}

/** The calendar as the API shows it (times of day as `HH:MM`). */
export async function calendarAnswer(db: Executor, orgId: string): Promise<CalendarAnswer> {
  const [row] = await db.select().from(slaCalendars).where(eq(slaCalendars.orgId, orgId));
  const c = row ?? {
    ...ALWAYS_OPEN,
    icsUrl: null,
    icsFilter: {},
    icsHolidays: [],
    icsStatus: null,
    updatedAt: null,
  };
  return {
    timeZone: c.timeZone,
    weekly: c.weekly.map((i) => ({
      day: i.day as Weekday,
      start: toClock(i.start),
      end: toClock(i.end),
    })),
    holidays: [...c.holidays],
    icsUrl: c.icsUrl,
    icsFilter: filterAnswer(filterOf(c.icsFilter)),
    icsImport: c.icsStatus
      ? {
          ...(c.icsStatus as Omit<FeedStatus, 'holidays'>),
          // Imports recorded before feeds had filters filtered nothing.
          filtered: (c.icsStatus as Partial<FeedStatus>).filtered ?? 0,
          holidays: [...c.icsHolidays],
        }
      : null,
    isDefault: !row,
    updatedAt: c.updatedAt?.toISOString() ?? null,
  };
}

export interface CalendarInput {
  readonly timeZone: string;
  readonly weekly: readonly { day: Weekday; start: string; end: string }[];
  readonly holidays: readonly Holiday[];
  /** An iCalendar feed of more days off (null: none). */
  readonly icsUrl: string | null;
  /** Which of its events count. */
  readonly icsFilter: FeedFilter;
}

/** A stored filter (`{}` before any was set) with every field. */
const filterOf = (stored: Record<string, unknown>): FeedFilter => ({ ...NO_FILTER, ...stored });

const filterAnswer = (f: FeedFilter): CalendarAnswer['icsFilter'] => ({
  includeCategories: [...f.includeCategories],
  excludeCategories: [...f.excludeCategories],
  includeSummaries: [...f.includeSummaries],
  excludeSummaries: [...f.excludeSummaries],
  includeDescriptions: [...f.includeDescriptions],
  excludeDescriptions: [...f.excludeDescriptions],
  skipTransparent: f.skipTransparent,
});

/**
 * Sets the organization's calendar (replacing the one it had). A feed URL that changed drops
 * what the previous one gave; the worker imports the new one.
 */
export async function putCalendar(tx: Executor, orgId: string, input: CalendarInput) {
  const [before] = await tx
    .select({ icsUrl: slaCalendars.icsUrl })
    .from(slaCalendars)
    .where(eq(slaCalendars.orgId, orgId))
    .for('update');
  const feedChanged = (before?.icsUrl ?? null) !== input.icsUrl;
  const values = {
    orgId,
    timeZone: input.timeZone,
    weekly: input.weekly.map((i) => ({
      day: i.day,
      start: toMinutes(i.start),
      end: toMinutes(i.end),
    })),
    holidays: [...input.holidays],
    icsUrl: input.icsUrl,
    icsFilter: { ...input.icsFilter },
    ...(feedChanged ? { icsHolidays: [], icsStatus: null } : {}),
  };
  await tx
    .insert(slaCalendars)
    .values(values)
    .onConflictDoUpdate({ target: slaCalendars.orgId, set: { ...values, updatedAt: new Date() } });
}

/** The organization's calendar feed, the zone its events are read in and its filter, or null. */
export async function calendarFeed(
  db: Executor,
  orgId: string,
): Promise<{ url: string; timeZone: string; filter: FeedFilter } | null> {
  const [row] = await db
    .select({
      url: slaCalendars.icsUrl,
      timeZone: slaCalendars.timeZone,
      filter: slaCalendars.icsFilter,
    })
    .from(slaCalendars)
    .where(and(eq(slaCalendars.orgId, orgId), isNotNull(slaCalendars.icsUrl)));
  return row?.url ? { url: row.url, timeZone: row.timeZone, filter: filterOf(row.filter) } : null;
}

/** The organizations with a calendar feed (the daily refresh). */
export async function organizationsWithFeeds(db: Executor): Promise<string[]> {
  const rows = await db
    .select({ orgId: slaCalendars.orgId })
    .from(slaCalendars)
    .where(isNotNull(slaCalendars.icsUrl));
  return rows.map((r) => r.orgId);
}

/**
 * Records an import of `url`: its holidays when it succeeded (a failure keeps the last ones and
 * says why). Answers whether the holidays changed; nothing when the feed changed meanwhile.
 */
export async function recordFeedImport(
  tx: Executor,
  orgId: string,
  url: string,
  result: IcsResult,
  at: Date,
): Promise<boolean> {
  const [row] = await tx
    .select({ icsHolidays: slaCalendars.icsHolidays })
    .from(slaCalendars)
    .where(and(eq(slaCalendars.orgId, orgId), eq(slaCalendars.icsUrl, url)))
    .for('update');
  if (!row) return false;
  const status: Omit<FeedStatus, 'holidays'> = result.ok
    ? {
        at: at.toISOString(),
        ok: true,
        error: null,
        events: result.events,
        skipped: result.skipped,
        reasons: result.reasons,
        filtered: result.filtered,
      }
    : {
        at: at.toISOString(),
        ok: false,
        error: result.error,
        events: 0,
        skipped: 0,
        reasons: [],
        filtered: 0,
      };
  const changed = result.ok && JSON.stringify(result.holidays) !== JSON.stringify(row.icsHolidays);
  await tx
    .update(slaCalendars)
    .set({ icsStatus: status, ...(changed && result.ok ? { icsHolidays: result.holidays } : {}) })
    .where(eq(slaCalendars.orgId, orgId));
  return changed;
}

/** Back to around the clock, UTC; answers whether there was a calendar. */
export async function deleteCalendar(tx: Executor, orgId: string): Promise<boolean> {
  const gone = await tx
    .delete(slaCalendars)
    .where(and(eq(slaCalendars.orgId, orgId)))
    .returning({ orgId: slaCalendars.orgId });
  return gone.length > 0;
}
