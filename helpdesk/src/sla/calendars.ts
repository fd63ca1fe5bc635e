import type { Executor } from '@insightdesk/shared/db';
import { and, eq } from 'drizzle-orm';
import { schema } from '../db';
import { ALWAYS_OPEN, type BusinessCalendar, type Holiday, type Weekday } from './business-time';
import { type CalendarAnswer, toClock, toMinutes } from './shapes';

/** The one owner of `sla_calendars`: an organization's business calendar (one at most). */

const { slaCalendars } = schema;

/** The organization's calendar for the clocks; around the clock in UTC when it set none. */
export async function calendarOf(db: Executor, orgId: string): Promise<BusinessCalendar> {
  const [row] = await db.select().from(slaCalendars).where(eq(slaCalendars.orgId, orgId));
  if (!row) return ALWAYS_OPEN;
  return {
    timeZone: row.timeZone,
    weekly: row.weekly.map((i) => ({ day: i.day as Weekday, start: i.start, end: i.end })),
    holidays: row.holidays as Holiday[],
  };
}

/** The calendar as the API shows it (times of day as `HH:MM`). */
export async function calendarAnswer(db: Executor, orgId: string): Promise<CalendarAnswer> {
  const [row] = await db.select().from(slaCalendars).where(eq(slaCalendars.orgId, orgId));
  const c = row ?? { ...ALWAYS_OPEN, updatedAt: null };
  return {
    timeZone: c.timeZone,
    weekly: c.weekly.map((i) => ({
      day: i.day as Weekday,
      start: toClock(i.start),
      end: toClock(i.end),
    })),
    holidays: [...c.holidays],
    isDefault: !row,
    updatedAt: c.updatedAt?.toISOString() ?? null,
  };
}

export interface CalendarInput {
  readonly timeZone: string;
  readonly weekly: readonly { day: Weekday; start: string; end: string }[];
  readonly holidays: readonly Holiday[];
}

/** Sets the organization's calendar (replacing the one it had). */
export async function putCalendar(tx: Executor, orgId: string, input: CalendarInput) {
  const values = {
    orgId,
    timeZone: input.timeZone,
    weekly: input.weekly.map((i) => ({
      day: i.day,
      start: toMinutes(i.start),
      end: toMinutes(i.end),
    })),
    holidays: [...input.holidays],
  };
  await tx
    .insert(slaCalendars)
    .values(values)
    .onConflictDoUpdate({ target: slaCalendars.orgId, set: { ...values, updatedAt: new Date() } });
}

/** Back to around the clock, UTC; answers whether there was a calendar. */
export async function deleteCalendar(tx: Executor, orgId: string): Promise<boolean> {
  const gone = await tx
    .delete(slaCalendars)
    .where(and(eq(slaCalendars.orgId, orgId)))
    .returning({ orgId: slaCalendars.orgId });
  return gone.length > 0;
}
