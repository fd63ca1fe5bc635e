import { defineConfigGroup } from '@insightdesk/shared/config';
import { z } from 'zod';

/** The service levels' configuration group (one of the help desk's: config.ts, its catalogue). */
export const slaConfig = defineConfigGroup({
  env: {
    SLA_MINUTE_MS: z.coerce
      .number()
      .int()
      .min(100)
      .max(60_000)
      .default(60_000)
      .describe(
        'length of a business minute in ms: 60000; tests shorten it so that targets fall due in seconds (refused outside development and test)',
      ),
    SLA_CALENDAR_FEED_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(10 * 1024 * 1024)
      .default(1024 * 1024)
      .describe(
        "largest iCalendar feed a calendar may import (a larger one is refused, the calendar's days off unchanged)",
      ),
  },
  check: (e, { strict }) =>
    strict && e.SLA_MINUTE_MS !== 60_000
      ? ['SLA_MINUTE_MS: only 60000 outside development and test']
      : [],
  map: (e) => ({ minuteMs: e.SLA_MINUTE_MS, feedMaxBytes: e.SLA_CALENDAR_FEED_MAX_BYTES }),
});

export type SlaSettings = ReturnType<(typeof slaConfig)['map']>;
