import { int32, timestamp, uuid } from '@insightdesk/shared/shapes';
import { z } from 'zod';

/**
 * The public shapes of service levels (zod only: shared with browsers through the ticket's
 * shape and the `sla.*` events): a ticket's timers, calendars and policies as the API takes and
 * answers them.
 */

export const SLA_TARGETS = ['firstResponse', 'nextResponse', 'resolution'] as const;
export const slaTarget = z.enum(SLA_TARGETS);
export type SlaTarget = (typeof SLA_TARGETS)[number];

export const SLA_LIMITS = {
  /** A target or a warning, in minutes: a year at most. */
  minutes: 525_600,
  weeklyIntervals: 70,
  holidays: 400,
  policies: 50,
  timeZone: 64,
  url: 2000,
} as const;

/** A ticket's service level, as its API and events show it (null: no policy applies). */
export const ticketSlaSchema = z
  .object({
    policy: z.object({ id: uuid().nullable(), name: z.string().max(100) }),
    firstResponseDueAt: timestamp().nullable(),
    nextResponseDueAt: timestamp().nullable(),
    resolutionDueAt: timestamp().nullable(),
    breached: z.array(slaTarget).max(SLA_TARGETS.length),
  })
  .meta({
    id: 'TicketSla',
    description:
      'Due times of the running clocks (null: met, stopped or no such target) and the targets breached.',
  });
export type TicketSla = z.infer<typeof ticketSlaSchema>;

const WEEKDAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const clock = z
  .string()
  .max(5)
  .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM, 00:00 to 24:00');
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

export const weeklyIntervalInput = z
  .strictObject({ day: z.enum(WEEKDAY_NAMES), start: clock, end: clock })
  .refine((i) => minutesOf(i.end) > minutesOf(i.start), {
    message: 'end must come after start (split an interval that crosses midnight)',
    path: ['end'],
  });

const isoDate = z.iso.date().max(10);
const monthDay = z
  .string()
  .max(5)
  .regex(/^(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/, 'MM-DD')
  .refine(
    (md) => new Date(Date.parse(`2024-${md}T00:00:00Z`)).toISOString().slice(5, 10) === md,
    'no such day (02-29 is one)',
  );
export const holidayInput = z.union([
  z.strictObject({ date: isoDate }),
  z.strictObject({ yearly: monthDay }),
]);

const patterns = (what: string) =>
  z
    .array(z.string().min(1).max(100))
    .max(50)
    .default([])
    .meta({
      description: `${what}: whole-text patterns, case-insensitive, * any run, ? one character`,
    });

/** Which events of the feed count as days off (sla/ical-filter.ts). */
export const feedFilterSchema = z
  .strictObject({
    includeCategories: patterns('only events with such a CATEGORIES value (none: every event)'),
    excludeCategories: patterns('events with such a CATEGORIES value left out'),
    includeSummaries: patterns('only events whose SUMMARY matches one (none: every event)'),
    excludeSummaries: patterns('events whose SUMMARY matches one left out'),
    includeDescriptions: patterns(
      'only events whose DESCRIPTION (or its first line) matches one (none: every event)',
    ),
    excludeDescriptions: patterns(
      "events whose DESCRIPTION (or its first line) matches one left out (Google's observances: Observance)",
    ),
    skipTransparent: z
      .boolean()
      .default(false)
      .meta({ description: 'leave out TRANSP:TRANSPARENT events (Google marks every holiday so)' }),
  })
  .meta({ id: 'SlaFeedFilter' });

export const calendarInput = (isTimeZone: (name: string) => boolean) =>
  z.strictObject({
    timeZone: z
      .string()
      .min(1)
      .max(SLA_LIMITS.timeZone)
      .refine(isTimeZone, 'an IANA time zone, e.g. Europe/Berlin'),
    weekly: z.array(weeklyIntervalInput).min(1).max(SLA_LIMITS.weeklyIntervals),
    holidays: z.array(holidayInput).max(SLA_LIMITS.holidays).default([]),
    icsUrl: z
      .url({ protocol: /^https?$/ })
      .max(SLA_LIMITS.url)
      .nullable()
      .default(null)
      .meta({
        description:
          'an iCalendar feed whose events are days off too (imported by the worker now and daily); null: none',
      }),
    icsFilter: feedFilterSchema.prefault({}).meta({
      description: "which of the feed's events count (default: every one)",
    }),
  });

const holidayAnswer = z.union([
  z.object({ date: isoDate }),
  z.object({ yearly: z.string().max(5) }),
]);

/** The last import of the calendar's feed. */
export const feedStatusSchema = z.object({
  at: timestamp(),
  ok: z.boolean(),
  error: z.string().max(500).nullable(),
  events: int32(),
  skipped: int32(),
  reasons: z.array(z.string().max(100)).max(5).meta({ description: 'why events were skipped' }),
  filtered: int32().meta({ description: "events the feed's filter left out" }),
  holidays: z
    .array(holidayAnswer)
    .max(1000)
    .meta({ description: 'the days off it gave (kept from the last success when it failed)' }),
});
export type FeedStatus = z.infer<typeof feedStatusSchema>;

export const calendarSchema = z
  .object({
    timeZone: z.string().max(SLA_LIMITS.timeZone),
    weekly: z
      .array(z.object({ day: z.enum(WEEKDAY_NAMES), start: clock, end: clock }))
      .max(SLA_LIMITS.weeklyIntervals),
    holidays: z.array(holidayAnswer).max(SLA_LIMITS.holidays),
    icsUrl: z.string().max(SLA_LIMITS.url).nullable(),
    icsFilter: feedFilterSchema,
    icsImport: feedStatusSchema
      .nullable()
      .meta({ description: 'the feed not imported yet (or none): null' }),
    isDefault: z.boolean().meta({ description: 'true: none set, around the clock in UTC' }),
    updatedAt: timestamp().nullable(),
  })
  .meta({ id: 'SlaCalendar' });
export type CalendarAnswer = z.infer<typeof calendarSchema>;

export const toMinutes = minutesOf;
export const toClock = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
